import ArgumentParser
import Foundation

/// Output that is staged, then swapped into place (issue 17, part 3). Every command that
/// writes files (reproduce, scan, merge, plot, recast --output, export, xsec-tables, import)
/// goes through it:
///
/// 1. `init(folder:)` / `init(file:)` check the output location before any work: a file's
///    folder must exist, a folder must be a folder (or creatable), and writable.
/// 2. Each file goes into a private staging folder inside the destination folder (same file
///    system), made by mkdtemp (0700, random suffix, never an existing path), where the file is
///    opened with O_CREAT | O_EXCL | O_NOFOLLOW: a symlink planted in the destination is
///    never followed, and concurrent runs never share a name.
/// 3. `commit()` renames every staged file into place (each rename atomic; all files are
///    complete before the first one replaces an old output) and removes the staging folder.
/// 4. Without a commit (an error, a thrown exit), the object removes its staging folder and the
///    destination folders it created, and nothing else.
///
/// A kill leaves the old outputs intact and one hidden staging folder,
/// `.b2recast-staging-HOST-PID-XXXXXX`; the next run on the same host that writes into that
/// folder removes it once process PID is gone, and `reproduce --check` reports it.
final class StagedOutput {
    /// The destination folder.
    let folder: URL
    /// The file name of a single-file output (`init(file:)`).
    private(set) var fileName = ""
    private let option: String
    private var stage: URL?
    private var createdFolders: [URL] = []
    private var entries: [(relative: String, temporary: URL)] = []
    private var committed = false

    static let stagePrefix = ".b2recast-staging-"

    /// A folder output (created at the first write if missing): it must not be a file, and its
    /// nearest existing ancestor must be a writable folder.
    init(folder path: String, option: String) throws {
        self.option = option
        folder = URL(fileURLWithPath: path).standardizedFileURL
        var ancestor = folder
        while !Self.exists(ancestor.path) {
            let parent = ancestor.deletingLastPathComponent()
            if parent.path == ancestor.path { break }
            ancestor = parent
        }
        guard Self.isFolder(ancestor.path) else {
            throw ValidationError(ancestor == folder
                ? "--\(option) \(path): exists and is a file, not a folder"
                : "--\(option) \(path): \(ancestor.path) is a file, so the folder cannot be created")
        }
        guard access(ancestor.path, W_OK) == 0 else {
            throw ValidationError("--\(option) \(path): the folder \(ancestor.path) is not writable")
        }
    }

    /// A single-file output: its folder must exist and be writable, and the path must not be a folder.
    init(file path: String, option: String) throws {
        self.option = option
        let url = URL(fileURLWithPath: path).standardizedFileURL
        folder = url.deletingLastPathComponent()
        fileName = url.lastPathComponent
        guard !path.hasSuffix("/"), !Self.isFolder(url.path) else {
            throw ValidationError("--\(option) \(path): is a folder; expected a file name")
        }
        // An existing output is replaced only if it is a regular file: a symlink, a fifo or a
        // device would be replaced by a file, not written through.
        var status = stat()
        if lstat(url.path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            throw ValidationError("--\(option) \(path): exists and is not a regular file (a link, fifo or device); choose another name")
        }
        guard Self.isFolder(folder.path) else {
            throw ValidationError(Self.exists(folder.path)
                ? "--\(option) \(path): \(folder.path) is a file, not a folder"
                : "--\(option) \(path): the folder \(folder.path) does not exist; create it first")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw ValidationError("--\(option) \(path): the folder \(folder.path) is not writable")
        }
    }

    deinit {
        if !committed { discard() }
    }

    /// Stages `text` as the single file of `init(file:)`.
    func write(_ text: String) throws { try write(text, to: fileName) }

    /// Stages `text` as `relative` (a path inside the destination folder).
    func write(_ text: String, to relative: String) throws {
        try write(Array(text.utf8), to: relative)
    }

