/// Writes HEPData submission files with fixed formatting, so that the same record gives the same
/// bytes: keys in a fixed order, strings always quoted, missing values as '-' (HEPData's
/// convention). Numbers are written to `digits` significant digits, or, when `digits` is nil, with
/// the shortest decimal that reads back as the same Double. Every number has a decimal point and a
/// signed exponent, so that PyYAML (which HEPData and hepdata-validator use) reads it as a float.
public enum HEPDataWriter {
    /// One data file: independent_variables and dependent_variables.
    public static func table(_ table: HEPDataTable, digits: Int? = nil, errorDigits: Int? = nil) -> String {
        var lines: [String] = []
        func scalar(_ value: HEPDataTable.Scalar, _ digits: Int?) -> String {
            switch value {
            case let .number(x): number(x, digits: digits)
            case let .text(t): quoted(t)
            }
        }
        func write(_ key: String, _ variables: [HEPDataTable.Variable]) {
            lines.append("\(key):")
            for variable in variables {
                let units = variable.units.map { ", units: \(quoted($0))" } ?? ""
                lines.append("- header: {name: \(quoted(variable.name))\(units)}")
                if !variable.qualifiers.isEmpty {
                    lines.append("  qualifiers:")
                    for qualifier in variable.qualifiers {
                        let units = qualifier.units.map { ", units: \(quoted($0))" } ?? ""
                        lines.append("  - {name: \(quoted(qualifier.name)), value: \(scalar(qualifier.value, nil))\(units)}")
                    }
                }
                lines.append("  values:")
                for point in variable.points {
                    if let low = point.low, let high = point.high {
                        let value = point.value.map { "value: \(scalar($0, digits)), " } ?? ""
                        lines.append("  - {\(value)low: \(number(low, digits: digits)), high: \(number(high, digits: digits))}")
                        continue
                    }
                    lines.append("  - value: \(point.value.map { scalar($0, digits) } ?? "''")")
                    guard !point.errors.isEmpty else { continue }
                    lines.append("    errors:")
                    for error in point.errors {
                        let label = error.label.map { ", label: \(quoted($0))" } ?? ""
                        switch error.size {
                        case let .symmetric(size):
                            lines.append("    - {symerror: \(scalar(size, errorDigits))\(label)}")
                        case let .asymmetric(plus, minus):
                            lines.append("    - {asymerror: {plus: \(scalar(plus, errorDigits)), minus: \(scalar(minus, errorDigits))}\(label)}")
                        }
                    }
                }
            }
        }
        write("independent_variables", table.independent)
        write("dependent_variables", table.dependent)
        return lines.joined(separator: "\n") + "\n"
    }

    /// submission.yaml: the record information (if any), then one document per table.
    public static func submission(_ record: HEPDataRecord) -> String {
        var documents: [String] = []
        if !record.information.isEmpty {
            documents.append(record.information.map { "\(key($0.key)): \(flow($0.value))\n" }.joined())
        }
        for entry in record.entries {
            var lines = ["name: \(quoted(entry.name))", "description: \(quoted(entry.description))", "keywords:"]
            if entry.keywords.isEmpty { lines[lines.count - 1] = "keywords: []" }
            for keyword in entry.keywords {
                let values = keyword.values.map { value in
                    switch value {
                    case let .number(x): number(x, digits: nil)
                    case let .text(t): quoted(t)
                    }
                }
                lines.append("- {name: \(quoted(keyword.name)), values: [\(values.joined(separator: ", "))]}")
            }
            lines.append("data_file: \(quoted(entry.dataFile))")
            if !entry.resources.isEmpty {
                lines.append("additional_resources:")
                for resource in entry.resources {
                    lines.append("- {location: \(quoted(resource.location)), description: \(quoted(resource.description))}")
                }
            }
            for pair in entry.other { lines.append("\(key(pair.key)): \(flow(pair.value))") }
            documents.append(lines.joined(separator: "\n") + "\n")
        }
        return documents.joined(separator: "---\n")
    }

    /// Every file of a record: submission.yaml and the data files, by file name.
    public static func files(_ record: HEPDataRecord, digits: Int? = nil, errorDigits: Int? = nil) -> [(name: String, contents: String)] {
        [("submission.yaml", submission(record))] + record.entries.map { ($0.dataFile, table($0.table, digits: digits, errorDigits: errorDigits)) }
    }

    /// A table as CSV: the independent columns then one column per dependent variable; '-' for
    /// a value that is not a number.
    /// Columns are headed by name, the qualifiers that tell them apart (all but `provenance`) and
    /// units; a column with symmetric errors is followed by an "error" column.
    public static func csv(_ table: HEPDataTable, digits: Int? = nil) -> String {
        var headers: [String] = [], values: [[Double]] = []
        for column in table.independent + table.dependent {
            let qualifiers = column.qualifiers.filter { $0.name != "provenance" }.map { "\($0.name): \($0.value)" }
            let label = column.name + (qualifiers.isEmpty ? "" : " (" + qualifiers.joined(separator: "; ") + ")")
            let units = (column.units ?? "").isEmpty ? "" : " [\(column.units!)]"
            headers.append(label + units)
            values.append(column.values)
            if let errors = column.errors {
                headers.append(label + " error" + units)
                values.append(errors)
            }
        }
        var lines = [headers.map(csvField).joined(separator: ",")]
        for row in values.first?.indices ?? 0..<0 {
            lines.append(values.map { $0[row].isNaN ? "-" : number($0[row], digits: digits) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML value on one line in flow style.
    public static func flow(_ value: YAMLValue) -> String {
        switch value {
        case .null: "null"
        case let .bool(b): b ? "true" : "false"
        case let .int(i): "\(i)"
        case let .double(x): number(x, digits: nil)
        case let .string(s): quoted(s)
        case let .sequence(items): "[" + items.map(flow).joined(separator: ", ") + "]"
        case let .mapping(pairs): "{" + pairs.map { "\(key($0.key)): \(flow($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// A number as YAML: `digits` significant digits or the shortest exact decimal; `.inf`, `.nan`.
    public static func number(_ x: Double, digits: Int?) -> String {
        if x.isNaN { return ".nan" }
        if x.isInfinite { return x > 0 ? ".inf" : "-.inf" }
        return digits.map { SignificantDigits.format(x, digits: max(2, $0)) } ?? SignificantDigits.shortest(x)
    }

    /// A mapping key: plain when it is a simple word, quoted otherwise.
    static func key(_ text: String) -> String {
        let simple = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return simple ? text : quoted(text)
    }

    /// A quoted YAML scalar: single quotes ('' escapes a quote), or double quotes with escapes when
    /// the text holds a line break or another control character (single quotes would fold it).
    public static func quoted(_ text: String) -> String {
        let needsEscapes = text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }
        guard needsEscapes else { return "'" + doubled(text, "'") + "'" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + doubled(text, "\"") + "\"" : text
    }

    /// `text` with every `mark` written twice (the quote escape of YAML single quotes and CSV).
    static func doubled(_ text: String, _ mark: Character) -> String {
        String(text.flatMap { $0 == mark ? [mark, mark] : [$0] })
    }
}
