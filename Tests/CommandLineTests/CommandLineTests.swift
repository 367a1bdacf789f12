import Foundation
import Testing
import TestSupport

/// End-to-end tests: run the built `b2recast` binary and read its whole output.
enum B2RecastBinary {
    /// The executable beside the test bundle (both live in the build products folder).
    static let url: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        }
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("b2recast")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "b2recast")
    }()

    typealias Output = TestProcess.Output

    /// Runs b2recast and collects its output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        try TestProcess.run(url, arguments, environment: environment)
    }

    static func temporaryDirectory() throws -> URL {
        try TestProcess.temporaryFolder("cli")
    }
}

@Suite struct LimitCommandTests {
    struct LimitJSON: Decodable {
        struct Band: Decodable { var minus2, minus1, median, plus1, plus2: Double }
        var method: String
        var confidence_level: Double
        var observed: Double
        var expected: Band?
    }

    @Test func jsonForThreeObservedOneBackgroundIsReadCLs() throws {
        // docs/statistics.md 6.6 (method 6.1): n = 3, b = 1, 90 % CL CLs -> s_up = 5.7115 (4 decimals quoted).
        let result = try B2RecastBinary.run(["limit", "--observed", "3", "--background", "1", "--method", "cls", "--json"])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let limit = try JSONDecoder().decode(LimitJSON.self, from: Data(result.standardOutput.utf8))
        #expect(limit.method == "cls")
        #expect(limit.confidence_level == 0.9)
        #expect(abs(limit.observed - 5.7115) < 5e-4)
        // The expected band is present and ordered (lowest limit first).
        let band = try #require(limit.expected)
        #expect(band.minus2 <= band.minus1 && band.minus1 <= band.median && band.median <= band.plus1 && band.plus1 <= band.plus2)
        // Exactly one JSON object and a newline.
        #expect(result.standardOutput.hasSuffix("}\n"))
    }

    @Test func noObservedEventsGivesMinusLogTenPercent() throws {
        // docs/statistics.md 6.1 (CLs) and 6.4 (Bayes): n = 0 -> s_up = -ln(0.1) = 2.302585 for any b (CLs) and in Bayes.
        for method in ["cls", "bayes"] {
            let result = try B2RecastBinary.run(["limit", "--observed", "0", "--background", "2.5", "--method", method,
                                                 "--json", "--no-expected"])
            #expect(result.status == 0, "stderr: \(result.standardError)")
            let limit = try JSONDecoder().decode(LimitJSON.self, from: Data(result.standardOutput.utf8))
            #expect(abs(limit.observed - 2.302585) < 1e-5)
            #expect(limit.expected == nil)
        }
    }

