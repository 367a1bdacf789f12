import ArgumentParser
import Foundation
import HEPDataTables

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
///    Before the first rename it writes the list of the staged files into the staging folder
///    (`.b2recast-commit`, itself made by a rename): the commit journal.
/// 4. Without a commit (an error, a thrown exit), the object removes its staging folder and the
///    destination folders it created, and nothing else.
///
/// Interruptions. The staging folder and the destination folders it creates are registered in
/// `InterruptCleanup`: SIGINT, SIGTERM or SIGHUP (`Signals`) remove them and leave the old
/// outputs byte-identical. A commit runs under the cleanup lock, so a signal that arrives during
/// the renames waits until they are all done: a commit, once begun, completes. `commit(_:)`
/// commits several outputs (reproduce's results and figures) as one.
///
/// SIGKILL cannot wait. A run killed with it leaves one hidden staging folder,
/// `.b2recast-staging-HOST-PID-XXXXXX`, and the old outputs intact; `reproduce --check`
/// reports it. The next run on the same host that writes into that folder, once process PID is
/// gone, removes it, except when it holds a commit journal (the kill came during the renames):
/// then it rolls the commit forward, renaming the files still staged into place, so that the
/// folder holds the whole killed run's output rather than a mix (roll-forward, not roll-back:
/// the renamed files no longer have an old version to return to).
final class StagedOutput {
    /// The destination folder.
    let folder: URL
    /// The file name of a single-file output (`init(file:)`).
    private(set) var fileName = ""
    private let option: String
    private var stage: URL?
    private var createdFolders: [URL] = []
    /// The `InterruptCleanup` tokens of the staging folder and the created folders.
    private var cleanupTokens: [Int] = []
    private var entries: [(relative: String, temporary: URL)] = []
    private var committed = false

    static let stagePrefix = ".b2recast-staging-"
    /// The commit journal's name in a staging folder (no output may be named like it).
    static let journalName = ".b2recast-commit"

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
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\n"), !relative.hasPrefix(Self.journalName),
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
    func commit() throws { try Self.commit([self]) }

    /// Commits `outputs` as one: the journals of all are written first, then the renames, all
    /// under the cleanup lock (a signal waits until they are done), and then `after` (reproduce
    /// removes the files of its earlier run that this one no longer writes).
    static func commit(_ outputs: [StagedOutput], after: () -> Void = {}) throws {
        try InterruptCleanup.shared.critical {
            for output in outputs { try output.writeJournal() }
            for output in outputs { try output.renameIntoPlace() }
            after()
        }
    }

    /// Removes the staging folder and the folders this object created (when empty), nothing else.
    func discard() {
        InterruptCleanup.shared.critical {
            if let stage { try? FileManager.default.removeItem(at: stage) }
            stage = nil
            for created in createdFolders.reversed() { rmdir(created.path) }
            createdFolders = []
            unregister()
        }
    }

    // MARK: Commit

    /// The list of the staged files, one relative path a line, as `.b2recast-commit` in the
    /// staging folder (written under another name, then renamed: it is whole or absent).
    private func writeJournal() throws {
        guard let stage, !entries.isEmpty else { return }
        let text = entries.map(\.relative).joined(separator: "\n") + "\n"
        let partial = stage.appendingPathComponent(Self.journalName + ".partial")
        let descriptor = open(partial.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot write the commit journal in", stage.lastPathComponent) }
        let bytes = Array(text.utf8)
        let count = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard count == bytes.count, rename(partial.path, stage.appendingPathComponent(Self.journalName).path) == 0 else {
            throw failure("cannot write the commit journal in", stage.lastPathComponent)
        }
    }

    private func renameIntoPlace() throws {
        for (relative, temporary) in entries {
            let target = folder.appendingPathComponent(relative)
            try makeFolders(target.deletingLastPathComponent(), below: folder, record: true)
            guard rename(temporary.path, target.path) == 0 else { throw failure("cannot replace", relative) }
        }
        committed = true
        if let stage { try? FileManager.default.removeItem(at: stage) }
        stage = nil
        unregister()
    }

    private func unregister() {
        for token in cleanupTokens { InterruptCleanup.shared.remove(token) }
        cleanupTokens = []
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
        // Made and registered under the lock: an interruption never misses it.
        return try InterruptCleanup.shared.critical {
            let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
            guard made != nil else { throw failure("cannot create a staging folder in", ".") }
            let url = URL(fileURLWithPath: Self.string(template))
            stage = url
            cleanupTokens.append(InterruptCleanup.shared.add(.tree(url.path)))
            return url
        }
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
            try InterruptCleanup.shared.critical {
                guard mkdir(folder.path, 0o755) == 0 || errno == EEXIST else {
                    throw CommandFailure("cannot create the folder \(folder.path) (--\(option)): \(String(cString: strerror(errno)))")
                }
                if record && !committed {
                    createdFolders.append(folder)
                    cleanupTokens.append(InterruptCleanup.shared.add(.emptyFolder(folder.path)))
                }
            }
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

    /// Staging folders left in `folder` by killed runs on this host (process gone): removed, or,
    /// with a commit journal, rolled forward first.
    static func removeAbandonedStages(in folder: URL) {
        let host = owner.prefix { $0 != "-" }
        let prefix = stagePrefix + host + "-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            let stage = folder.appendingPathComponent(name)
            rollForward(stage, into: folder)
            try? FileManager.default.removeItem(at: stage)
        }
    }

    /// Completes the commit of a killed run: each file its journal lists and that is still in
    /// the staging folder (as a regular file, under real folders) is renamed into place.
    static func rollForward(_ stage: URL, into folder: URL) {
        let journal = stage.appendingPathComponent(journalName).path
        guard isRegularFile(journal), let data = FileManager.default.contents(atPath: journal) else { return }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let components = line.split(separator: "/", omittingEmptySubsequences: false)
            guard !line.hasPrefix("/"), !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { continue }
            let relative = String(line)
            let staged = stage.appendingPathComponent(relative), target = folder.appendingPathComponent(relative)
            guard isRegularFile(staged.path) else { continue }
            var parent = folder
            var insideRealFolders = true
            for component in components.dropLast() {
                parent = parent.appendingPathComponent(String(component))
                if !exists(parent.path) { mkdir(parent.path, 0o755) }
                var info = stat()
                if lstat(parent.path, &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR { insideRealFolders = false; break }
            }
            if insideRealFolders { rename(staged.path, target.path) }
        }
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
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
