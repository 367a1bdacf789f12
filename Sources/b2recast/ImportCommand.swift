import ArgumentParser
import Foundation
import HEPDataTables
import RecastEngine

/// `b2recast import hepdata RECORD --search ID [--map FILE]`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import official tables into the search cards.", subcommands: [HEPData.self])

    struct HEPData: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hepdata", abstract: "Fill a search card's tables from an official HEPData record.",
            discussion: """
            RECORD is a folder with submission.yaml or the archive hepdata.net serves (.zip, .tar.gz). \
            The map (default paper-data/ID/hepdata-map.yaml) says which record table fills which card \
            table; see the README. The tables are written next to card.yaml with provenance 'published', \
            listed in imported.yaml; nothing is written if any check fails.
            """)

        @Argument(help: "The HEPData record: a folder or an archive.") var record: String
        @Option(help: "The search card to fill.") var search: String
        @Option(help: "The map file (default: the card folder's hepdata-map.yaml).") var map: String?
        @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = "paper-data"

        func run() throws {
            let cardFolder = URL(fileURLWithPath: paperData).appendingPathComponent(search)
            do {
                let card = try SearchCard.load(folder: cardFolder)
                let source = try HEPDataSource(path: record)
                defer { source.close() }
                let official = try source.record()
                let mapPath = map ?? cardFolder.appendingPathComponent("hepdata-map.yaml").path
                guard FileManager.default.fileExists(atPath: mapPath) else {
                    throw ValidationError("""
                        no map: \(mapPath) does not exist. Write one (format \(HEPDataImport.mapFormat), see the README) \
                        naming which of the record's tables fill the card: \(official.entries.map { "'\($0.name)'" }.joined(separator: ", ")).
                        """)
                }
                let recordName = URL(fileURLWithPath: record).lastPathComponent
                let files = try HEPDataImport.files(record: official, recordName: recordName, map: HEPDataImport.loadMap(path: mapPath), card: card)
                let updated = try Self.checkStaged(files, cardFolder: cardFolder)
                // imported.yaml last: until it is renamed into place, the card does not name the new tables.
                let staged = try StagedOutput(folder: cardFolder.path, option: "paper-data")
                for file in files { try staged.write(file.contents, to: file.name) }
                try staged.commit()
                var lines = ["imported \(files.count - 1) table\(files.count == 2 ? "" : "s") from \(recordName) into \(cardFolder.path):"]
                lines += updated.tables.filter { $0.provenance == .published && files.map(\.name).contains($0.file) }
                    .map { table in
                        let points = table.data.independent[0].points.count
                        let over = table.isTwoMass ? "\(points) (\(table.data.independent.map(\.name).joined(separator: ", "))) points" : "\(points) masses"
                        return "  \(table.file): \(table.name) (\(table.quantity.rawValue), \(over))"
                    }
                writeStandardOutput(lines.joined(separator: "\n") + "\n")
            } catch let error as InputFileError {
                throw ValidationError(error.description)
            }
        }

        /// Loads the card from a copy of its folder with the new files, so that nothing reaches
        /// the real folder unless the whole card still reads; returns the card as it will read.
        static func checkStaged(_ files: [(name: String, contents: String)], cardFolder: URL) throws -> SearchCard {
            let stage = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-import-\(UUID().uuidString)")
            let staged = stage.appendingPathComponent(cardFolder.lastPathComponent)
            defer { try? FileManager.default.removeItem(at: stage) }
            try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: cardFolder, to: staged)
            for file in files { try Data(file.contents.utf8).write(to: staged.appendingPathComponent(file.name)) }
            do {
                return try SearchCard.load(folder: staged)
            } catch var error as InputFileError {
                error.file = error.file.replacingOccurrences(of: staged.path, with: cardFolder.path)
                throw error
            }
        }
    }
}
