import Foundation
import HEPDataTables

/// Where a number comes from (shared/design/DATA-STATUS.md).
public enum Provenance: String, Sendable, CaseIterable, Hashable {
    /// Transcribed from the paper, the talk, or a HEPData record.
    case published
    /// A value or range stated in the paper's abstract.
    case abstract
    /// Read off a published figure by a third party.
    case digitized
    /// Computed from published ingredients; the method is named.
    case derived
}

/// What a card table holds, which fixes its units and allowed range.
public enum TableQuantity: String, Sendable, CaseIterable, Hashable {
    case couplingLimit = "coupling_limit", crossSectionLimit = "cross_section_limit", efficiency,
         background, observed, resolution
    /// A fitted signal cross section (times BF), fb, with its error: negative where the fit pulls
    /// below the background.
    case fittedCrossSection = "fitted_cross_section"

    /// Allowed range of the dependent values.
    var range: ClosedRange<Double> {
        switch self {
        case .efficiency: 0 ... 1
        case .fittedCrossSection: -.greatestFiniteMagnitude ... .greatestFiniteMagnitude
        default: 0 ... .greatestFiniteMagnitude
        }
    }
}

/// Which limit a dependent variable of a limit table holds: its qualifier `limit` (observed when
/// the variable has none). The expected bands are ordered as LikelihoodRecast orders them.
public enum LimitBand: String, Sendable, CaseIterable, Hashable {
    case observed
    case expectedMinus2 = "expected -2 sigma", expectedMinus1 = "expected -1 sigma", expected
    case expectedPlus1 = "expected +1 sigma", expectedPlus2 = "expected +2 sigma"

    /// The expected median and its bands, from -2 sigma to +2 sigma.
    public static let expectedBands: [LimitBand] = [.expectedMinus2, .expectedMinus1, .expected, .expectedPlus1, .expectedPlus2]
}

/// One search as data: citation, conditions, selection and statistics as published, the talk's
/// systematics verbatim, what the abstract states, and the tables at hand with their provenance.
/// Loaded from `paper-data/<id>/card.yaml` (format `b2recast-search-card/1`).
public struct SearchCard: Sendable, Hashable {
    public struct Citation: Sendable, Hashable { public var arXiv, journal, doi: String }
    public struct MassRange: Sendable, Hashable { public var low, high: Double; public var source: String }
    public struct Statistics: Sendable, Hashable { public var interval, method, source: String }
    /// A relative uncertainty in percent: one value or a range "a - b" as the talk prints it.
    public struct Percent: Sendable, Hashable {
        public var low, high: Double
        public init(low: Double, high: Double) {
            self.low = low
            self.high = high
        }
    }
    public struct SystematicEntry: Sendable, Hashable {
        public var source: String
        /// Per region ("all" when the talk does not split by mass).
        public var percent: [String: Percent]
        public var target: String?
        public var note: String?

        public init(source: String, percent: [String: Percent], target: String?, note: String?) {
            self.source = source
            self.percent = percent
            self.target = target
            self.note = note
        }
    }
    public struct AbstractValue: Sendable, Hashable {
        public var quantity: String
        public var low, high: Double
        public var units, condition, source: String
        /// The mass at which `high` holds, when the abstract names one (GeV).
        public var highAt: Double?
    }
    /// The search's records elsewhere, where known: INSPIRE literature id and HEPData record.
    public struct Records: Sendable, Hashable { public var inspire, hepdata: String? }
    /// The model a coupling-limit table refers to, and the card's statement of that assumption:
    /// the L_mu - L_tau Z' with BF(Z' -> invisible) from the model (`nil`) or a fixed value, the
    /// leptophilic or muonphilic scalar, or the ALP with universal lepton couplings.
    public struct ReferenceModel: Sendable, Hashable {
        public var family: RecastModel.Family = .lMuMinusLTau
        public var invisibleBranchingFraction: Double?
        /// `leptophilic` or `muonphilic` for a scalar, `universal` for an ALP.
        public var couplings: String?
        public var statement: String
    }
    /// Where a table file was copied from, when it is a copy of another repository's file.
    public struct Origin: Sendable, Hashable {
        public var repository, path, commit, sha256: String
    }
    public struct Table: Sendable, Hashable {
        public var name, file, source: String
        public var provenance: Provenance
        public var quantity: TableQuantity
        public var referenceModel: ReferenceModel?
        public var origin: Origin?
        /// Masses below this (GeV) are a third party's extrapolation, not the paper's curve
        /// (`extrapolated_below_GeV`): the recast does not use them unless asked to.
        public var extrapolatedBelow: Double?
        public var data: HEPDataTable

