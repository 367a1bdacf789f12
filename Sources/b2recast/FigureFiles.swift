import Foundation
import PlotCairo
import PublicationPlots
import RecastEngine
import RecastFigures

/// Writing figures to disk, and checking figures/ against a fresh rendering.
enum FigureFiles {
    static var creator: String { "b2recast \(KitVersion.current)" }

    /// Writes each figure as `<stem>.pdf` and `<stem>.png` into `folder`; returns the file names.
    static func write(_ figures: [NamedFigure], to folder: URL, dpi: Double) throws -> [String] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var names: [String] = []
        for named in figures {
            for format in [FigureFormat.pdf, .png(dpi: dpi)] {
                let name = "\(named.stem).\(format.fileExtension)"
                do {
                    try FigureWriter.write(named.figure, format: format, to: folder.appendingPathComponent(name).path, creator: creator)
                } catch {
                    throw CommandFailure("cannot draw \(name): \(error)")
                }
                names.append(name)
            }
        }
        return names.sorted()
    }

    /// The figure files reproduce owns in `folder` (every PDF and PNG).
    static func managed(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { ($0.hasSuffix(".pdf") || $0.hasSuffix(".png")) && !$0.hasPrefix(".") }.sorted()
    }

    /// Renders into a temporary folder and lists the differences with `folder`.
    static func differences(_ figures: [NamedFigure], against folder: URL, dpi: Double) throws -> [String] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-figures-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let produced = try write(figures, to: scratch, dpi: dpi)
        var problems: [String] = []
        for name in produced {
            let fresh = try Data(contentsOf: scratch.appendingPathComponent(name))
            guard let onDisk = try? Data(contentsOf: folder.appendingPathComponent(name)) else {
                problems.append("missing: figures/\(name)")
                continue
            }
            if onDisk != fresh { problems.append("differs: figures/\(name)") }
        }
        let producedSet = Set(produced)
        problems += managed(in: folder).filter { !producedSet.contains($0) }.map { "stale: figures/\($0)" }
        return problems
    }
}
