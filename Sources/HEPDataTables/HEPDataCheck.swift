import Foundation

/// Structural validation of a HEPData record folder: what hepdata-validator (schema 1.1.x)
/// checks, for the YAML subset the kit reads and writes. Each problem names the file, the field
/// and what was expected.
public enum HEPDataCheck {
    /// HEPData's limit on one data file.
    public static let maximumDataFileBytes = 10_000_000
    static let keywordNames: Set<String> = ["cmenergies", "observables", "reactions", "phrases"]

    /// Every problem found in the record at `folder`; empty when it is valid.
    public static func problems(folder path: URL) -> [InputFileError] {
        let source: HEPDataSource
        do {
            source = try HEPDataSource(path: path.path)
        } catch let error as InputFileError {
            return [error]
        } catch {
            return [InputFileError(file: path.path, field: "(record)", expected: "a readable record (\(error))")]
        }
        // An archive is unpacked into a temporary folder: removed on every return below.
        defer { source.close() }
        let folder = source.folder
        let submission = folder.appendingPathComponent("submission.yaml").path
        let record: HEPDataRecord
        do {
            record = try source.record()
        } catch let error as InputFileError {
            return [error]
        } catch {
            return [InputFileError(file: submission, field: "(record)", expected: "a readable record (\(error))")]
        }
        var problems: [InputFileError] = []
        func problem(_ file: String, _ field: String, _ expected: String) {
            problems.append(InputFileError(file: file, field: field, expected: expected))
        }
        // `comment` reads as nil when the key holds something other than a string.
        if record.comment == nil, record.information.contains(where: { $0.key == "comment" }) {
            problem(submission, "document 1.comment", "a string")
        }
        var referenced: Set<String> = ["submission.yaml"]
        for (index, entry) in record.entries.enumerated() {
            let field = "table \(index + 1) '\(entry.name)'"
            if entry.name.count > 64 { problem(submission, field + ".name", "at most 64 characters, got \(entry.name.count)") }
            for keyword in entry.keywords {
                if !keywordNames.contains(keyword.name) {
                    problem(submission, field + ".keywords", "names among \(keywordNames.sorted()), got '\(keyword.name)'")
                }
                for value in keyword.values where value.description.count > 128 {
                    problem(submission, field + ".keywords." + keyword.name, "values of at most 128 characters")
                }
                if keyword.name == "cmenergies" {
                    for value in keyword.values where !isEnergy(value, alone: keyword.values.count == 1) {
                        problem(submission, field + ".keywords.cmenergies", "a number in GeV or one range 'a-b', got '\(value)'")
                    }
                }
            }
            referenced.insert(entry.dataFile)
            for resource in entry.resources where !resource.location.hasPrefix("http") {
                referenced.insert(resource.location)
                if resource.location.contains("/") {
                    problem(submission, field + ".additional_resources", "a file name without '/', got '\(resource.location)'")
                } else if !FileManager.default.fileExists(atPath: folder.appendingPathComponent(resource.location).path) {
                    problem(submission, field + ".additional_resources", "the file '\(resource.location)' in the record")
                }
            }
            let dataPath = folder.appendingPathComponent(entry.dataFile).path
            if let size = (try? FileManager.default.attributesOfItem(atPath: dataPath))?[.size] as? Int, size > maximumDataFileBytes {
                problem(dataPath, "(file)", "at most \(maximumDataFileBytes) bytes, got \(size)")
            }
            problems += tableProblems(entry.table, file: dataPath)
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in files.sorted() where !referenced.contains(name) {
            problem(folder.appendingPathComponent(name).path, "(file)", "a file that submission.yaml references (data_file or additional_resources)")
        }
        return problems
    }

    /// The checks of the data schema beyond structure: no string ranges as independent values, at
    /// most one underflow and one overflow bin, not all uncertainties zero, numeric uncertainties.
    public static func tableProblems(_ table: HEPDataTable, file: String) -> [InputFileError] {
        var problems: [InputFileError] = []
        if !table.independent.isEmpty, table.dependent.isEmpty {
            problems.append(InputFileError(file: file, field: "dependent_variables", expected: "at least one dependent variable"))
        }
        for (i, variable) in table.independent.enumerated() {
            var underflows = 0, overflows = 0
            for (j, point) in variable.points.enumerated() {
                let field = "independent_variables[\(i)].values[\(j)]"
                if case let .text(text)? = point.value, isRange(text) {
                    problems.append(InputFileError(file: file, field: field + ".value", expected: "a value, not a range '\(text)' (use low and high)"))
                }
                if let low = point.low, let high = point.high {
                    if low.isInfinite, high.isInfinite {
                        problems.append(InputFileError(file: file, field: field, expected: "low and high not both infinite"))
                    } else if low.isInfinite {
                        underflows += 1
                    } else if high.isInfinite {
                        overflows += 1
                    }
                }
            }
            if underflows > 1 || overflows > 1 {
                problems.append(InputFileError(file: file, field: "independent_variables[\(i)]", expected: "at most one underflow and one overflow bin"))
            }
        }
        for (i, variable) in table.dependent.enumerated() {
            for (j, point) in variable.points.enumerated() where !point.errors.isEmpty {
                let field = "dependent_variables[\(i)].values[\(j)].errors"
                var allZero = true
                for (k, error) in point.errors.enumerated() {
                    let sizes: [HEPDataTable.Scalar]
                    switch error.size {
                    case let .symmetric(s): sizes = [s]
                    case let .asymmetric(plus, minus): sizes = [plus, minus]
                    }
                    let numbers = sizes.map(errorNumber)
                    if numbers.contains(where: { $0 == nil }) {
                        problems.append(InputFileError(file: file, field: field + "[\(k)]", expected: "a number, possibly ending in %"))
                    }
                    if numbers.contains(where: { $0 != 0 }) { allZero = false }
                }
                if allZero { problems.append(InputFileError(file: file, field: field, expected: "uncertainties that are not all zero")) }
            }
        }
        return problems
    }

    /// hepdata-validator's reading of an uncertainty: a number, or a text that is one once '%' is
    /// removed; an empty text counts as zero.
    static func errorNumber(_ scalar: HEPDataTable.Scalar) -> Double? {
        switch scalar {
        case let .number(x): return x
        case let .text(t):
            let digits = t.replacingOccurrences(of: "%", with: "").trimmingSpaces()
            return digits.isEmpty ? 0 : Double(digits)
        }
    }

    static func isRange(_ text: String) -> Bool {
        text.range(of: #"^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?\s*-\s*[+-]?\d+(\.\d*)?([eE][+-]?\d+)?$"#, options: .regularExpression) != nil
    }

    static func isEnergy(_ value: HEPDataTable.Scalar, alone: Bool) -> Bool {
        if case .number = value { return true }
        let text = value.description
        if Double(text) != nil { return true }
        return alone && text.range(of: #"^\d+\.?\d*-\d+\.?\d*$"#, options: .regularExpression) != nil
    }
}
