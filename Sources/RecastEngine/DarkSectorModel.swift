import DarkSectorPhysics
import EventGeneration

/// A parameter point of one of the model families, with what the recast needs from it:
/// the decays of the new boson, its coupling to each lepton line, and its (g-2)_mu contribution.
public enum DarkSectorModel: Sendable {
    case darkHiggs(DarkHiggsModel)
    case lMuMinusLTau(LMuMinusLTauBoson)
    case leptophilicScalar(LeptophilicScalar)
    case axionLikeParticle(AxionLikeParticle)
    /// A vector with lepton charges (the `vector` family and its presets; docs/physics.md 10).
    case vector(LeptonicVectorBoson)

    /// Mass of the boson the searches look for (A' for the dark Higgs model), GeV.
    public var bosonMass: Double {
        switch self {
        case .darkHiggs(let model): return model.darkPhotonMass
        case .lMuMinusLTau(let boson): return boson.mass
        case .leptophilicScalar(let scalar): return scalar.mass
        case .axionLikeParticle(let alp): return alp.mass
        case .vector(let boson): return boson.mass
        }
    }

    /// Partial widths of that boson. The dark photon needs the R ratio and throws where it has none.
    public func decayTable() throws(PhysicsDomainError) -> DecayTable {
        switch self {
        case .darkHiggs(let model): return try model.darkPhotonDecayTable()
        case .vector(let boson): return try boson.decayTable()
        case .lMuMinusLTau(let boson): return boson.decayTable()
        case .leptophilicScalar(let scalar):
            return DecayTable(Lepton.allCases.map { (DecayChannel.leptons($0), scalar.width(to: $0)) }
                + [(.photons, scalar.diphotonWidth)])
        case .axionLikeParticle(let alp):
            return DecayTable(Lepton.allCases.map { (DecayChannel.leptons($0), alp.width(to: $0)) }
                + [(.photons, alp.diphotonWidth)])
        }
    }

    /// How the boson is radiated from a lepton line (nil for the dark Higgs model unless its A'
    /// is also radiated from the leptons; it is made in A'h').
    public var radiatedBoson: RadiatedBoson? {
        switch self {
        case .darkHiggs(let model): return model.radiatedFromLeptons ? .vector : nil
        case .lMuMinusLTau, .vector: return .vector
        case .leptophilicScalar: return .scalar
        case .axionLikeParticle: return .pseudoscalar
        }
    }

    /// The coupling g of the vertex on the `lepton` line: g' (+ for mu, - for tau; the sign drops
    /// out of the rate), g x_V for the vector family (its axial part is `axialProductionCoupling`),
    /// g_l for the scalar, and g_P = c_ll m_l / Lambda for the ALP (the derivative coupling
    /// c_ll / (2 Lambda) is equivalent at tree level; docs/physics.md 4.1).
    public func productionCoupling(_ lepton: Lepton) -> Double {
        switch self {
        case .darkHiggs(let model):
            // The A' couples to a lepton of charge -1 with -eps e.
            return model.radiatedFromLeptons ? -model.epsilon * (4 * Double.pi * PhysicalConstants.alpha).squareRoot() : 0
        case .lMuMinusLTau(let boson): return lepton == .electron ? 0 : boson.coupling
        case .leptophilicScalar(let scalar): return scalar.coupling(lepton)
        case .axionLikeParticle(let alp): return alp.coupling(lepton) * lepton.mass / alp.scale
        case .vector(let boson): return boson.coupling * boson.charges.vector(lepton)
        }
    }

    /// g x_A of the vector family on the `lepton` line (the vertex g X_a gamma^a (x_V - x_A gamma5));
    /// 0 for the other families.
    public func axialProductionCoupling(_ lepton: Lepton) -> Double {
        guard case .vector(let boson) = self else { return 0 }
        return boson.coupling * boson.charges.axial(lepton)
    }

    /// The parts of the radiation from the `lepton` line with a nonzero coupling: (vertex, coupling).
    /// A vector with charges (x_V, x_A) radiates as x_V^2 sigma_V + x_A^2 sigma_A: the V-A
    /// interference vanishes point by point in the unpolarised |M|^2 (docs/physics.md 10.3).
    public func productionParts(_ lepton: Lepton) -> [(boson: RadiatedBoson, coupling: Double)] {
        guard let boson = radiatedBoson else { return [] }
        var parts = [(boson: boson, coupling: productionCoupling(lepton))]
        if boson == .vector { parts.append((.axialVector, axialProductionCoupling(lepton))) }
        return parts.filter { $0.coupling != 0 }
    }

