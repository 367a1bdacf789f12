import Foundation
import Testing
import TestSupport

/// Issue 17, part 3: outputs are staged and swapped. A kill (SIGKILL) at any moment leaves the
/// previous output byte-identical, and the next run leaves no temporaries; concurrent runs on
/// one output never corrupt it; planted symlinks are never followed; reproduce deletes only
/// files it wrote and refuses bad inputs before touching anything.
@Suite struct StagedOutputTests {
    static let repository = RecastCommandTests.repository
    static let searchData = ["--paper-data", repository.appendingPathComponent("paper-data").path,
                             "--cross-sections", repository.appendingPathComponent("results/cross-sections").path]
    static let fixtureData = repository.appendingPathComponent("Tests/Fixtures/paper-data").path
    static let previous = Data("the previous output, not b2recast's\n".utf8)

    /// A scan of `step`-GeV masses x 5 ratios x 4 fractions (step 0.005: 18800 points, 5.6 s on one thread of a debug build).
    static func specification(in folder: URL, step: Double) throws -> String {
        let path = folder.appendingPathComponent("scan-\(step).yaml").path
        try """
        format: b2recast-scan/1
        name: "kill test"
        search: BelleII_Zp_invisible_2018
        dark_matter: dirac
        masses_GeV: {from: 1.2, to: 5.9, step: \(step)}
        g_chi_over_g_prime: [0.1, 0.3, 1, 3, 10]
        m_chi_over_mass: [0.05, 0.2, 0.333, 0.45]

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Starts b2recast, kills it with SIGKILL after `seconds`; whether the kill came before it finished.
    static func kill(_ arguments: [String], after seconds: Double) throws -> Bool {
        let process = Process()
        process.executableURL = B2RecastBinary.url
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: seconds)
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// Every name in `folder` and its sub-folders, relative.
    static func listing(_ folder: URL) -> [String] {
        ((FileManager.default.subpaths(atPath: folder.path)) ?? []).sorted()
    }

    @Test(arguments: [0.5, 2.0])
    func killedScanLeavesThePreviousOutput(after seconds: Double) throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = try Self.specification(in: folder, step: 0.005), small = try Self.specification(in: folder, step: 1)
        let output = folder.appendingPathComponent("plane.csv")
        try Self.previous.write(to: output)
        let killed = try Self.kill(["scan", big, "--threads", "1", "--output", output.path] + Self.searchData, after: seconds)
        #expect(killed, "the scan finished within \(seconds) s: make it longer")
        #expect(try Data(contentsOf: output) == Self.previous)
        // The next run into the folder replaces the output and removes the killed run's staging folder.
        let later = try B2RecastBinary.run(["scan", small, "--output", output.path] + Self.searchData)
        #expect(later.status == 0, "\(later.standardError)")
        #expect(Self.listing(folder) == ["plane.csv", "scan-0.005.yaml", "scan-1.0.yaml"])
    }

    @Test(arguments: [0.5, 2.0])
    func killedReproduceLeavesThePreviousResults(after seconds: Double) throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("results"), figures = folder.appendingPathComponent("figures")
        let arguments = ["reproduce", "--paper-data", Self.fixtureData, "--output", output.path, "--figures", figures.path]
        try FileManager.default.createDirectory(at: output.appendingPathComponent("Fixture_Zp_invisible"), withIntermediateDirectories: true)
        for name in ["VALIDATION.md", "manifest.yaml", "Fixture_Zp_invisible/submission.yaml"] {
            try Self.previous.write(to: output.appendingPathComponent(name))
        }
        let before = Self.listing(folder)
        let killed = try Self.kill(arguments, after: seconds)
        #expect(killed, "reproduce finished within \(seconds) s")
        for name in ["VALIDATION.md", "manifest.yaml", "Fixture_Zp_invisible/submission.yaml"] {
            #expect(try Data(contentsOf: output.appendingPathComponent(name)) == Self.previous, "\(name)")
        }
        // Only a hidden staging folder may be new; --check names it.
        let added = Set(Self.listing(folder)).subtracting(before)
        #expect(added.allSatisfy { $0.contains(".b2recast-staging-") }, "\(added)")
        if !added.isEmpty {
            let check = try B2RecastBinary.run(arguments + ["--check"])
            #expect(check.status == 1 && check.standardError.contains("temporary left by an interrupted run"), "\(check.standardError)")
        }
        let later = try B2RecastBinary.run(arguments)
        #expect(later.status == 0, "\(later.standardError)")
        #expect(!Self.listing(folder).contains { $0.contains(".b2recast-staging-") }, "\(Self.listing(folder))")
        #expect(try B2RecastBinary.run(arguments + ["--check"]).status == 0)
    }

    @Test(arguments: [0.5, 2.0])
    func killedPlotLeavesThePreviousFigure(after seconds: Double) throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("alp.png")
        try Self.previous.write(to: output)
        let model = Self.repository.appendingPathComponent("examples/models/alp-universal.yaml").path
        let killed = try Self.kill(["plot", "--model", model, "--output", output.path, "--results", Self.repository.appendingPathComponent("results").path]
                                   + Self.searchData, after: seconds)
        #expect(killed, "plot finished within \(seconds) s")
        #expect(try Data(contentsOf: output) == Self.previous)
        #expect(Self.listing(folder).allSatisfy { $0 == "alp.png" || $0.hasPrefix(".b2recast-staging-") }, "\(Self.listing(folder))")
    }

    /// This host's name as staging folders spell it (letters and digits, others '_'), and the
    /// process id of a process that has exited: the parts of a killed run's staging-folder name.
    static func hostAndDeadProcess() throws -> (host: String, pid: Int32) {
        var buffer = [CChar](repeating: 0, count: 256)
        #expect(gethostname(&buffer, buffer.count - 1) == 0)
        let host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let safe = String(host.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "_" })
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        return (safe, gone.processIdentifier)
    }

    /// What a run killed while writing leaves (a staging folder of a process that is gone, on
    /// this host) is removed by the next run into the folder; a live process's is kept.
    @Test func nextRunRemovesTheStagingFolderOfAKilledRun() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = try Self.specification(in: folder, step: 1)
        let (safe, gonePID) = try Self.hostAndDeadProcess()
        let dead = ".b2recast-staging-\(safe)-\(gonePID)-AbCdEf", live = ".b2recast-staging-\(safe)-\(getpid())-AbCdEf"
        for name in [dead, live] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
            try Self.previous.write(to: folder.appendingPathComponent("\(name)/plane.csv"))
        }
        let result = try B2RecastBinary.run(["scan", spec, "--output", folder.appendingPathComponent("plane.csv").path] + Self.searchData)
        #expect(result.status == 0, "\(result.standardError)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == [live, "plane.csv", "scan-1.0.yaml"].sorted(), "\(names)")
    }

    /// Six scans writing one file at once: each succeeds, and the file is one whole result.
    @Test func concurrentScansIntoOneFile() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = try Self.specification(in: folder, step: 0.5)
        let output = folder.appendingPathComponent("same.csv").path
        let reference = try B2RecastBinary.run(["scan", spec, "--threads", "1"] + Self.searchData)
        #expect(reference.status == 0)
        let statuses = Statuses()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            let result = try? B2RecastBinary.run(["scan", spec, "--threads", "1", "--output", output] + Self.searchData)
            statuses.append(result?.status ?? -1, result?.standardError ?? "")
        }
        #expect(statuses.values.allSatisfy { $0.0 == 0 }, "\(statuses.values)")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == reference.standardOutput)
        #expect(Self.listing(folder) == ["same.csv", "scan-0.5.yaml"])
    }

    final class Statuses: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [(Int32, String)] = []
        func append(_ status: Int32, _ error: String) { lock.withLock { values.append((status, error)) } }
    }

    /// Symlinks planted at the names older versions used for their temporaries (and at any
    /// staging-like name) are never followed: the files they point to stay as they were.
    @Test func plantedSymlinksAreNotFollowed() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = try Self.specification(in: folder, step: 1)
        let victim = folder.appendingPathComponent("victim.txt")
        try Self.previous.write(to: victim)
        for name in [".plane.csv.tmp", "plane.csv.partial", ".b2recast-staging-plane"] {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name), withDestinationURL: victim)
        }
        let result = try B2RecastBinary.run(["scan", spec, "--output", folder.appendingPathComponent("plane.csv").path] + Self.searchData)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try Data(contentsOf: victim) == Self.previous)
        #expect(try String(contentsOf: folder.appendingPathComponent("plane.csv"), encoding: .utf8).hasPrefix("# b2recast"))
    }

    /// Output locations are checked before any work, in a sentence naming the path and what is wrong.
    @Test func badOutputLocationsAreNamed() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = try Self.specification(in: folder, step: 1)
        let missing = folder.appendingPathComponent("no/such/folder/plane.csv").path
        let noFolder = try B2RecastBinary.run(["scan", spec, "--output", missing] + Self.searchData)
        #expect(noFolder.status == 64 && noFolder.standardError.contains("the folder \(folder.path)/no/such/folder does not exist"),
                "\(noFolder.standardError)")
        let isFolder = try B2RecastBinary.run(["scan", spec, "--output", folder.path] + Self.searchData)
        #expect(isFolder.status == 64 && isFolder.standardError.contains("is a folder; expected a file name"), "\(isFolder.standardError)")
        let file = folder.appendingPathComponent("file.txt")
        try Self.previous.write(to: file)
        let model = Self.repository.appendingPathComponent("examples/models/alp-universal.yaml").path
        let recast = try B2RecastBinary.run(["recast", "--model", model, "--output", file.path] + Self.searchData)
        #expect(recast.status == 64 && recast.standardError.contains("exists and is a file, not a folder"), "\(recast.standardError)")
        for result in [noFolder, isFolder, recast] {
            #expect(!result.standardError.contains("NSCocoaErrorDomain"))
        }
        #expect(try Data(contentsOf: file) == Self.previous)
    }

    // MARK: recast --output

    /// A recast into the folder of an earlier one: the record is exactly the new one (the old
    /// table gone, submission.yaml naming every table) and `hepdata check` passes; a model
    /// without any limit is refused and leaves the record; a folder holding someone else's record is refused.
    @Test func recastReplacesTheEarlierRecord() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = folder.appendingPathComponent("record")
        let models = Self.repository.appendingPathComponent("examples/models")
        func recast(_ model: String, into output: URL = record) throws -> B2RecastBinary.Output {
            try B2RecastBinary.run(["recast", "--model", model, "--output", output.path, "--results",
                                    Self.repository.appendingPathComponent("results").path] + Self.searchData)
        }
        let first = try recast(models.appendingPathComponent("alp-universal.yaml").path)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(Self.listing(record).contains("BelleII_TauTauResonance_2023_recast.yaml"), "\(Self.listing(record))")
        let second = try recast(models.appendingPathComponent("lmu-ltau-fully-invisible.yaml").path)
        #expect(second.status == 0, "\(second.standardError)")
        let names = Self.listing(record)
        let submission = try String(contentsOf: record.appendingPathComponent("submission.yaml"), encoding: .utf8)
        let listed = submission.split(separator: "\n").filter { $0.hasPrefix("data_file: ") }
            .map { String($0.dropFirst("data_file: ".count)).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
        #expect(!listed.isEmpty && names == (["submission.yaml"] + listed).sorted(), "\(names) vs \(listed)")
        #expect(!names.contains("BelleII_TauTauResonance_2023_recast.yaml"), "\(names)")
        let check = try B2RecastBinary.run(["hepdata", "check", record.path])
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")

        let card = folder.appendingPathComponent("nothing.yaml")
        try "format: b2recast-model-card/1\nname: no limit\nfamily: dark-higgs\nmasses_GeV: [10.9]\nparameters: {dark_higgs_mass_over_dark_photon_mass: 0.5}\n"
            .write(to: card, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: record.appendingPathComponent("submission.yaml"))
        let empty = try recast(card.path)
        #expect(empty.status == 1 && empty.standardError.contains("no search gives a limit"), "\(empty.standardError)")
        let after = try Data(contentsOf: record.appendingPathComponent("submission.yaml"))
        #expect(Self.listing(record) == names && after == before)

        let other = folder.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try "name: someone else's table\ndata_file: table.yaml\n".write(to: other.appendingPathComponent("submission.yaml"), atomically: true, encoding: .utf8)
        let refused = try recast(models.appendingPathComponent("alp-universal.yaml").path, into: other)
        #expect(refused.status == 64 && refused.standardError.contains("not written by") == false
                && refused.standardError.contains("written by `b2recast recast`"), "\(refused.standardError)")
        #expect(Self.listing(other) == ["submission.yaml"])
    }

    // MARK: reproduce

    /// A user's own PDF and PNG in --figures stay; files an earlier run listed in its manifest
    /// (results: with the bytes it recorded) and this run does not write are deleted, nothing
    /// outside the folders.
    @Test func reproduceDeletesOnlyFilesItWrote() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("results"), figures = folder.appendingPathComponent("figures")
        try FileManager.default.createDirectory(at: output.appendingPathComponent("Fixture_Zp_invisible"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        for name in ["mine.pdf", "mine.png", "old_figure.png"] { try Self.previous.write(to: figures.appendingPathComponent(name)) }
        try Self.previous.write(to: output.appendingPathComponent("Fixture_Zp_invisible/old_table.csv"))
        try Self.previous.write(to: output.appendingPathComponent("Fixture_Zp_invisible/edited_table.csv"))
        let written = Self.sha256(Self.previous)
        try """
        kit_version: '0.0.1'
        inputs: []
        outputs:
        - {path: 'Fixture_Zp_invisible/old_table.csv', sha256: '\(written)'}
        - {path: 'Fixture_Zp_invisible/edited_table.csv', sha256: '0000'}
        - {path: '../outside.txt', sha256: '0'}
        figures:
        - 'old_figure.png'
        - '../outside.png'

        """.write(to: output.appendingPathComponent("manifest.yaml"), atomically: true, encoding: .utf8)
        try Self.previous.write(to: folder.appendingPathComponent("outside.txt"))
        let arguments = ["reproduce", "--paper-data", Self.fixtureData, "--output", output.path, "--figures", figures.path]
        let result = try B2RecastBinary.run(arguments)
        #expect(result.status == 0, "\(result.standardError)")
        // The user's files stay, the old figure the manifest names is gone, and the fixture's own
        // figure (its rate table, issue 16: figures follow the tables) is written.
        #expect(Self.listing(figures) == ["Fixture_Zp_invisible_signal_rate.pdf", "Fixture_Zp_invisible_signal_rate.png", "mine.pdf", "mine.png"])
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("Fixture_Zp_invisible/old_table.csv").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("outside.txt").path))
        // Changed since it was written: kept, and --check names it.
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("Fixture_Zp_invisible/edited_table.csv").path))
        let check = try B2RecastBinary.run(arguments + ["--check"])
        #expect(check.status == 1 && check.standardError.contains("stale: Fixture_Zp_invisible/edited_table.csv"), "\(check.standardError)")
        try FileManager.default.removeItem(at: output.appendingPathComponent("Fixture_Zp_invisible/edited_table.csv"))
        #expect(try B2RecastBinary.run(arguments + ["--check"]).status == 0)
    }

    /// SHA-256 in hex, by the system's sha256sum.
    static func sha256(_ data: Data) -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-sha-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try? data.write(to: file)
        let output = try? TestProcess.run(tool: "sha256sum", [file.path])
        return String(output?.standardOutput.prefix(64) ?? "")
    }

    /// An empty --paper-data, a missing one and --dpi 0 are refused (exit 64) before anything is computed or changed.
    @Test func reproduceRefusesBadInputsBeforeTouchingAnything() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty"), output = folder.appendingPathComponent("results"),
            figures = folder.appendingPathComponent("figures")
        for url in [empty, output, figures] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        try Self.previous.write(to: output.appendingPathComponent("manifest.yaml"))
        try Self.previous.write(to: figures.appendingPathComponent("figure.png"))
        let before = Self.listing(folder)
        let start = Date()
        for (arguments, message) in [(["--paper-data", empty.path], "no search cards"),
                                     (["--paper-data", folder.appendingPathComponent("missing").path], "no such folder"),
                                     (["--paper-data", Self.fixtureData, "--dpi", "0"], "--dpi: expected a number >= 10 and <= 2400")] {
            let result = try B2RecastBinary.run(["reproduce", "--output", output.path, "--figures", figures.path] + arguments)
            #expect(result.status == 64 && result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
        #expect(Date().timeIntervalSince(start) < 5, "the refusals came after computing")
        #expect(Self.listing(folder) == before)
        #expect(try Data(contentsOf: output.appendingPathComponent("manifest.yaml")) == Self.previous)
    }
}
