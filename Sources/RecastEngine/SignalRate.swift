import DarkSectorPhysics
import EventGeneration

/// The production and decay a search sees.
public enum SearchSignature: String, Sendable, CaseIterable, Hashable {
    /// e+e- -> mu+ mu- X, X invisible (the Z' -> invisible searches).
    case muonPairInvisible = "mumu_invisible"
    /// e+e- -> mu+ mu- X, X -> tau+ tau- (the tau-tau resonance search).
    case muonPairTauPair = "mumu_tautau"
    /// e+e- -> A' h', A' -> mu+ mu-, h' invisible (dark Higgsstrahlung).
    case darkHiggsstrahlung = "aprime_hprime_mumu"
}

/// sigma(e+e- -> l+ l- X) per unit coupling squared, fb: from a cached table, a fresh Monte Carlo,
/// or a test's closed form.
public typealias CrossSectionLookup = @Sendable (_ lepton: Lepton, _ boson: RadiatedBoson, _ mass: Double) throws -> Double

extension DarkSectorModel {
    /// sigma x BF for `signature` at `sqrtS`, fb: the rate the search limits. Zero when the model
    /// cannot produce that final state (no coupling to the muon line, a closed decay, a visible h').
    public func signalRate(_ signature: SearchSignature, sqrtS: Double = PhysicalConstants.upsilon4SEnergy,
                           crossSection: CrossSectionLookup) throws -> Double {
        switch signature {
        case .darkHiggsstrahlung:
            guard case .darkHiggs(let model) = self else { return 0 }
            return try model.signalCrossSection(sqrtS: sqrtS)
        case .muonPairInvisible, .muonPairTauPair:
            guard let boson = radiatedBoson else { return 0 }
            let coupling = productionCoupling(.muon)
            guard coupling != 0, sqrtS > 2 * Lepton.muon.mass + bosonMass else { return 0 }
            let table = try decayTable()
            let fraction = signature == .muonPairInvisible ? table.invisibleBranchingFraction : table.branchingFraction(.taus)
            guard fraction > 0 else { return 0 }
            return try crossSection(.muon, boson, bosonMass) * coupling * coupling * fraction
        }
    }
}
