/// One table in the layout HEPData uses: independent variables (here the mass) and dependent
/// variables, each a header (name, units), qualifiers and a column of values with optional
/// symmetric errors.
public struct HEPDataTable: Sendable, Hashable {
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var units: String
        public var qualifiers: [String: String]
        public var values: [Double]
        /// Symmetric errors per value, when given.
        public var errors: [Double]?

        public init(name: String, units: String, qualifiers: [String: String] = [:], values: [Double], errors: [Double]? = nil) {
            self.name = name
            self.units = units
            self.qualifiers = qualifiers
            self.values = values
            self.errors = errors
        }
    }

    public var independent: [Variable]
    public var dependent: [Variable]

    public init(independent: [Variable], dependent: [Variable]) {
        self.independent = independent
        self.dependent = dependent
    }

    /// Parses a decoded table document; `file` names it in errors.
    public static func parse(_ document: Any?, file: String) throws -> HEPDataTable {
        let reader = FieldReader(file: file)
        let root = try reader.mapping(document, field: "(document)", allowed: ["independent_variables", "dependent_variables"])
        func variables(_ key: String) throws -> [Variable] {
            try reader.list(root[key], field: key).enumerated().map { index, entry in
                let field = "\(key)[\(index)]"
                let item = try reader.mapping(entry, field: field, allowed: ["header", "qualifiers", "values"])
                let header = try reader.mapping(item["header"], field: field + ".header", allowed: ["name", "units"])
                let name = try reader.string(header["name"], field: field + ".header.name")
                let units = try header["units"].map { try reader.string($0, field: field + ".header.units") } ?? ""
                var qualifiers: [String: String] = [:]
                if let list = item["qualifiers"] {
                    for (q, qualifier) in try reader.list(list, field: field + ".qualifiers").enumerated() {
                        let pair = try reader.mapping(qualifier, field: field + ".qualifiers[\(q)]", allowed: ["name", "value", "units"])
                        let qualifierName = try reader.string(pair["name"], field: field + ".qualifiers[\(q)].name")
                        qualifiers[qualifierName] = pair["value"].map { "\($0)" } ?? ""
                    }
                }
                var values: [Double] = []
                var errors: [Double] = []
                for (v, entry) in try reader.list(item["values"], field: field + ".values").enumerated() {
                    let valueField = field + ".values[\(v)]"
                    let point = try reader.mapping(entry, field: valueField, allowed: ["value", "errors"])
                    values.append(try reader.number(point["value"], field: valueField + ".value"))
                    if let errorList = point["errors"] {
                        let entries = try reader.list(errorList, field: valueField + ".errors")
                        guard entries.count == 1 else {
                            throw InputFileError(file: file, field: valueField + ".errors", expected: "one symerror entry")
                        }
                        let error = try reader.mapping(entries[0], field: valueField + ".errors[0]", allowed: ["symerror", "label"])
                        errors.append(try reader.number(error["symerror"], field: valueField + ".errors[0].symerror", atLeast: 0))
                    }
                }
                guard errors.isEmpty || errors.count == values.count else {
                    throw InputFileError(file: file, field: field + ".values", expected: "errors on every value or on none")
                }
                return Variable(name: name, units: units, qualifiers: qualifiers, values: values, errors: errors.isEmpty ? nil : errors)
            }
        }
        let table = HEPDataTable(independent: try variables("independent_variables"), dependent: try variables("dependent_variables"))
        guard table.independent.count == 1 else {
            throw InputFileError(file: file, field: "independent_variables", expected: "exactly one independent variable (the mass)")
        }
        let count = table.independent[0].values.count
        guard count > 0 else { throw InputFileError(file: file, field: "independent_variables[0].values", expected: "at least one value") }
        for (index, variable) in table.dependent.enumerated() where variable.values.count != count {
            throw InputFileError(file: file, field: "dependent_variables[\(index)].values",
                                 expected: "\(count) values, one per independent value, got \(variable.values.count)")
        }
        return table
    }
}
