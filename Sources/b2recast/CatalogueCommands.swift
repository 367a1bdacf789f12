import ArgumentParser
import Foundation
import HEPDataTables
import RecastEngine
import RecastFigures

/// `b2recast searches`: the searches of a paper-data folder (imports included), what is at hand
/// and their status, from the cards.
struct SearchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "searches", abstract: "List the searches of the search cards, their inputs and status.")

    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = "paper-data"
    @Flag(help: "Print one JSON document instead of text.") var json = false

    func run() throws {
        let cards: [SearchCard]
        do {
            cards = try SearchCard.loadAll(paperData: URL(fileURLWithPath: paperData))
        } catch let error as InputFileError {
            throw ValidationError(error.description)
        }
        guard !cards.isEmpty else { throw ValidationError("--paper-data: no search card (a folder with card.yaml) in \(paperData)") }
        let summaries = cards.map(SearchSummary.init)
        if json {
            let entries: [JSONText] = summaries.map { search in
                .object([("id", .string(search.id)), ("title", .string(search.title)), ("arxiv", .string(search.arXiv)),
                         ("journal", .string(search.journal)), ("luminosity_fb", .exact(search.luminosity)),
                         ("interval", .string(search.interval)), ("at_hand", .array(search.atHand.map { .string($0) })),
                         ("missing", .array(search.missing.map { .string($0) })), ("status", .string(search.status))])
            }
            writeStandardOutput(JSONText.object([("searches", .array(entries))]).rendered() + "\n")
            return
        }
        var lines: [String] = []
        for search in summaries {
            lines.append(search.id)
            lines.append("  \(search.title)")
            lines.append("  arXiv:\(search.arXiv), \(search.journal), \(search.luminosity) fb^-1, \(search.interval)")
            lines.append("  at hand: " + (search.atHand.isEmpty ? "nothing" : search.atHand.joined(separator: "; ")))
            if !search.missing.isEmpty { lines.append("  missing: " + search.missing.joined(separator: "; ")) }
            lines.append("  status:  \(search.status)")
        }
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }
}

/// `b2recast reproduce`: the main job. Regenerates results/ (HEPData records, CSV, manifest,
/// VALIDATION.md) from the search cards of paper-data/; `--check` regenerates in memory and fails
/// on any difference with the files on disk.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce", abstract: "Regenerate results/ from paper-data/ (or check that it is up to date).",
        discussion: """
        results/cross-sections is not touched (regenerate it with `b2recast xsec-tables`); \
        reproduce computes the cross sections it needs itself, with seeds fixed by the mass. \
        The figures (PDF and PNG) are drawn from the results into figures/.
        """)

    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = "paper-data"
    @Option(help: "The results folder.") var output = "results"
    @Option(help: "The figures folder.") var figures = "figures"
    @Option(name: .customLong("cross-sections"), help: "The cached cross-section tables, for the recasts on a published per-mass grid.")
    var crossSections = "results/cross-sections"
    @Option(help: "Resolution of the PNG figures, pixels per inch.") var dpi = 200.0
    @Flag(help: "Regenerate in memory and fail on any difference with the results and figures on disk.") var check = false

    func run() throws {
        let paperDataURL = URL(fileURLWithPath: paperData)
        let cards: [SearchCard]
        let inputs: [(path: String, bytes: [UInt8])]
        let tables: CrossSectionTables
        do {
            cards = try SearchCard.loadAll(paperData: paperDataURL)
            let crossSectionsURL = URL(fileURLWithPath: crossSections)
            tables = try CrossSectionTables.load(folder: crossSectionsURL)
            inputs = try Self.inputFiles(paperDataURL) + Self.inputFiles(crossSectionsURL, prefix: "results/cross-sections/")
        } catch let error as InputFileError {
            throw ValidationError(error.description)
        }
        let progress = ProgressLine(label: "reproduce")
        let files = try Reproduction.run(cards: cards, inputs: inputs, crossSections: MonteCarloCrossSections().lookup,
                                         tabulatedCrossSections: tables.lookup) { stage in
            progress.show(stage)
        }
        progress.finish()
        let drawn: [NamedFigure]
        do {
            drawn = try ReproductionFigures.make(cards: cards, results: files)
        } catch {
            throw CommandFailure("cannot build the figures: \(error)")
        }
        let figuresURL = URL(fileURLWithPath: figures)
        let outputURL = URL(fileURLWithPath: output)
        let managed = Set(cards.map(\.id))
        let existing = Self.managedFiles(in: outputURL, folders: managed)
        if check {
            var problems: [String] = []
            for file in files {
                let onDisk = try? String(contentsOf: outputURL.appendingPathComponent(file.path), encoding: .utf8)
                if onDisk == nil { problems.append("missing: \(file.path)") } else if onDisk != file.contents { problems.append("differs: \(file.path)") }
            }
            let produced = Set(files.map(\.path))
            problems += existing.filter { !produced.contains($0) }.map { "stale: \($0)" }
            problems += try FigureFiles.differences(drawn, against: figuresURL, dpi: dpi)
            guard problems.isEmpty else {
                throw CommandFailure("results/ and figures/ are not what `b2recast reproduce` writes (\(problems.count) files):\n  "
                    + problems.joined(separator: "\n  ") + "\nRun `b2recast reproduce` and commit the result.")
            }
            writeStandardOutput("results/ and figures/ are up to date: \(files.count) result files and \(2 * drawn.count) figure files match.\n")
            return
        }
        for file in files {
            let url = outputURL.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(file.contents, to: url)
        }
        let produced = Set(files.map(\.path))
        for stale in existing where !produced.contains(stale) {
            try FileManager.default.removeItem(at: outputURL.appendingPathComponent(stale))
        }
        let figureNames = try FigureFiles.write(drawn, to: figuresURL, dpi: dpi)
        let keep = Set(figureNames)
        for stale in FigureFiles.managed(in: figuresURL) where !keep.contains(stale) {
            try FileManager.default.removeItem(at: figuresURL.appendingPathComponent(stale))
        }
        writeStandardOutput("b2recast reproduce: wrote \(files.count) files to \(output)/ and \(figureNames.count) to \(figures)/ "
            + "from \(cards.count) search cards.\n")
    }

    /// Every file under `root` (paper-data/), as `prefix` + its relative path and its bytes, for the manifest.
    static func inputFiles(_ root: URL, prefix: String = "paper-data/") throws -> [(path: String, bytes: [UInt8])] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var files: [(String, [UInt8])] = []
        for case let relative as String in enumerator {
            let url = root.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files.append((prefix + relative, Array(try Data(contentsOf: url))))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// The files reproduce owns in results/: the search folders, VALIDATION.md and manifest.yaml.
    static func managedFiles(in output: URL, folders: Set<String>) -> [String] {
        var paths: [String] = []
        for name in ["VALIDATION.md", "manifest.yaml"] where FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path) {
            paths.append(name)
        }
        for folder in folders.sorted() {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(folder).path)) ?? []
            paths += files.filter { !$0.hasPrefix(".") }.map { "\(folder)/\($0)" }
        }
        return paths.sorted()
    }
}

/// A failure that is not a usage error: printed as "Error: ..." without the usage text, exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
