import ArgumentParser
import Foundation
import HEPDataTables
import LimitStatistics
import RecastEngine

/// `b2recast export pyhf SEARCH [--mass M]`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a search's likelihood.", subcommands: [Pyhf.self, ExportLikelihood.self])

    struct Pyhf: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pyhf", abstract: "A search's likelihood per mass window as a pyhf JSON workspace.",
            discussion: """
            Needs the card's window tables (efficiency, expected background, observed events; \
            import them with `b2recast import hepdata`). The parameter of interest mu is sigma x BF \
            in fb; each systematic of the talk's table is a normsys (pyhf's default code4). \
            With --mass: the window nearest to M, written to --output (or standard output). \
            Without: every window, one file each, into the --output folder. With --output, \
            standard output gets the kit's asymptotic CLs limits (90% CL) on mu as JSON, to \
            compare with pyhf's.
            """)

        @Argument(help: "The search id (a folder of --paper-data).") var search: String
        @Option(help: "The signal mass in GeV; the nearest window is exported.") var mass: Double?
        @Option(help: "A JSON file (with --mass) or a folder (without).") var output: String?
        @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = "paper-data"

        func run() throws {
            let card: SearchCard
            let windows: [SearchLikelihood.Window]
            do {
                card = try SearchCard.load(folder: URL(fileURLWithPath: paperData).appendingPathComponent(search))
                guard let all = try SearchLikelihood.windows(card) else {
                    throw ValidationError("""
                        \(search) has no likelihood to export: its card lacks the per-window efficiency, expected background \
                        and observed events (missing: \(card.missing.map(\.name).joined(separator: "; "))). Import the \
                        official HEPData record with `b2recast import hepdata`.
                        """)
                }
                windows = all
            } catch let error as InputFileError {
                throw ValidationError(error.description)
            }
            if let mass {
                guard mass.isFinite, let nearest = windows.min(by: { abs($0.mass - mass) < abs($1.mass - mass) }) else {
                    throw ValidationError("--mass must be a finite number of GeV")
                }
                let (json, limit) = try Self.export(nearest)
                guard let output else { return writeStandardOutput(json) }
                try AtomicFile.write(json, to: URL(fileURLWithPath: output))
                writeStandardOutput("[" + Self.summary(nearest, card: card, limit: limit, file: output) + "]\n")
                return
            }
            guard let output else { throw ValidationError("without --mass, give --output FOLDER for one workspace per window") }
            // Every window first, so that a failing one leaves no files behind.
            let exports = try windows.map(Self.export)
            let folder = URL(fileURLWithPath: output)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var summaries: [String] = []
            for (window, (json, limit)) in zip(windows, exports) {
                let file = folder.appendingPathComponent("\(card.id)_\(SignificantDigits.format(window.mass, digits: 4))GeV.json")
                try AtomicFile.write(json, to: file)
                summaries.append(Self.summary(window, card: card, limit: limit, file: file.path))
            }
            writeStandardOutput("[\n" + summaries.joined(separator: ",\n") + "\n]\n")
        }

        /// The workspace of one window and the kit's asymptotic CLs limit on mu (90% CL).
        static func export(_ window: SearchLikelihood.Window) throws -> (json: String, limit: UpperLimit) {
            guard window.model.samples[0].yields[0] > 0 else {
                throw ValidationError("the window at \(window.mass) GeV has zero signal efficiency: mu has no upper limit")
            }
            let limit = try AsymptoticCLsCalculator(model: window.model).upperLimit(options: LimitOptions(confidenceLevel: 0.9))
            let bound = 20 * max(limit.expected?.plus2 ?? limit.observed, limit.observed)
            return (try PyhfWorkspace.json(window.model, signalStrengthUpperBound: bound), limit)
        }

        /// One window's line of the JSON summary: where its workspace is and the kit's limits.
        static func summary(_ window: SearchLikelihood.Window, card: SearchCard, limit: UpperLimit, file: String) -> String {
            let expected = (limit.expected?.ordered ?? []).map { "\($0)" }.joined(separator: ", ")
            return #"{"search": "\#(card.id)", "mass_GeV": \#(window.mass), "workspace": \#(JSONText.quoted(file)), "poi": "mu", "poi_units": "fb", "#
                + #""kit_asymptotic_cls": {"confidence_level": 0.9, "observed": \#(limit.observed), "expected": [\#(expected)]}}"#
        }
    }
}
