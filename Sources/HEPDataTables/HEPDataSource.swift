import Foundation

/// Where a HEPData record comes from: a folder holding submission.yaml (or one sub-folder that
/// does, as archives unpack), submission.yaml itself, or the archive hepdata.net serves
/// (.zip, .tar.gz, .tgz, .tar), unpacked with the system's `unzip` or `tar` into a temporary folder.
public struct HEPDataSource {
    /// The folder that holds submission.yaml.
    public let folder: URL
    private let temporary: URL?
    private var cleanupToken: Int?

    public init(path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw InputFileError(file: path, field: "(file)", expected: "a HEPData record: a folder with submission.yaml, or a .zip/.tar.gz archive")
        }
        if isFolder.boolValue {
            folder = try Self.submissionFolder(in: URL(fileURLWithPath: path), named: path)
            temporary = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        if url.lastPathComponent == "submission.yaml" {
            folder = url.deletingLastPathComponent()
            temporary = nil
            return
        }
        let lower = path.lowercased()
        let kind: ArchiveKind
        if lower.hasSuffix(".zip") {
            kind = .zip
        } else if lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz") || lower.hasSuffix(".tar") {
            kind = .tar
        } else {
            throw InputFileError(file: path, field: "(file)", expected: "a folder, submission.yaml, or an archive ending in .zip, .tar.gz, .tgz or .tar")
        }
        // The listing first: sizes, entry types and paths are refused before anything is written.
        try Self.checkListing(Self.run(kind.listing.0, kind.listing.1 + [path], archive: path), kind: kind, archive: path)
        let unpacked = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-hepdata-\(UUID().uuidString)")
        // Made and registered under the lock: an interruption removes it (and stops the unpacking child).
        let token = try InterruptCleanup.shared.critical {
            try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
            return InterruptCleanup.shared.add(.tree(unpacked.path))
        }
        do {
            let (tool, arguments) = kind.extraction(path, into: unpacked.path)
            _ = try Self.run(tool, arguments, archive: path, fileSizeLimit: YAMLReader.maxBytes)
            folder = try Self.submissionFolder(in: unpacked, named: path)
        } catch {
            try? FileManager.default.removeItem(at: unpacked)
            InterruptCleanup.shared.remove(token)
            throw error
        }
        temporary = unpacked
        cleanupToken = token
    }

    /// At most this many bytes in all members together, and `YAMLReader.maxBytes` (64 MB, the
    /// largest file the reader accepts) in one member.
    public static let maximumUnpackedBytes = 256 << 20
    /// At most this many members (hepdata.net records have tens).
    public static let maximumMembers = 10_000

    enum ArchiveKind {
        case zip, tar

        /// `unzip -Z` (zipinfo: permissions, version, system, size, ..., name) or `tar -tvf`
        /// (permissions, owner, size, date, time, name).
        var listing: (String, [String]) { self == .zip ? ("unzip", ["-Z"]) : ("tar", ["-tvf"]) }

        /// Extraction that never takes owners or permissions from the archive (tar), never
        /// overwrites, and never asks (unzip -n).
        func extraction(_ archive: String, into folder: String) -> (String, [String]) {
            switch self {
            case .zip: return ("unzip", ["-q", "-n", archive, "-d", folder])
            case .tar: return ("tar", ["-xf", archive, "-C", folder, "--no-same-owner", "--no-same-permissions", "--no-overwrite-dir"])
            }
        }
    }

    /// Refuses, from the archive's listing, members that are not regular files or folders
    /// (symbolic or hard links, devices, fifos), absolute or `..` paths, a member above 64 MB,
    /// more than 256 MB in all, or more than 10,000 members.
    static func checkListing(_ listing: String, kind: ArchiveKind, archive: String) throws {
        func refuse(_ expected: String) -> InputFileError { InputFileError(file: archive, field: "(archive)", expected: expected) }
        var total = 0, members = 0
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: kind == .zip ? 8 : 5, omittingEmptySubsequences: true)
            // zipinfo's header lines and trailer ("3 files, ...") are not members; a member line
            // has the zip version ("2.0") second.
            if kind == .zip && (fields.count < 9 || Double(fields[1]) == nil) { continue }
            guard fields.count >= 6, let type = fields[0].first else { throw refuse("a listing that `\(kind.listing.0)` can read, got '\(line)'") }
            let name = String(fields[fields.count - 1])
            // A zip written without Unix file types (Python's writestr) lists '?': unzip writes
            // those as regular files.
            guard type == "-" || type == "d" || (kind == .zip && type == "?") else {
                throw refuse("only regular files and folders, got '\(name)' of type '\(type)' (no links, devices or fifos)")
            }
            let components = name.split(separator: "/")
            guard !name.hasPrefix("/"), !components.contains(".."), !name.hasPrefix("~") else {
                throw refuse("member paths inside the archive, got '\(name)'")
            }
            guard let size = Int(fields[kind == .zip ? 3 : 2]), size >= 0 else { throw refuse("a member size, got '\(line)'") }
            guard size <= YAMLReader.maxBytes else {
                throw refuse("members of at most \(YAMLReader.maxBytes >> 20) MB, got '\(name)' of \(size) bytes")
            }
            total += size
            members += 1
            guard total <= maximumUnpackedBytes, members <= maximumMembers else {
                throw refuse("at most \(maximumUnpackedBytes >> 20) MB in at most \(maximumMembers) members unpacked")
            }
        }
    }

    /// Removes the unpacked archive, if any.
    public func close() {
        if let temporary { try? FileManager.default.removeItem(at: temporary) }
        if let cleanupToken { InterruptCleanup.shared.remove(cleanupToken) }
    }

    /// Reads the record.
    public func record() throws -> HEPDataRecord {
        let submission = folder.appendingPathComponent("submission.yaml").path
        try Self.requireRegularFile(submission, named: "submission.yaml", in: submission)
        return try HEPDataRecord.parse(submission: YAMLInput.read(path: submission), file: submission) { name in
            guard !name.contains("/"), name != "..", !name.isEmpty else {
                throw InputFileError(file: submission, field: "data_file", expected: "a file name in the record's folder (no '/'), got '\(name)'")
            }
            let path = folder.appendingPathComponent(name).path
            try Self.requireRegularFile(path, named: name, in: submission)
            return try YAMLInput.read(path: path, expected: "the data file '\(name)' that submission.yaml names")
        }
    }

    /// Links are never followed: one could lead out of the record (and the keys of what it
    /// points to into error messages). A missing file is left to the reader's own error.
    static func requireRegularFile(_ path: String, named name: String, in submission: String) throws {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        guard type == nil || type == .typeRegular else {
            throw InputFileError(file: submission, field: name == "submission.yaml" ? "(file)" : "data_file",
                                 expected: "'\(name)' to be a regular file in the record's folder, not a symbolic link or special file")
        }
    }

    static func submissionFolder(in folder: URL, named: String) throws -> URL {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent("submission.yaml").path) { return folder }
        let children = (try? manager.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        let candidates = children.filter { manager.fileExists(atPath: $0.appendingPathComponent("submission.yaml").path) }
        guard candidates.count == 1 else {
            throw InputFileError(file: named, field: "submission.yaml",
                                 expected: candidates.isEmpty ? "a submission.yaml in the record (or in its one sub-folder)" : "one record, found \(candidates.count) sub-folders with submission.yaml")
        }
        return candidates[0]
    }

    /// Runs `tool` and returns its standard output. With `fileSizeLimit`, the child runs under
    /// `ulimit -f` (RLIMIT_FSIZE), so that a member whose real size exceeds the listing's is cut
    /// and the tool fails while unpacking. The child is terminated if this function leaves early.
    static func run(_ tool: String, _ arguments: [String], archive: String, fileSizeLimit: Int? = nil) throws -> String {
        let process = Process()
        if let fileSizeLimit {
            // POSIX sh counts ulimit -f in 512-byte blocks (bash in 1024: the limit is then twice
            // as loose, and the listing check above still holds).
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -f \(fileSizeLimit / 512 + 1) && exec \"$0\" \"$@\"", tool] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [tool] + arguments
        }
        let errors = Pipe(), output = Pipe()
        process.standardError = errors
        process.standardOutput = output
        // Started and registered under the lock, so that an interruption never misses the child.
        let token: Int
        do {
            token = try InterruptCleanup.shared.critical {
                try process.run()
                return InterruptCleanup.shared.add(.child(process.processIdentifier))
            }
        } catch {
            throw InputFileError(file: archive, field: "(archive)", expected: "an archive that `\(tool)` can unpack (\(tool) could not be started: \(error))")
        }
        defer {
            if process.isRunning { process.terminate(); process.waitUntilExit() }
            InterruptCleanup.shared.remove(token)
        }
        let messages = PipeText(errors)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = messages.wait()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let detail = message.split(separator: "\n").first.map(String.init)
                ?? (process.terminationReason == .uncaughtSignal ? "stopped by signal \(process.terminationStatus), a member larger than its listed size?"
                                                                  : "exit \(process.terminationStatus)")
            throw InputFileError(file: archive, field: "(archive)", expected: "an archive that `\(tool)` can unpack (\(detail))")
        }
        return text
    }
}