        /// The dependent variable holding `band` (qualifier `limit`; a variable without it is the
        /// observed limit).
        public func column(_ band: LimitBand) -> [Double]? {
            data.dependent.first { ($0.qualifier("limit") ?? LimitBand.observed.rawValue) == band.rawValue }?.values
        }

        /// Whether the table is over two masses (docs/two-mass-tables.md).
        public var isTwoMass: Bool { data.independent.count == 2 }

        /// The limit `band` over the two masses, interpolable between the published points; nil
        /// for a table over one mass or without that band, a refusal when its points are not on a grid.
        public func plane(_ band: LimitBand) throws(MassPlane.Refusal) -> MassPlane? {
            guard isTwoMass, let index = data.dependent.firstIndex(where: { ($0.qualifier("limit") ?? LimitBand.observed.rawValue) == band.rawValue }) else {
                return nil
            }
            return try MassPlane(data, column: index)
        }
    }
    public struct Missing: Sendable, Hashable { public var name, reason: String }

    /// The format this kit writes; it also reads `b2recast-search-card/1` (the same card without
    /// `simulation`, `plot_label`, `records` and `high_at_GeV`, which are optional in /2 as well).
    public static let format = "b2recast-search-card/2"
    static let formats = ["b2recast-search-card/1", format]

    public var id, description: String
    public var citation: Citation
    /// sqrt(s), GeV; integrated luminosity, fb^-1.
    public var sqrtS, luminosity: Double
    public var finalState, process, decay: String
    /// The production and decay the search sees.
    public var signature: SearchSignature
    public var limitedQuantity: String
    public var massRanges: [MassRange]
    public var selection: [String]
    public var selectionSource: String
    public var statistics: Statistics
    public var systematicsRegions: [String]
    public var systematics: [SystematicEntry]
    public var abstractValues: [AbstractValue]
    public var tables: [Table]
    public var missing: [Missing]
    public var notes: [String]
    /// How readers name the search on a plot, e.g. "Belle II 2020, 0.28 fb$^{-1}$" (MathText).
    public var plotLabel: String?
    public var records: Records
    /// The kit's simulation of the selection, where the paper or talk gives the cuts.
    public var simulation: SimulationCard?

    /// Loads and validates `folder/card.yaml` and the tables it names.
    public static func load(folder: URL) throws -> SearchCard {
        let path = folder.appendingPathComponent("card.yaml").path
        return try parse(YAMLInput.load(path: path), file: path, folder: folder)
    }

