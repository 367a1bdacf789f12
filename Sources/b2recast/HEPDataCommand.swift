import ArgumentParser
import Foundation
import HEPDataTables

/// `b2recast hepdata check|diff`: tools for HEPData records in CI.
struct HEPDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hepdata", abstract: "Check HEPData records and compare them numerically.",
        subcommands: [Check.self, Diff.self])

    /// `b2recast hepdata check DIR...`: structural validation, as hepdata-validator does it.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate HEPData record folders (submission.yaml, data files, references).",
            discussion: "Exit 0 when every record is valid, 1 when one is not; each problem names the file, the field and what was expected.")

        @Argument(help: "Record folders (holding submission.yaml).") var folders: [String]

        func run() throws {
            var invalid = 0
            var report: [String] = []
            for folder in folders {
                let problems = HEPDataCheck.problems(folder: URL(fileURLWithPath: folder))
                if problems.isEmpty {
                    report.append("\(folder): valid")
                } else {
                    invalid += 1
                    report.append("\(folder): \(problems.count) problem\(problems.count == 1 ? "" : "s")")
                    report += problems.map { "  \($0)" }
                }
            }
            writeStandardOutput(report.joined(separator: "\n") + "\n")
            if invalid > 0 { throw ExitCode(1) }
        }
    }

    /// `b2recast hepdata diff A B`: numerical comparison of two records or two tables.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two HEPData records (folders or archives) or two data files numerically.",
            discussion: """
            Numbers agree when |a - b| <= atol + rtol |b|; names, units, qualifiers and texts must be \
            equal; record tables are matched by name. Exit 0 when they agree, 1 when they differ, \
            64 when an input cannot be read.
            """)

        @Argument(help: "The record or data file to check.") var first: String
        @Argument(help: "The reference record or data file.") var second: String
        @Option(parsing: .unconditional, help: "Relative tolerance.") var rtol = 1e-9
        @Option(parsing: .unconditional, help: "Absolute tolerance.") var atol = 0.0
        @Option(parsing: .unconditional, help: "At most this many differences are listed (0 to 1000000).") var limit = 50

        func validate() throws {
            try InputRange.tolerance.check(rtol, option: "rtol")
            try InputRange.tolerance.check(atol, option: "atol")
            try InputRange.listedDifferences.check(limit, option: "limit")
        }

        func run() throws {
            let comparison = HEPDataComparison(relativeTolerance: rtol, absoluteTolerance: atol)
            let differences: [HEPDataComparison.Difference]
            do {
                if Self.isDataFile(first) || Self.isDataFile(second) {
                    differences = comparison.differences(try Self.table(first), try Self.table(second))
                } else {
                    // Each closed on its own, so that the first is removed when the second fails.
                    let a = try HEPDataSource(path: first)
                    defer { a.close() }
                    let b = try HEPDataSource(path: second)
                    defer { b.close() }
                    differences = comparison.differences(try a.record(), try b.record())
                }
            } catch let error as InputFileError {
                throw ValidationError(error.description)
            }
            var lines = differences.prefix(limit).map(\.description)
            if differences.count > limit { lines.append("... and \(differences.count - limit) more") }
            lines.append(differences.isEmpty ? "no differences (rtol \(rtol), atol \(atol))"
                                             : "\(differences.count) difference\(differences.count == 1 ? "" : "s") (rtol \(rtol), atol \(atol))")
            writeStandardOutput(lines.joined(separator: "\n") + "\n")
            if !differences.isEmpty { throw ExitCode(1) }
        }

        /// A YAML file other than submission.yaml is a data file.
        static func isDataFile(_ path: String) -> Bool {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            return exists && !isFolder.boolValue && path.hasSuffix(".yaml") && !path.hasSuffix("submission.yaml")
        }

        static func table(_ path: String) throws -> HEPDataTable {
            try HEPDataTable.parse(YAMLInput.load(path: path), file: path)
        }
    }
}