/// What an interrupted run must undo (issue 17, part 3): the temporary folders it made (the
/// staging folders of its outputs, unpacked archives), the folders it created for its outputs
/// (removed only when empty), and the child processes it started (tar, unzip). Each is
/// registered while it exists. The command line's signal layer (SIGINT, SIGTERM, SIGHUP) takes
/// the lock, stops the children, removes the folders and exits; work that must not stop halfway
/// (the renames of a commit) runs under the lock, so a signal waits for it to end.
public final class InterruptCleanup: @unchecked Sendable {
    public enum Item: Sendable {
        /// A folder removed with everything in it.
        case tree(String)
        /// A folder removed only if empty (a destination folder an output created).
        case emptyFolder(String)
        /// A child process, killed (SIGKILL) and waited for.
        case child(Int32)
    }

    public static let shared = InterruptCleanup()
    private let lock = NSRecursiveLock()
    private var items: [(token: Int, item: Item)] = []
    private var nextToken = 0

    /// Runs `body` with the lock held: an interruption waits until it returns.
    public func critical<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Registers `item`; the token unregisters it.
    public func add(_ item: Item) -> Int {
        critical {
            nextToken += 1
            items.append((nextToken, item))
            return nextToken
        }
    }

    public func remove(_ token: Int) {
        critical { items.removeAll { $0.token == token } }
    }

    /// Stops every registered child, then removes the registered folders (the latest first),
    /// and returns with the lock still held, so that nothing new starts: the caller exits.
    public func interrupt() {
        lock.lock()
        for case let .child(pid) in items.map(\.item) {
            kill(pid, SIGKILL)
            // Reaped here, or by Foundation's monitor (ECHILD): either way it is gone.
            for _ in 0..<200 {
                var status: Int32 = 0
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid || (reaped < 0 && errno == ECHILD) { break }
                usleep(5_000)
            }
        }
        for (_, item) in items.reversed() {
            switch item {
            case .tree(let path):
                // Another thread may still be writing into it: a few attempts.
                for _ in 0..<5 {
                    try? FileManager.default.removeItem(atPath: path)
                    if !Self.exists(path) { break }
                    usleep(2_000)
                }
            case .emptyFolder(let path):
                rmdir(path)
            case .child:
                break
            }
        }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}

/// Reads a pipe to its end on another thread, so that a child filling both pipes cannot block.
private final class PipeText: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
