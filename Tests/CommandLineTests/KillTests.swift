import Foundation
import Testing
import TestSupport

/// Issue 17, part 3: SIGTERM and SIGINT at any moment of `scan`, `plot` and `reproduce` leave the
/// previous output byte-identical (or, when the signal came during the commit or after the end,
/// the whole new output: never a mix) and no temporary file; the run exits 128 + the signal. An
/// archive unpacking that is interrupted leaves no child process and no temporary folder.
/// (SIGKILL, which cannot be caught, is in StagedOutputTests.)
@Suite struct KillTests {
    static let repository = RecastCommandTests.repository
    static let searchData = StagedOutputTests.searchData

    /// A running b2recast, started as a shell on a terminal would start it: SIGINT, SIGTERM and
    /// SIGHUP at their default action and unblocked, whatever the test runner inherited (a
    /// runner started in the background ignores SIGINT, and Foundation's Process passes that on).
    final class Run {
        let pid: pid_t

        init(_ arguments: [String], environment: [String: String] = [:]) throws {
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var signals = sigset_t(), none = sigset_t()
            sigemptyset(&signals)
            sigemptyset(&none)
            for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, signal) }
            posix_spawnattr_setsigdefault(&attributes, &signals)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let path = B2RecastBinary.url.path
            let environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
            let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
            let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var pid = pid_t()
            let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
            guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL) }
            self.pid = pid
        }

        /// Waits for the end: the exit status, or 1000 + the signal when one ended it (the
        /// signal layer exits with 128 + the signal instead, after cleaning up).
        func wait() -> Int32 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let signal = status & 0x7f
            return signal == 0 ? (status >> 8) & 0xff : 1000 + signal
        }
    }

    /// Every file (path relative to `folder`, with its bytes) and every folder (bytes nil).
    static func snapshot(_ folder: URL) -> [String: Data?] {
        var result: [String: Data?] = [:]
        for relative in FileManager.default.subpaths(atPath: folder.path) ?? [] {
            let path = folder.appendingPathComponent(relative).path
            var info = stat()
            let isFolder = lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            result.updateValue(isFolder ? nil : FileManager.default.contents(atPath: path) ?? Data("(unreadable)".utf8), forKey: relative)
        }
        return result
    }

    /// Names a b2recast run may leave behind when interrupted (none must be left).
    static func temporaries(_ folder: URL) -> [String] {
        (FileManager.default.subpaths(atPath: folder.path) ?? []).filter {
            let name = URL(fileURLWithPath: $0).lastPathComponent
            return name.hasPrefix(".b2recast-") || name.hasSuffix(".partial") || name.hasSuffix(".tmp")
        }
    }

    /// Runs `arguments` to the end once (the new output, and how long it takes), then again from
    /// the previous output, interrupted after each fraction of that time with each signal.
    /// `prepare` puts the previous output in place; `folder` is what the command writes into.
    static func interrupt(_ arguments: [String], folder: URL, fractions: [Double], signals: [Int32],
                          prepare: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try prepare()
        let start = Date()
        let reference = try Run(arguments)
        #expect(reference.wait() == 0, "the uninterrupted run failed", sourceLocation: sourceLocation)
        let duration = Date().timeIntervalSince(start)
        let new = snapshot(folder)
        var interrupted = 0
        for fraction in fractions {
            for signal in signals {
                try FileManager.default.removeItem(at: folder)
                try prepare()
                let previous = snapshot(folder)
                let run = try Run(arguments)
                Thread.sleep(forTimeInterval: fraction * duration)
                kill(run.pid, signal)
                let status = run.wait()
                let after = snapshot(folder)
                let context = "signal \(signal) after \(fraction) x \(duration) s: exit \(status)"
                // A signal in the first milliseconds, before `main` installs the handling, ends the
                // process at the signal's default action, before it has made anything.
                let beforeMain = status == 1000 + signal && after == previous
                #expect(status == 0 || status == 128 + signal || beforeMain, "\(context)", sourceLocation: sourceLocation)
                if status == 128 + signal || beforeMain {
                    interrupted += 1
                    #expect(after == previous || after == new, "\(context): neither the previous nor the new output, \(after.keys.sorted())",
                            sourceLocation: sourceLocation)
                } else {
                    #expect(after == new, "\(context): finished, but not the new output", sourceLocation: sourceLocation)
                }
                #expect(temporaries(folder).isEmpty, "\(context): left \(temporaries(folder))", sourceLocation: sourceLocation)
            }
        }
        #expect(interrupted > 0, "every run finished before its signal: none was interrupted", sourceLocation: sourceLocation)
    }

    /// A scan of 95 masses x 5 ratios x 4 fractions (about 0.6 s in a debug build), interrupted
    /// from its start to its last writes.
    @Test func interruptedScanLeavesThePreviousOrTheNewOutput() throws {
        let scratch = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let spec = try StagedOutputTests.specification(in: scratch, step: 0.05)
        let folder = scratch.appendingPathComponent("out")
        let output = folder.appendingPathComponent("plane.csv")
        try Self.interrupt(["scan", spec, "--threads", "1", "--output", output.path] + Self.searchData, folder: folder,
                           fractions: [0.02, 0.3, 0.7, 0.9, 0.97, 1.0], signals: [SIGTERM, SIGINT]) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try StagedOutputTests.previous.write(to: output)
        }
    }

    /// A user-model figure (about 3 s in a debug build).
    @Test func interruptedPlotLeavesThePreviousOrTheNewFigure() throws {
        let scratch = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = scratch.appendingPathComponent("out")
        let output = folder.appendingPathComponent("alp.png")
        let model = Self.repository.appendingPathComponent("examples/models/alp-universal.yaml").path
        try Self.interrupt(["plot", "--model", model, "--output", output.path, "--results", Self.repository.appendingPathComponent("results").path]
                           + Self.searchData, folder: folder, fractions: [0.3, 0.97], signals: [SIGTERM, SIGINT]) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try StagedOutputTests.previous.write(to: output)
        }
    }

    /// reproduce of the fixture search into a folder holding an earlier run's results, each file
    /// changed (about 4 s in a debug build): SIGTERM mid-run, SIGINT near the end.
    @Test func interruptedReproduceLeavesThePreviousOrTheNewResults() throws {
        let scratch = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = scratch.appendingPathComponent("out")
        let arguments = ["reproduce", "--paper-data", StagedOutputTests.fixtureData, "--output", folder.appendingPathComponent("results").path,
                         "--figures", folder.appendingPathComponent("figures").path]
        // The earlier run's output, each file with one line more: what must survive.
        let earlier = scratch.appendingPathComponent("earlier")
        #expect(try B2RecastBinary.run(Array(arguments.prefix(3)) + ["--output", earlier.appendingPathComponent("results").path,
                                                                       "--figures", earlier.appendingPathComponent("figures").path]).status == 0)
        for (relative, bytes) in Self.snapshot(earlier) {
            if let bytes { try (bytes + StagedOutputTests.previous).write(to: earlier.appendingPathComponent(relative)) }
        }
        try Self.interrupt(arguments, folder: folder, fractions: [0.5, 0.97], signals: [SIGTERM, SIGINT]) {
            try FileManager.default.copyItem(at: earlier, to: folder)
        }
    }

    /// An archive of 180 MB (3 members of 60 MB, 200 kB compressed) whose unpacking is
    /// interrupted while `tar` runs: the child is gone, and so is the temporary folder.
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func interruptedUnpackingLeavesNoChildAndNoFolder(signal: Int32) throws {
        let scratch = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let archive = try HostileInputTests.archive("record.tar.gz", in: scratch, extra: """
            with tarfile.open(sys.argv[1], "w:gz") as t:
                t.add(sys.argv[2], arcname="record")
                for i in range(3):
                    m = tarfile.TarInfo("record/pad%d.yaml" % i); m.size = 60 << 20; t.addfile(m, io.BytesIO(b"0" * m.size))
            """)
        let temporary = scratch.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let run = try Run(["hepdata", "check", archive], environment: ["TMPDIR": temporary.path])
        var child: pid_t?
        for _ in 0..<500 where child == nil {
            child = try TestProcess.run(tool: "pgrep", ["-P", "\(run.pid)"]).standardOutput
                .split(separator: "\n").first.flatMap { pid_t($0) }
            if child == nil { Thread.sleep(forTimeInterval: 0.01) }
        }
        let unpacking = try #require(child, "no child process seen")
        Thread.sleep(forTimeInterval: 0.1)
        kill(run.pid, signal)
        let status = run.wait()
        #expect(status == 128 + signal, "exit \(status)")
        #expect(kill(unpacking, 0) != 0 && errno == ESRCH, "the child \(unpacking) is still there")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }
}

