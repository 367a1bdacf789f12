import Foundation
import NumericalMethods

/// `b2recast fuzz --options` (issue 17, part 7): hostile values (nan, inf, 0, -1, 1e-320,
/// 1e300, 2^63 - 1, empty, words, ...) for each numeric option of each subcommand, each run as
/// the binary itself in a scratch folder with a time limit. Every run must either be accepted
/// (exit 0, or still computing at the time limit, then stopped by SIGTERM, which must exit 143
/// and leave nothing behind), or be refused with an exit code from 1 to 127, a message that names
/// the option, nothing on standard output and no file written. A trap (exit by a signal) or an
/// exit from 128 up is a crash, and so is nan or an infinity accepted.
struct OptionFuzz {
    /// One numeric option of one invocation: `template` is the option's value, with V where the
    /// hostile value goes (a pair "V,5" puts it in one place of a composite value).
    struct Target {
        var command: [String]
        var base: [String]
        var option: String
        var template = "V"
    }

    struct Case {
        var target: Target
        var value: String

        /// The base invocation with the option (if present) replaced by the hostile value, as
        /// `--option VALUE`, or `--option=VALUE` when the value starts with '-' (which would
        /// otherwise read as the next option, and never reach the command's range check).
        var arguments: [String] {
            var base: [String] = []
            var skip = false
            for argument in target.base {
                if skip { skip = false; continue }
                if argument == target.option { skip = true; continue }
                base.append(argument)
            }
            let text = target.template.replacingOccurrences(of: "V", with: value)
            return target.command + base + (text.hasPrefix("-") ? [target.option + "=" + text] : [target.option, text])
        }
    }

    /// Values that have broken numeric parsing and range checks elsewhere.
    static let values = ["nan", "inf", "-inf", "0", "-0", "-1", "1e-320", "1e300", "-1e300", "9223372036854775807",
                         "18446744073709551616", "1.5", "", "abc", "0x10", "1e", " 7"]

    /// Folders the targets name: the repository (`data`), where the setup put a copy of the
    /// import fixture's paper-data with an imported search (`imported`), and a tiny scan (`scan`).
    struct Places {
        var data: URL
        var imported: URL
        var scan: URL
    }

