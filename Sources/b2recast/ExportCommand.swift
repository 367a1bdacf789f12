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
        @Option(parsing: .unconditional, help: "The signal mass in GeV; the window within its half-spacing to the neighbours is exported.")
        var mass: Double?
        @Option(help: "A JSON file (with --mass) or a folder (without).") var output: String?
        @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = DataLocation.input("paper-data")

        func run() throws {
            // The output location first: a file with --mass, a folder without.
            let staged = try output.map { mass == nil ? try StagedOutput(folder: $0, option: "output") : try StagedOutput(file: $0, option: "output") }
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
            try Self.checkObservedCounts(windows, card: card, folder: paperData)
            if let mass {
                let nearest = try Self.window(at: mass, in: windows)
                let (json, limit) = try Self.export(nearest)
                guard let output, let staged else { return writeStandardOutput(json) }
                try staged.write(json)
                try staged.commit()
                writeStandardOutput("[" + (try Self.summary(nearest, card: card, limit: limit, file: output)) + "]\n")
                return
            }
            guard let output, let staged else { throw ValidationError("without --mass, give --output FOLDER for one workspace per window") }
            // Every window first, so that a failing one leaves no files behind.
            let exports = try windows.map(Self.export)
            let folder = URL(fileURLWithPath: output)
            var summaries: [String] = []
            for (window, (json, limit)) in zip(windows, exports) {
                let name = "\(card.id)_\(SignificantDigits.format(window.mass, digits: 4))GeV.json"
                try staged.write(json, to: name)
                summaries.append(try Self.summary(window, card: card, limit: limit, file: folder.appendingPathComponent(name).path))
            }
            try staged.commit()
            writeStandardOutput("[\n" + summaries.joined(separator: ",\n") + "\n]\n")
        }

        /// The window whose mass lies within half the spacing to its neighbours of `mass` (half the
        /// first or last spacing at the ends, so that a mass outside the scanned range is refused
        /// instead of silently exporting the edge window).
        static func window(at mass: Double, in windows: [SearchLikelihood.Window]) throws -> SearchLikelihood.Window {
            let sorted = windows.sorted { $0.mass < $1.mass }
            let f = InputRange.text
            for (index, window) in sorted.enumerated() {
                let below = index > 0 ? window.mass - sorted[index - 1].mass : (index + 1 < sorted.count ? sorted[index + 1].mass - window.mass : 0)
                let above = index + 1 < sorted.count ? sorted[index + 1].mass - window.mass : below
                if mass >= window.mass - below / 2 && mass <= window.mass + above / 2 { return window }
            }
            let masses = sorted.map(\.mass)
            let list = masses.count <= 12 ? masses.map(f).joined(separator: ", ")
                : masses.prefix(3).map(f).joined(separator: ", ") + ", ..., " + masses.suffix(3).map(f).joined(separator: ", ")
            throw ValidationError("""
                --mass: expected a mass within half a window spacing of one of the \(masses.count) windows \
                (\(f(masses.first ?? 0)) to \(f(masses.last ?? 0)) GeV: \(list)), got \(f(mass))
                """)
        }

        /// pyhf's Poisson needs whole observed counts: a table with 2.5 events is refused, naming
        /// the card's table file and the window.
        static func checkObservedCounts(_ windows: [SearchLikelihood.Window], card: SearchCard, folder: String) throws {
            let file = card.tables.first { $0.quantity == .observed }.map { "\(folder)/\(card.id)/\($0.file)" } ?? "\(folder)/\(card.id)"
            for window in windows {
                let observed = window.model.observed[0]
                guard observed == observed.rounded() else {
                    throw ValidationError(InputFileError(file: file, field: "observed events at \(window.mass) GeV",
                                                         expected: "a whole number of events, got \(observed)").description)
                }
            }
        }

        /// The workspace of one window and the kit's asymptotic CLs limit on mu (90% CL).
        static func export(_ window: SearchLikelihood.Window) throws -> (json: String, limit: UpperLimit) {
            guard window.model.samples[0].yields[0] > 0 else {
                throw ValidationError("the window at \(window.mass) GeV has zero signal efficiency: mu has no upper limit")
            }
            let limit: UpperLimit
            do {
                limit = try AsymptoticCLsCalculator(model: window.model).upperLimit(options: LimitOptions(confidenceLevel: 0.9))
            } catch let error as LimitStatisticsError {
                throw CommandFailure("export pyhf, the window at \(window.mass) GeV: \(error)")
            }
            let bound = 20 * max(limit.expected?.plus2 ?? limit.observed, limit.observed)
            do {
                return (try PyhfWorkspace.json(window.model, signalStrengthUpperBound: bound), limit)
            } catch let error as JSONText.NonFiniteNumber {
                throw CommandFailure("export pyhf, the window at \(window.mass) GeV: \(error)")
            }
        }

        /// One window's line of the JSON summary: where its workspace is and the kit's limits.
        static func summary(_ window: SearchLikelihood.Window, card: SearchCard, limit: UpperLimit, file: String) throws -> String {
            try JSONText.object([
                ("search", .string(card.id)), ("mass_GeV", .exact(window.mass)), ("workspace", .string(file)),
                ("poi", .string("mu")), ("poi_units", .string("fb")),
                ("kit_asymptotic_cls", .object([("confidence_level", .exact(0.9)), ("observed", .exact(limit.observed)),
                                                ("expected", .array((limit.expected?.ordered ?? []).map { .exact($0) }))])),
            ]).renderedFinite(topLevel: false)
        }
    }
}
