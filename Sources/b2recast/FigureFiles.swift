import Foundation
import PlotCairo
import PublicationPlots
import RecastEngine
import RecastFigures

/// Writing figures to disk, and checking figures/ against a fresh rendering.
enum FigureFiles {
    static var creator: String { "b2recast \(KitVersion.current)" }

    /// The file names of `figures`: `<stem>.pdf` and `<stem>.png`, sorted.
    static func names(_ figures: [NamedFigure]) -> [String] {
        figures.flatMap { ["\($0.stem).pdf", "\($0.stem).png"] }.sorted()
    }

    /// Draws each figure as `<stem>.pdf` and `<stem>.png` into the staged output.
    static func stage(_ figures: [NamedFigure], into output: StagedOutput, dpi: Double) throws {
        try render(figures, dpi: dpi) { try output.temporaryURL(for: $0).path }
    }

    /// Draws each figure in both formats to the path `path(name)` gives; returns the file names.
    @discardableResult
    static func render(_ figures: [NamedFigure], dpi: Double, path: (String) throws -> String) throws -> [String] {
        var names: [String] = []
        for named in figures {
            for format in [FigureFormat.pdf, .png(dpi: dpi)] {
                let name = "\(named.stem).\(format.fileExtension)"
                do {
                    try FigureWriter.write(named.figure, format: format, to: path(name), creator: creator)
                } catch {
                    throw CommandFailure("cannot draw \(name): \(error)")
                }
                names.append(name)
            }
        }
        return names.sorted()
    }

    /// Renders into a temporary folder and lists the differences with `folder`.
    static func differences(_ figures: [NamedFigure], against folder: URL, dpi: Double) throws -> [String] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-figures-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let produced = try render(figures, dpi: dpi) { scratch.appendingPathComponent($0).path }
        var problems: [String] = []
        for name in produced {
            let fresh = try Data(contentsOf: scratch.appendingPathComponent(name))
            guard let onDisk = try? Data(contentsOf: folder.appendingPathComponent(name)) else {
                problems.append("missing: figures/\(name)")
                continue
            }
            if onDisk != fresh { problems.append("differs: figures/\(name)") }
        }
        return problems
    }
}
