import Foundation
import DarkSectorPhysics
import EventGeneration
import HEPDataTables

/// The kit's version, written into every manifest.
public enum KitVersion {
    public static let current = "0.9.0"
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
    /// The dark-matter benchmarks of the L_mu - L_tau recasts (the check value of docs/physics.md 2.1 uses the third, g_chi = 3 g').
    public static let recastModels: [(stem: String, label: String, model: RecastModel)] = [
        ("g_prime_lmu_ltau_closure", "L_mu - L_tau, BF(inv) from the model", .lMuMinusLTau),
        ("g_prime_fully_invisible", "L_mu - L_tau, BF(inv) = 1", .lMuMinusLTau(invisibleBranchingFraction: 1)),
        ("g_prime_dirac_dm_ratio3", "Dirac DM, g_chi = 3 g', m_chi = M_Z'/3",
         .lMuMinusLTau(darkMatter: .diracFermion, coupling: 3, scalesWithGPrime: true, massFraction: 1.0 / 3)),
        ("g_prime_dirac_dm_fixed0p05", "Dirac DM, g_chi = 0.05, m_chi = M_Z'/3",
         .lMuMinusLTau(darkMatter: .diracFermion, coupling: 0.05, scalesWithGPrime: false, massFraction: 1.0 / 3)),
    ]

    /// `crossSections` serves the recasts at a few masses (fresh Monte Carlo in `reproduce`);
    /// `tabulatedCrossSections` (the cached tables of results/cross-sections) the recasts on a
    /// published per-mass grid of thousands of masses. `efficiencyEvents` unweighted events per
    /// point of the derived efficiency maps; `progress` gets each stage in words.
    public static func run(cards: [SearchCard], inputs: [(path: String, bytes: [UInt8])],
                           crossSections: CrossSectionLookup, tabulatedCrossSections: CrossSectionLookup,
                           efficiencyEvents: Int = DerivedEfficiencies.standardEvents, muonAnomaly: MuonAnomaly? = nil,
                           progress: (@Sendable (String) -> Void)? = nil) throws -> [ResultFile] {
        var files: [ResultFile] = []
        var validation = ValidationReport()
        validation.muonAnomaly = muonAnomaly
        for card in cards {
            progress?(card.id)
            var tables: [ResultTable]
            switch card.signature {
            case .muonPairInvisible:
                tables = try invisibleTables(card, crossSections: crossSections, validation: &validation)
            case .darkHiggsstrahlung:
                tables = try darkHiggsTables(card, validation: &validation)
            case .muonPairTauPair:
                tables = try tauTauTables(card, crossSections: crossSections, tabulated: tabulatedCrossSections, validation: &validation)
            }
            tables += try efficiencyTables(card, events: efficiencyEvents, validation: &validation) { done, total in
                progress?("\(card.id): signal efficiencies, \(done) of \(total) points")
            }
            tables += projectionTables(card)
            validation.missing(card)
            files += record(card, tables)
        }
        progress?("L_mu - L_tau combination")
        files += try combinationRecord(cards, crossSections: crossSections, validation: &validation)
        if let muonAnomaly { files += muonAnomalyRecord(muonAnomaly) }
        files.append(ResultFile(path: "VALIDATION.md", contents: validation.markdown()))
        files.sort { $0.path < $1.path }
        files.append(ResultFile(path: "manifest.yaml", contents: manifest(inputs: inputs, outputs: files)))
        return files
    }

    // MARK: Records

    static func reaction(_ signature: SearchSignature) -> String {
        switch signature {
        case .muonPairInvisible: "E+ E- --> MU+ MU- X, X --> INVISIBLE"
        case .muonPairTauPair: "E+ E- --> MU+ MU- X, X --> TAU+ TAU-"
        case .darkHiggsstrahlung: "E+ E- --> A' H', A' --> MU+ MU-"
        }
    }

    static func record(_ card: SearchCard, _ tables: [ResultTable]) -> [ResultFile] {
        let comment = "b2recast \(KitVersion.current): \(card.description) (arXiv:\(card.citation.arXiv)). Every table is derived by "
            + "b2recast from the inputs of paper-data/\(card.id); none is a Belle II table. Recast with b2recast, not by the collaboration."
        return record(folder: card.id, reactions: [reaction(card.signature)], sqrtS: card.sqrtS, comment: comment, tables)
    }

    /// A HEPData record in results/`folder`: submission.yaml, one YAML file per table and its CSV.
    /// Without reactions and sqrt(s) (an input band, not a collision) those keywords are left out.
    static func record(folder: String, reactions: [String], sqrtS: Double?, comment: String, _ tables: [ResultTable]) -> [ResultFile] {
        let entries = tables.map { table in
            var keywords: [HEPDataRecord.Keyword] = [.init(name: "observables", values: table.observables.map { .text($0) })]
            if !reactions.isEmpty { keywords.append(.init(name: "reactions", values: reactions.map { .text($0) })) }
            if let sqrtS { keywords.append(.init(name: "cmenergies", values: [.text(SignificantDigits.format(sqrtS, digits: 4))])) }
            return HEPDataRecord.Entry(
                name: table.name, description: table.description,
                keywords: keywords,
                dataFile: table.fileStem + ".yaml",
                resources: [.init(location: table.fileStem + ".csv", description: "The table as CSV.")], table: table.data)
        }
        let record = HEPDataRecord(information: [.init(key: "comment", value: .string(comment))], entries: entries)
        var files = HEPDataWriter.files(record, digits: resultDigits, errorDigits: 3).map {
            ResultFile(path: "\(folder)/\($0.name)", contents: $0.contents)
        }
        for table in tables {
            files.append(ResultFile(path: "\(folder)/\(table.fileStem).csv", contents: HEPDataWriter.csv(table.data, digits: resultDigits)))
        }
        return files
    }

