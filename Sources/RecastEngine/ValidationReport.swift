import DarkSectorPhysics
import EventGeneration
import HEPDataTables

/// results/VALIDATION.md: every published number at hand beside the kit's number, with the
/// assumptions, and every official table that is missing here.
struct ValidationReport {
    private var sections: [String] = []
    private var missingLines: [String] = []

    static func f(_ x: Double, _ digits: Int = 4) -> String { SignificantDigits.format(x, digits: digits) }
    static func percent(_ x: Double) -> String { (x >= 0 ? "+" : "") + SignificantDigits.format(100 * x, digits: 2) + " %" }

    mutating func missing(_ card: SearchCard) {
        for item in card.missing { missingLines.append("| \(card.id) | \(item.name) | \(item.reason) |") }
    }

    // MARK: Z' -> invisible, 2018

    mutating func zPrime2018(_ card: SearchCard, reference: SearchCard.Table, results: [RecastResult]) {
        let masses = reference.data.independent[0].values, published = reference.data.dependent[0].values
        var lines = ["## \(card.id) (arXiv:\(card.citation.arXiv))", "",
                     "Reference: \(reference.name), provenance `\(reference.provenance.rawValue)` (\(reference.source)).",
                     reference.referenceModel?.statement ?? "", ""]
        if let closure = results.first {
            let differences = zip(closure.points, published).map { point, g in ((try? point.coupling.get()) ?? .nan) / g - 1 }
            let largest = differences.map(abs).max() ?? .nan
            lines += ["**Closure.** The digitized g' curve, turned into a sigma x BF(Z' -> invisible) limit with the kit's cross sections "
                + "and solved back for g' in the same model: largest relative difference \(Self.f(largest, 2)) over \(masses.count) masses "
                + "(digitization precision: a few per cent).", ""]
        }
        let below6 = zip(masses, published).filter { $0.0 <= 6 }.map(\.1)
        if let low = below6.min(), let high = below6.max(), let abstract = card.abstractValues.first {
            lines += ["| quantity | published (\(abstract.source)) | kit | relative difference |", "|---|---|---|---|",
                      "| smallest g' limit, M_Z' <= 6 GeV | \(Self.f(abstract.low)) | \(Self.f(low)) (digitized curve) | \(Self.percent(low / abstract.low - 1)) |",
                      "| largest g' limit, M_Z' <= 6 GeV | \(Self.f(abstract.high)) | \(Self.f(high)) (digitized curve) | \(Self.percent(high / abstract.high - 1)) |", ""]
        }
        lines += ["Recasts (ratio of the kit's g' limit to the reference curve, over the masses of the curve):", "",
                  "| model | smallest ratio | largest ratio | masses without a solution |", "|---|---|---|---|"]
        for result in results.dropFirst() {
            let ratios = zip(result.points, published).compactMap { point, g in (try? point.coupling.get()).map { $0 / g } }
            let failures = result.points.filter { (try? $0.coupling.get()) == nil }.count
            lines.append("| \(result.model.description) | \(Self.f(ratios.min() ?? .nan)) | \(Self.f(ratios.max() ?? .nan)) | \(failures) |")
        }
        lines.append("")
        sections.append(lines.joined(separator: "\n"))
    }

    // MARK: Z' -> invisible, 2022

    mutating func zPrime2022(_ card: SearchCard, masses: [Double], perModel: [Double], perInvisible: [Double]) {
        var lines = ["## \(card.id) (arXiv:\(card.citation.arXiv))", "",
                     "The official g' limits are not at hand, so the abstract's range cannot be compared with a kit limit. What the kit "
                        + "provides is the rate per g'^2 (results table `signal_rate_per_g2`); for orientation, the sigma x BF limit that the "
                        + "abstract's g' values imply:", "",
                     "| published | kit: implied sigma x BF(Z' -> inv) limit |", "|---|---|"]
        for value in card.abstractValues {
            lines.append("| \(value.quantity) \(Self.f(value.low))-\(Self.f(value.high)) (\(value.condition); \(value.source)) | "
                + "g' = 1 at 8 GeV: \(Self.f(perModel.last!)) fb (model BF), \(Self.f(perInvisible.last!)) fb (BF = 1) |")
        }
        // The talk's (g-2) statement, beside the kit's band.
        let band = [0.8, 5.0].map { mass in
            AnomalousMagneticMoment.couplingBand(contributionAtUnitCoupling: AnomalousMagneticMoment.vector(coupling: 1, mass: mass),
                                                 discrepancy: AnomalousMagneticMoment.discrepancy2021.value,
                                                 uncertainty: AnomalousMagneticMoment.discrepancy2021.uncertainty, sigmas: 2)
        }
        lines += ["", "Talk: a fully invisible Z' is excluded as the (g-2)_mu explanation for 0.8 < M_Z' < 5.0 GeV. Kit: the +-2 sigma band for "
            + "Delta a_mu = (2.51 +- 0.59)e-9 (an input; the 2025 White Paper removes most of the discrepancy) is g' in "
            + "[\(Self.f(band[0].lowerBound)), \(Self.f(band[0].upperBound))] at 0.8 GeV and [\(Self.f(band[1].lowerBound)), \(Self.f(band[1].upperBound))] "
            + "at 5.0 GeV, so the official limit must lie below the lower edges there. Not checkable without the official table.", ""]
        sections.append(lines.joined(separator: "\n"))
    }

