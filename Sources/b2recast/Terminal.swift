import Foundation

/// Where progress goes: a self-overwriting line on standard error when it is a terminal and
/// CI is not set; nothing otherwise (pipes, files, CI logs stay clean). Safe to update from
/// several threads (a lock serialises the writes).
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let label: String
    private var lastCount = -1
    private var lastWidth = 0
    private let lock = NSLock()

    init(label: String) {
        self.label = label
        enabled = isatty(FileHandle.standardError.fileDescriptor) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    func update(_ count: Int, unit: String) {
        guard enabled else { return }
        lock.withLock {
            guard count != lastCount else { return }
            lastCount = count
            FileHandle.standardError.write(Data("\r\(label): \(count) \(unit)".utf8))
        }
    }

    /// The current stage in words, replacing what the line showed before.
    func show(_ stage: String) {
        guard enabled else { return }
        lock.withLock {
            let text = "\(label): \(stage)"
            let padding = String(repeating: " ", count: Swift.max(0, lastWidth - text.count))
            lastWidth = text.count
            lastCount = 0
            FileHandle.standardError.write(Data("\r\(text)\(padding)".utf8))
        }
    }

    func finish() {
        guard enabled else { return }
        lock.withLock {
            guard lastCount >= 0 else { return }
            let width = Swift.max(label.count + 32, lastWidth)
            FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: width) + "\r").utf8))
        }
    }
}

/// Writes text to standard output in one call, after all computing is done, so that a failure
/// leaves no partial output.
func writeStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
