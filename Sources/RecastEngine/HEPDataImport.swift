import Foundation
import HEPDataTables

/// The file in a card's folder that lists the tables imported from an official HEPData record.
public enum ImportedTables {
    public static let fileName = "imported.yaml"
    public static let format = "b2recast-imported-tables/1"
}

/// `b2recast import hepdata`: fills a search card's tables from an official HEPData record, as a
/// map file says (format `b2recast-hepdata-map/1`):
///
///     format: b2recast-hepdata-map/1
///     search: <the id of the card to fill, as `b2recast searches` lists it>
///     tables:
///       - record_table: "Figure 3a"      # the table's name in submission.yaml
///         column: "Observed limit"       # the dependent variable (optional if there is one)
///         file: g_prime_observed.yaml    # written into the card's folder
///         name: "g' observed upper limit" # the card table's name
///         quantity: coupling_limit
///         units: ""                      # expected units of the column (optional)
///         reference_model: {family: lmu-ltau, invisible_branching_fraction: model, statement: "..."}
///         fills: "g' limits versus M_Z' (both BF assumptions)"  # a 'missing' entry of the card (optional)
///
/// Each table is checked as a card table (one independent variable, the mass in GeV, strictly
/// increasing, inside [0, sqrt(s)], or for a limit two masses in GeV with no pair twice, as the
/// dark Higgsstrahlung limits over (M_A', M_h'), docs/two-mass-tables.md 4; values in the
/// quantity's range; the expected units), and the
/// whole card is loaded again from a staging copy before anything is written: a mismatch is an
/// error naming the record, the table and the field, and leaves the card untouched.
public enum HEPDataImport {
    public static let mapFormat = "b2recast-hepdata-map/1"

    public struct MapEntry: Sendable {
        public var recordTable: String
        public var column: String?
        public var file, name: String
        public var quantity: TableQuantity
        public var units: String?
        public var referenceModel: YAMLValue?
        public var fills: String?
    }

    public struct Map: Sendable {
        public var search: String
        public var entries: [MapEntry]
    }

    /// Reads and checks a map file.
    public static func loadMap(path: String) throws -> Map {
        let document = try YAMLReader.document(YAMLInput.read(path: path), file: path)
        let reader = FieldReader(file: path)
        let root = try reader.mapping(document.anyValue, field: "(document)", allowed: ["format", "search", "tables"])
        let format = try reader.string(root["format"], field: "format")
        guard format == mapFormat else { throw InputFileError(file: path, field: "format", expected: "\"\(mapFormat)\", got \"\(format)\"") }
        guard case let .mapping(pairs) = document, case let .sequence(rawTables)? = pairs.first(where: { $0.key == "tables" })?.value else {
            throw InputFileError(file: path, field: "tables", expected: "a list of tables")
        }
        var files: Set<String> = []
        let entries = try reader.list(root["tables"], field: "tables").enumerated().map { index, entry in
            let field = "tables[\(index)]"
            let item = try reader.mapping(entry, field: field, allowed: ["record_table", "column", "file", "name", "quantity", "units", "reference_model", "fills"])
            let quantityText = try reader.string(item["quantity"], field: field + ".quantity")
            guard let quantity = TableQuantity(rawValue: quantityText) else {
                throw InputFileError(file: path, field: field + ".quantity", expected: "one of \(TableQuantity.allCases.map(\.rawValue)), got \"\(quantityText)\"")
            }
            let file = try reader.string(item["file"], field: field + ".file")
            guard file.hasSuffix(".yaml"), !file.contains("/"), file != "card.yaml", file != ImportedTables.fileName else {
                throw InputFileError(file: path, field: field + ".file", expected: "a new .yaml file name in the card's folder (not card.yaml or \(ImportedTables.fileName)), got '\(file)'")
            }
            guard files.insert(file).inserted else { throw InputFileError(file: path, field: field + ".file", expected: "a file not used by another table, got '\(file)'") }
            var referenceModel: YAMLValue?
            if case let .mapping(tablePairs) = rawTables[index] { referenceModel = tablePairs.first { $0.key == "reference_model" }?.value }
            return MapEntry(recordTable: try reader.string(item["record_table"], field: field + ".record_table"),
                            column: try item["column"].map { try reader.string($0, field: field + ".column") },
                            file: file, name: try reader.string(item["name"], field: field + ".name"), quantity: quantity,
                            units: try item["units"].map { try reader.string($0, field: field + ".units") },
                            referenceModel: referenceModel,
                            fills: try item["fills"].map { try reader.string($0, field: field + ".fills") })
        }
        guard !entries.isEmpty else { throw InputFileError(file: path, field: "tables", expected: "at least one table") }
        return Map(search: try reader.string(root["search"], field: "search"), entries: entries)
    }

    /// The files to write into the card's folder: one table file per map entry and imported.yaml.
    /// `recordName` names the record in provenance and errors.
    public static func files(record: HEPDataRecord, recordName: String, map: Map, card: SearchCard) throws -> [(name: String, contents: String)] {
        guard map.search == card.id else {
            throw InputFileError(file: "map", field: "search", expected: "the search being imported, \(card.id), got \(map.search)")
        }
        var files: [(name: String, contents: String)] = []
        var entries: [String] = []
        for (index, entry) in map.entries.enumerated() {
            let at = "\(recordName), table '\(entry.recordTable)'"
            guard let recordEntry = record.entry(named: entry.recordTable) else {
                throw InputFileError(file: recordName, field: "tables[\(index)].record_table",
                                     expected: "a table of the record, one of \(record.entries.map(\.name)); got '\(entry.recordTable)'")
            }
            let source = recordEntry.table
            let columns = entry.column.map { name in source.dependent.filter { $0.name == name } } ?? source.dependent
            guard columns.count == 1 else {
                throw InputFileError(file: at, field: "dependent_variables",
                                     expected: entry.column.map { "one column named '\($0)', found \(columns.count); columns: \(source.dependent.map(\.name))" }
                                         ?? "one dependent variable, or 'column' in the map to choose among \(source.dependent.map(\.name))")
            }
            if let units = entry.units, (columns[0].units ?? "") != units {
                throw InputFileError(file: at, field: "dependent_variables '\(columns[0].name)'.header.units",
                                     expected: "'\(units)' as the map says, got '\(columns[0].units ?? "")'")
            }
            let table = HEPDataTable(independent: source.independent, dependent: columns)
            try SearchCard.validate(table, file: at, quantity: entry.quantity, sqrtS: card.sqrtS)
            files.append((entry.file, HEPDataWriter.table(table)))
            var fields = [
                "name: \(HEPDataWriter.quoted(entry.name))", "file: \(HEPDataWriter.quoted(entry.file))", "provenance: published",
                "source: \(HEPDataWriter.quoted("HEPData record \(recordName), table '\(entry.recordTable)', column '\(columns[0].name)'"))",
                "quantity: \(entry.quantity.rawValue)",
            ]
            if let model = entry.referenceModel { fields.append("reference_model: \(HEPDataWriter.flow(model))") }
            entries.append("  - {" + fields.joined(separator: ", ") + "}")
        }
        let fills = map.entries.compactMap(\.fills)
        let imported = ["# Written by b2recast import hepdata; do not edit.", "format: \(ImportedTables.format)",
                        "record: \(HEPDataWriter.quoted(recordName))", "tables:"] + entries
            + ["fills: [\(fills.map(HEPDataWriter.quoted).joined(separator: ", "))]"]
        files.append((ImportedTables.fileName, imported.joined(separator: "\n") + "\n"))
        return files
    }
}