    // MARK: Dark Higgsstrahlung

    mutating func darkHiggs(_ card: SearchCard) throws {
        // The most sensitive point of the abstract's domain: M_A' = 9.7 GeV, M_h' -> 0 (largest sigma per unit coupling).
        let best = DarkHiggsModel(epsilon: 1, alphaD: 1, darkPhotonMass: 9.7, darkHiggsMass: 0)
        let perUnit = try best.signalCrossSection(sqrtS: card.sqrtS)
        let fraction = try best.darkPhoton.decayTable().branchingFraction(.muons)
        let couplingRange = card.abstractValues.first { $0.quantity.hasPrefix("eps^2") }
        let sigmaRange = card.abstractValues.first { $0.units == "fb" }
        var lines = ["## \(card.id) (arXiv:\(card.citation.arXiv))", "",
                     "Assumption: the eps^2 alpha_D limit is sigma_UL / [sigma(eps^2 alpha_D = 1) x BF(A' -> mu mu)] with h' invisible "
                        + "(physics.md 1.3, inferred from the abstract's numbers). The kit's BF(A' -> mu mu) uses the PDG-smoothed R ratio.", ""]
        if let couplingRange, let sigmaRange {
            let implied = couplingRange.low * perUnit
            lines += ["| published (abstract) | kit | comparison |", "|---|---|---|",
                      "| eps^2 alpha_D >= \(Self.f(couplingRange.low)) is the strongest limit; sigma_UL in \(Self.f(sigmaRange.low))-\(Self.f(sigmaRange.high)) fb | "
                        + "at the most sensitive point (M_A' = 9.7, M_h' -> 0): sigma x BF per unit eps^2 alpha_D = \(Self.f(perUnit)) fb "
                        + "(BF(mu mu) = \(Self.f(fraction))), so eps^2 alpha_D = \(Self.f(couplingRange.low)) needs sigma_UL = \(Self.f(implied)) fb | "
                        + (sigmaRange.low <= implied && implied <= sigmaRange.high ? "inside the published sigma_UL range: consistent" : "outside the published sigma_UL range") + " |",
                      "| the same without BF(A' -> mu mu) | sigma_UL would be \(Self.f(implied / fraction)) fb | "
                        + (implied / fraction > sigmaRange.high ? "outside the range, so the limit includes the BF" : "inside the range") + " |",
                      "| eps^2 alpha_D <= \(Self.f(couplingRange.high)) is the weakest limit | depends on M_h' near threshold, where sigma -> 0 | not checkable without the official table |", ""]
        }
        sections.append(lines.joined(separator: "\n"))
    }

    // MARK: tau tau

    mutating func tauTau(_ card: SearchCard, masses: [Double], rates: [[Double]]) {
        guard let range = card.abstractValues.first else { return }
        var lines = ["## \(card.id) (arXiv:\(card.citation.arXiv))", "",
                     "The official sigma x BF limit versus mass is not at hand. The abstract gives its range, \(Self.f(range.low))-\(Self.f(range.high)) fb "
                        + "over \(range.condition). For orientation, the couplings at which each benchmark's rate (results table "
                        + "`signal_rate_unit_coupling`) equals the two ends of that range:", "",
                     "| model | M_X [GeV] | coupling for \(Self.f(range.low)) fb | coupling for \(Self.f(range.high)) fb |", "|---|---|---|---|"]
        for (index, benchmark) in Reproduction.tauTauModels.enumerated() {
            for target in [4.0, 6.0, 8.0] {
                guard let row = masses.firstIndex(where: { abs($0 - target) < 1e-9 }), rates[index][row] > 0 else { continue }
                let unit = benchmark.unit, rate = rates[index][row]
                lines.append("| \(benchmark.name) | \(Self.f(target, 2)) | \(benchmark.coupling) = \(Self.f(unit * (range.low / rate).squareRoot(), 3)) | "
                    + "\(benchmark.coupling) = \(Self.f(unit * (range.high / rate).squareRoot(), 3)) |")
            }
        }
        lines.append("")
        sections.append(lines.joined(separator: "\n"))
    }

