import DarkSectorPhysics
import EventGeneration
import HEPDataTables

/// The kit's version, written into every manifest.
public enum KitVersion {
    public static let current = "0.6.0"
}

/// A file of results/, as a path relative to results/ and its text.
public struct ResultFile: Sendable, Hashable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// One table of a search's results record.
struct ResultTable {
    var name: String
    var fileStem: String
    var description: String
    var observables: [String]
    var data: HEPDataTable
}

/// `b2recast reproduce`: from the search cards to results/ (HEPData records, CSV, manifest,
/// VALIDATION.md). Everything is computed here; cross sections come from `crossSections`, whose
/// seeds depend only on the mass, so the output is the same bytes on every run.
public enum Reproduction {
    /// The dark-matter benchmarks of the L_mu - L_tau recasts (physics.md 2.1 uses the first).
    static let recastModels: [(stem: String, label: String, model: RecastModel)] = [
        ("g_prime_lmu_ltau_closure", "L_mu - L_tau, BF(inv) from the model", .lMuMinusLTau),
        ("g_prime_fully_invisible", "L_mu - L_tau, BF(inv) = 1", .lMuMinusLTau(invisibleBranchingFraction: 1)),
        ("g_prime_dirac_dm_ratio3", "Dirac DM, g_chi = 3 g', m_chi = M_Z'/3",
         .lMuMinusLTau(darkMatter: .diracFermion, coupling: 3, scalesWithGPrime: true, massFraction: 1.0 / 3)),
        ("g_prime_dirac_dm_fixed0p05", "Dirac DM, g_chi = 0.05, m_chi = M_Z'/3",
         .lMuMinusLTau(darkMatter: .diracFermion, coupling: 0.05, scalesWithGPrime: false, massFraction: 1.0 / 3)),
    ]

    public static func run(cards: [SearchCard], inputs: [(path: String, bytes: [UInt8])],
                           crossSections: CrossSectionLookup, progress: ((String) -> Void)? = nil) throws -> [ResultFile] {
        var files: [ResultFile] = []
        var validation = ValidationReport()
        for card in cards {
            progress?(card.id)
            let tables: [ResultTable]
            switch card.signature {
            case .muonPairInvisible:
                tables = try invisibleTables(card, crossSections: crossSections, validation: &validation)
            case .darkHiggsstrahlung:
                tables = try darkHiggsTables(card, validation: &validation)
            case .muonPairTauPair:
                tables = try tauTauTables(card, crossSections: crossSections, validation: &validation)
            }
            validation.missing(card)
            files += record(card, tables)
        }
        files.append(ResultFile(path: "VALIDATION.md", contents: validation.markdown()))
        files.sort { $0.path < $1.path }
        files.append(ResultFile(path: "manifest.yaml", contents: manifest(inputs: inputs, outputs: files)))
        return files
    }

    // MARK: Records

    static func record(_ card: SearchCard, _ tables: [ResultTable]) -> [ResultFile] {
        let reaction: String
        switch card.signature {
        case .muonPairInvisible: reaction = "E+ E- --> MU+ MU- X, X --> INVISIBLE"
        case .muonPairTauPair: reaction = "E+ E- --> MU+ MU- X, X --> TAU+ TAU-"
        case .darkHiggsstrahlung: reaction = "E+ E- --> A' H', A' --> MU+ MU-"
        }
        let entries = tables.map { table in
            HEPDataRecord.Entry(
                name: table.name, description: table.description,
                keywords: [.init(name: "observables", values: table.observables.map { .text($0) }),
                           .init(name: "reactions", values: [.text(reaction)]),
                           .init(name: "cmenergies", values: [.text(SignificantDigits.format(card.sqrtS, digits: 4))])],
                dataFile: table.fileStem + ".yaml",
                resources: [.init(location: table.fileStem + ".csv", description: "The table as CSV.")], table: table.data)
        }
        let comment = "b2recast \(KitVersion.current): \(card.description) (arXiv:\(card.citation.arXiv)). Every table is derived by "
            + "b2recast from the inputs of paper-data/\(card.id); none is a Belle II table. Recast with b2recast, not by the collaboration."
        let record = HEPDataRecord(information: [.init(key: "comment", value: .string(comment))], entries: entries)
        var files = HEPDataWriter.files(record, digits: resultDigits, errorDigits: 3).map {
            ResultFile(path: "\(card.id)/\($0.name)", contents: $0.contents)
        }
        for table in tables {
            files.append(ResultFile(path: "\(card.id)/\(table.fileStem).csv", contents: HEPDataWriter.csv(table.data, digits: resultDigits)))
        }
        return files
    }

