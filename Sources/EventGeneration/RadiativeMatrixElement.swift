import ComplexModule
import DarkSectorPhysics
import NumericalMethods
import RealModule

/// The boson X radiated from the final-state lepton line, and how it couples to the lepton
/// (docs/physics.md section 2.2): vector g Xslash, scalar g, pseudoscalar g i gamma5, axial vector
/// g Xslash gamma5 (docs/physics.md 10.3).
public enum RadiatedBoson: String, Sendable, CaseIterable, Hashable {
    case vector, scalar, pseudoscalar, axialVector

    /// The bosons of the derived efficiency maps and of the per-boson tables of `reproduce`: an
    /// axial vector takes its efficiency from the vector's map (docs/physics.md 10.3), so it has no
    /// map of its own. `allCases` lists every boson with a matrix element and a cross-section table.
    public static let efficiencyMapBosons: [RadiatedBoson] = [.vector, .scalar, .pseudoscalar]

    /// A spin-1 boson (three polarisation states, summed with -g + k k / M^2).
    public var isSpinOne: Bool { self == .vector || self == .axialVector }

    /// The vector and axial parts (c_V, c_A) of the vertex gamma^mu (c_V - c_A gamma5) of a spin-1
    /// boson, for unit coupling (docs/physics.md 10.1 sign convention).
    var chiralCharges: (vector: Double, axial: Double) {
        self == .axialVector ? (0, 1) : (1, 0)
    }
}

/// The vertex of X on a lepton line acting on a spinor, V psi: c_V epsslash psi - c_A epsslash
/// gamma5 psi for a spin-1 X, psi for the scalar, gamma5 psi for the pseudoscalar. The Dirac
/// adjoint Vbar = gamma0 V^dagger gamma0 equals V except for the pseudoscalar (-gamma5), because
/// gamma0 (epsslash gamma5)^dagger gamma0 = -gamma5 epsslash = epsslash gamma5 for a real eps.
@inline(__always)
func bosonVertex(_ boson: RadiatedBoson, _ charges: (vector: Double, axial: Double), _ psi: DiracSpinor,
                 _ epsilon: FourVector, adjoint: Bool = false) -> DiracSpinor {
    switch boson {
    case .vector, .axialVector:
        if charges.axial == 0 { return charges.vector == 1 ? psi.slashed(epsilon) : charges.vector * psi.slashed(epsilon) }
        let axial = psi.gamma5.slashed(epsilon)
        return charges.vector == 0 ? (-charges.axial) * axial : charges.vector * psi.slashed(epsilon) + (-charges.axial) * axial
    case .scalar: return psi
    case .pseudoscalar: return adjoint ? -1 * psi.gamma5 : psi.gamma5
    }
}

/// Tree-level e+e- -> gamma* -> l- l+ X, with X emitted from the l- or the l+ line
/// (docs/physics.md 2.2):
///
///     M = (e^2 / s) [vbar(p2) gamma_mu u(p1)] [ubar(p3) Gamma^mu v(p4)],
///     Gamma^mu = V S(p3 + k) gamma^mu + gamma^mu S(-p4 - k) V,   S(q) = (qslash + m) / (q^2 - m^2),
///
/// for unit coupling g = 1 (cross sections scale as g^2). The spin-1 polarisation sum runs over the
/// three physical states, equal to -g + k k / M^2; for the axial vector the k k / M^2 term does not
/// drop (the axial current is not conserved for m_l != 0) and adds (2 m_l / M)^2 times the
/// pseudoscalar |M|^2 (docs/physics.md 10.3). Z exchange and emission from the beams are
/// neglected (the first is O(s / M_Z^2) at 10.58 GeV, the second absent for the L_mu - L_tau Z',
/// and suppressed by m_e for the Yukawa-like couplings).
///
/// Momenta are in the centre-of-mass frame with the electron along +z; the lepton masses are kept
/// everywhere, including m_e in the beam spinors.
public struct RadiativeLeptonPairAmplitude: Sendable {
    public let lepton: Lepton
    public let boson: RadiatedBoson
    /// M_X, GeV.
    public let bosonMass: Double
    /// sqrt(s), GeV.
    public let sqrtS: Double
    /// vbar(p2) gamma^mu u(p1) for the four beam spin states.
    let beamCurrents: [Current]
    /// (c_V, c_A) of a spin-1 vertex: (1, 0) for `.vector`, (0, 1) for `.axialVector`; tests set
    /// both to check that the V-A interference vanishes (docs/physics.md 10.3).
    let chiralCharges: (vector: Double, axial: Double)

    public init(lepton: Lepton, boson: RadiatedBoson, bosonMass: Double, sqrtS: Double) {
        self.init(lepton: lepton, boson: boson, bosonMass: bosonMass, sqrtS: sqrtS, chiralCharges: boson.chiralCharges)
    }

