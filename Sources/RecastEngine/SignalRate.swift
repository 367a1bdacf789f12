import DarkSectorPhysics
import EventGeneration
import HEPDataTables

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
            // Emission from the final muons and from the beams, vector and axial parts, added in
            // rate (docs/physics.md 2.4, 10.3).
            let parts = [Lepton.muon, .electron].flatMap { line in productionParts(line).map { (line, $0.boson, $0.coupling) } }
            guard !parts.isEmpty, sqrtS > 2 * Lepton.muon.mass + bosonMass else { return 0 }
            let table = try decayTable()
            let fraction = signature == .muonPairInvisible ? table.invisibleBranchingFraction : table.branchingFraction(.taus)
            guard fraction > 0 else { return 0 }
            var sigma = 0.0
            for (line, boson, coupling) in parts {
                let part = try crossSection(line, boson, bosonMass)
                if boson == .axialVector {
                    // The search's efficiency for an axial X is the vector's map: only where the two
                    // rates (and so their kinematics) agree to 5 % (docs/physics.md 10.3).
                    let vector = try crossSection(line, .vector, bosonMass)
                    if vector > 0, Swift.abs(part / vector - 1) > Self.axialKinematicsTolerance {
                        throw PhysicsDomainError("an axial charge on the \(line.rawValue) line at M = \(bosonMass) GeV: sigma_A / sigma_V = "
                            + "\(SignificantDigits.format(part / vector, digits: 3)) (the longitudinal m_l^2 / M^2 enhancement at low M, "
                            + "slow leptons near the kinematic end), so the vector's efficiency map does not stand in for the axial X "
                            + "and no axial efficiency is computed (docs/physics.md 10.3)")
                    }
                }
                sigma += part * coupling * coupling
            }
            return sigma * fraction
        }
    }

    /// |sigma_A / sigma_V - 1| up to which an axial X's efficiency is taken from the vector's map
    /// (docs/physics.md 10.3).
    public static let axialKinematicsTolerance = 0.05

    /// The masses, GeV, where the axial X from the muon line is within about 4.4 % of the vector in
    /// rate (results/cross-sections/mumuX_axialVector.csv over mumuX_vector.csv: +4.4 % at 0.398 GeV,
    /// +4.1 % at 8.80 GeV, more outside): model cards with x_mu_A != 0 are limited to them.
    public static let axialMuonMassWindow = 0.4 ... 8.8

    /// The share of the rate in `signature` that comes from X radiated off the beams (0 where the
    /// model does not couple to electrons).
    public func beamEmissionShare(_ signature: SearchSignature, crossSection: CrossSectionLookup) throws -> Double {
        guard signature != .darkHiggsstrahlung else { return 0 }
        let electron = productionParts(.electron)
        guard !electron.isEmpty else { return 0 }
        var beams = 0.0, final = 0.0
        for part in electron { beams += try crossSection(.electron, part.boson, bosonMass) * part.coupling * part.coupling }
        for part in productionParts(.muon) { final += try crossSection(.muon, part.boson, bosonMass) * part.coupling * part.coupling }
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
            if productionParts(.muon).isEmpty && productionParts(.electron).isEmpty {
                return "no coupling to muons or electrons: no mu+mu- X is produced"
            }
            guard let table = try? decayTable() else { return nil }
            if signature == .muonPairInvisible && table.invisibleBranchingFraction == 0 { return "BF(X -> invisible) = 0" }
            if signature == .muonPairTauPair && table.branchingFraction(.taus) == 0 { return "BF(X -> tau+tau-) = 0 (no tau coupling, or below threshold)" }
            return nil
        }
    }
}
