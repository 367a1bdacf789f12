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

    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = DataLocation.input("paper-data")
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
            let entries: [JSONText] = zip(cards, summaries).map { card, search in
                var records: [(String, JSONText)] = []
                if let inspire = card.records.inspire { records.append(("inspire", .string(inspire))) }
                if let hepdata = card.records.hepdata { records.append(("hepdata", .string(hepdata))) }
                return .object([("id", .string(search.id)), ("title", .string(search.title)), ("arxiv", .string(search.arXiv)),
                                ("journal", .string(search.journal)), ("records", .object(records)),
                                ("signature", .string(card.signature.rawValue)), ("luminosity_fb", .exact(search.luminosity)),
                                ("interval", .string(search.interval)),
                                ("simulated_selection", card.simulation.map { .string($0.kind.rawValue) } ?? .null),
                                ("at_hand", .array(search.atHand.map { .string($0) })),
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
            if let card = cards.first(where: { $0.id == search.id }), card.records.inspire != nil || card.records.hepdata != nil {
                lines.append("  records: " + [card.records.inspire.map { "INSPIRE \($0)" }, card.records.hepdata.map { "HEPData \($0)" }]
                    .compactMap { $0 }.joined(separator: ", "))
            }
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

    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = DataLocation.input("paper-data")
    @Option(help: "The results folder.") var output = "results"
    @Option(help: "The figures folder.") var figures = "figures"
    @Option(name: .customLong("cross-sections"), help: "The cached cross-section tables, for the recasts on a published per-mass grid.")
    var crossSections = DataLocation.input("results/cross-sections")
    @Option(help: "Resolution of the PNG figures, pixels per inch.") var dpi = 200.0
    @Flag(help: "Regenerate in memory and fail on any difference with the results and figures on disk.") var check = false

    func run() throws {
        // Every option and folder before any work: a refusal changes nothing on disk.
        try InputRange.dpi.check(dpi, option: "dpi")
        let resultsOutput = try StagedOutput(folder: output, option: "output")
        let figuresOutput = try StagedOutput(folder: figures, option: "figures")
        let paperDataURL = URL(fileURLWithPath: paperData)
        guard StagedOutput.isFolder(paperData) else { throw ValidationError("--paper-data \(paperData): no such folder") }
        let cards: [SearchCard]
        let inputs: [(path: String, bytes: [UInt8])]
        let tables: CrossSectionTables
        let muonAnomaly: MuonAnomaly?
        do {
            cards = try SearchCard.loadAll(paperData: paperDataURL)
            muonAnomaly = try MuonAnomaly.load(paperData: paperDataURL)
            guard !cards.isEmpty else {
                throw ValidationError("--paper-data \(paperData): no search cards (no folder in it holds a card.yaml); nothing was written")
            }
            let crossSectionsURL = URL(fileURLWithPath: crossSections)
            tables = try CrossSectionTables.load(folder: crossSectionsURL)
            inputs = try Self.inputFiles(paperDataURL) + Self.inputFiles(crossSectionsURL, prefix: "results/cross-sections/")
        } catch let error as InputFileError {
            throw ValidationError(error.description)
        }
        let progress = ProgressLine(label: "reproduce")
        var files = try Reproduction.run(cards: cards, inputs: inputs, crossSections: MonteCarloCrossSections().lookup,
                                         tabulatedCrossSections: tables.lookup, muonAnomaly: muonAnomaly) { stage in
            progress.show(stage)
        }
        progress.finish()
        let drawn: [NamedFigure]
        do {
            drawn = try ReproductionFigures.make(cards: cards, results: files)
        } catch {
            throw CommandFailure("cannot build the figures: \(error)")
        }
        // The manifest also lists the figure files, so that a later run deletes only its own.
        let figureNames = FigureFiles.names(drawn)
        files = files.filter { $0.path != "manifest.yaml" }
        files.append(ResultFile(path: "manifest.yaml", contents: Reproduction.manifest(inputs: inputs, outputs: files, figures: figureNames)))
        let figuresURL = URL(fileURLWithPath: figures)
        let outputURL = URL(fileURLWithPath: output)
        let previous = Self.previousOutputs(outputURL)
        let produced = Set(files.map(\.path))
        if check {
            var problems: [String] = []
            for file in files {
                let onDisk = try? String(contentsOf: outputURL.appendingPathComponent(file.path), encoding: .utf8)
                if onDisk == nil { problems.append("missing: \(file.path)") } else if onDisk != file.contents { problems.append("differs: \(file.path)") }
            }
            let existing = Self.managedFiles(in: outputURL, folders: Set(cards.map(\.id)))
            problems += existing.filter { !produced.contains($0) }.map { "stale: \($0)" }
            problems += try FigureFiles.differences(drawn, against: figuresURL, dpi: dpi)
            problems += previous.figures.filter { !figureNames.contains($0) && StagedOutput.exists(figuresURL.appendingPathComponent($0).path) }
                .map { "stale: figures/\($0)" }
            problems += Self.temporaries(in: outputURL, label: output) + Self.temporaries(in: figuresURL, label: figures)
            guard problems.isEmpty else {
                throw CommandFailure("results/ and figures/ are not what `b2recast reproduce` writes (\(problems.count) files):\n  "
                    + problems.joined(separator: "\n  ") + "\nRun `b2recast reproduce` and commit the result.")
            }
            writeStandardOutput("results/ and figures/ are up to date: \(files.count) result files and \(figureNames.count) figure files match.\n")
            return
        }
        // Everything is staged before the first old file is replaced.
        for file in files { try resultsOutput.write(file.contents, to: file.path) }
        try FigureFiles.stage(drawn, into: figuresOutput, dpi: dpi)
        // Results and figures as one commit (a signal waits until it is done), then the files an
        // earlier reproduce wrote (its manifest's lists) that this one does not.
        try StagedOutput.commit([resultsOutput, figuresOutput]) {
            for stale in previous.outputs where !produced.contains(stale.path) { Self.removeFile(stale.path, in: outputURL, ifSHA256: stale.sha256) }
            for stale in previous.figures where !figureNames.contains(stale) { Self.removeFile(stale, in: figuresURL) }
        }
        writeStandardOutput("b2recast reproduce: wrote \(files.count) files to \(output)/ and \(figureNames.count) to \(figures)/ "
            + "from \(cards.count) search cards.\n")
    }

    /// The outputs (with their SHA-256) and figure files that the manifest in `output` lists
    /// (what an earlier run wrote); only relative paths that stay inside their folder. Empty
    /// without a readable manifest.
    static func previousOutputs(_ output: URL) -> (outputs: [(path: String, sha256: String)], figures: [String]) {
        let file = output.appendingPathComponent("manifest.yaml").path
        guard let text = try? YAMLInput.read(path: file), let root = (try? YAMLInput.decode(text, file: file)) as? [String: Any] else {
            return ([], [])
        }
        func inside(_ path: String) -> Bool {
            !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/", omittingEmptySubsequences: false)
                .contains { $0.isEmpty || $0 == "." || $0 == ".." }
        }
        let outputs = ((root["outputs"] as? [Any]) ?? []).compactMap { entry -> (path: String, sha256: String)? in
            guard let item = entry as? [String: Any], let path = item["path"] as? String, let sha256 = item["sha256"] as? String, inside(path) else {
                return nil
            }
            return (path, sha256)
        }
        let figures = ((root["figures"] as? [Any]) ?? []).compactMap { $0 as? String }
            .filter { inside($0) && !$0.contains("/") && ($0.hasSuffix(".pdf") || $0.hasSuffix(".png")) }
        return (outputs, figures)
    }

    /// Deletes `relative` in `folder` if it is a plain file reached through real folders (no
    /// symlinks) and, given `ifSHA256`, still holds the bytes with that hash (what was written).
    static func removeFile(_ relative: String, in folder: URL, ifSHA256 sha256: String? = nil) {
        var path = folder.path
        for component in relative.split(separator: "/").dropLast() {
            path += "/" + component
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return }
        }
        let file = folder.appendingPathComponent(relative)
        var info = stat()
        guard lstat(file.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        if let sha256 {
            guard let data = FileManager.default.contents(atPath: file.path), SHA256.hex(Array(data)) == sha256 else { return }
        }
        unlink(file.path)
        if relative.contains("/") { rmdir(file.deletingLastPathComponent().path) }
    }

    /// Temporaries that a killed run left in `folder` and its sub-folders (one level).
    static func temporaries(in folder: URL, label: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var found = names.filter(StagedOutput.isTemporary).map { "temporary left by an interrupted run: \(label)/\($0)" }
        for name in names.sorted() where !StagedOutput.isTemporary(name) && StagedOutput.isFolder(folder.appendingPathComponent(name).path) {
            let inner = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(name).path)) ?? []
            found += inner.filter(StagedOutput.isTemporary).sorted().map { "temporary left by an interrupted run: \(label)/\(name)/\($0)" }
        }
        return found.sorted()
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