    /// Delta a_mu at one loop, where the kit has the formula (vector and scalar; docs/physics.md 2.3, 3.3).
    public var muonAnomalousMoment: Double? {
        switch self {
        case .lMuMinusLTau(let boson): return AnomalousMagneticMoment.vector(coupling: boson.coupling, mass: boson.mass)
        case .leptophilicScalar(let scalar): return AnomalousMagneticMoment.scalar(coupling: scalar.muonCoupling, mass: scalar.mass)
        case .vector(let boson):
            // The formula is for a vector coupling; an axial one has its own (not in the kit).
            guard boson.charges.muonAxial == 0 else { return nil }
            return AnomalousMagneticMoment.vector(coupling: boson.coupling * boson.charges.muonVector, mass: boson.mass)
        case .darkHiggs, .axionLikeParticle: return nil
        }
    }
}

/// sigma x BF for one production process and one decay of the boson, fb.
public struct FinalStateRate: Sendable, Hashable {
    /// e.g. "e+e- -> mu+mu- X".
    public var production: String
    /// A channel of `DecayChannel`, or "invisible" for neutrinos plus dark matter.
    public var decay: String
    /// Production cross section, fb, and its Monte Carlo error (0 for closed forms).
    public var crossSection: Double
    public var crossSectionError: Double
    public var branchingFraction: Double
    /// The production and decay a search looks at, if one does: the command that prints the rate
    /// names the loaded search cards with this signature.
    public var signature: SearchSignature?

    public var rate: Double { crossSection * branchingFraction }
    public var rateError: Double { crossSectionError * branchingFraction }
}

public enum SignalRates {
    /// Every production x decay combination of the model at `sqrtS`, with the search that limits it:
    /// mu+mu- X with X invisible (Z' -> invisible, 2018 and 2022), mu+mu- X with X -> tau+tau- (the
    /// tau-tau resonance search), A'h' with A' -> mu+mu- and h' invisible (dark Higgsstrahlung);
    /// the other combinations are listed without a signature. A vector's axial part is a row of its
    /// own (production "... (axial)").
    public static func compute(_ model: DarkSectorModel, sqrtS: Double = PhysicalConstants.upsilon4SEnergy,
                               settings: MonteCarloSettings = MonteCarloSettings()) throws(PhysicsDomainError) -> [FinalStateRate] {
        let table = try model.decayTable()
        var rates: [FinalStateRate] = []
        if case .darkHiggs(let darkHiggs) = model {
            let sigma = darkHiggs.darkHiggsIsInvisible ? darkHiggs.productionCrossSection(sqrtS: sqrtS) : 0
            rates = table.channels.map { channel in
                FinalStateRate(production: "e+e- -> A' h' (h' invisible)", decay: channel.rawValue, crossSection: sigma, crossSectionError: 0,
                               branchingFraction: table.branchingFraction(channel),
                               signature: channel == .muons ? .darkHiggsstrahlung : nil)
            }
        }
        guard let radiated = model.radiatedBoson else { return rates }
        // X from the final muons, from the final taus, and (with an electron coupling) from the beams
        // with gamma* -> mu+ mu- (docs/physics.md 2.4); the last two in the searches' mu+ mu- X. A
        // vector's vector and axial parts are separate rows (added in rate; docs/physics.md 10.3).
        let lines: [Lepton] = [.muon, .tau] + (model.productionParts(.electron).isEmpty ? [] : [.electron])
        for lepton in lines {
            let parts = model.productionParts(lepton)
            for (boson, coupling) in parts.isEmpty ? [(radiated, 0.0)] : parts {
                var production = lepton == .electron ? "e+e- -> mu+mu- X (X from the beams)" : "e+e- -> \(lepton.rawValue)+\(lepton.rawValue)- X"
                if boson == .axialVector { production += " (axial)" }
                var sigma = 0.0, error = 0.0
                if lepton == .electron {
                    do {
                        sigma = try BeamEmissionCrossSection(boson: boson, bosonMass: model.bosonMass, sqrtS: sqrtS).perUnitCoupling() * coupling * coupling
                    } catch {
                        throw PhysicsDomainError("X from the beams at M = \(model.bosonMass) GeV: \(error)")
                    }
                } else if coupling != 0, sqrtS > 2 * lepton.mass + model.bosonMass {
                    let estimate = RadiativeCrossSection(lepton: lepton, boson: boson, bosonMass: model.bosonMass,
                                                         sqrtS: sqrtS, settings: settings).estimate
                    sigma = estimate.value * coupling * coupling
                    error = estimate.error * coupling * coupling
                }
                var decays: [(String, Double)] = []
                if table.channels.contains(where: \.isInvisible) { decays.append(("invisible", table.invisibleBranchingFraction)) }
                decays += table.channels.filter { !$0.isInvisible }.map { ($0.rawValue, table.branchingFraction($0)) }
                for (decay, fraction) in decays {
                    var signature: SearchSignature?
                    if lepton != .tau && decay == "invisible" { signature = .muonPairInvisible }
                    if lepton != .tau && decay == DecayChannel.taus.rawValue { signature = .muonPairTauPair }
                    rates.append(FinalStateRate(production: production, decay: decay, crossSection: sigma,
                                                crossSectionError: error, branchingFraction: fraction, signature: signature))
                }
            }
        }
        return rates
    }
}