    /// Every numeric option of every subcommand, each in a valid invocation. Outputs go to
    /// `out/` in the run's (scratch) current folder.
    static func targets(_ places: Places) -> [Target] {
        let data = places.data.path
        let model = places.data.appendingPathComponent("examples/models/alp-universal.yaml").path
        let record = places.data.appendingPathComponent("Tests/Fixtures/import/HEPData-ins0000000-v1-yaml").path
        var targets: [Target] = []
        func add(_ command: [String], _ base: [String], _ options: [String]) {
            for option in options { targets.append(Target(command: command, base: base, option: option)) }
        }
        func add(_ command: [String], _ base: [String], _ option: String, templates: [String]) {
            for template in templates { targets.append(Target(command: command, base: base, option: option, template: template)) }
        }
        add(["limit"], ["--observed", "3", "--background", "1"],
            ["--observed", "--signal", "--background", "--background-uncertainty", "--signal-uncertainty", "--cl", "--toys", "--seed"])
        add(["limit"], ["--method", "fc", "--observed", "3", "--background", "1"], ["--observed", "--background", "--cl"])
        add(["limit"], ["--method", "bayes", "--observed", "3", "--background", "1", "--background-uncertainty", "0.2"],
            ["--observed", "--signal", "--background-uncertainty", "--cl"])
        let precision = ["--precision", "0.3"]
        add(["widths"], ["--model", "alp", "--C-mumu", "1", "--mass", "5"] + precision,
            ["--C-ee", "--C-mumu", "--C-tautau", "--C-gammagamma", "--Lambda", "--mass", "--sqrt-s", "--precision", "--seed"])
        add(["widths"], ["--model", "dark-higgs", "--epsilon", "1e-3", "--alpha-D", "0.1", "--dark-higgs-mass", "1", "--mass", "5"] + precision,
            ["--epsilon", "--alpha-D", "--dark-higgs-mass", "--mass"])
        add(["widths"], ["--model", "lmu-ltau", "--g-prime", "1e-3", "--mass", "1", "--dark-matter", "dirac", "--g-chi", "0.1", "--m-chi", "0.2"]
            + precision, ["--g-prime", "--g-chi", "--m-chi", "--mass"])
        add(["widths"], ["--model", "lmu-ltau", "--g-prime", "1e-3", "--mass", "1", "--bf-invisible", "0.6"] + precision, ["--bf-invisible"])
        add(["widths"], ["--model", "scalar", "--g-mu", "1e-3", "--g-tau", "1e-3", "--mass", "1"] + precision, ["--g-e", "--g-mu", "--g-tau"])
        add(["widths"], ["--model", "scalar", "--xi", "1", "--mass", "1"] + precision, ["--xi", "--mass"])
        add(["xsec"], ["--process", "mumuX", "--boson", "vector", "--mass", "1", "--coupling", "1"] + precision,
            ["--mass", "--sqrt-s", "--precision", "--seed", "--coupling"])
        add(["xsec"], ["--process", "Aprime-hprime", "--mass", "4", "--dark-higgs-mass", "1"] + precision, ["--mass", "--dark-higgs-mass"])
        add(["xsec-tables"], ["--process", "mumuX", "--output", "out/xs"] + precision, ["--precision", "--seed", "--sqrt-s"])
        // The vector family's charges and the model options xsec shares with widths (issue 15).
        let charges = ["--x-e-V", "--x-e-A", "--x-mu-V", "--x-mu-A", "--x-tau-V", "--x-tau-A", "--x-nu-e", "--x-nu-mu", "--x-nu-tau"]
        let vector = ["--model", "vector", "--x-mu-V", "1", "--g", "1e-3", "--mass", "1"] + precision
        add(["widths"], vector, charges + ["--g"])
        add(["xsec"], vector, charges + ["--g"])
        add(["xsec"], ["--model", "alp", "--C-mumu", "1", "--mass", "5"] + precision, ["--C-ee", "--C-mumu", "--C-tautau", "--C-gammagamma", "--Lambda"])
        let plot = ["--model", model, "--output", "out/figure.png"]
        add(["plot"], plot, ["--dpi"])
        add(["plot"], plot, "--xlim", templates: ["V,5", "1,V"])
        add(["plot"], plot, "--ylim", templates: ["V,1", "1e-6,V"])
        add(["reproduce"], ["--paper-data", places.data.appendingPathComponent("Tests/Fixtures/paper-data").path,
                            "--output", "out/results", "--figures", "out/figures"], ["--dpi"])
        add(["export", "pyhf"], ["Fixture_Zp_import", "--paper-data", places.imported.path], ["--mass"])
        add(["hepdata", "diff"], [record, record], ["--rtol", "--atol", "--limit"])
        let scanData = ["--paper-data", places.data.appendingPathComponent("Tests/Fixtures/paper-data-fifth").path]
        add(["scan"], [places.scan.path, "--output", "out/plane.csv"] + scanData, ["--threads"])
        add(["scan"], [places.scan.path, "--output", "out/plane.csv"] + scanData, "--shard", templates: ["V/4", "1/V"])
        add(["project"], ["--search", "Fixture_Zp_invisible", "--paper-data", data + "/Tests/Fixtures/paper-data"], "--luminosity",
            templates: ["V", "Vab-1", "Vfb-1"])
        add(["fuzz"], ["--inputs", "20", "--corpus", data + "/Tests/Fixtures"], ["--inputs", "--time-limit", "--seed", "--run-seconds"])
        add(["bench", "limits"], ["--seconds", "0.01", "--windows", "10", "--python", "/nonexistent-b2recast-python"],
            ["--seconds", "--windows", "--pyhf-repeats"])
        add(["bench", "xsec"], [], ["--precision"])
        add(["bench", "figures"], ["--paper-data", data + "/Tests/Fixtures/paper-data"], ["--dpi"])
        add(["bench", "efficiencies"], [], ["--events"])
        return targets
    }

    /// The cases in a seeded order: all of them, or the first `count`.
    static func cases(_ places: Places, count: Int, seed: UInt64) -> [Case] {
        var all = targets(places).flatMap { target in values.map { Case(target: target, value: $0) } }
        var random = Mutator(seed: seed)
        for index in all.indices.reversed() { all.swapAt(index, random.below(index + 1)) }
        return Array(all.prefix(count))
    }

    /// What one case did.
    enum Outcome: Equatable {
        case accepted, refused, stoppedAtTimeLimit
        case problem(String)
    }

