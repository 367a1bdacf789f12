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
            import them with `b2recast import hepdata`). The workspace is the search's likelihood \
            as `recast` and `limit --search` use it (docs/statistics.md 6.7): mu is sigma x BF \
            in fb; each systematic of the talk's table is one normsys (pyhf's default code4). \
            With --mass: the window nearest to M, written to --output (or standard output). \
            Without: every window, one file each, into the --output folder, with a manifest of \
            the files written (\(Self.manifestName)); a later export into the folder replaces them \
            and deletes those it no longer writes, and no other file. With --output, standard \
            output gets the kit's asymptotic CLs limits on mu at the card's level as JSON, to \
            compare with pyhf's.
            """)

        @Argument(help: "The search id (a folder of --paper-data).") var search: String
        @Option(parsing: .unconditional, help: "The signal mass in GeV; the window within its half-spacing to the neighbours is exported.")
        var mass: Double?
        @Option(help: "A JSON file (with --mass) or a folder (without).") var output: String?
        @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = DataLocation.input("paper-data")

        /// The list of files an export into a folder wrote, so that the next one deletes only those.
        static let manifestName = "b2recast-pyhf-export.json"
        static let manifestFormat = "b2recast-pyhf-export/1"

        func run() throws {
            // The output location first: a file with --mass, a folder without.
            let staged = try output.map { mass == nil ? try StagedOutput(folder: $0, option: "output") : try StagedOutput(file: $0, option: "output") }
            let previous = try mass == nil ? staged.map(Self.previousFiles) ?? [:] : [:]
            let likelihood = try Self.likelihood(search, paperData: paperData)
            if let mass {
                guard let window = likelihood.window(at: mass) else { throw Self.noWindow(at: mass, in: likelihood) }
                let (json, limit) = try Self.export(window, likelihood)
                guard let output, let staged else { return writeStandardOutput(json) }
                let summary = try Self.summary(window, likelihood, limit: limit, file: output)
                try staged.write(json)
                try staged.commit()
                writeStandardOutput("[" + summary + "]\n")
                return
            }
            guard let output, let staged else { throw ValidationError("without --mass, give --output FOLDER for one workspace per window") }
            // Every window and the summary first, so that a failure leaves the folder as it was.
            let folder = URL(fileURLWithPath: output)
            var files: [(name: String, text: String)] = []
            var summaries: [String] = []
            for window in likelihood.windows {
                let (json, limit) = try Self.export(window, likelihood)
                let name = "\(likelihood.searchID)_\(SignificantDigits.format(window.mass, digits: 4))GeV.json"
                guard !files.contains(where: { $0.name == name }) else {
                    throw CommandFailure("export pyhf: two windows of \(search) have the mass \(SignificantDigits.format(window.mass, digits: 4)) GeV to 4 digits")
                }
                files.append((name, json))
                summaries.append(try Self.summary(window, likelihood, limit: limit, file: folder.appendingPathComponent(name).path))
            }
            let manifest = try Self.manifest(files, search: likelihood.searchID)
            for file in files { try staged.write(file.text, to: file.name) }
            try staged.write(manifest, to: Self.manifestName)
            try staged.commit()
            // The workspaces of an earlier export that this one does not write, if unchanged since.
            let written = Set(files.map(\.name))
            for (name, sha256) in previous.sorted(by: { $0.key < $1.key }) where !written.contains(name) {
                ReproduceCommand.removeFile(name, in: staged.folder, ifSHA256: sha256)
            }
            writeStandardOutput("[\n" + summaries.joined(separator: ",\n") + "\n]\n")
        }

        /// The search's likelihood; a card without window tables or with bad ones is a usage error.
        static func likelihood(_ search: String, paperData: String) throws -> SearchLikelihood {
            let folder = URL(fileURLWithPath: paperData).appendingPathComponent(search)
            do {
                let card = try SearchCard.load(folder: folder)
                guard let likelihood = try SearchLikelihood(card: card, folder: folder.path) else {
                    throw ValidationError("""
                        \(search) has no likelihood to export: its card lacks the per-window efficiency, expected background \
                        and observed events (missing: \(card.missing.map(\.name).joined(separator: "; "))). Import the \
                        official HEPData record with `b2recast import hepdata`.
                        """)
                }
                return likelihood
            } catch let error as InputFileError {
                throw ValidationError(error.description)
            }
        }

        /// The refusal of a mass outside every window, listing the windows.
        static func noWindow(at mass: Double, in likelihood: SearchLikelihood) -> ValidationError {
            let f = InputRange.text
            let masses = likelihood.windows.map(\.mass).sorted()
            let list = masses.count <= 12 ? masses.map(f).joined(separator: ", ")
                : masses.prefix(3).map(f).joined(separator: ", ") + ", ..., " + masses.suffix(3).map(f).joined(separator: ", ")
            return ValidationError("""
                --mass: expected a mass within half a window spacing of one of the \(masses.count) windows \
                (\(f(masses.first ?? 0)) to \(f(masses.last ?? 0)) GeV: \(list)), got \(f(mass))
                """)
        }

        /// The workspace of one window and the kit's asymptotic CLs limit on mu at the card's level.
        static func export(_ window: SearchLikelihood.Window, _ likelihood: SearchLikelihood) throws -> (json: String, limit: UpperLimit) {
            guard window.signalYield > 0 else {
                throw ValidationError("the window at \(window.mass) GeV has zero signal efficiency: mu has no upper limit")
            }
            let limit: UpperLimit
            do {
                limit = try likelihood.upperLimit(window, method: .clsAsymptotic)
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
        static func summary(_ window: SearchLikelihood.Window, _ likelihood: SearchLikelihood, limit: UpperLimit, file: String) throws -> String {
            do {
                return try JSONText.object([
                    ("search", .string(likelihood.searchID)), ("mass_GeV", .exact(window.mass)), ("workspace", .string(file)),
                    ("poi", .string("mu")), ("poi_units", .string("fb")),
                    ("kit_asymptotic_cls", .object([("confidence_level", .exact(limit.confidenceLevel)), ("observed", .exact(limit.observed)),
                                                    ("expected", .array((limit.expected?.ordered ?? []).map { .exact($0) }))])),
                ]).renderedFinite(topLevel: false)
            } catch let error as JSONText.NonFiniteNumber {
                throw CommandFailure("export pyhf, the window at \(window.mass) GeV: \(error)")
            }
        }

        /// The manifest: the files this export writes, with their SHA-256.
        static func manifest(_ files: [(name: String, text: String)], search: String) throws -> String {
            try JSONText.object([
                ("format", .string(manifestFormat)), ("search", .string(search)),
                ("files", .array(files.map { .object([("name", .string($0.name)), ("sha256", .string(SHA256.hex(Array($0.text.utf8))))]) })),
            ]).renderedFinite() + "\n"
        }

        /// The files (name: SHA-256) that an earlier export into the folder wrote, from its
        /// manifest; none without one. A manifest the kit cannot read is refused before any work.
        static func previousFiles(_ output: StagedOutput) throws -> [String: String] {
            let path = output.folder.appendingPathComponent(manifestName).path
            guard StagedOutput.exists(path) else { return [:] }
            do {
                let reader = FieldReader(file: path)
                let root = try reader.mapping(try YAMLInput.decode(try YAMLInput.read(path: path), file: path), field: "(document)",
                                              allowed: ["format", "search", "files"])
                let format = try reader.string(root["format"], field: "format")
                guard format == manifestFormat else {
                    throw InputFileError(file: path, field: "format", expected: "\"\(manifestFormat)\", got \"\(format)\"")
                }
                var files: [String: String] = [:]
                for (index, entry) in try reader.list(root["files"], field: "files").enumerated() {
                    let item = try reader.mapping(entry, field: "files[\(index)]", allowed: ["name", "sha256"])
                    let name = try reader.string(item["name"], field: "files[\(index)].name")
                    // Only plain names in the folder: a manifest never makes the kit delete elsewhere.
                    guard !name.contains("/"), !name.hasPrefix("."), name.hasSuffix(".json"), name != manifestName else {
                        throw InputFileError(file: path, field: "files[\(index)].name", expected: "a workspace file name in the folder, got \"\(name)\"")
                    }
                    files[name] = try reader.string(item["sha256"], field: "files[\(index)].sha256")
                }
                return files
            } catch let error as InputFileError {
                throw ValidationError("--output \(output.folder.path): \(error.description); remove the manifest or choose another folder")
            }
        }
    }
}
