import Foundation

/// Where the kit's input folders (paper-data/, results/cross-sections, results/, examples/) are,
/// so that the binary works from any directory: an explicit option wins; otherwise the folder
/// under $B2RECAST_DATA when that is set; otherwise the folder in the current directory; otherwise
/// the folder in the repository the binary was built from. Outputs (reproduce --output, --figures,
/// xsec-tables --output) stay relative to the current directory.
enum DataLocation {
    static let environmentVariable = "B2RECAST_DATA"

    /// The repository this binary was compiled from (this file is Sources/b2recast/ in it).
    static let buildRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The default path of the input folder `relative` ("paper-data", "results/cross-sections", ...).
    static func input(_ relative: String) -> String {
        if let root = ProcessInfo.processInfo.environment[environmentVariable], !root.isEmpty {
            return URL(fileURLWithPath: root).appendingPathComponent(relative).path
        }
        if FileManager.default.fileExists(atPath: relative) { return relative }
        let built = buildRoot.appendingPathComponent(relative).path
        return FileManager.default.fileExists(atPath: built) ? built : relative
    }
}