    /// Significant digits of the numbers in results/.
    static let resultDigits = 6

    static func massVariable(_ masses: [Double], name: String) -> HEPDataTable.Variable {
        HEPDataTable.Variable(name: name, units: "GeV", values: masses)
    }

    static func column(_ name: String, units: String, _ values: [Double], qualifiers: [String: String] = [:]) -> HEPDataTable.Variable {
        var all = qualifiers
        all["provenance"] = "derived"
        return HEPDataTable.Variable(name: name, units: units, qualifiers: all, values: values)
    }

    // MARK: mu mu + invisible

    static func invisibleTables(_ card: SearchCard, crossSections: CrossSectionLookup,
                                validation: inout ValidationReport) throws -> [ResultTable] {
        if let (reference, _) = SearchRecast.referenceLimit(card) {
            return try recastTables(card, reference: reference, crossSections: crossSections, validation: &validation)
        }
        // No limit at hand: the rates the search limits, per g'^2, for both BF assumptions.
        let masses = stride(from: 0.5, through: 8.0, by: 0.5).map { $0 }
        var perModel: [Double] = [], perInvisible: [Double] = []
        for mass in masses {
            let sigma = try crossSections(.muon, .vector, mass)
            perModel.append(sigma * LMuMinusLTauBoson(mass: mass, coupling: 1).decayTable().invisibleBranchingFraction)
            perInvisible.append(sigma)
        }
        validation.zPrime2022(card, masses: masses, perModel: perModel, perInvisible: perInvisible)
        let data = HEPDataTable(independent: [massVariable(masses, name: "M_Z'")], dependent: [
            column("sigma(e+e- -> mu+mu- Z') x BF(Z' -> inv) / g'^2", units: "fb", perModel, qualifiers: ["BF(Z' -> inv)": "L_mu - L_tau model"]),
            column("sigma(e+e- -> mu+mu- Z') x BF(Z' -> inv) / g'^2", units: "fb", perInvisible, qualifiers: ["BF(Z' -> inv)": "1"]),
        ])
        return [ResultTable(name: "Signal rate per unit g'^2", fileStem: "signal_rate_per_g2",
                            description: "The rate this search limits, per unit coupling squared, from the kit's tree-level cross section: "
                                + "dividing the official sigma x BF limit by it gives g'^2. The official limit table is not at hand.",
                            observables: ["SIG"], data: data)]
    }

    static func recastTables(_ card: SearchCard, reference: SearchCard.Table, crossSections: CrossSectionLookup,
                             validation: inout ValidationReport) throws -> [ResultTable] {
        var tables: [ResultTable] = []
        var results: [RecastResult] = []
        for (stem, label, model) in recastModels {
            guard let result = try SearchRecast.recast(card, onto: model, crossSection: crossSections) else { continue }
            results.append(result)
            let couplings = result.points.map { (try? $0.coupling.get()) ?? .nan }
            tables.append(ResultTable(
                name: "\(model.couplingName) upper limit, \(label)", fileStem: stem,
                description: "Model: \(model.description). Recast by b2recast of '\(reference.name)' (provenance \(reference.provenance.rawValue)) at equal signal rate "
                    + "sigma(e+e- -> mu+mu- Z') x BF(Z' -> invisible), with the kit's cross sections. \(result.referenceStatement)",
                observables: ["UL"],
                data: HEPDataTable(independent: [massVariable(result.points.map(\.mass), name: "M_Z'")],
                                   dependent: [column("\(model.couplingName) upper limit", units: "", couplings,
                                                      qualifiers: ["CL": card.statistics.interval])])))
        }
        if let first = results.first {
            tables.insert(ResultTable(
                name: "sigma x BF(Z' -> invisible) upper limit", fileStem: "rate_limit",
                description: "The rate limit implied by '\(reference.name)' for its reference model, with the kit's cross sections: "
                    + "sigma(e+e- -> mu+mu- Z'; g') x BF(Z' -> invisible) at the published g'.",
                observables: ["UL"],
                data: HEPDataTable(independent: [massVariable(first.points.map(\.mass), name: "M_Z'")],
                                   dependent: [column("sigma x BF upper limit", units: "fb", first.points.map(\.rateLimit),
                                                      qualifiers: ["CL": card.statistics.interval])])), at: 0)
        }
        validation.zPrime2018(card, reference: reference, results: results)
        return tables
    }

    // MARK: Dark Higgsstrahlung

