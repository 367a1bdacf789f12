/// One table in the HEPData YAML format (data schema 1.1.x): independent and dependent variables,
/// each a header (name, optional units), qualifiers and a list of points. A point holds a value
/// (number or text), bin edges low/high for independent variables, and uncertainties (symerror or
/// asymerror, number or "x%" text, with an optional label).
public struct HEPDataTable: Sendable, Hashable {
    /// A value HEPData allows to be a number or a string.
    public enum Scalar: Sendable, Hashable, CustomStringConvertible {
        case number(Double)
        case text(String)

        /// The number, or the number a text spells (HEPData writes missing values as '-').
        public var number: Double? {
            switch self {
            case let .number(x): x
            case let .text(t): Double(t)
            }
        }

        public var description: String {
            switch self {
            case let .number(x): "\(x)"
            case let .text(t): t
            }
        }
    }

    public struct Qualifier: Sendable, Hashable {
        public var name: String
        public var value: Scalar
        public var units: String?
        public init(name: String, value: Scalar, units: String? = nil) {
            self.name = name
            self.value = value
            self.units = units
        }
    }

    /// An uncertainty on a dependent value; a text may end in '%' (relative to the value).
    public struct Uncertainty: Sendable, Hashable {
        public enum Size: Sendable, Hashable {
            case symmetric(Scalar)
            case asymmetric(plus: Scalar, minus: Scalar)
        }
        public var size: Size
        public var label: String?
        public init(_ size: Size, label: String? = nil) {
            self.size = size
            self.label = label
        }

        /// (plus, minus) in the units of the value: a percentage is taken of `value`; a text that
        /// is not a number gives nil.
        public func absolute(of value: Double) -> (plus: Double, minus: Double)? {
            func size(_ scalar: Scalar) -> Double? {
                switch scalar {
                case let .number(x): return x
                case let .text(t):
                    let trimmed = t.trimmingSpaces()
                    if trimmed.hasSuffix("%") { return Double(trimmed.dropLast().trimmingSpaces()).map { $0 / 100 * Swift.abs(value) } }
                    return Double(trimmed)
                }
            }
            switch self.size {
            case let .symmetric(s):
                guard let x = size(s) else { return nil }
                return (Swift.abs(x), -Swift.abs(x))
            case let .asymmetric(plus, minus):
                guard let p = size(plus), let m = size(minus) else { return nil }
                return (p, m)
            }
        }
    }

    public struct Point: Sendable, Hashable {
        public var value: Scalar?
        public var low, high: Double?
        public var errors: [Uncertainty]
        public init(value: Scalar?, low: Double? = nil, high: Double? = nil, errors: [Uncertainty] = []) {
            self.value = value
            self.low = low
            self.high = high
            self.errors = errors
        }
    }

    public struct Variable: Sendable, Hashable {
        public var name: String
        public var units: String?
        public var qualifiers: [Qualifier]
        public var points: [Point]

        public init(name: String, units: String?, qualifiers: [Qualifier] = [], points: [Point]) {
            self.name = name
            self.units = units
            self.qualifiers = qualifiers
            self.points = points
        }

        /// A column of numbers as the kit writes it: NaN is written as '-', `errors` become one
        /// symerror labelled 'stat' each, qualifiers go in the order of their names.
        public init(name: String, units: String, qualifiers: [String: String] = [:], values: [Double], errors: [Double]? = nil) {
            self.name = name
            self.units = units
            self.qualifiers = qualifiers.keys.sorted().map { Qualifier(name: $0, value: .text(qualifiers[$0]!)) }
            self.points = values.indices.map { index in
                let value = values[index]
                guard !value.isNaN else { return Point(value: .text("-")) }
                let error = errors.map { $0[index] }.flatMap { $0.isFinite ? $0 : nil }
                return Point(value: .number(value), errors: error.map { [Uncertainty(.symmetric(.number($0)), label: "stat")] } ?? [])
            }
        }

        /// The values as numbers: a bin without a value gives its centre, a text that is not a
        /// number gives NaN.
        public var values: [Double] {
            points.map { point in
                if let number = point.value?.number { return number }
                if point.value == nil, let low = point.low, let high = point.high { return (low + high) / 2 }
                return .nan
            }
        }

