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

    /// The selection of a radiated-X search from its card's `simulation` block, with the decay
    /// its signature implies; nil without the block (the talk does not give the cuts) and for dark
    /// Higgsstrahlung (its own map, `darkHiggsMap`).
    public static func radiatedSelection(for card: SearchCard) throws -> (selection: any SignalSelection, decay: BosonDecay)? {
        guard let simulation = card.simulation else { return nil }
        switch card.signature {
        case .muonPairInvisible: return (try simulation.selection(card), .invisible)
        case .muonPairTauPair: return (try simulation.selection(card), .tauPair)
        case .darkHiggsstrahlung: return nil
        }
    }

    /// The efficiencies of the vector, scalar and pseudoscalar X of `card`'s selection on the
    /// card's simulation grid. Point i of boson b has seed `simulation.seed` + 1000 b + i, so every
    /// point can be recomputed alone.
    public static func radiatedMap(_ card: SearchCard, events: Int = standardEvents,
                                   progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> RadiatedMap? {
        guard let simulation = card.simulation, let (selection, decay) = try radiatedSelection(for: card) else { return nil }
        let masses = simulation.grid
        let bosons = RadiatedBoson.efficiencyMapBosons
        let jobs = bosons.indices.flatMap { b in masses.indices.map { (b, $0) } }
        let results = try parallelMap(jobs.count, progress: progress) { job in
            let (b, i) = jobs[job]
            return SignalEfficiency.radiated(boson: bosons[b], decay: decay, mass: masses[i], selection: selection,
                                             events: events, seed: simulation.seed + UInt64(1000 * b + i))
        }
        var estimates: [RadiatedBoson: [EfficiencyEstimate]] = [:]
        for (b, boson) in bosons.enumerated() {
            estimates[boson] = Array(results[(b * masses.count) ..< ((b + 1) * masses.count)])
        }
        return RadiatedMap(selection: selection, decay: decay, masses: masses, estimates: estimates, events: events)
    }

    /// The dark Higgsstrahlung efficiency over the card's grid of M_A' and, at each, M_h' from the
    /// second grid while below M_A' and 50 MeV below threshold, M_A' + M_h' < sqrt(s) - 0.05 GeV.
    /// Point i has seed `simulation.seed` + i. Nil without a `simulation` block.
    public static func darkHiggsMap(_ card: SearchCard, events: Int = standardEvents,
                                    progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> DarkHiggsMap? {
        guard card.signature == .darkHiggsstrahlung, let simulation = card.simulation, let second = simulation.secondGrid else { return nil }
        let selection = try simulation.selection(card)
        let grid = simulation.grid.flatMap { aPrime in
            stride(from: second.from, to: Swift.min(aPrime, BelleIIBeams.upsilon4S.centreOfMassEnergy - 0.05 - aPrime), by: second.step)
                .map { (aPrime, $0) }
        }
        let estimates = try parallelMap(grid.count, progress: progress) { i in
            SignalEfficiency.darkHiggsstrahlung(aPrimeMass: grid[i].0, hPrimeMass: grid[i].1, selection: selection,
                                                events: events, seed: simulation.seed + UInt64(i))
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