    static func darkHiggsTables(_ card: SearchCard, validation: inout ValidationReport) throws -> [ResultTable] {
        let masses = stride(from: 4.0, through: 9.7 + 1e-9, by: 0.1).map { ($0 * 10).rounded() / 10 }
        let ratios = [0.05, 0.25, 0.5]
        var columns: [HEPDataTable.Variable] = []
        for ratio in ratios {
            var values: [Double] = []
            for mass in masses {
                let model = DarkHiggsModel(epsilon: 1, alphaD: 1, darkPhotonMass: mass, darkHiggsMass: ratio * mass)
                values.append(try model.signalCrossSection(sqrtS: card.sqrtS))
            }
            columns.append(column("sigma(e+e- -> A'h') x BF(A' -> mu mu) / (eps^2 alpha_D)", units: "fb", values,
                                  qualifiers: ["M_h'/M_A'": SignificantDigits.format(ratio, digits: 2)]))
        }
        try validation.darkHiggs(card)
        return [ResultTable(name: "Signal rate per unit eps^2 alpha_D", fileStem: "signal_rate_per_eps2_alphaD",
                            description: "sigma(e+e- -> A'h') x BF(A' -> mu+mu-) per unit eps^2 alpha_D (BPR cross section, PDG-smoothed R "
                                + "ratio), for three M_h'/M_A': dividing the official cross-section limit by it gives the eps^2 alpha_D limit. "
                                + "The official limit tables are not at hand.",
                            observables: ["SIG"], data: HEPDataTable(independent: [massVariable(masses, name: "M_A'")], dependent: columns))]
    }

    // MARK: tau tau resonance

    /// The benchmark models of the tau-tau search at unit coupling: Z' (g' = 1), leptophilic S
    /// (xi = 1) and the talk's ALP (C_ee = C_mumu = C_tautau, C_gammagamma = 0, C / Lambda = 1/TeV).
    static let tauTauModels: [(name: String, coupling: String, model: RecastModel, unit: Double)] = [
        ("Z' (L_mu - L_tau)", "g'", .lMuMinusLTau, 1),
        ("leptophilic S", "xi", .leptophilicScalar, 1),
        ("ALP, C_ll universal, C_gammagamma = 0", "C_ll / Lambda [1/GeV]", .alp(), 1e-3),
    ]

    static func tauTauTables(_ card: SearchCard, crossSections: CrossSectionLookup,
                             validation: inout ValidationReport) throws -> [ResultTable] {
        let masses = stride(from: 3.6, through: 10.0 + 1e-9, by: 0.4).map { ($0 * 10).rounded() / 10 }
        var columns: [HEPDataTable.Variable] = []
        var rates: [[Double]] = []
        for benchmark in tauTauModels {
            let values = try masses.map { mass in
                try benchmark.model.model(mass: mass, coupling: benchmark.unit)
                    .signalRate(.muonPairTauPair, sqrtS: card.sqrtS, crossSection: crossSections)
            }
            rates.append(values)
            columns.append(column("sigma(e+e- -> mu+mu- X) x BF(X -> tau+tau-)", units: "fb", values,
                                  qualifiers: ["X": benchmark.name, "coupling": "\(benchmark.coupling) = \(benchmark.unit)"]))
        }
        validation.tauTau(card, masses: masses, rates: rates)
        return [ResultTable(name: "Signal rate at unit coupling", fileStem: "signal_rate_unit_coupling",
                            description: "sigma(e+e- -> mu+mu- X) x BF(X -> tau+tau-) at unit coupling for the three benchmark models, "
                                + "X radiated from the muon line (kit's tree-level Monte Carlo). The rate scales as the coupling squared "
                                + "(the BF does not change), so the official limit divided by it gives the coupling squared. The official "
                                + "limit table is not at hand.",
                            observables: ["SIG"], data: HEPDataTable(independent: [massVariable(masses, name: "M_X")], dependent: columns))]
    }

    // MARK: Manifest

    static func manifest(inputs: [(path: String, bytes: [UInt8])], outputs: [ResultFile]) -> String {
        var lines = ["# Written by b2recast reproduce; do not edit.", "kit_version: '\(KitVersion.current)'", "inputs:"]
        for input in inputs.sorted(by: { $0.path < $1.path }) {
            lines.append("- {path: '\(input.path)', sha256: '\(SHA256.hex(input.bytes))'}")
        }
        lines.append("outputs:")
        for output in outputs {
            lines.append("- {path: '\(output.path)', sha256: '\(SHA256.hex(Array(output.contents.utf8)))'}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Reads back a table that `reproduce` wrote (HEPData YAML).
public enum ResultTableReader {
    public static func parse(yaml: String, file: String) throws -> HEPDataTable {
        try HEPDataTable.parse(YAMLInput.decode(yaml, file: file), file: file)
    }
}
