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

/// sigma(e+e- -> l+ l- X) per unit coupling squared, fb, with X radiated from the `lepton` line:
/// `.muon` and `.tau` the final pair (e+e- -> mu+mu- X, tau+tau- X), `.electron` the beams
/// (e+e- -> X gamma*, gamma* -> mu+ mu-; `BeamEmissionCrossSection`). From a cached table, a fresh
/// calculation, or a test's closed form.
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
            if let line = axialChargeOnProductionLine.first(where: { $0 != .tau }) {
                throw PhysicsDomainError("an axial charge on the \(line.rawValue) line, which radiates X into this search's final state: "
                    + "the kit's matrix elements have the vector vertex only (docs/physics.md 10.3)")
            }
            let muon = productionCoupling(.muon), electron = productionCoupling(.electron)
            guard muon != 0 || electron != 0, sqrtS > 2 * Lepton.muon.mass + bosonMass else { return 0 }
            let table = try decayTable()
            let fraction = signature == .muonPairInvisible ? table.invisibleBranchingFraction : table.branchingFraction(.taus)
            guard fraction > 0 else { return 0 }
            // Emission from the final muons and from the beams, added in rate (docs/physics.md 2.4).
            var sigma = 0.0
            if muon != 0 { sigma += try crossSection(.muon, boson, bosonMass) * muon * muon }
            if electron != 0 { sigma += try crossSection(.electron, boson, bosonMass) * electron * electron }
            return sigma * fraction
        }
    }

    /// The share of the rate in `signature` that comes from X radiated off the beams (0 where the
    /// model does not couple to electrons).
    public func beamEmissionShare(_ signature: SearchSignature, crossSection: CrossSectionLookup) throws -> Double {
        guard signature != .darkHiggsstrahlung, let boson = radiatedBoson else { return 0 }
        let muon = productionCoupling(.muon), electron = productionCoupling(.electron)
        guard electron != 0 else { return 0 }
        let beams = try crossSection(.electron, boson, bosonMass) * electron * electron
        let final = muon != 0 ? try crossSection(.muon, boson, bosonMass) * muon * muon : 0
        return beams + final > 0 ? beams / (beams + final) : 0
    }
}

extension DarkSectorModel {
    /// Why the model has no rate in `signature`, in a reader's words, where the reason is the
    /// model's own (nil otherwise): a visible h' (M_h' >= M_A' opens h' -> A'A'), no coupling to
    /// the lines that make the final state, or a closed decay (docs/physics.md 1.3, 9).
    public func noRateReason(_ signature: SearchSignature) -> String? {
        switch signature {
        case .darkHiggsstrahlung:
            guard case .darkHiggs(let model) = self else { return "the model has no A'h' production (signature \(signature.rawValue))" }
            if !model.darkHiggsIsInvisible {
                return "M_h' >= M_A': h' decays to A' pairs (one off shell below 2 M_A') and is not invisible, "
                    + "so the search's signature (A' -> mu+mu-, h' invisible) is not reached"
            }
            return nil
        case .muonPairInvisible, .muonPairTauPair:
            if case .darkHiggs(let model) = self, !model.radiatedFromLeptons {
                return "the rate of A' radiated from the leptons goes as eps^2 and does not rise with alpha_D or eps^2 alpha_D: "
                    + "only a card that fixes alpha_D (and solves for eps) is recast onto this search"
            }
            guard radiatedBoson != nil else { return "the model makes no mu+mu- X (signature \(signature.rawValue))" }
            if productionCoupling(.muon) == 0 && productionCoupling(.electron) == 0 {
                return "no coupling to muons or electrons: no mu+mu- X is produced"
            }
            guard let table = try? decayTable() else { return nil }
            if signature == .muonPairInvisible && table.invisibleBranchingFraction == 0 { return "BF(X -> invisible) = 0" }
            if signature == .muonPairTauPair && table.branchingFraction(.taus) == 0 { return "BF(X -> tau+tau-) = 0 (no tau coupling, or below threshold)" }
            return nil
        }
    }
}
