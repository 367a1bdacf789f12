import DarkSectorPhysics
import NumericalMethods
import RealModule

/// What the radiated boson X of e+e- -> mu+ mu- X does.
public enum BosonDecay: String, Sendable, CaseIterable, Hashable {
    /// Leaves the detector unseen (Z' -> nu nu, chi chi).
    case invisible
    /// X -> tau+ tau-, isotropic in the X rest frame (the kit's assumption; exact for a scalar).
    case tauPair
}

/// A selection efficiency from `generated` unweighted events, `selected` of which pass.
public struct EfficiencyEstimate: Sendable, Hashable {
    public var generated: Int
    public var selected: Int

    public init(generated: Int, selected: Int) {
        self.generated = generated
        self.selected = selected
    }

    /// selected / generated.
    public var efficiency: Double { generated > 0 ? Double(selected) / Double(generated) : 0 }
    /// Binomial standard error sqrt(eff (1 - eff) / N); when no event or every event passes, where
    /// that is 0, the distance to the one-sided 68.3 % Clopper-Pearson bound, 1 - 0.3173^(1/N).
    public var error: Double {
        guard generated > 0 else { return 0 }
        if selected == 0 || selected == generated { return 1 - Double.pow(1 - 0.6827, 1 / Double(generated)) }
        return Double.sqrt(efficiency * (1 - efficiency) / Double(generated))
    }
}

/// Signal efficiencies of the published selections from the kit's own unweighted events, mapped
/// into the Belle II laboratory (`LaboratoryFrame`) and seen through `BelleIIAcceptance`.
public enum SignalEfficiency {
    /// e+e- -> mu+ mu- X with X of mass `mass` radiated from the muon line (the tree-level generator
    /// of `RadiativeCrossSection`, at the sqrt(s) of `beams`), then `decay`.
    public static func radiated(boson: RadiatedBoson, decay: BosonDecay, mass: Double, selection: some SignalSelection,
                                beams: BelleIIBeams = .upsilon4S, events: Int, seed: UInt64,
                                tauDecayer: TauDecayer = TauDecayer()) -> EfficiencyEstimate {
        let frame = LaboratoryFrame(beams: beams)
        let generator = RadiativeCrossSection(lepton: .muon, boson: boson, bosonMass: mass,
                                              sqrtS: beams.centreOfMassEnergy,
                                              settings: MonteCarloSettings(relativePrecision: 0.02, seed: seed))
        var random = SplitMix64(seed: seed, stream: 1)
        var selected = 0
        for event in generator.unweightedEvents(count: events, seed: seed &+ 1).events {
            var laboratory = LaboratoryEvent(muonMinus: frame.laboratory(event.leptonMinus),
                                             muonPlus: frame.laboratory(event.leptonPlus))
            if decay == .tauPair {
                let (tauMinus, tauPlus) = TwoBodyDecay.daughters(of: event.boson, PhysicalConstants.tauMass, PhysicalConstants.tauMass,
                                                                 random: &random)
                for tau in [tauMinus, tauPlus] {
                    if let daughter = tauDecayer.chargedDaughter(of: tau, random: &random) {
                        laboratory.otherTracks.append(frame.laboratory(daughter.track))
                    } else {
                        laboratory.isComplete = false
                    }
                }
            }
            if selection.accepts(laboratory, mass: mass, frame: frame, random: &random) { selected += 1 }
        }
        return EfficiencyEstimate(generated: events, selected: selected)
    }

    /// e+e- -> A' h' with A' -> mu+ mu- and h' invisible. The A' polar angle in the
    /// centre-of-mass frame follows dsigma/dcos(theta) ∝ lambda sin^2(theta) + 8 M_A'^2/s, the
    /// e+e- -> V* -> V h distribution whose integral, (4/3)(lambda + 12 M_A'^2/s), is the
    /// angular factor of docs/physics.md section 1.3. The A' decays isotropically in its rest frame
    /// (its polarisation is neglected: the kit's assumption).
    public static func darkHiggsstrahlung(aPrimeMass: Double, hPrimeMass: Double, selection: some SignalSelection,
                                          beams: BelleIIBeams = .upsilon4S, events: Int, seed: UInt64) -> EfficiencyEstimate {
        precondition(aPrimeMass + hPrimeMass < beams.centreOfMassEnergy, "A' h' must be produced")
        let frame = LaboratoryFrame(beams: beams)
        let sqrtS = beams.centreOfMassEnergy
        let s = sqrtS * sqrtS
        let lambda = (1 - Double.pow(aPrimeMass + hPrimeMass, 2) / s) * (1 - Double.pow(aPrimeMass - hPrimeMass, 2) / s)
        let transverse = 8 * aPrimeMass * aPrimeMass / s
        let momentum = sqrtS * Double.sqrt(lambda) / 2
        var random = SplitMix64(seed: seed)
        var selected = 0
        for _ in 0 ..< events {
            var cosine: Double
            repeat {
                cosine = 2 * random.nextUniform() - 1
            } while random.nextUniform() * (lambda + transverse) > lambda * (1 - cosine * cosine) + transverse
            let phi = 2 * Double.pi * random.nextUniform()
            let sine = Double.sqrt(Swift.max(0, 1 - cosine * cosine))
            let aPrime = FourVector(mass: aPrimeMass, px: momentum * sine * Double.cos(phi),
                                    py: momentum * sine * Double.sin(phi), pz: momentum * cosine)
            let (muonMinus, muonPlus) = TwoBodyDecay.daughters(of: aPrime, PhysicalConstants.muonMass, PhysicalConstants.muonMass,
                                                               random: &random)
            let event = LaboratoryEvent(muonMinus: frame.laboratory(muonMinus), muonPlus: frame.laboratory(muonPlus))
            if selection.accepts(event, mass: hPrimeMass, frame: frame, random: &random) { selected += 1 }
        }
        return EfficiencyEstimate(generated: events, selected: selected)
    }
}