    /// Runs `fuzzCase` with `executable` in the empty folder `run` (its temporary folder `run/tmp`),
    /// the repository as $B2RECAST_DATA; `run` is emptied again afterwards.
    static func run(_ fuzzCase: Case, executable: URL, in run: URL, data: URL, seconds: Double) -> Outcome {
        let manager = FileManager.default
        let temporary = run.appendingPathComponent("tmp")
        let outputs = run.deletingLastPathComponent().appendingPathComponent(run.lastPathComponent + "-streams")
        try? manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        try? manager.createDirectory(at: run.appendingPathComponent("out"), withIntermediateDirectories: true)
        try? manager.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer {
            try? manager.removeItem(at: run)
            try? manager.removeItem(at: outputs)
        }
        let before = listing(run)
        let outFile = outputs.appendingPathComponent("stdout"), errFile = outputs.appendingPathComponent("stderr")
        manager.createFile(atPath: outFile.path, contents: nil)
        manager.createFile(atPath: errFile.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = fuzzCase.arguments
        process.currentDirectoryURL = run
        var environment = ProcessInfo.processInfo.environment
        environment[DataLocation.environmentVariable] = data.path
        environment["TMPDIR"] = temporary.path
        environment["CI"] = "1"
        process.environment = environment
        guard let out = try? FileHandle(forWritingTo: outFile), let err = try? FileHandle(forWritingTo: errFile) else {
            return .problem("cannot open the scratch files in \(outputs.path)")
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return .problem("cannot start \(executable.path): \(error)") }
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        var stopped = false
        if process.isRunning {
            stopped = true
            kill(process.processIdentifier, SIGTERM)
            let grace = Date().addingTimeInterval(10)
            while process.isRunning && Date() < grace { usleep(5_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return .problem("did not stop within 10 s of SIGTERM")
            }
        }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let status = process.terminationStatus
        let message = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        let printed = (manager.contents(atPath: outFile.path) ?? Data()).count
        let after = listing(run)
        let firstLine = message.split(separator: "\n").first.map(String.init) ?? "(no message)"
        if process.terminationReason == .uncaughtSignal { return .problem("crashed: signal \(status) (\(firstLine))") }
        let left = after.filter { StagedOutput.isTemporary(URL(fileURLWithPath: $0).lastPathComponent) || $0.hasPrefix("tmp/") }
        if !left.isEmpty { return .problem("left temporaries: \(left.prefix(3))") }
        if stopped {
            return status == 128 + SIGTERM ? .stoppedAtTimeLimit : .problem("stopped at the time limit: exit \(status), not 143")
        }
        switch status {
        case 0 where ["nan", "inf", "-inf"].contains(fuzzCase.value):
            return .problem("exit 0: \(fuzzCase.value) accepted")
        case 0:
            return .accepted
        case 1..<128:
            if !message.contains(fuzzCase.target.option) { return .problem("exit \(status) with a message that does not name \(fuzzCase.target.option): \(firstLine)") }
            if printed > 0 { return .problem("exit \(status) after \(printed) bytes on standard output") }
            if after != before { return .problem("exit \(status) after writing \(Set(after).subtracting(before).sorted().prefix(3))") }
            return .refused
        default:
            return .problem("exit \(status) (128 or more: a crash)")
        }
    }

    /// Every path under `folder`, relative, sorted.
    static func listing(_ folder: URL) -> [String] {
        (FileManager.default.subpaths(atPath: folder.path) ?? []).sorted()
    }

    /// Makes the places the targets need in `scratch`: a copy of the import fixture's
    /// paper-data with the fixture record imported, and a scan of 2 x 2 x 2 points.
    static func setUp(in scratch: URL, executable: URL, data: URL) throws -> Places {
        let manager = FileManager.default
        let imported = scratch.appendingPathComponent("imported/paper-data")
        try manager.createDirectory(at: imported.deletingLastPathComponent(), withIntermediateDirectories: true)
        try manager.copyItem(at: data.appendingPathComponent("Tests/Fixtures/import/paper-data"), to: imported)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["import", "hepdata", data.appendingPathComponent("Tests/Fixtures/import/HEPData-ins0000000-v1-yaml").path,
                             "--search", "Fixture_Zp_import", "--paper-data", imported.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure("fuzz --options: the import of the fixture record into \(imported.path) failed (exit \(process.terminationStatus))")
        }
        let scan = scratch.appendingPathComponent("scan.yaml")
        try """
        format: b2recast-scan/1
        name: "option fuzz"
        search: MadeUp_DimuonInvisible_2031
        dark_matter: dirac
        masses_GeV: [1.5, 3.0]
        g_chi_over_g_prime: [0.3, 1]
        m_chi_over_mass: [0.05, 0.2]

        """.write(to: scan, atomically: true, encoding: .utf8)
        return Places(data: data, imported: imported, scan: scan)
    }

    /// This executable.
    static var executable: URL {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return URL(fileURLWithPath: path) }
        #endif
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    }
}