    /// A spin-1 X with the vertex gamma^mu (c_V - c_A gamma5).
    init(lepton: Lepton, boson: RadiatedBoson, bosonMass: Double, sqrtS: Double, chiralCharges: (vector: Double, axial: Double)) {
        precondition(bosonMass > 0, "the radiated boson needs a positive mass")
        self.lepton = lepton
        self.boson = boson
        self.chiralCharges = chiralCharges
        self.bosonMass = bosonMass
        self.sqrtS = sqrtS
        let beams = Self.beamMomenta(sqrtS: sqrtS)
        let electrons = DiracSpinor.particle(beams.electron, mass: Lepton.electron.mass)
        let positrons = DiracSpinor.antiparticle(beams.positron, mass: Lepton.electron.mass)
        beamCurrents = electrons.flatMap { u in
            positrons.map { v in Current.sandwich(v, (u.gamma(0), u.gamma(1), u.gamma(2), u.gamma(3))) }
        }
    }

    /// e- along +z and e+ along -z, each with energy sqrt(s)/2.
    public static func beamMomenta(sqrtS: Double) -> (electron: FourVector, positron: FourVector) {
        let e = sqrtS / 2, me = Lepton.electron.mass
        let p = Double.sqrt(e * e - me * me)
        return (FourVector(e: e, px: 0, py: 0, pz: p), FourVector(e: e, px: 0, py: 0, pz: -p))
    }

    /// Spin-averaged |M|^2 (1/4 sum over beam spins, sum over final spins and polarisations) for
    /// l-(p3), l+(p4), X(k); dimensionless.
    public func squaredAmplitude(leptonMinus p3: FourVector, leptonPlus p4: FourVector, boson k: FourVector) -> Double {
        var sum = 0.0
        forEachFinalStateCurrent(p3, p4, k) { current in
            for beam in beamCurrents { sum += beam.dot(current).lengthSquared }
        }
        return couplingFactor * sum / 4
    }

    /// |M|^2 averaged over the orientation of the final state relative to the beams, for massless
    /// beams: the beam tensor averages to (4/3)(q q - s g), and q_mu J^mu = 0 leaves
    /// (e^4 / s^2)(4 s / 3) sum (-g_mu nu J^mu J^nu*) / 4. Used to check the Monte Carlo by a
    /// two-dimensional Dalitz integral.
    public func orientationAveragedSquaredAmplitude(leptonMinus p3: FourVector, leptonPlus p4: FourVector,
                                                    boson k: FourVector) -> Double {
        var sum = 0.0
        forEachFinalStateCurrent(p3, p4, k) { sum += $0.minusMetricNorm }
        return couplingFactor * (4 * sqrtS * sqrtS / 3) * sum / 4
    }

    /// (e^2 / s)^2.
    var couplingFactor: Double {
        let e2 = 4 * Double.pi * PhysicalConstants.alpha
        let s = sqrtS * sqrtS
        return e2 * e2 / (s * s)
    }

    /// The final-state current ubar(p3) Gamma^mu v(p4) for each lepton spin and boson polarisation.
    /// `polarisations` overrides the vector's physical polarisation vectors (tests use k itself
    /// to check the Ward identity).
    func forEachFinalStateCurrent(_ p3: FourVector, _ p4: FourVector, _ k: FourVector,
                                  polarisations: [FourVector]? = nil, _ body: (Current) -> Void) {
        let m = lepton.mass
        let q3 = p3 + k, q4 = p4 + k
        let inverse3 = 1 / (q3.massSquared - m * m)
        let inverse4 = 1 / (q4.massSquared - m * m)
        let minusQ4 = FourVector(e: -q4.e, px: -q4.px, py: -q4.py, pz: -q4.pz)
        let leptons = DiracSpinor.particle(p3, mass: m)
        let antileptons = DiracSpinor.antiparticle(p4, mass: m)
        let vectors = boson.isSpinOne ? (polarisations ?? Self.polarisationVectors(k, mass: bosonMass)) : [k]
        let kind = boson, charges = chiralCharges

        // V psi and its Dirac adjoint Vbar psi (Vbar = gamma0 V^dagger gamma0).
        func vertex(_ psi: DiracSpinor, _ epsilon: FourVector) -> DiracSpinor { bosonVertex(kind, charges, psi, epsilon) }
        func adjointVertex(_ psi: DiracSpinor, _ epsilon: FourVector) -> DiracSpinor {
            bosonVertex(kind, charges, psi, epsilon, adjoint: true)
        }

        for v in antileptons {
            let gammaV = (v.gamma(0), v.gamma(1), v.gamma(2), v.gamma(3))
            for epsilon in vectors {
                // Second diagram: gamma^mu S(-p4 - k) V v(p4).
                let right = inverse4 * vertex(v, epsilon).slashed(minusQ4, plus: m)
                let gammaRight = (right.gamma(0), right.gamma(1), right.gamma(2), right.gamma(3))
                for u in leptons {
                    // First diagram: ubar V S(p3 + k) = bar of S(p3 + k) Vbar u.
                    let left = inverse3 * adjointVertex(u, epsilon).slashed(q3, plus: m)
                    let first = Current.sandwich(left, gammaV)
                    let second = Current.sandwich(u, gammaRight)
                    body(Current(t: first.t + second.t, x: first.x + second.x, y: first.y + second.y, z: first.z + second.z))
                }
            }
        }
    }