    // MARK: Derived efficiencies

    mutating func radiatedEfficiency(_ card: SearchCard, _ map: DerivedEfficiencies.RadiatedMap) {
        var lines = ["### \(card.id): signal efficiency from the kit's simulation", "",
                     "Results table `derived_signal_efficiency` (provenance derived, \(map.events) events per point; what the talk does not "
                        + "publish is a named factor of 1, listed in the table). No published efficiency is at hand to compare with.", "",
                     "| X | smallest efficiency | largest efficiency | ratio to the vector, smallest | largest |", "|---|---|---|---|---|"]
        for boson in RadiatedBoson.allCases {
            let values = (map.estimates[boson] ?? []).map(\.efficiency)
            let ratios = boson == .vector ? [1.0] : map.ratio(boson, to: .vector).map(\.value).filter { $0.isFinite }
            lines.append("| \(boson.rawValue) | \(Self.f(values.min() ?? .nan, 3)) | \(Self.f(values.max() ?? .nan, 3)) | "
                + "\(Self.f(ratios.min() ?? .nan, 3)) | \(Self.f(ratios.max() ?? .nan, 3)) |")
        }
        lines.append("")
        sections.append(lines.joined(separator: "\n"))
    }

    mutating func darkHiggsEfficiency(_ card: SearchCard, _ map: DerivedEfficiencies.DarkHiggsMap) {
        let values = map.points.map(\.estimate.efficiency)
        sections.append(["### \(card.id): signal efficiency from the kit's simulation", "",
                         "Results table `derived_signal_efficiency` over \(map.points.count) (M_A', M_h') points, \(map.events) events each: "
                            + "from \(Self.f(values.min() ?? .nan, 3)) to \(Self.f(values.max() ?? .nan, 3)). It omits the unpublished "
                            + "helicity-angle cut, so it is an upper bound on the kinematic efficiency; no published efficiency is at hand.", ""]
            .joined(separator: "\n"))
    }

    mutating func combination(_ summaries: [(label: String, points: [Combination.Point])]) {
        var lines = ["## L_mu - L_tau: invisible and tau-tau searches together", "",
                     "Results record `LMuMinusLTau_combination` (derived): the union of the two exclusions, not a statistical combination "
                        + "(no likelihood at hand); the tau-tau side at both ends of its published sigma x BF range. Where the tau-tau search "
                        + "excludes a smaller g' than the 2018 invisible search:", "",
                     "| model | BF(inv) at 5 GeV | masses where tau-tau wins (low end of its range) | (high end) |", "|---|---|---|---|"]
        for (label, points) in summaries {
            func masses(_ coupling: (Combination.Point) -> Double) -> String {
                let winning = points.filter { !coupling($0).isNaN && (($0.invisible.isNaN) || coupling($0) < $0.invisible) }.map(\.mass)
                guard let first = winning.first, let last = winning.last else { return "none" }
                return "\(Self.f(first, 2))-\(Self.f(last, 3)) GeV (\(winning.count) of \(points.count))"
            }
            let bf = points.first { abs($0.mass - 5) < 1e-9 }?.invisibleFraction ?? .nan
            lines.append("| \(label) | \(Self.f(bf, 3)) | \(masses(\.tauTauStrongest)) | \(masses(\.tauTauWeakest)) |")
        }
        lines.append("")
        sections.append(lines.joined(separator: "\n"))
    }

    func markdown() -> String {
        var lines = ["# Validation of b2recast \(KitVersion.current) against the published numbers at hand", "",
                     "Written by `b2recast reproduce`; do not edit. Published numbers are from the abstracts, the PASCOS 2022 talk and a "
                        + "third-party digitization (provenance in paper-data/). Kit numbers are derived by b2recast; they are not Belle II results.", ""]
        lines += sections
        lines += ["## Official tables not at hand", "", "The kit reports these instead of filling them; `b2recast import hepdata` (issue 6) will read them.", "",
                  "| search | table | why |", "|---|---|---|"] + missingLines
        return lines.joined(separator: "\n") + "\n"
    }
}