    func write(_ bytes: [UInt8], to relative: String) throws {
        let temporary = try temporaryURL(for: relative)
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create a temporary file for", relative) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure("cannot write", relative) }
            written += count
        }
    }

    /// The private path where a writer that takes a path (Cairo) writes `relative`; it is
    /// renamed into place by `commit()`. The single file of `init(file:)` by default.
    func temporaryURL(for relative: String? = nil) throws -> URL {
        let relative = relative ?? fileName
        guard !relative.isEmpty, !relative.hasPrefix("/"),
              !relative.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
            throw CommandFailure("internal error: output name '\(relative)' leaves its folder")
        }
        guard !entries.contains(where: { $0.relative == relative }) else {
            throw CommandFailure("internal error: \(relative) is written twice")
        }
        let stage = try stageFolder()
        let url = stage.appendingPathComponent(relative)
        try makeFolders(url.deletingLastPathComponent(), below: stage, record: false)
        entries.append((relative, url))
        return url
    }

    /// Renames every staged file into place and removes the staging folder.
    func commit() throws {
        for (relative, temporary) in entries {
            let target = folder.appendingPathComponent(relative)
            try makeFolders(target.deletingLastPathComponent(), below: folder, record: true)
            guard rename(temporary.path, target.path) == 0 else { throw failure("cannot replace", relative) }
        }
        committed = true
        if let stage { try? FileManager.default.removeItem(at: stage) }
    }

    /// Removes the staging folder and the folders this object created (when empty), nothing else.
    func discard() {
        if let stage { try? FileManager.default.removeItem(at: stage) }
        stage = nil
        for created in createdFolders.reversed() { rmdir(created.path) }
        createdFolders = []
    }

    // MARK: Private

    private func failure(_ what: String, _ relative: String) -> CommandFailure {
        let reason = String(cString: strerror(errno))
        return CommandFailure("\(what) \(folder.appendingPathComponent(relative).path) (--\(option)): \(reason)")
    }

    /// The staging folder, made on first use (with the destination folder, if missing).
    private func stageFolder() throws -> URL {
        if let stage { return stage }
        try makeFolders(folder, below: nil, record: true)
        Self.removeAbandonedStages(in: folder)
        var template = Array((folder.path + "/" + Self.stagePrefix + Self.owner + "-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else { throw failure("cannot create a staging folder in", ".") }
        let url = URL(fileURLWithPath: Self.string(template))
        stage = url
        return url
    }

    /// Creates `url` and its missing ancestors (below `root`, if given); with `record`, they are
    /// remembered for `discard()`.
    private func makeFolders(_ url: URL, below root: URL?, record: Bool) throws {
        var missing: [URL] = []
        var current = url.standardizedFileURL
        while !Self.exists(current.path), current.path != root?.path {
            missing.append(current)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        for folder in missing.reversed() {
            guard mkdir(folder.path, 0o755) == 0 || errno == EEXIST else {
                throw CommandFailure("cannot create the folder \(folder.path) (--\(option)): \(String(cString: strerror(errno)))")
            }
            if record { createdFolders.append(folder) }
        }
        guard Self.isFolder(url.path) else {
            throw CommandFailure("cannot write into \(url.path) (--\(option)): it is a file, not a folder")
        }
    }

    /// This host and process, as the staging folders name them: HOST-PID.
    static let owner: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count - 1) == 0 ? string(buffer) : "host"
        let safe = String(host.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "_" })
        return "\(safe.isEmpty ? "host" : safe)-\(getpid())"
    }()

    /// Staging folders left in `folder` by killed runs on this host (process gone).
    static func removeAbandonedStages(in folder: URL) {
        let host = owner.prefix { $0 != "-" }
        let prefix = stagePrefix + host + "-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// Whether `name` is a temporary that a b2recast run leaves when killed: a staging folder,
    /// or the names of older versions (`*.partial`, `.NAME.tmp`).
    static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(stagePrefix) || name.hasSuffix(".partial") || (name.hasPrefix(".") && name.hasSuffix(".tmp"))
    }

    /// A NUL-terminated C string as a String.
    static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// A folder (or a symlink to one, as a user may give).
    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

/// write(2), outside the class whose methods are called `write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