    /// Two transverse and one longitudinal polarisation vector of a massive vector with momentum k;
    /// all real, so epsilon* = epsilon.
    static func polarisationVectors(_ k: FourVector, mass: Double) -> [FourVector] {
        let momentum = k.momentum
        var direction = (x: 0.0, y: 0.0, z: 1.0)
        if momentum > 1e-300 { direction = (k.px / momentum, k.py / momentum, k.pz / momentum) }
        // e1: a unit vector perpendicular to the direction, built from the axis it is least aligned with.
        let axis = abs(direction.x) < 0.9 ? (x: 1.0, y: 0.0, z: 0.0) : (x: 0.0, y: 1.0, z: 0.0)
        var e1 = (x: axis.y * direction.z - axis.z * direction.y,
                  y: axis.z * direction.x - axis.x * direction.z,
                  z: axis.x * direction.y - axis.y * direction.x)
        let norm = Double.sqrt(e1.x * e1.x + e1.y * e1.y + e1.z * e1.z)
        e1 = (e1.x / norm, e1.y / norm, e1.z / norm)
        let e2 = (x: direction.y * e1.z - direction.z * e1.y,
                  y: direction.z * e1.x - direction.x * e1.z,
                  z: direction.x * e1.y - direction.y * e1.x)
        return [
            FourVector(e: 0, px: e1.x, py: e1.y, pz: e1.z),
            FourVector(e: 0, px: e2.x, py: e2.y, pz: e2.z),
            FourVector(e: momentum / mass, px: k.e / mass * direction.x, py: k.e / mass * direction.y,
                       pz: k.e / mass * direction.z),
        ]
    }
}

/// Tree-level e+e- -> gamma* -> l+ l-, computed with the same spinors, to validate them against
/// sigma = (4 pi alpha^2 / (3 s)) beta (3 - beta^2) / 2 (massless beams).
public struct LeptonPairAmplitude: Sendable {
    public let lepton: Lepton
    public let sqrtS: Double
    let beamCurrents: [Current]

    public init(lepton: Lepton, sqrtS: Double) {
        self.lepton = lepton
        self.sqrtS = sqrtS
        beamCurrents = RadiativeLeptonPairAmplitude(lepton: lepton, boson: .scalar, bosonMass: 1, sqrtS: sqrtS).beamCurrents
    }

    /// Spin-averaged |M|^2 for l-(p3) l+(p4).
    public func squaredAmplitude(leptonMinus p3: FourVector, leptonPlus p4: FourVector) -> Double {
        let m = lepton.mass
        var sum = 0.0
        for v in DiracSpinor.antiparticle(p4, mass: m) {
            let gammaV = (v.gamma(0), v.gamma(1), v.gamma(2), v.gamma(3))
            for u in DiracSpinor.particle(p3, mass: m) {
                let current = Current.sandwich(u, gammaV)
                for beam in beamCurrents { sum += beam.dot(current).lengthSquared }
            }
        }
        let e2 = 4 * Double.pi * PhysicalConstants.alpha, s = sqrtS * sqrtS
        return e2 * e2 / (s * s) * sum / 4
    }

    /// sigma(e+e- -> l+ l-) in fb by Gauss-Legendre integration over cos(theta) (the |M|^2 is a
    /// polynomial of degree 2 in cos theta, so 8 points are exact).
    public func crossSection() -> Double {
        let s = sqrtS * sqrtS, m = lepton.mass
        let beams = RadiativeLeptonPairAmplitude.beamMomenta(sqrtS: sqrtS)
        let p = Double.sqrt(s / 4 - m * m)
        let integral = QuadratureRule.gaussLegendre(order: 8).integrate { node in
            let sine = Double.sqrt(1 - node * node)
            let p3 = FourVector(e: sqrtS / 2, px: p * sine, py: 0, pz: p * node)
            let p4 = FourVector(e: sqrtS / 2, px: -p * sine, py: 0, pz: -p * node)
            return squaredAmplitude(leptonMinus: p3, leptonPlus: p4)
        }
        // dsigma/dcos = |M|^2 p / (32 pi s p_beam) after the trivial azimuth (2 pi).
        let beamMomentum = beams.electron.pz
        return integral * p / (32 * Double.pi * s * beamMomentum) * PhysicalConstants.femtobarnPerInverseGeV2
    }

    /// The closed form (4 pi alpha^2 / (3 s)) beta (3 - beta^2) / 2, fb (massless beams).
    public func analyticCrossSection() -> Double {
        let s = sqrtS * sqrtS, alpha = PhysicalConstants.alpha
        let beta = TwoBodyWidth.velocity(mass: sqrtS, daughterMass: lepton.mass)
        return 4 * Double.pi * alpha * alpha / (3 * s) * beta * (3 - beta * beta) / 2 * PhysicalConstants.femtobarnPerInverseGeV2
    }
}
