import Foundation

/// Where a HEPData record comes from: a folder holding submission.yaml (or one sub-folder that
/// does, as archives unpack), submission.yaml itself, or the archive hepdata.net serves
/// (.zip, .tar.gz, .tgz, .tar), unpacked with the system's `unzip` or `tar` into a temporary folder.
public struct HEPDataSource {
    /// The folder that holds submission.yaml.
    public let folder: URL
    private let temporary: URL?

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
        let tool: (String, [String])
        let unpacked = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-hepdata-\(UUID().uuidString)")
        if lower.hasSuffix(".zip") {
            tool = ("unzip", ["-q", "-o", path, "-d", unpacked.path])
        } else if lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz") || lower.hasSuffix(".tar") {
            tool = ("tar", ["-xf", path, "-C", unpacked.path])
        } else {
            throw InputFileError(file: path, field: "(file)", expected: "a folder, submission.yaml, or an archive ending in .zip, .tar.gz, .tgz or .tar")
        }
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        do {
            try Self.run(tool.0, tool.1, archive: path)
            folder = try Self.submissionFolder(in: unpacked, named: path)
        } catch {
            try? FileManager.default.removeItem(at: unpacked)
            throw error
        }
        temporary = unpacked
    }

    /// Removes the unpacked archive, if any.
    public func close() {
        if let temporary { try? FileManager.default.removeItem(at: temporary) }
    }

    /// Reads the record.
    public func record() throws -> HEPDataRecord {
        let submission = folder.appendingPathComponent("submission.yaml").path
        return try HEPDataRecord.parse(submission: YAMLInput.read(path: submission), file: submission) { name in
            guard !name.contains("/"), name != "..", !name.isEmpty else {
                throw InputFileError(file: submission, field: "data_file", expected: "a file name in the record's folder (no '/'), got '\(name)'")
            }
            return try YAMLInput.read(path: folder.appendingPathComponent(name).path, expected: "the data file '\(name)' that submission.yaml names")
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

    static func run(_ tool: String, _ arguments: [String], archive: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw InputFileError(file: archive, field: "(archive)", expected: "an archive that `\(tool)` can unpack (\(tool) could not be started: \(error))")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = message.split(separator: "\n").first.map(String.init) ?? "exit \(process.terminationStatus)"
            throw InputFileError(file: archive, field: "(archive)", expected: "an archive that `\(tool)` can unpack (\(detail))")
        }
    }
}