    @Test func zeroSignalIsAnInfiniteLimitWrittenAsInf() throws {
        let result = try B2RecastBinary.run(["limit", "--observed", "2", "--background", "1", "--signal", "0", "--json",
                                             "--no-expected"])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.standardOutput.contains("\"observed\": \"inf\""))
    }

    @Test func multiBinModelFileMatchesTheMergedSingleBin() throws {
        // Two bins with the same signal-to-background ratio and no systematics: the Bayesian
        // limit of the two-bin likelihood equals the one of the merged bin, since the Poisson
        // likelihood then depends on the total count only (sufficiency).
        let directory = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("two-bins.yaml")
        try """
        format: b2recast-counting-model/1
        bins:
          - {observed: 2, signal: 1.0, background: 0.5}
          - {observed: 1, signal: 1.0, background: 0.5}
        """.write(to: file, atomically: true, encoding: .utf8)
        let twoBins = try B2RecastBinary.run(["limit", "--model", file.path, "--method", "bayes", "--json", "--no-expected"])
        #expect(twoBins.status == 0, "stderr: \(twoBins.standardError)")
        let merged = try B2RecastBinary.run(["limit", "--observed", "3", "--background", "1", "--signal", "2",
                                             "--method", "bayes", "--json", "--no-expected"])
        let a = try JSONDecoder().decode(LimitJSON.self, from: Data(twoBins.standardOutput.utf8))
        let b = try JSONDecoder().decode(LimitJSON.self, from: Data(merged.standardOutput.utf8))
        #expect(abs(a.observed - b.observed) < 1e-4 * b.observed)
    }

    @Test func badModelFileNamesFileFieldAndExpectation() throws {
        let directory = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.yaml")
        try """
        format: b2recast-counting-model/1
        bins:
          - {observed: 2, signal: 1.0, background: -0.5}
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try B2RecastBinary.run(["limit", "--model", file.path])
        #expect(result.status != 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains(file.path))
        #expect(result.standardError.contains("bins[0].background"))
        #expect(result.standardError.contains(">= 0"))

        try "format: b2recast-counting-model/9\nbins: []\n".write(to: file, atomically: true, encoding: .utf8)
        let version = try B2RecastBinary.run(["limit", "--model", file.path])
        #expect(version.status != 0)
        #expect(version.standardError.contains("format"))
        #expect(version.standardError.contains("b2recast-counting-model/1"))

        let missing = try B2RecastBinary.run(["limit", "--model", directory.appendingPathComponent("absent.yaml").path])
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("absent.yaml"))
    }

    @Test func badOptionsAreRejected() throws {
        let level = try B2RecastBinary.run(["limit", "--observed", "3", "--background", "1", "--cl", "1.5"])
        #expect(level.status != 0)
        #expect(level.standardError.contains("--cl"))
        let negative = try B2RecastBinary.run(["limit", "--observed", "-1", "--background", "1"])
        #expect(negative.status != 0)
        #expect(negative.standardError.contains("--observed"))
        let fc = try B2RecastBinary.run(["limit", "--observed", "3", "--background", "1", "--background-uncertainty", "0.2",
                                         "--method", "fc"])
        #expect(fc.status != 0)
        #expect(fc.standardError.contains("Feldman-Cousins"))
    }

    @Test func outputIsDeterministicAndQuietWhenPiped() throws {
        let arguments = ["limit", "--observed", "5", "--background", "3", "--background-uncertainty", "0.5",
                         "--method", "cls-toys", "--toys", "300", "--json"]
        let first = try B2RecastBinary.run(arguments)
        let second = try B2RecastBinary.run(arguments)
        #expect(first.status == 0, "stderr: \(first.standardError)")
        #expect(first.standardOutput == second.standardOutput)
        #expect(first.standardError.isEmpty)  // no progress bar on a pipe
    }
}

@Suite struct CatalogueCommandTests {
    /// `b2recast --version` prints the kit version that the manifest of results/ records.
    @Test func versionIsTheManifests() throws {
        let result = try B2RecastBinary.run(["--version"])
        #expect(result.status == 0)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let manifest = try String(contentsOf: root.appendingPathComponent("results/manifest.yaml"), encoding: .utf8)
        let version = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!version.isEmpty && manifest.contains("kit_version: '\(version)'"), "\(version)")
    }

    @Test func searchesListsTheFourPapers() throws {
        let result = try B2RecastBinary.run(["searches"])
        #expect(result.status == 0)
        for arXiv in ["1912.11276", "2207.00509", "2212.03066", "2306.12294"] {
            #expect(result.standardOutput.contains(arXiv))
        }
        // From the cards: another folder gives its own searches (the fixture's made-up card), also as JSON.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixture = root.appendingPathComponent("Tests/Fixtures/paper-data").path
        let json = try B2RecastBinary.run(["searches", "--json", "--paper-data", fixture])
        #expect(json.status == 0, "\(json.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let searches = try #require(document["searches"] as? [[String: Any]])
        #expect(searches.map { $0["id"] as? String } == ["Fixture_Zp_invisible"])
        #expect((searches.first?["status"] as? String)?.hasPrefix("likelihood rebuilt from its windows") == true)
        let empty = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try B2RecastBinary.run(["searches", "--paper-data", empty.path])
        #expect(none.status == 64 && none.standardError.contains("no search card"))
    }

    /// `reproduce` then `reproduce --check` on the fixture paper-data (one made-up card): the record,
    /// VALIDATION.md and the manifest are written; --check passes on them, and fails, naming the file,
    /// after one table is changed or a stale file appears.
    @Test func reproduceWritesAndChecks() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let output = try B2RecastBinary.temporaryDirectory()
        let figures = try B2RecastBinary.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: figures)
        }
        // Its own figures folder: reproduce owns every PDF and PNG of the folder it is given.
        let arguments = ["reproduce", "--paper-data", repository.appendingPathComponent("Tests/Fixtures/paper-data").path, "--output", output.path,
                         "--figures", figures.path]
        let first = try B2RecastBinary.run(arguments)
        #expect(first.status == 0, "\(first.standardError)")
        for name in ["VALIDATION.md", "manifest.yaml", "Fixture_Zp_invisible/submission.yaml", "Fixture_Zp_invisible/signal_rate_per_g2.yaml",
                     "Fixture_Zp_invisible/signal_rate_per_g2.csv"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), "\(name)")
        }
        let manifest = try String(contentsOf: output.appendingPathComponent("manifest.yaml"), encoding: .utf8)
        #expect(manifest.contains("paper-data/Fixture_Zp_invisible/card.yaml"))
        #expect(try B2RecastBinary.run(arguments + ["--check"]).status == 0)

        let table = output.appendingPathComponent("Fixture_Zp_invisible/signal_rate_per_g2.csv")
        try Data("changed\n".utf8).write(to: table)
        try Data("stale\n".utf8).write(to: output.appendingPathComponent("Fixture_Zp_invisible/old.csv"))
        let check = try B2RecastBinary.run(arguments + ["--check"])
        #expect(check.status != 0 && check.standardOutput.isEmpty)
        #expect(check.standardError.contains("differs: Fixture_Zp_invisible/signal_rate_per_g2.csv"))
        #expect(check.standardError.contains("stale: Fixture_Zp_invisible/old.csv"))
    }
}