    /// Significant digits of the numbers in results/.
    static let resultDigits = 6

    static func massVariable(_ masses: [Double], name: String) -> HEPDataTable.Variable {
        HEPDataTable.Variable(name: name, units: "GeV", values: masses)
    }

    static func column(_ name: String, units: String, _ values: [Double], errors: [Double]? = nil,
                       qualifiers: [String: String] = [:]) -> HEPDataTable.Variable {
        var all = qualifiers
        all["provenance"] = "derived"
        return HEPDataTable.Variable(name: name, units: units, qualifiers: all, values: values, errors: errors)
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
        return [ResultTable(name: "Signal rate per unit g'^2", fileStem: ResultName.signalRatePerG2,
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
                name: "sigma x BF(Z' -> invisible) upper limit", fileStem: ResultName.rateLimit,
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
        guard let range = card.massRanges.first else { return [] }
        let masses = stride(from: range.low, through: range.high + 1e-9, by: 0.1).map { ($0 * 10).rounded() / 10 }
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
        var tables = [ResultTable(name: "Signal rate per unit eps^2 alpha_D", fileStem: ResultName.signalRatePerEps2AlphaD,
                                  description: "sigma(e+e- -> A'h') x BF(A' -> mu+mu-) per unit eps^2 alpha_D (BPR cross section, PDG-smoothed R "
                                      + "ratio), for three M_h'/M_A': dividing the official cross-section limit by it gives the eps^2 alpha_D limit. "
                                      + "The official limit tables are not at hand.",
                                  observables: ["SIG"], data: HEPDataTable(independent: [massVariable(masses, name: "M_A'")], dependent: columns))]
        if let map = try darkHiggsBoundMap(card, aPrimeRange: range) { tables.append(map) }
        if let plane = try darkHiggsLimitPlane(card) { tables.append(plane) }
        return tables
    }

    /// With a sigma x BF limit table over (M_A', M_h') in the card: at each of its points, the
    /// eps^2 alpha_D limit, sigma_UL / (sigma x BF per unit eps^2 alpha_D), for every band the table
    /// has; the points where the rate is 0 (M_h' >= M_A', above threshold) get '-'.
    static func darkHiggsLimitPlane(_ card: SearchCard) throws -> ResultTable? {
        guard let table = card.tables.first(where: { $0.quantity == .crossSectionLimit && $0.isTwoMass }) else { return nil }
        let aPrime = table.data.independent[0].values, hPrime = table.data.independent[1].values
        let rates = try zip(aPrime, hPrime).map { a, h in
            try DarkHiggsModel(epsilon: 1, alphaD: 1, darkPhotonMass: a, darkHiggsMass: h).signalCrossSection(sqrtS: card.sqrtS)
        }
        var columns: [HEPDataTable.Variable] = []
        for band in LimitBand.allCases {
            guard let limits = table.column(band) else { continue }
            columns.append(column("eps^2 alpha_D upper limit", units: "", zip(limits, rates).map { $1 > 0 ? $0 / $1 : .nan },
                                  qualifiers: ["limit": band.rawValue, "CL": card.statistics.interval]))
        }
        return ResultTable(
            name: "eps^2 alpha_D upper limit over (M_A', M_h')", fileStem: ResultName.eps2AlphaDLimitPlane,
            description: "At each point of '\(table.name)' (provenance \(table.provenance.rawValue), paper-data/\(card.id)/\(table.file)): the "
                + "sigma x BF limit divided by the kit's sigma(e+e- -> A'h') x BF(A' -> mu+mu-) per unit eps^2 alpha_D (BPR cross section, "
                + "PDG-smoothed R ratio), by b2recast. '-' where the rate is 0 (h' not invisible, or above threshold). `b2recast recast` "
                + "interpolates between the points (docs/two-mass-tables.md).",
            observables: ["UL"],
            data: HEPDataTable(independent: [massVariable(aPrime, name: "M_A'"), massVariable(hPrime, name: "M_h'")], dependent: columns))
    }

    /// eps^2 alpha_D at which sigma(e+e- -> A'h') x BF(A' -> mu mu) equals the smallest published
    /// cross-section limit (the abstract's lower end), at the centres of 0.1 GeV cells over M_A' in
    /// the card's first mass range and M_h' from 0 to 5.6 GeV (the kit's choice: past sqrt(s)/2, the
    /// largest M_h' below both M_A' and sqrt(s) - M_A'). The official limit cannot be below it. Rows
    /// run over M_A' first, then M_h'; '-' where the rate is 0 (M_h' >= M_A' or above threshold).
    static func darkHiggsBoundMap(_ card: SearchCard, aPrimeRange: SearchCard.MassRange) throws -> ResultTable? {
        guard let sigma = card.abstractValues.first(where: { $0.units == "fb" }) else { return nil }
        let step = 0.1
        let xEdges = stride(from: aPrimeRange.low, through: aPrimeRange.high + 1e-9, by: step).map { ($0 * 10).rounded() / 10 }
        let yEdges = stride(from: 0.0, through: 5.6 + 1e-9, by: step).map { ($0 * 10).rounded() / 10 }
        var aPrime: [Double] = [], hPrime: [Double] = [], values: [Double] = []
        for j in 0..<(yEdges.count - 1) {
            for i in 0..<(xEdges.count - 1) {
                let aMass = (xEdges[i] + xEdges[i + 1]) / 2, hMass = (yEdges[j] + yEdges[j + 1]) / 2
                let rate = try DarkHiggsModel(epsilon: 1, alphaD: 1, darkPhotonMass: aMass, darkHiggsMass: hMass).signalCrossSection(sqrtS: card.sqrtS)
                aPrime.append(aMass)
                hPrime.append(hMass)
                values.append(rate > 0 ? sigma.low / rate : .nan)
            }
        }
        return ResultTable(
            name: "eps^2 alpha_D at the smallest published cross-section limit", fileStem: ResultName.eps2AlphaDBoundMap,
            description: "eps^2 alpha_D for which sigma(e+e- -> A'h') x BF(A' -> mu+mu-) (BPR cross section, PDG-smoothed R ratio) equals "
                + "\(SignificantDigits.format(sigma.low, digits: 3)) fb, the smallest cross-section limit of the abstract, at the centres of "
                + "\(SignificantDigits.format(step, digits: 2)) GeV cells in (M_A', M_h'). The official limit at any (M_A', M_h') is a cross section "
                + "at least this small, so the eps^2 alpha_D limit cannot be below this map. '-' where the rate is 0 (M_h' >= M_A', h' not "
                + "invisible, or above threshold).",
            observables: ["UL"],
            data: HEPDataTable(independent: [massVariable(aPrime, name: "M_A'"), massVariable(hPrime, name: "M_h'")],
                               dependent: [column("eps^2 alpha_D", units: "", values,
                                                  qualifiers: ["sigma x BF": "\(SignificantDigits.format(sigma.low, digits: 3)) fb (\(sigma.source))"])]))
    }

    // MARK: tau tau resonance

    /// A benchmark of a tau-tau card: one of the collaboration's coupling-limit tables, with the
    /// kit's name of its reference model, the coupling it quotes, and `unit`, the table's unit in
    /// the kit's (C/Lambda in 1/TeV is 1e-3 / GeV); `stem` (the table file without
    /// `coupling_limit_`) names the results table `coupling_limits_<stem>`.
    public struct Benchmark: Sendable {
        public var name: String
        public var coupling: String
        public var model: RecastModel
        public var unit: Double
        public var stem: String
        public var published: SearchCard.Table
    }

    /// The benchmarks of a card, in the card's order: its coupling-limit tables (a paper's benchmark
    /// models are the ones it quotes coupling limits for).
    public static func benchmarks(_ card: SearchCard) -> [Benchmark] {
        card.tables.compactMap { table in
            guard table.quantity == .couplingLimit, let reference = table.referenceModel else { return nil }
            let inverseTeV = table.data.dependent.first?.units == "TeV^-1"
            let stem = String(table.file.dropLast(table.file.hasSuffix(".yaml") ? 5 : 0))
                .replacingOccurrences(of: "coupling_limit_", with: "")
            let name: String, coupling: String
            switch reference.family {
            case .lMuMinusLTau, .darkHiggs, .vector: (name, coupling) = ("Z' (L_mu - L_tau)", "g'")
            case .scalar: (name, coupling) = reference.couplings == "muonphilic" ? ("muonphilic S", "g_mu") : ("leptophilic S", "xi")
            case .alp: (name, coupling) = ("ALP, C_ll universal, C_gammagamma = 0", inverseTeV ? "C_ll / Lambda [1/TeV]" : "C_ll / Lambda [1/GeV]")
            }
            return Benchmark(name: name, coupling: coupling, model: reference.recastModel, unit: inverseTeV ? 1e-3 : 1, stem: stem, published: table)
        }
    }

    static func tauTauTables(_ card: SearchCard, crossSections: CrossSectionLookup, tabulated: CrossSectionLookup,
                             validation: inout ValidationReport) throws -> [ResultTable] {
        var tables = try tauTauRateTables(card, crossSections: tabulated)
        guard let limits = try ResonanceLimits(card) else {
            validation.tauTauWithoutLimits(card)
            return tables
        }
        tables.append(approximateLikelihoodTable(card, limits))
        tables.append(recomputedLimitTable(card, limits))
        // The same recast without emission from the beams: the kit before issue 14, for the comparison.
        let finalStateOnly: CrossSectionLookup = { lepton, boson, mass in lepton == .electron ? 0 : try tabulated(lepton, boson, mass) }
        var summaries: [ValidationReport.Benchmark] = []
        for benchmark in benchmarks(card) {
            guard let result = try SearchRecast.recast(card, onto: benchmark.model, masses: limits.masses, crossSection: tabulated),
                  let before = try SearchRecast.recast(card, onto: benchmark.model, masses: limits.masses, crossSection: finalStateOnly) else { continue }
            let shares = try result.points.map { point in
                try (try? point.coupling.get()).map { try benchmark.model.model(mass: point.mass, coupling: $0).beamEmissionShare(card.signature, crossSection: tabulated) } ?? .nan
            }
            summaries.append(.init(name: benchmark.name, coupling: benchmark.coupling, unit: benchmark.unit, result: result, before: before,
                                   beamShares: shares, published: benchmark.published))
            tables.append(benchmarkTable(card, benchmark: benchmark, result: result, beamShares: shares, published: benchmark.published))
        }
        validation.tauTau(card, limits: limits, benchmarks: summaries)
        return tables
    }

    /// The benchmarks' rates at unit coupling on the card's simulation grid (what the coupling
    /// limits scale from); none without a simulation block or benchmarks.
    static func tauTauRateTables(_ card: SearchCard, crossSections: CrossSectionLookup) throws -> [ResultTable] {
        let cardBenchmarks = benchmarks(card)
        guard let masses = card.simulation?.grid, !cardBenchmarks.isEmpty else { return [] }
        var columns: [HEPDataTable.Variable] = []
        for benchmark in cardBenchmarks {
            let values = try masses.map { mass in
                try benchmark.model.model(mass: mass, coupling: benchmark.unit)
                    .signalRate(.muonPairTauPair, sqrtS: card.sqrtS, crossSection: crossSections)
            }
            columns.append(column("sigma(e+e- -> mu+mu- X) x BF(X -> tau+tau-)", units: "fb", values,
                                  qualifiers: ["X": benchmark.name, "coupling": "\(benchmark.coupling) = 1"]))
        }
        return [ResultTable(name: "Signal rate at unit coupling", fileStem: ResultName.signalRateUnitCoupling,
                            description: "sigma(e+e- -> mu+mu- X) x BF(X -> tau+tau-) at unit coupling for the three benchmark models, "
                                + "X radiated from the muon line (kit's tree-level Monte Carlo, narrow width). The rate scales as the coupling "
                                + "squared (the BF does not change), so a sigma x BF limit divided by it gives the coupling squared.",
                            observables: ["SIG"], data: HEPDataTable(independent: [massVariable(masses, name: "M_X")], dependent: columns))]
    }

    /// The approximate likelihood itself, per mass: a Gaussian in sigma x BF with the published fit
    /// (value and error) and the width calibrated on the published expected median. A user's own
    /// fitter reads it from the CSV (or `b2recast export likelihood`).
    static func approximateLikelihoodTable(_ card: SearchCard, _ limits: ResonanceLimits) -> ResultTable {
        let columns = [
            column("muHat: fitted sigma x BF", units: "fb", limits.likelihoods.map(\.bestFit), qualifiers: ["provenance of the value": "published (paper-data)"]),
            column("sigma: Gaussian width, the fit error", units: "fb", limits.likelihoods.map(\.error), qualifiers: ["provenance of the value": "published (paper-data)"]),
            column("sigma_cal: Gaussian width calibrated on the published expected median", units: "fb", limits.calibratedErrors,
                   qualifiers: ["definition": "expected median / 1.6449"]),
        ]
        return ResultTable(
            name: "Approximate likelihood per mass", fileStem: ResultName.approximateLikelihood,
            description: "The kit's approximation of the search's likelihood at each mass: -2 ln L(mu) = (mu - muHat)^2 / sigma^2 for the "
                + "signal mu = sigma(e+e- -> mu+mu- X) x BF(X -> tau+tau-) >= 0, in fb. muHat and sigma are the published fit; sigma_cal "
                + "is the width whose CLs expected median equals the published one, which reproduces the published observed limits better "
                + "(VALIDATION.md). A Gaussian is an approximation: docs/tautau-likelihood.md says where it holds.",
            observables: ["SIG"], data: HEPDataTable(independent: [massVariable(limits.masses, name: "M_X")], dependent: columns))
    }

    /// The limits recomputed from the approximate (Gaussian) likelihood, beside the published ones.
    static func recomputedLimitTable(_ card: SearchCard, _ limits: ResonanceLimits) -> ResultTable {
        let observed = limits.observed, expected = limits.expected
        let publishedExpected = limits.published.expected?[2] ?? []
        let bands = ["-2 sigma", "-1 sigma", "median", "+1 sigma", "+2 sigma"]
        var columns = [
            column("fitted sigma x BF / error", units: "", limits.likelihoods.map(\.pull), qualifiers: ["meaning": "local pull muHat / sigma"]),
            column("sigma x BF upper limit", units: "fb", observed, qualifiers: ["limit": "observed", "method": "CLs, Gaussian with the fit error"]),
        ]
        for (index, band) in bands.enumerated() {
            columns.append(column("sigma x BF upper limit", units: "fb", expected[index],
                                  qualifiers: ["limit": "expected \(band)", "method": "CLs, Gaussian with the fit error"]))
        }
        columns += [
            column("sigma x BF upper limit", units: "fb", limits.observedCalibrated,
                   qualifiers: ["limit": "observed", "method": "CLs, Gaussian with the width calibrated on the published expected median"]),
            column("recomputed / published", units: "", zip(observed, limits.published.observed).map { $0 / $1 },
                   qualifiers: ["limit": "observed", "method": "CLs, Gaussian with the fit error"]),
            column("recomputed / published", units: "", zip(expected[2], publishedExpected).map { $0 / $1 },
                   qualifiers: ["limit": "expected median", "method": "CLs, Gaussian with the fit error"]),
            column("recomputed / published", units: "", zip(limits.observedCalibrated, limits.published.observed).map { $0 / $1 },
                   qualifiers: ["limit": "observed", "method": "CLs, Gaussian with the calibrated width"]),
        ]
        let excess = limits.largestExcess(level: 1)
        return ResultTable(
            name: "sigma x BF limits recomputed from the approximate likelihood", fileStem: ResultName.recomputedLimits,
            description: "At each mass of the published grid, a Gaussian likelihood in sigma x BF (fb) built from the published fitted value "
                + "and its error (an approximation: the analysis' likelihood is not published), and the 90% CL limits the kit computes from "
                + "it with CLs (for a Gaussian identical to the Bayesian limit with a flat prior on sigma x BF >= 0); with the width calibrated "
                + "so that the expected median equals the published one; and the ratios to the published limits (\(limits.published.table.file) "
                + "of paper-data/\(card.id)). Largest local excess \(SignificantDigits.format(excess.localSignificance, digits: 3)) sigma at "
                + "\(SignificantDigits.format(excess.mass, digits: 5)) GeV; global \(SignificantDigits.format(excess.globalSignificance, digits: 2)) "
                + "sigma (Gross-Vitells, \(excess.upcrossings) upcrossings of Z = 1). docs/tautau-likelihood.md describes every column.",
            observables: ["UL"], data: HEPDataTable(independent: [massVariable(limits.masses, name: "M_X")], dependent: columns))
    }

    /// One benchmark's coupling limits: observed and expected with bands from the published sigma x
    /// BF limits, the validity of each point, and the collaboration's own coupling limit beside them.
    static func benchmarkTable(_ card: SearchCard, benchmark: Benchmark,
                               result: RecastResult, beamShares: [Double], published: SearchCard.Table?) -> ResultTable {
        let unit = benchmark.unit
        func value(_ result: Result<Double, RecastFailure>?) -> Double { ((try? result?.get()) ?? .nan) / unit }
        let bands = ["-2 sigma", "-1 sigma", "median", "+1 sigma", "+2 sigma"]
        var columns = [column("\(benchmark.coupling) upper limit", units: "", result.points.map { value($0.coupling) },
                              qualifiers: ["limit": "observed", "CL": card.statistics.interval])]
        for (index, band) in bands.enumerated() {
            columns.append(column("\(benchmark.coupling) upper limit", units: "", result.points.map { value($0.expected?[index]) },
                                  qualifiers: ["limit": "expected \(band)", "CL": card.statistics.interval]))
        }
        let validity = result.points.map(\.validity)
        columns += [
            column("Gamma / M", units: "", validity.map { $0?.widthOverMass ?? .nan }, qualifiers: ["at": "observed limit"]),
            column("largest vertex coupling", units: "", validity.map { $0?.largestCoupling ?? .nan }, qualifiers: ["at": "observed limit"]),
        ]
        if benchmark.model.family == .alp {
            columns.append(column("Lambda / max |C_ll|", units: "GeV", validity.map { $0?.eftScale ?? .nan }, qualifiers: ["at": "observed limit"]))
        }
        columns.append(column("lab decay length, largest boost", units: "cm", validity.map { $0?.decayLength ?? .nan }, qualifiers: ["at": "observed limit"]))
        columns.append(column("share of the rate from the beams", units: "", beamShares,
                              qualifiers: ["meaning": "X radiated from e+ or e- (e+e- -> X gamma*, gamma* -> mu+mu-); its efficiency may differ"]))
        for flag in RecastValidity.Flag.allCases {
            columns.append(column("validity flag", units: "", validity.map { v in v.map { $0.flags.contains(flag) ? 1 : 0 } ?? .nan },
                                  qualifiers: ["flag": flag.rawValue, "meaning": "1 = violated at the observed limit, 0 = satisfied"]))
        }
        if let published, let observed = published.column(.observed) {
            let masses = published.data.independent[0].values
            let collaboration = result.points.map { point in LogLinear.value(masses, observed, at: point.mass) ?? .nan }
            columns.append(HEPDataTable.Variable(name: "\(benchmark.coupling) upper limit", units: "",
                                                 qualifiers: ["limit": "observed", "by": "the collaboration", "provenance": "published (paper-data/\(card.id)/\(published.file))"],
                                                 values: collaboration))
            columns.append(column("kit / collaboration", units: "", zip(columns[0].values, collaboration).map { $0 / $1 },
                                  qualifiers: ["limit": "observed"]))
        }
        return ResultTable(
            name: "Coupling limits: \(benchmark.name)", fileStem: ResultName.couplingLimits(benchmark.stem),
            description: "Model: \(benchmark.model.description). The published sigma x BF(X -> tau+tau-) limits (observed, expected median and "
                + "bands; '\(result.referenceTable)' of paper-data/\(card.id)) recast by b2recast at equal signal "
                + "rate with the kit's narrow-width cross sections (the tables of results/cross-sections, log-interpolated; X radiated from the final muons and, where it couples to electrons, from the beams), not by the collaboration. Validity of the equal-rate recast at the "
                + "observed limit (docs/recast-validity.md): Gamma/M > \(SignificantDigits.format(RecastValidity.narrowWidthBound, digits: 2)) is "
                + "'broad', a vertex coupling above sqrt(4 pi) 'non-perturbative', Lambda/|C| below the mass 'outside EFT', a lab decay "
                + "length above \(SignificantDigits.format(RecastValidity.promptDecayLength * 10, digits: 2)) mm 'displaced'. Flagged points "
                + "are kept. The last columns are the collaboration's own limit for this benchmark and the ratio.",
            observables: ["UL"], data: HEPDataTable(independent: [massVariable(result.points.map(\.mass), name: "M_X")], dependent: columns))
    }

    // MARK: Derived efficiencies

    /// The derived efficiency table of a search whose selection the talk gives.
    static func efficiencyTables(_ card: SearchCard, events: Int, validation: inout ValidationReport,
                                 progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [ResultTable] {
        if card.signature == .darkHiggsstrahlung {
            guard let map = try DerivedEfficiencies.darkHiggsMap(card, events: events, progress: progress) else { return [] }
            let data = HEPDataTable(
                independent: [massVariable(map.points.map(\.aPrimeMass), name: "M_A'"), massVariable(map.points.map(\.hPrimeMass), name: "M_h'")],
                dependent: [column("signal efficiency", units: "", map.points.map(\.estimate.efficiency),
                                   errors: map.points.map(\.estimate.error), qualifiers: ["process": "e+e- -> A'h', A' -> mu+mu-, h' invisible"])])
            validation.darkHiggsEfficiency(card, map)
            return [ResultTable(name: "Signal efficiency (kit simulation)", fileStem: ResultName.derivedEfficiency,
                                description: efficiencyDescription(map.selection, events: map.events,
                                    generator: "e+e- -> A'h' with the V* -> V h angular distribution, A' -> mu+mu- isotropic (A' polarisation neglected)"),
                                observables: ["EFF"], data: data)]
        }
        guard let map = try DerivedEfficiencies.radiatedMap(card, events: events, progress: progress) else { return [] }
        let name = map.decay == .tauPair ? "M_X" : "M_Z'"
        var columns: [HEPDataTable.Variable] = []
        for boson in RadiatedBoson.efficiencyMapBosons {
            let estimates = map.estimates[boson] ?? []
            columns.append(column("signal efficiency", units: "", estimates.map(\.efficiency), errors: estimates.map(\.error),
                                  qualifiers: ["X": boson.rawValue]))
        }
        for boson in [RadiatedBoson.scalar, .pseudoscalar] {
            let ratio = map.ratio(boson, to: .vector)
            columns.append(column("efficiency ratio", units: "", ratio.map(\.value), errors: ratio.map(\.error),
                                  qualifiers: ["X": "\(boson.rawValue) / vector"]))
        }
        validation.radiatedEfficiency(card, map)
        let decay = map.decay == .tauPair
            ? "X -> tau+tau- isotropic in the X rest frame, each tau decayed with the PDG 2026 branching fractions (unpolarised, uncorrelated)"
            : "X invisible"
        return [ResultTable(name: "Signal efficiency (kit simulation)", fileStem: ResultName.derivedEfficiency,
                            description: efficiencyDescription(map.selection, events: map.events,
                                generator: "e+e- -> mu+mu- X, X a vector, scalar or pseudoscalar radiated from the muon line (the kit's tree-level generator), \(decay)"),
                            observables: ["EFF"], data: HEPDataTable(independent: [massVariable(map.masses, name: name)], dependent: columns))]
    }

    static func efficiencyDescription(_ selection: any SignalSelection, events: Int, generator: String) -> String {
        "Provenance derived: the kit's simulation of the published selection, not the analysis' efficiency. Generator: \(generator); "
            + "\(events) unweighted events per point at the Y4S beams (7.004 GeV e-, 4.002 GeV e+, 41.5 mrad half crossing angle), "
            + "mapped into the laboratory; acceptance from basf2's acceptance variables; errors binomial. Selection applied: "
            + selection.summary.joined(separator: "; ") + ". Not applied (named factors, each 1): "
            + selection.unpublishedFactors.map { "\($0.name) (\($0.assumption))" }.joined(separator: "; ") + "."
    }

    // MARK: Combination

    /// The L_mu - L_tau benchmarks of the combination: BF(Z' -> invisible) from neutrinos only, then
    /// growing with a Dirac dark-matter state (g_chi / g' = 1, 3, 10 at m_chi = M_Z'/3).
    public static let combinationModels: [(stem: String, label: String, model: RecastModel)] = [
        ("combined_g_prime_no_dark_matter", "no dark matter (BF(inv) from neutrinos)", .lMuMinusLTau),
        ("combined_g_prime_dirac_ratio1", "Dirac DM, g_chi = g', m_chi = M_Z'/3",
         .lMuMinusLTau(darkMatter: .diracFermion, coupling: 1, scalesWithGPrime: true, massFraction: 1.0 / 3)),
        ("combined_g_prime_dirac_ratio3", "Dirac DM, g_chi = 3 g', m_chi = M_Z'/3",
         .lMuMinusLTau(darkMatter: .diracFermion, coupling: 3, scalesWithGPrime: true, massFraction: 1.0 / 3)),
        ("combined_g_prime_dirac_ratio10", "Dirac DM, g_chi = 10 g', m_chi = M_Z'/3",
         .lMuMinusLTau(darkMatter: .diracFermion, coupling: 10, scalesWithGPrime: true, massFraction: 1.0 / 3)),
    ]

    /// The two searches the L_mu - L_tau combination uses: the first mu mu + invisible card with an
    /// L_mu - L_tau coupling limit to recast, and the first mu mu + tau tau card with a sigma x BF limit.
    public static func combinationCards(_ cards: [SearchCard]) -> (invisible: SearchCard, tauTau: SearchCard)? {
        guard let invisible = cards.first(where: { card in
                  card.signature == .muonPairInvisible && SearchRecast.referenceLimit(card)?.model.family == .lMuMinusLTau }),
              let tauTau = cards.first(where: { card in
                  card.signature == .muonPairTauPair && card.tables.contains { $0.quantity == .crossSectionLimit } })
        else { return nil }
        return (invisible, tauTau)
    }

    /// The record results/LMuMinusLTau_combination: the invisible (2018) and tau-tau searches on
    /// the same L_mu - L_tau models (`Combination`), when both cards are there.
    static func combinationRecord(_ cards: [SearchCard], crossSections: CrossSectionLookup,
                                  validation: inout ValidationReport) throws -> [ResultFile] {
        guard let (invisible, tauTau) = combinationCards(cards) else { return [] }
        let masses = stride(from: 1.0, through: 10.0 + 1e-9, by: 0.2).map { ($0 * 10).rounded() / 10 }
        var tables: [ResultTable] = []
        var summaries: [(String, [Combination.Point])] = []
        for (stem, label, model) in combinationModels {
            let points = try Combination.lMuMinusLTau(model: model, invisibleCard: invisible, tauTauCard: tauTau, masses: masses,
                                                      crossSection: crossSections)
            summaries.append((label, points))
            let columns = [
                column("BF(Z' -> invisible)", units: "", points.map(\.invisibleFraction)),
                column("BF(Z' -> tau+ tau-)", units: "", points.map(\.tauFraction)),
                column("g' upper limit", units: "", points.map(\.invisible), qualifiers: ["search": invisible.id, "limit": "observed"]),
                column("g' upper limit", units: "", points.map(\.tauTau), qualifiers: ["search": tauTau.id, "limit": "observed"]),
                column("combined g' upper limit", units: "", points.map(\.combined),
                       qualifiers: ["combination": "union of exclusions, where both searches have a limit"]),
            ]
            tables.append(ResultTable(
                name: "g' upper limits, \(label)", fileStem: stem,
                description: "L_mu - L_tau, \(label): the 2018 Z' -> invisible limit (\(invisible.id)) and the tau-tau search's per-mass "
                    + "sigma x BF limit (\(tauTau.id)), each recast at equal rate with the kit's cross sections, and their union: the smaller "
                    + "coupling at each mass where both searches have a limit. Not a statistical combination: the 2018 likelihood is not at "
                    + "hand. '-' where a search has no limit.",
                observables: ["UL"], data: HEPDataTable(independent: [massVariable(masses, name: "M_Z'")], dependent: columns)))
        }
        validation.combination(summaries)
        let comment = "b2recast \(KitVersion.current): the L_mu - L_tau Z' in its invisible (arXiv:\(invisible.citation.arXiv)) and tau-tau "
            + "(arXiv:\(tauTau.citation.arXiv)) signatures as the dark sector raises BF(Z' -> invisible). Every table is derived by b2recast "
            + "from paper-data/\(invisible.id) and paper-data/\(tauTau.id); none is a Belle II table."
        return record(folder: ResultName.combinationRecord, reactions: [reaction(invisible.signature), reaction(tauTau.signature)],
                      sqrtS: invisible.sqrtS, comment: comment, tables)
    }

    // MARK: (g-2)_mu band

    /// The record results/MuonAnomaly_lmu_ltau: the L_mu - L_tau g' for which the Z' contribution to
    /// a_mu (docs/physics.md 2.3) lies within 1 and 2 standard deviations of the input discrepancy,
    /// at 81 masses from 1 MeV to 10 GeV (log-spaced).
    static func muonAnomalyRecord(_ anomaly: MuonAnomaly) -> [ResultFile] {
        let masses = (0...80).map { Double.exp10(-3 + 4 * Double($0) / 80) }
        var columns: [HEPDataTable.Variable] = []
        for sigmas in [1.0, 2.0] {
            let band = masses.map { anomaly.lMuMinusLTauBand(mass: $0, sigmas: sigmas) }
            for (edge, values) in [("lower", band.map(\.lowerBound)), ("upper", band.map(\.upperBound))] {
                columns.append(column("g'", units: "", values, qualifiers: [
                    "edge": edge, "band": "\(Int(sigmas)) sigma", "input": anomaly.name,
                    "Delta a_mu x 1e9": SignificantDigits.format(anomaly.value * 1e9, digits: 3),
                    "uncertainty x 1e9": SignificantDigits.format(anomaly.uncertainty * 1e9, digits: 2)]))
            }
        }
        let input = "Delta a_mu = (\(SignificantDigits.format(anomaly.value * 1e9, digits: 3)) +- \(SignificantDigits.format(anomaly.uncertainty * 1e9, digits: 2)))e-9 "
            + "(\(anomaly.name); \(anomaly.source))"
        let table = ResultTable(
            name: "(g-2)_mu band of the L_mu - L_tau Z'", fileStem: ResultName.muonAnomalyBand,
            description: "The g' for which the one-loop Z' contribution to a_mu (docs/physics.md 2.3) lies within 1 and 2 standard deviations of "
                + "\(input), read from paper-data/\(MuonAnomaly.path). An input, not a measurement of the kit; the lower edge is 0 where the "
                + "discrepancy minus n sigma is not positive.",
            observables: ["COUPLING"],
            data: HEPDataTable(independent: [massVariable(masses, name: "M_Z'")], dependent: columns))
        let comment = "b2recast \(KitVersion.current): the (g-2)_mu band of the L_mu - L_tau Z' for the input discrepancy \(input). Derived by b2recast; "
            + "not a Belle II table."
        return record(folder: ResultName.muonAnomalyRecord, reactions: [], sqrtS: nil, comment: comment, [table])
    }

    // MARK: Projections

    /// The card's best published limits scaled to the standard luminosities, between the
    /// background-free and the background-dominated (statistics only) regimes.
    static func projectionTables(_ card: SearchCard) -> [ResultTable] {
        let anchors = Projection.anchors(card)
        guard !anchors.isEmpty else { return [] }
        // From the search's own luminosity up.
        let luminosities = [card.luminosity] + Projection.standardLuminosities.filter { $0 > card.luminosity }
        var columns: [HEPDataTable.Variable] = []
        for anchor in anchors {
            let reach = luminosities.map { Projection.reach(anchor, at: $0) }
            let quantity = anchor.quantity.replacingOccurrences(of: " upper limit", with: "")
            for (regime, values) in [("no background", reach.map(\.backgroundFree)),
                                     ("background dominated, statistics only", reach.map(\.backgroundDominated))] {
                columns.append(column("projected \(quantity) upper limit", units: anchor.units, values,
                                      qualifiers: ["regime": regime, "scaled from": "\(SignificantDigits.format(anchor.limit, digits: 3)) at "
                                        + "\(SignificantDigits.format(anchor.luminosity, digits: 3)) fb^-1"]))
            }
        }
        return [ResultTable(
            name: "Projected reach versus luminosity", fileStem: ResultName.projectedReach,
            description: "The search's best published limit (abstract), scaled to other integrated luminosities: by L/L' if the search had "
                + "no background, by sqrt(L/L') if its background dominated without systematics; the limited quantity scales as the cross "
                + "section (cross sections, eps^2 alpha_D) or its square root (g'). Held systematics make the reach flatten beyond these, at a "
                + "luminosity that needs the expected background, which is not at hand. `b2recast project` projects window by window "
                + "where the card has the window tables. 424 fb^-1 is what Belle II recorded by 2022, 50 ab^-1 what it plans (PASCOS 2022 talk).",
            observables: ["UL"],
            data: HEPDataTable(independent: [HEPDataTable.Variable(name: "integrated luminosity", units: "fb^-1", values: luminosities)],
                               dependent: columns))]
    }

    // MARK: Manifest

    /// The manifest: every input with its SHA-256, every output with its SHA-256 and, when
    /// `figures` is given, the names of the figure files reproduce wrote (so that a later run
    /// deletes only files it wrote itself).
    public static func manifest(inputs: [(path: String, bytes: [UInt8])], outputs: [ResultFile], figures: [String]? = nil) -> String {
        var lines = ["# Written by b2recast reproduce; do not edit.", "kit_version: '\(KitVersion.current)'", "inputs:"]
        for input in inputs.sorted(by: { $0.path < $1.path }) {
            lines.append("- {path: '\(input.path)', sha256: '\(SHA256.hex(input.bytes))'}")
        }
        lines.append("outputs:")
        for output in outputs {
            lines.append("- {path: '\(output.path)', sha256: '\(SHA256.hex(Array(output.contents.utf8)))'}")
        }
        if let figures {
            lines.append(figures.isEmpty ? "figures: []" : "figures:")
            lines += figures.map { "- '\($0.replacingOccurrences(of: "'", with: "''"))'" }
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
