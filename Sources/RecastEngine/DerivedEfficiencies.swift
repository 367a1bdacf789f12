import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables

/// Signal-efficiency maps from the kit's own simulation of each search's published selection
/// (provenance `derived`): unweighted events of the kit's generators, the Belle II laboratory and
/// acceptance, and the cuts of the talk; what the talk does not publish enters as named factors.
public enum DerivedEfficiencies {
    /// Unweighted events per mass point of the maps that reproduce writes.
    public static let standardEvents = 20_000

    /// One efficiency per radiated-boson type at each mass.
    public struct RadiatedMap: Sendable {
        public var selection: any SignalSelection
        public var decay: BosonDecay
        public var masses: [Double]
        public var estimates: [RadiatedBoson: [EfficiencyEstimate]]
        public var events: Int

        /// eff(boson) / eff(reference) at each mass, with its binomial error propagated (the two
        /// samples are independent); nan where the reference efficiency is 0.
        public func ratio(_ boson: RadiatedBoson, to reference: RadiatedBoson) -> [(value: Double, error: Double)] {
            guard let numerators = estimates[boson], let denominators = estimates[reference] else { return [] }
            return zip(numerators, denominators).map { numerator, denominator in
                let (n, d) = (numerator.efficiency, denominator.efficiency)
                guard d > 0 else { return (.nan, .nan) }
                // sigma(n/d)^2 = (sigma_n / d)^2 + (n sigma_d / d^2)^2, which also holds at n = 0.
                return (n / d, Double.sqrt(Double.pow(numerator.error / d, 2) + Double.pow(n * denominator.error / (d * d), 2)))
            }
        }
    }

    /// One efficiency of e+e- -> A' h' (A' -> mu mu, h' invisible) per (M_A', M_h').
    public struct DarkHiggsMap: Sendable {
        public var selection: any SignalSelection
        public var points: [(aPrimeMass: Double, hPrimeMass: Double, estimate: EfficiencyEstimate)]
        public var events: Int
    }

    /// The selection of a search, where the talk gives it: the 2022 Z' -> invisible search (with the
    /// card's M_recoil^2 resolution table for its mass windows) and the tau-tau search. Nil for the
    /// others: the 2018 search's selection is not in the talk, and the dark Higgsstrahlung search has
    /// its own map (`darkHiggsMap`).
    public static func radiatedSelection(for card: SearchCard) throws -> (selection: any SignalSelection, decay: BosonDecay)? {
        switch card.id {
        case "BelleII_Zp_invisible_2022":
            guard let table = card.tables.first(where: { $0.quantity == .resolution }) else {
                throw InputFileError(file: "\(card.id)/card.yaml", field: "tables", expected: "a resolution table for the M_recoil^2 windows")
            }
            let masses = table.data.independent[0].values, widths = table.data.dependent[0].values
            let resolution: @Sendable (Double) -> Double = { mass in linearInterpolation(masses, widths, at: mass) }
            return (DimuonRecoilSelection.zPrimeInvisible2022(resolution: resolution), .invisible)
        case "BelleII_TauTauResonance_2023":
            return (FourTrackSelection.tauTau2023, .tauPair)
        default:
            return nil
        }
    }

    /// The mass grid of a map: the tau-tau search's 3.6-10 GeV in 0.4 GeV steps (its rate table's
    /// grid), and 0.5-10 GeV in 0.5 GeV steps for mu mu + invisible.
    public static func masses(for decay: BosonDecay) -> [Double] {
        switch decay {
        case .tauPair: return stride(from: 3.6, through: 10.0 + 1e-9, by: 0.4).map { ($0 * 10).rounded() / 10 }
        case .invisible: return stride(from: 0.5, through: 10.0 + 1e-9, by: 0.5).map { $0 }
        }
    }

    /// The efficiencies of the vector, scalar and pseudoscalar X of `card`'s selection. Point i of
    /// boson b has seed 20_260_000 + 1000 b + i, so every point can be recomputed alone.
    public static func radiatedMap(_ card: SearchCard, events: Int = standardEvents,
                                   progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> RadiatedMap? {
        guard let (selection, decay) = try radiatedSelection(for: card) else { return nil }
        let masses = masses(for: decay)
        let bosons = RadiatedBoson.allCases
        let jobs = bosons.indices.flatMap { b in masses.indices.map { (b, $0) } }
        let results = try parallelMap(jobs.count, progress: progress) { job in
            let (b, i) = jobs[job]
            return SignalEfficiency.radiated(boson: bosons[b], decay: decay, mass: masses[i], selection: selection,
                                             events: events, seed: 20_260_000 + UInt64(1000 * b + i))
        }
        var estimates: [RadiatedBoson: [EfficiencyEstimate]] = [:]
        for (b, boson) in bosons.enumerated() {
            estimates[boson] = Array(results[(b * masses.count) ..< ((b + 1) * masses.count)])
        }
        return RadiatedMap(selection: selection, decay: decay, masses: masses, estimates: estimates, events: events)
    }

    /// The dark Higgsstrahlung efficiency over M_A' = 4.0-9.5 GeV (0.5 GeV steps) and
    /// M_h' = 0.5, 1.5, ... below M_A' and 50 MeV below threshold, M_A' + M_h' < sqrt(s) - 0.05 GeV.
    /// Point i has seed 20_261_000 + i.
    public static func darkHiggsMap(events: Int = standardEvents, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> DarkHiggsMap {
        let selection = DimuonRecoilSelection.darkHiggsstrahlung2022
        let grid = stride(from: 4.0, through: 9.5 + 1e-9, by: 0.5).flatMap { aPrime in
            stride(from: 0.5, to: Swift.min(aPrime, BelleIIBeams.upsilon4S.centreOfMassEnergy - 0.05 - aPrime), by: 1.0)
                .map { (aPrime, $0) }
        }
        let estimates = try parallelMap(grid.count, progress: progress) { i in
            SignalEfficiency.darkHiggsstrahlung(aPrimeMass: grid[i].0, hPrimeMass: grid[i].1, selection: selection,
                                                events: events, seed: 20_261_000 + UInt64(i))
        }
        return DarkHiggsMap(selection: selection, points: zip(grid, estimates).map { ($0.0, $0.1, $1) }, events: events)
    }

    /// Linear interpolation of y(x) on increasing x, held constant beyond the ends.
    static func linearInterpolation(_ x: [Double], _ y: [Double], at value: Double) -> Double {
        guard let first = x.first, let last = x.last else { return .nan }
        if value <= first { return y[0] }
        if value >= last { return y[y.count - 1] }
        let upper = x.firstIndex { $0 >= value }!
        let t = (value - x[upper - 1]) / (x[upper] - x[upper - 1])
        return y[upper - 1] + t * (y[upper] - y[upper - 1])
    }
}
