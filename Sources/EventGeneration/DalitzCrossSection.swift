import DarkSectorPhysics
import NumericalMethods
import RealModule

/// sigma(e+e- -> l+ l- X) by deterministic two-dimensional quadrature over the Dalitz plot of the
/// orientation-averaged |M|^2: an independent check of the Monte Carlo (different integration,
/// different contraction with the beams), valid for the total cross section only.
///
///     sigma = (1 / F) int dm_{4k}^2 dm_{3k}^2 / (128 pi^3 s) <|M|^2>,   F = 4 p_beam sqrt(s),
///
/// with both invariant masses mapped logarithmically above their thresholds (the propagators).
public enum DalitzCrossSection {
    public static func integrate(_ amplitude: RadiativeLeptonPairAmplitude, relativeTolerance: Double = 1e-6) throws -> Double {
        let sqrtS = amplitude.sqrtS, s = sqrtS * sqrtS
        let m = amplitude.lepton.mass, bosonMass = amplitude.bosonMass
        let m2 = m * m, bosonMass2 = bosonMass * bosonMass
        let phaseSpace = RadiativePhaseSpace(sqrtS: sqrtS, leptonMass: m, bosonMass: bosonMass)

        // Inner integral over b = m_{3k}^2 at fixed a = m_{4k}^2, in u = ln(b - m^2).
        func inner(_ a: Double) throws -> Double {
            let massA = Double.sqrt(a)
            // Energies in the (4k) rest frame (PDG kinematics review, Dalitz-plot limits).
            let energyK = (a - m2 + bosonMass2) / (2 * massA)
            let energy3 = (s - a - m2) / (2 * massA)
            let momentumK = Double.sqrt(Swift.max(0, energyK * energyK - bosonMass2))
            let momentum3 = Double.sqrt(Swift.max(0, energy3 * energy3 - m2))
            let sum = (energy3 + energyK) * (energy3 + energyK)
            let bLow = sum - (momentum3 + momentumK) * (momentum3 + momentumK)
            let bHigh = sum - (momentum3 - momentumK) * (momentum3 - momentumK)
            let uLow = Double.log(Swift.max(bLow - m2, 1e-300)), uHigh = Double.log(bHigh - m2)
            guard uHigh > uLow else { return 0 }
            return try AdaptiveQuadrature.integrate(lower: uLow, upper: uHigh, relativeTolerance: relativeTolerance) { u in
                let b = m2 + Double.exp(u)
                return (b - m2) * averaged(a: a, b: b)
            }
        }

        // <|M|^2> at the Dalitz point (a, b), from momenta built in the centre-of-mass frame.
        func averaged(a: Double, b: Double) -> Double {
            let energy3 = (s + m2 - a) / (2 * sqrtS)
            let mass34 = s + 2 * m2 + bosonMass2 - a - b
            let energyK = (s + bosonMass2 - mass34) / (2 * sqrtS)
            let p3 = Double.sqrt(Swift.max(0, energy3 * energy3 - m2))
            let pk = Double.sqrt(Swift.max(0, energyK * energyK - bosonMass2))
            guard p3 > 0, pk > 0 else { return 0 }
            let cosine = Swift.min(1, Swift.max(-1, (energy3 * energyK - (b - m2 - bosonMass2) / 2) / (p3 * pk)))
            let sine = Double.sqrt(1 - cosine * cosine)
            let leptonMinus = FourVector(e: energy3, px: 0, py: 0, pz: p3)
            let boson = FourVector(e: energyK, px: pk * sine, py: 0, pz: pk * cosine)
            let total = FourVector(e: sqrtS, px: 0, py: 0, pz: 0)
            let leptonPlus = total - leptonMinus - boson
            return amplitude.orientationAveragedSquaredAmplitude(leptonMinus: leptonMinus, leptonPlus: leptonPlus, boson: boson)
        }

        let outer = try AdaptiveQuadrature.integrate(
            lower: Double.log(phaseSpace.tMinimum), upper: Double.log(phaseSpace.tMaximum), relativeTolerance: relativeTolerance
        ) { logT in
            let t = Double.exp(logT)
            return t * ((try? inner(m2 + t)) ?? .nan)
        }
        guard outer.isFinite else { throw AdaptiveQuadrature.NotConverged(estimate: outer, errorEstimate: .infinity) }
        let beamMomentum = RadiativeLeptonPairAmplitude.beamMomenta(sqrtS: sqrtS).electron.pz
        return outer / (128 * Double.pi * Double.pi * Double.pi * s) / (4 * beamMomentum * sqrtS)
            * PhysicalConstants.femtobarnPerInverseGeV2
    }
}