        /// The first uncertainty of each value when every value has a numeric symmetric one.
        public var errors: [Double]? {
            let sizes = zip(points, values).map { point, value in point.errors.first.flatMap { $0.absolute(of: value)?.plus } }
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 != nil }) else { return nil }
            return sizes.map { $0! }
        }

        /// The value of the qualifier named `name`, as text.
        public func qualifier(_ name: String) -> String? {
            qualifiers.first { $0.name == name }?.value.description
        }
    }

    public var independent: [Variable]
    public var dependent: [Variable]

    public init(independent: [Variable], dependent: [Variable]) {
        self.independent = independent
        self.dependent = dependent
    }

    /// Parses a data-file document against the data schema (1.1.x); `file` names it in errors.
    /// Every variable must have as many points as the first one.
    public static func parse(_ document: Any?, file: String) throws -> HEPDataTable {
        let reader = FieldReader(file: file)
        let root = try reader.mapping(document, field: "(document)", allowed: ["independent_variables", "dependent_variables"])
        func scalar(_ value: Any?, field: String) throws -> Scalar {
            switch value {
            case let text as String: return .text(text)
            case let integer as Int: return .number(Double(integer))
            case let double as Double where double.isFinite: return .number(double)
            case nil: throw InputFileError(file: file, field: field, expected: "a number or a string, found nothing")
            default: throw InputFileError(file: file, field: field, expected: "a finite number or a string, got \"\(value!)\"")
            }
        }
        func header(_ item: [String: Any], field: String) throws -> (String, String?) {
            let header = try reader.mapping(item["header"], field: field + ".header", allowed: ["name", "units"])
            let name = try reader.string(header["name"], field: field + ".header.name")
            let units = try header["units"].map { try reader.string($0, field: field + ".header.units") }
            return (name, units)
        }
        let independent = try reader.list(root["independent_variables"], field: "independent_variables").enumerated().map { index, entry in
            let field = "independent_variables[\(index)]"
            let item = try reader.mapping(entry, field: field, allowed: ["header", "values"])
            let (name, units) = try header(item, field: field)
            let points = try reader.list(item["values"], field: field + ".values").enumerated().map { v, entry in
                let valueField = field + ".values[\(v)]"
                let point = try reader.mapping(entry, field: valueField, allowed: ["value", "low", "high"])
                guard point["low"] != nil || point["high"] != nil else {
                    return Point(value: try scalar(point["value"], field: valueField + ".value"))
                }
                let low = try reader.number(point["low"], field: valueField + ".low")
                let high = try reader.number(point["high"], field: valueField + ".high")
                let value = try point["value"].map { Scalar.number(try reader.number($0, field: valueField + ".value")) }
                return Point(value: value, low: low, high: high)
            }
            return Variable(name: name, units: units, points: points)
        }
        let dependent = try reader.list(root["dependent_variables"], field: "dependent_variables").enumerated().map { index, entry in
            let field = "dependent_variables[\(index)]"
            let item = try reader.mapping(entry, field: field, allowed: ["header", "qualifiers", "values"])
            let (name, units) = try header(item, field: field)
            let qualifiers: [Qualifier] = try item["qualifiers"].map { (list: Any) -> [Qualifier] in
                try reader.list(list, field: field + ".qualifiers").enumerated().map { (q: Int, entry: Any) -> Qualifier in
                    let qualifierField = field + ".qualifiers[\(q)]"
                    let pair = try reader.mapping(entry, field: qualifierField, allowed: ["name", "value", "units"])
                    return Qualifier(name: try reader.string(pair["name"], field: qualifierField + ".name"),
                                     value: try scalar(pair["value"], field: qualifierField + ".value"),
                                     units: try pair["units"].map { try reader.string($0, field: qualifierField + ".units") })
                }
            } ?? []
            let points = try reader.list(item["values"], field: field + ".values").enumerated().map { v, entry in
                let valueField = field + ".values[\(v)]"
                let point = try reader.mapping(entry, field: valueField, allowed: ["value", "errors"])
                let errors: [Uncertainty] = try point["errors"].map { (list: Any) -> [Uncertainty] in
                    try reader.list(list, field: valueField + ".errors").enumerated().map { (e: Int, entry: Any) -> Uncertainty in
                        let errorField = valueField + ".errors[\(e)]"
                        let error = try reader.mapping(entry, field: errorField, allowed: ["symerror", "asymerror", "label"])
                        let label = try error["label"].map { try reader.string($0, field: errorField + ".label") }
                        switch (error["symerror"], error["asymerror"]) {
                        case let (symmetric?, nil):
                            return Uncertainty(.symmetric(try scalar(symmetric, field: errorField + ".symerror")), label: label)
                        case let (nil, asymmetric?):
                            let pair = try reader.mapping(asymmetric, field: errorField + ".asymerror", allowed: ["plus", "minus"])
                            return Uncertainty(.asymmetric(plus: try scalar(pair["plus"], field: errorField + ".asymerror.plus"),
                                                           minus: try scalar(pair["minus"], field: errorField + ".asymerror.minus")),
                                               label: label)
                        default:
                            throw InputFileError(file: file, field: errorField, expected: "exactly one of symerror and asymerror")
                        }
                    }
                } ?? []
                return Point(value: try scalar(point["value"], field: valueField + ".value"), errors: errors)
            }
            return Variable(name: name, units: units, qualifiers: qualifiers, points: points)
        }
        let table = HEPDataTable(independent: independent, dependent: dependent)
        let all = table.independent.map { ("independent_variables", $0) } + table.dependent.map { ("dependent_variables", $0) }
        if let count = all.first?.1.points.count {
            for (key, variable) in all where variable.points.count != count {
                throw InputFileError(file: file, field: key + " '\(variable.name)'.values",
                                     expected: "\(count) values, as many as the first variable, got \(variable.points.count)")
            }
        }
        return table
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    public func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
