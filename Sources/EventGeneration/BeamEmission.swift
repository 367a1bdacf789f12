import ComplexModule
import DarkSectorPhysics
import NumericalMethods
import RealModule

/// X radiated from the beams: e+e- -> X gamma*, gamma* -> l+ l-, with X emitted from the e- or the
/// e+ line (docs/physics.md 2.4). A model that couples X to electrons (the leptophilic scalar, an
/// ALP with C_ee) produces the search's final state this way too; near the kinematic end it
/// dominates, because the gamma* can be soft while emission from the final muons needs the whole
/// energy (docs/tautau-likelihood.md, the check against the collaboration's couplings).
///
/// The squared amplitude, summed over the gamma* decay angles, factorises exactly:
///
///     d sigma / d Q^2 = sigma(e+e- -> X V_Q) (alpha / (3 pi Q^2)) beta (1 + 2 m^2 / Q^2),
///
/// with V_Q a vector of mass Q = sqrt(Q^2) coupled with e to the electron (polarisation sum over
/// its three states) and beta = sqrt(1 - 4 m^2 / Q^2): the gamma* -> l+ l- "width" over pi Q^4.
/// sigma(e+e- -> X V_Q) is the tree-level 2 -> 2 cross section of the two diagrams (X before or
/// after V along the electron line), computed with the spinors of `RadiativeLeptonPairAmplitude`
/// and integrated over the angle by adaptive quadrature, then over ln Q^2. No Monte Carlo: the
/// result is deterministic to the quadrature tolerance. Interference with emission from the final
/// leptons (a term in g_e g_mu) is not included (docs/physics.md 2.4 says why it is small).
public struct BeamEmissionCrossSection: Sendable {
    public let boson: RadiatedBoson
    /// M_X and sqrt(s), GeV; the lepton pair the gamma* turns into.
    public let bosonMass, sqrtS: Double
    public let pair: Lepton

    public init(boson: RadiatedBoson, bosonMass: Double, pair: Lepton = .muon, sqrtS: Double = PhysicalConstants.upsilon4SEnergy) {
        self.boson = boson
        self.bosonMass = bosonMass
        self.pair = pair
        self.sqrtS = sqrtS
    }

    /// sigma(e+e- -> l+ l- X) / g_e^2 in fb with X from the beams, for unit coupling to the
    /// electron (vertex as in `RadiatedBoson`); 0 below threshold.
    public func perUnitCoupling(relativeTolerance: Double = 1e-5) throws -> Double {
        let m = pair.mass
        let lowest = 4 * m * m, highest = (sqrtS - bosonMass) * (sqrtS - bosonMass)
        guard bosonMass > 0, highest > lowest * (1 + 1e-12) else { return 0 }
        let alpha = PhysicalConstants.alpha
        var failure: Error?
        let result = try AdaptiveQuadrature.integrate(lower: Double.log(lowest), upper: Double.log(highest), relativeTolerance: relativeTolerance) { logQ2 in
            let q2 = Double.exp(logQ2)
            let beta = Swift.max(0, 1 - lowest / q2).squareRoot()
            // dQ^2 / Q^2 = d ln Q^2.
            let spectral = alpha / (3 * Double.pi) * beta * (1 + 2 * m * m / q2)
            guard spectral > 0 else { return 0 }
            do {
                return spectral * (try twoBody(photonMass: q2.squareRoot(), relativeTolerance: relativeTolerance))
            } catch {
                failure = failure ?? error
                return 0
            }
        }
        if let failure { throw failure }
        return result
    }

    /// sigma(e+e- -> X V) in fb for a vector V of mass `photonMass` coupled with e to the electron.
    public func twoBody(photonMass: Double, relativeTolerance: Double = 1e-6) throws -> Double {
        let s = sqrtS * sqrtS
        let lambda = (s - (bosonMass + photonMass) * (bosonMass + photonMass)) * (s - (bosonMass - photonMass) * (bosonMass - photonMass))
        guard lambda > 0 else { return 0 }
        let momentum = lambda.squareRoot() / (2 * sqrtS)
        let beams = RadiativeLeptonPairAmplitude.beamMomenta(sqrtS: sqrtS)
        let integral = try AdaptiveQuadrature.integrate(lower: -1, upper: 1, relativeTolerance: relativeTolerance) { cosine in
            squaredAmplitude(cosine: cosine, momentum: momentum, photonMass: photonMass, beams: beams)
        }
        // d sigma / d cos = |M|^2 p_f / (32 pi s p_i) after the azimuth.
        return integral * momentum / (32 * Double.pi * s * beams.electron.pz) * PhysicalConstants.femtobarnPerInverseGeV2
    }

    /// Spin-averaged |M|^2 of e-(p1) e+(p2) -> X(k) V(q) with X at polar angle acos(cosine):
    ///
    ///     M = e [vbar(p2) (epsV-slash S(p1 - k) Gamma_X + Gamma_X S(p1 - q) epsV-slash) u(p1)],
    ///
    /// S(p) = (pslash + m_e) / (p^2 - m_e^2), Gamma_X = epsX-slash, 1, gamma5 or epsX-slash gamma5 (the
    /// axial vector, polarisations summed over its three states as for the vector).
    func squaredAmplitude(cosine: Double, momentum: Double, photonMass: Double,
                          beams: (electron: FourVector, positron: FourVector)) -> Double {
        let me = Lepton.electron.mass
        let sine = Swift.max(0, 1 - cosine * cosine).squareRoot()
        let kEnergy = (bosonMass * bosonMass + momentum * momentum).squareRoot()
        let qEnergy = (photonMass * photonMass + momentum * momentum).squareRoot()
        let k = FourVector(e: kEnergy, px: momentum * sine, py: 0, pz: momentum * cosine)
        let q = FourVector(e: qEnergy, px: -momentum * sine, py: 0, pz: -momentum * cosine)
        let p1 = beams.electron
        let afterX = p1 - k, afterV = p1 - q
        let inverseT = 1 / (afterX.massSquared - me * me), inverseU = 1 / (afterV.massSquared - me * me)
        let photonStates = RadiativeLeptonPairAmplitude.polarisationVectors(q, mass: photonMass)
        let bosonStates = boson.isSpinOne ? RadiativeLeptonPairAmplitude.polarisationVectors(k, mass: bosonMass) : [k]
        let kind = boson, charges = boson.chiralCharges
        func vertex(_ psi: DiracSpinor, _ epsilon: FourVector) -> DiracSpinor { bosonVertex(kind, charges, psi, epsilon) }
        var sum = 0.0
        for u in DiracSpinor.particle(p1, mass: me) {
            for epsilonX in bosonStates {
                let xFirst = inverseT * vertex(u, epsilonX).slashed(afterX, plus: me)
                for epsilonV in photonStates {
                    let chi = xFirst.slashed(epsilonV) + inverseU * vertex(u.slashed(epsilonV).slashed(afterV, plus: me), epsilonX)
                    for v in DiracSpinor.antiparticle(beams.positron, mass: me) { sum += v.barDot(chi).lengthSquared }
                }
            }
        }
        return 4 * Double.pi * PhysicalConstants.alpha * sum / 4
    }
}