    /// All cards under `paperData`, one per folder holding a card.yaml, sorted by id.
    public static func loadAll(paperData: URL) throws -> [SearchCard] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: paperData.path).sorted() else {
            throw InputFileError(file: paperData.path, field: "(folder)", expected: "a readable folder of search cards (one folder per search, with card.yaml)")
        }
        return try entries.compactMap { name in
            let folder = paperData.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("card.yaml").path) else { return nil }
            return try load(folder: folder)
        }
    }

    static let keys: Set<String> = [
        "format", "id", "description", "citation", "sqrt_s_GeV", "luminosity_fb", "luminosity_source", "final_state",
        "process", "decay", "signature", "limited_quantity", "mass_ranges_GeV", "selection", "background_composition", "statistics",
        "systematics_regions", "systematics_regions_source", "systematics", "systematics_source", "abstract_values",
        "tables", "missing", "notes",
    ]
    static let keysAddedInFormat2: Set<String> = ["simulation", "plot_label", "records"]

    static func parse(_ document: Any?, file: String, folder: URL) throws -> SearchCard {
        let reader = FieldReader(file: file)
        let root = try reader.mapping(document, field: "(document)", allowed: keys.union(keysAddedInFormat2))
        let format = try reader.string(root["format"], field: "format")
        guard formats.contains(format) else {
            throw InputFileError(file: file, field: "format", expected: "one of \(formats) (the versions this kit reads), got \"\(format)\"")
        }
        if format != Self.format, let added = keysAddedInFormat2.sorted().first(where: { root[$0] != nil }) {
            throw InputFileError(file: file, field: added, expected: "no `\(added)` in a \(format) card; set `format: \(Self.format)` to use it")
        }
        let id = try reader.string(root["id"], field: "id")
        guard id == folder.lastPathComponent else {
            throw InputFileError(file: file, field: "id", expected: "the folder name \"\(folder.lastPathComponent)\", got \"\(id)\"")
        }
        let signatureText = try reader.string(root["signature"], field: "signature")
        guard let signature = SearchSignature(rawValue: signatureText) else {
            throw InputFileError(file: file, field: "signature",
                                 expected: "one of \(SearchSignature.allCases.map(\.rawValue)), got \"\(signatureText)\"")
        }
        let citationMap = try reader.mapping(root["citation"], field: "citation", allowed: ["arxiv", "journal", "doi", "doi_source"])
        let citation = Citation(arXiv: try reader.string(citationMap["arxiv"], field: "citation.arxiv"),
                                journal: try reader.string(citationMap["journal"], field: "citation.journal"),
                                doi: try reader.string(citationMap["doi"], field: "citation.doi"))
        let sqrtS = try reader.number(root["sqrt_s_GeV"], field: "sqrt_s_GeV", atLeast: 1, atMost: 20)
        let luminosity = try reader.number(root["luminosity_fb"], field: "luminosity_fb", atLeast: 1e-6)

        let massRanges = try reader.list(root["mass_ranges_GeV"], field: "mass_ranges_GeV").enumerated().map { index, entry in
            let field = "mass_ranges_GeV[\(index)]"
            let item = try reader.mapping(entry, field: field, allowed: ["low", "high", "source"])
            let low = try reader.number(item["low"], field: field + ".low", atLeast: 0, atMost: sqrtS)
            let high = try reader.number(item["high"], field: field + ".high", atLeast: low, atMost: sqrtS)
            return MassRange(low: low, high: high, source: try reader.string(item["source"], field: field + ".source"))
        }

        let selectionMap = try reader.mapping(root["selection"], field: "selection", allowed: ["text", "source"])
        let selection = try reader.list(selectionMap["text"], field: "selection.text").enumerated().map {
            try reader.string($1, field: "selection.text[\($0)]")
        }
        let statisticsMap = try reader.mapping(root["statistics"], field: "statistics", allowed: ["interval", "method", "source"])
        let statistics = Statistics(interval: try reader.string(statisticsMap["interval"], field: "statistics.interval"),
                                    method: try reader.string(statisticsMap["method"], field: "statistics.method"),
                                    source: try reader.string(statisticsMap["source"], field: "statistics.source"))

        let regions = try root["systematics_regions"].map { value in
            try reader.list(value, field: "systematics_regions").enumerated().map { try reader.string($1, field: "systematics_regions[\($0)]") }
        } ?? ["all"]
        let systematics = try reader.list(root["systematics"], field: "systematics").enumerated().map { index, entry in
            let field = "systematics[\(index)]"
            let item = try reader.mapping(entry, field: field, allowed: ["source", "percent", "target", "note"])
            let percentMap = try reader.mapping(item["percent"], field: field + ".percent", allowed: Set(regions))
            var percent: [String: Percent] = [:]
            for region in regions {
                let valueField = field + ".percent." + region
                guard let value = percentMap[region] else {
                    throw InputFileError(file: file, field: valueField, expected: "a value for every region \(regions)")
                }
                if let pair = value as? [Any] {
                    guard pair.count == 2 else { throw InputFileError(file: file, field: valueField, expected: "a number or [low, high]") }
                    let low = try reader.number(pair[0], field: valueField + "[0]", atLeast: 0, atMost: 100)
                    let high = try reader.number(pair[1], field: valueField + "[1]", atLeast: low, atMost: 100)
                    percent[region] = Percent(low: low, high: high)
                } else {
                    let single = try reader.number(value, field: valueField, atLeast: 0, atMost: 100)
                    percent[region] = Percent(low: single, high: single)
                }
            }
            return SystematicEntry(source: try reader.string(item["source"], field: field + ".source"), percent: percent,
                                   target: try item["target"].map { try reader.string($0, field: field + ".target") },
                                   note: try item["note"].map { try reader.string($0, field: field + ".note") })
        }

        let abstractValues = try reader.list(root["abstract_values"], field: "abstract_values").enumerated().map { index, entry in
            let field = "abstract_values[\(index)]"
            let item = try reader.mapping(entry, field: field, allowed: ["quantity", "low", "high", "units", "condition", "source", "high_at_GeV"])
            let low = try reader.number(item["low"], field: field + ".low", atLeast: 0)
            if format != Self.format, item["high_at_GeV"] != nil {
                throw InputFileError(file: file, field: field + ".high_at_GeV", expected: "no `high_at_GeV` in a \(format) card; set `format: \(Self.format)`")
            }
            return AbstractValue(quantity: try reader.string(item["quantity"], field: field + ".quantity"), low: low,
                                 high: try reader.number(item["high"], field: field + ".high", atLeast: low),
                                 units: try reader.string(item["units"], field: field + ".units"),
                                 condition: try reader.string(item["condition"], field: field + ".condition"),
                                 source: try reader.string(item["source"], field: field + ".source"),
                                 highAt: try item["high_at_GeV"].map { try reader.number($0, field: field + ".high_at_GeV", atLeast: 0, atMost: sqrtS) })
        }

        var tables = try reader.list(root["tables"], field: "tables").enumerated().map { index, entry in
            try parseTable(entry, field: "tables[\(index)]", reader: reader, folder: folder, sqrtS: sqrtS)
        }

        var missing = try reader.list(root["missing"], field: "missing").enumerated().map { index, entry in
            let item = try reader.mapping(entry, field: "missing[\(index)]", allowed: ["name", "reason"])
            return Missing(name: try reader.string(item["name"], field: "missing[\(index)].name"),
                           reason: try reader.string(item["reason"], field: "missing[\(index)].reason"))
        }
        // Fields kept for readers only still have to be well formed.
        for key in ["luminosity_source", "systematics_source", "systematics_regions_source"] where root[key] != nil {
            _ = try reader.string(root[key], field: key)
        }
        if let composition = root["background_composition"] {
            for (index, entry) in try reader.list(composition, field: "background_composition").enumerated() {
                let item = try reader.mapping(entry, field: "background_composition[\(index)]", allowed: ["process", "percent"])
                _ = try reader.string(item["process"], field: "background_composition[\(index)].process")
                if let percent = item["percent"] {
                    _ = try reader.number(percent, field: "background_composition[\(index)].percent", atLeast: 0, atMost: 100)
                }
            }
        }
        try mergeImported(folder: folder, sqrtS: sqrtS, tables: &tables, missing: &missing)
        let notes = try root["notes"].map { value in
            try reader.list(value, field: "notes").enumerated().map { try reader.string($1, field: "notes[\($0)]") }
        } ?? []
        var records = Records()
        if let value = root["records"] {
            let item = try reader.mapping(value, field: "records", allowed: ["inspire", "hepdata", "source"])
            _ = try reader.string(item["source"], field: "records.source")
            records.inspire = try item["inspire"].map { try reader.string($0, field: "records.inspire") }
            records.hepdata = try item["hepdata"].map { try reader.string($0, field: "records.hepdata") }
        }
        let simulation = try root["simulation"].map { try SimulationCard.parse($0, reader: reader, signature: signature, sqrtS: sqrtS) }
        if let window = simulation?.recoilWindow, !tables.contains(where: { $0.file == window.resolutionTable && $0.quantity == .resolution }) {
            throw InputFileError(file: file, field: "simulation.selection.recoil_window.resolution_table",
                                 expected: "the file of a `resolution` table of the card, got \"\(window.resolutionTable)\"")
        }

        return SearchCard(
            id: id, description: try reader.string(root["description"], field: "description"), citation: citation,
            sqrtS: sqrtS, luminosity: luminosity, finalState: try reader.string(root["final_state"], field: "final_state"),
            process: try reader.string(root["process"], field: "process"), decay: try reader.string(root["decay"], field: "decay"),
            signature: signature,
            limitedQuantity: try reader.string(root["limited_quantity"], field: "limited_quantity"), massRanges: massRanges,
            selection: selection, selectionSource: try reader.string(selectionMap["source"], field: "selection.source"),
            statistics: statistics, systematicsRegions: regions, systematics: systematics, abstractValues: abstractValues,
            tables: tables, missing: missing, notes: notes,
            plotLabel: try root["plot_label"].map { try reader.string($0, field: "plot_label") }, records: records, simulation: simulation)
    }

    /// The tables `b2recast import hepdata` added (`imported.yaml`, format `b2recast-imported-tables/1`):
    /// appended to the card's tables, and the `missing` entries they fill removed.
    static func mergeImported(folder: URL, sqrtS: Double, tables: inout [Table], missing: inout [Missing]) throws {
        let path = folder.appendingPathComponent(ImportedTables.fileName).path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let reader = FieldReader(file: path)
        let root = try reader.mapping(YAMLInput.load(path: path), field: "(document)", allowed: ["format", "record", "tables", "fills"])
        let format = try reader.string(root["format"], field: "format")
        guard format == ImportedTables.format else {
            throw InputFileError(file: path, field: "format", expected: "\"\(ImportedTables.format)\", got \"\(format)\"")
        }
        _ = try reader.string(root["record"], field: "record")
        for (index, entry) in try reader.list(root["tables"], field: "tables").enumerated() {
            let table = try parseTable(entry, field: "tables[\(index)]", reader: reader, folder: folder, sqrtS: sqrtS)
            guard !tables.contains(where: { $0.name == table.name || $0.file == table.file }) else {
                throw InputFileError(file: path, field: "tables[\(index)]", expected: "a table whose name and file differ from the card's, got '\(table.name)' (\(table.file))")
            }
            tables.append(table)
        }
        for (index, entry) in try reader.list(root["fills"] ?? [Any](), field: "fills").enumerated() {
            let name = try reader.string(entry, field: "fills[\(index)]")
            guard missing.contains(where: { $0.name == name }) else {
                throw InputFileError(file: path, field: "fills[\(index)]", expected: "the name of a 'missing' entry of the card, got '\(name)'")
            }
            missing.removeAll { $0.name == name }
        }
    }

    /// One entry of a card's (or imported.yaml's) table list, with its data file loaded and checked.
    static func parseTable(_ entry: Any, field: String, reader: FieldReader, folder: URL, sqrtS: Double) throws -> Table {
        let file = reader.file
        let item = try reader.mapping(entry, field: field, allowed: ["name", "file", "provenance", "source", "origin", "quantity", "reference_model",
                                                                     "extrapolated_below_GeV"])
        let provenanceText = try reader.string(item["provenance"], field: field + ".provenance")
        guard let provenance = Provenance(rawValue: provenanceText) else {
            throw InputFileError(file: file, field: field + ".provenance",
                                 expected: "one of \(Provenance.allCases.map(\.rawValue)), got \"\(provenanceText)\"")
        }
        let quantityText = try reader.string(item["quantity"], field: field + ".quantity")
        guard let quantity = TableQuantity(rawValue: quantityText) else {
            throw InputFileError(file: file, field: field + ".quantity",
                                 expected: "one of \(TableQuantity.allCases.map(\.rawValue)), got \"\(quantityText)\"")
        }
        let name = try reader.string(item["file"], field: field + ".file")
        let data = try loadTable(folder.appendingPathComponent(name), quantity: quantity, sqrtS: sqrtS)
        var referenceModel: ReferenceModel?
        if let entry = item["reference_model"] {
            let modelField = field + ".reference_model"
            let model = try reader.mapping(entry, field: modelField, allowed: ["family", "invisible_branching_fraction", "couplings", "statement"])
            let familyText = try reader.string(model["family"], field: modelField + ".family")
            let statement = try reader.string(model["statement"], field: modelField + ".statement")
            switch familyText {
            case RecastModel.Family.lMuMinusLTau.rawValue:
                var fraction: Double?
                if let text = model["invisible_branching_fraction"] as? String {
                    guard text == "model" else {
                        throw InputFileError(file: file, field: modelField + ".invisible_branching_fraction", expected: "\"model\" or a number in (0, 1]")
                    }
                } else {
                    fraction = try reader.number(model["invisible_branching_fraction"], field: modelField + ".invisible_branching_fraction",
                                                 atLeast: 1e-6, atMost: 1)
                }
                referenceModel = ReferenceModel(invisibleBranchingFraction: fraction, statement: statement)
            case RecastModel.Family.scalar.rawValue, RecastModel.Family.alp.rawValue:
                let family = RecastModel.Family(rawValue: familyText) ?? .scalar
                let allowed = family == .scalar ? ["leptophilic", "muonphilic"] : ["universal"]
                let couplings = try reader.string(model["couplings"], field: modelField + ".couplings")
                guard allowed.contains(couplings) else {
                    throw InputFileError(file: file, field: modelField + ".couplings", expected: "one of \(allowed), got \"\(couplings)\"")
                }
                referenceModel = ReferenceModel(family: family, couplings: couplings, statement: statement)
            default:
                throw InputFileError(file: file, field: modelField + ".family", expected: "lmu-ltau, scalar or alp, got \"\(familyText)\"")
            }
        }
        let origin = try item["origin"].map { entry in
            let originField = field + ".origin"
            let map = try reader.mapping(entry, field: originField, allowed: ["repository", "path", "commit", "sha256"])
            func hex(_ key: String, count: Int) throws -> String {
                let text = try reader.string(map[key], field: originField + "." + key)
                guard text.count == count, text.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                    throw InputFileError(file: file, field: originField + "." + key, expected: "\(count) lower-case hexadecimal digits, got \"\(text)\"")
                }
                return text
            }
            return Origin(repository: try reader.string(map["repository"], field: originField + ".repository"),
                          path: try reader.string(map["path"], field: originField + ".path"),
                          commit: try hex("commit", count: 40), sha256: try hex("sha256", count: 64))
        }
        guard quantity != .couplingLimit || referenceModel != nil else {
            throw InputFileError(file: file, field: field + ".reference_model", expected: "the model a coupling limit refers to")
        }
        return Table(name: try reader.string(item["name"], field: field + ".name"), file: name,
                     source: try reader.string(item["source"], field: field + ".source"),
                     provenance: provenance, quantity: quantity, referenceModel: referenceModel, origin: origin,
                     extrapolatedBelow: try item["extrapolated_below_GeV"].map {
                         try reader.number($0, field: field + ".extrapolated_below_GeV", atLeast: 0, atMost: sqrtS)
                     }, data: data)
    }

    /// Reads a table file and checks it: mass in GeV, strictly increasing, within [0, sqrt(s)];
    /// dependent values inside the quantity's range.
    static func loadTable(_ url: URL, quantity: TableQuantity, sqrtS: Double) throws -> HEPDataTable {
        let path = url.path
        let table = try HEPDataTable.parse(YAMLInput.load(path: path, expected: "a readable table file named by the card"), file: path)
        try validate(table, file: path, quantity: quantity, sqrtS: sqrtS)
        return table
    }

    /// The checks of a card table; `file` names it in errors. A limit table may have two masses
    /// instead of one (e.g. M_A' and M_h'; docs/two-mass-tables.md 1).
    public static func validate(_ table: HEPDataTable, file path: String, quantity: TableQuantity, sqrtS: Double) throws {
        if table.independent.count == 2, TableQuantity.twoMassQuantities.contains(quantity) {
            try validateTwoMasses(table, file: path, quantity: quantity, sqrtS: sqrtS)
            return
        }
        guard table.independent.count == 1 else {
            throw InputFileError(file: path, field: "independent_variables",
                                 expected: "exactly one independent variable (the mass), or two masses for a "
                                    + "\(TableQuantity.twoMassQuantities.map(\.rawValue).joined(separator: " or ")) table; got \(table.independent.count)")
        }
        let mass = table.independent[0]
        guard !mass.points.isEmpty else { throw InputFileError(file: path, field: "independent_variables[0].values", expected: "at least one value") }
        guard mass.units == "GeV" else {
            throw InputFileError(file: path, field: "independent_variables[0].header.units", expected: "GeV, got \"\(mass.units ?? "no units")\"")
        }
        for index in mass.values.indices {
            let value = mass.values[index]
            guard value >= 0, value <= sqrtS else {
                throw InputFileError(file: path, field: "independent_variables[0].values[\(index)].value",
                                     expected: "a mass between 0 and sqrt(s) = \(sqrtS) GeV, got \(value)")
            }
            if index > 0, value <= mass.values[index - 1] {
                throw InputFileError(file: path, field: "independent_variables[0].values[\(index)].value",
                                     expected: "masses in strictly increasing order, got \(value) after \(mass.values[index - 1])")
            }
        }
        try validateDependent(table, file: path, quantity: quantity)
    }

    static func validateDependent(_ table: HEPDataTable, file path: String, quantity: TableQuantity) throws {
        for (d, variable) in table.dependent.enumerated() {
            for (index, value) in variable.values.enumerated() where !quantity.range.contains(value) {
                throw InputFileError(file: path, field: "dependent_variables[\(d)].values[\(index)].value",
                                     expected: "a \(quantity.rawValue) in \(quantity.range.lowerBound)...\(quantity == .efficiency ? "1" : "inf"), got \(value)")
            }
        }
    }
}
