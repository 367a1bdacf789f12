/// Writes HEPData submission files (the YAML subset the kit needs) with fixed formatting, so that
/// the same tables give the same bytes: keys in a fixed order, numbers to a fixed number of
/// significant digits, missing values as '-' (HEPData's convention), strings always quoted.
public enum HEPDataWriter {
    /// One table file: independent_variables and dependent_variables. NaN values are written as '-'.
    public static func table(_ table: HEPDataTable, digits: Int = 6) -> String {
        var lines: [String] = []
        func write(_ key: String, _ variables: [HEPDataTable.Variable]) {
            lines.append("\(key):")
            for variable in variables {
                lines.append("- header: {name: \(quoted(variable.name)), units: \(quoted(variable.units))}")
                if !variable.qualifiers.isEmpty {
                    lines.append("  qualifiers:")
                    for name in variable.qualifiers.keys.sorted() {
                        lines.append("  - {name: \(quoted(name)), value: \(quoted(variable.qualifiers[name]!))}")
                    }
                }
                lines.append("  values:")
                for (index, value) in variable.values.enumerated() {
                    if value.isNaN {
                        lines.append("  - value: '-'")
                        continue
                    }
                    lines.append("  - value: \(SignificantDigits.format(value, digits: digits))")
                    if let errors = variable.errors, errors[index].isFinite {
                        lines.append("    errors:")
                        lines.append("    - {symerror: \(SignificantDigits.format(errors[index], digits: 3)), label: 'stat'}")
                    }
                }
            }
        }
        write("independent_variables", table.independent)
        write("dependent_variables", table.dependent)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table's entry in submission.yaml.
    public struct Entry: Sendable {
        public var name, description, dataFile: String
        /// Keywords (e.g. "observables": ["UL"], "reactions": ["E+ E- --> MU+ MU- Z'"]).
        public var keywords: [(String, [String])]
        public init(name: String, description: String, dataFile: String, keywords: [(String, [String])]) {
            self.name = name
            self.description = description
            self.dataFile = dataFile
            self.keywords = keywords
        }
    }

    /// submission.yaml: a first document with the record's comment, then one document per table.
    public static func submission(comment: String, entries: [Entry]) -> String {
        var documents = ["comment: \(quoted(comment))\n"]
        for entry in entries {
            var lines = ["name: \(quoted(entry.name))", "description: \(quoted(entry.description))", "keywords:"]
            for (name, values) in entry.keywords {
                lines.append("- {name: \(quoted(name)), values: [\(values.map(quoted).joined(separator: ", "))]}")
            }
            lines.append("data_file: \(quoted(entry.dataFile))")
            documents.append(lines.joined(separator: "\n") + "\n")
        }
        return documents.joined(separator: "---\n")
    }

    /// A table as CSV: the mass column then one column per dependent variable; '-' for missing.
    public static func csv(_ table: HEPDataTable, digits: Int = 6) -> String {
        let columns = table.independent + table.dependent
        var lines = [columns.map { $0.units.isEmpty ? $0.name : "\($0.name) [\($0.units)]" }.map(csvField).joined(separator: ",")]
        for row in table.independent[0].values.indices {
            lines.append(columns.map { $0.values[row].isNaN ? "-" : SignificantDigits.format($0.values[row], digits: digits) }
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A single-quoted YAML scalar ('' escapes a quote).
    static func quoted(_ text: String) -> String { "'" + doubled(text, "'") + "'" }

    static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + doubled(text, "\"") + "\"" : text
    }

    /// `text` with every `mark` written twice (the quote escape of YAML single quotes and CSV).
    static func doubled(_ text: String, _ mark: Character) -> String {
        String(text.flatMap { $0 == mark ? [mark, mark] : [$0] })
    }
}