/// SIGKILL during a commit: the killed run's staging folder holds a commit journal, and the next
/// run into the folder rolls that commit forward (the files still staged go into place) before
/// removing it; a staging folder without a journal (killed before its commit) is only removed.
@Suite struct KilledCommitTests {
    @Test func nextRunRollsAKilledCommitForward() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = try StagedOutputTests.specification(in: folder, step: 1)
        let (safe, gonePID) = try StagedOutputTests.hostAndDeadProcess()
        let committing = folder.appendingPathComponent(".b2recast-staging-\(safe)-\(gonePID)-AbCdEf")
        let staging = folder.appendingPathComponent(".b2recast-staging-\(safe)-\(gonePID)-GhIjKl")
        try FileManager.default.createDirectory(at: committing.appendingPathComponent("notes"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try "rolled forward\n".write(to: committing.appendingPathComponent("notes/a.txt"), atomically: false, encoding: .utf8)
        // Listed but already renamed by the killed run, and a path leaving the folder: both skipped.
        try "notes/a.txt\nalready-renamed.txt\n../outside.txt\n".write(to: committing.appendingPathComponent(".b2recast-commit"),
                                                                     atomically: false, encoding: .utf8)
        try "not committed\n".write(to: staging.appendingPathComponent("b.txt"), atomically: false, encoding: .utf8)
        let result = try B2RecastBinary.run(["scan", spec, "--output", folder.appendingPathComponent("plane.csv").path] + StagedOutputTests.searchData)
        #expect(result.status == 0, "\(result.standardError)")
        let names = (FileManager.default.subpaths(atPath: folder.path) ?? []).sorted()
        #expect(names == ["notes", "notes/a.txt", "plane.csv", "scan-1.0.yaml"], "\(names)")
        #expect(try String(contentsOf: folder.appendingPathComponent("notes/a.txt"), encoding: .utf8) == "rolled forward\n")
    }
}
