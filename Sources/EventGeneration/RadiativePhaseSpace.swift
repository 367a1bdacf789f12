import DarkSectorPhysics
import RealModule

/// Three-body phase space for e+e- -> l-(p3) l+(p4) X(k) in the centre-of-mass frame, written as
/// a two-body decay sqrt(s) -> recoiling lepton + Q followed by Q -> other lepton + X:
///
///     dPhi_3 = dPhi_2(sqrt s; recoil, Q) (dm_Q^2 / 2 pi) dPhi_2(m_Q; lepton, X),
///     dPhi_2(M; a, b) = |p*| / (16 pi^2 M) dOmega,
///
/// with t = m_Q^2 - m^2 sampled logarithmically, because the propagator of the lepton that emits X
/// is 1/t. Two channels exist: X emitted by the l+ (Q = p4 + k, the default) or by the l-
/// (Q = p3 + k, `emitterIsLeptonMinus`). Each maps the unit cube [0, 1)^5 onto phase space and
/// back, so that the multichannel density of any point can be evaluated.
struct RadiativePhaseSpace: Sendable {
    let sqrtS: Double
    let leptonMass: Double
    let bosonMass: Double
    /// Range of t = m_Q^2 - m^2, GeV^2.
    let tMinimum: Double, tMaximum: Double
    let logRange: Double

    static let dimensions = 5

    init(sqrtS: Double, leptonMass: Double, bosonMass: Double) {
        precondition(sqrtS > 2 * leptonMass + bosonMass, "sqrt(s) is below the l+ l- X threshold")
        self.sqrtS = sqrtS
        self.leptonMass = leptonMass
        self.bosonMass = bosonMass
        let m2 = leptonMass * leptonMass
        tMinimum = (leptonMass + bosonMass) * (leptonMass + bosonMass) - m2
        tMaximum = (sqrtS - leptonMass) * (sqrtS - leptonMass) - m2
        logRange = Double.log(tMaximum / tMinimum)
    }

    /// Momentum of either daughter in the rest frame of a parent of mass M decaying to masses a, b.
    static func twoBodyMomentum(_ parent: Double, _ a: Double, _ b: Double) -> Double {
        let p2 = parent * parent
        let lambda = (p2 - (a + b) * (a + b)) * (p2 - (a - b) * (a - b))
        return lambda > 0 ? Double.sqrt(lambda) / (2 * parent) : 0
    }

    /// Unit vector from cos(theta) = 2 x - 1 and phi = 2 pi y.
    @inline(__always)
    static func direction(_ x: Double, _ y: Double) -> (Double, Double, Double) {
        let cosine = 2 * x - 1
        let sine = Double.sqrt(Swift.max(0, 1 - cosine * cosine))
        let phi = 2 * Double.pi * y
        return (sine * Double.cos(phi), sine * Double.sin(phi), cosine)
    }

    /// (x, y) of a direction, inverse of `direction`.
    @inline(__always)
    static func coordinates(of p: FourVector) -> (Double, Double) {
        let length = p.momentum
        let cosine = length > 0 ? p.pz / length : 1
        var phi = Double.atan2(y: p.py, x: p.px)
        if phi < 0 { phi += 2 * Double.pi }
        return ((cosine + 1) / 2, Swift.min(phi / (2 * Double.pi), 1 - 1e-16))
    }

    /// An orthonormal frame (x', y', z') with z' along `axis`, from the unit vector (ax, ay, az).
    @inline(__always)
    static func helicityFrame(_ a: (Double, Double, Double))
        -> (x: (Double, Double, Double), y: (Double, Double, Double), z: (Double, Double, Double)) {
        // x' = normalised (e - (e.a) a) for the Cartesian axis e least aligned with a.
        let e: (Double, Double, Double) = abs(a.0) < 0.6 ? (1, 0, 0) : (0, 1, 0)
        let projection = e.0 * a.0 + e.1 * a.1 + e.2 * a.2
        var x = (e.0 - projection * a.0, e.1 - projection * a.1, e.2 - projection * a.2)
        let norm = Double.sqrt(x.0 * x.0 + x.1 * x.1 + x.2 * x.2)
        x = (x.0 / norm, x.1 / norm, x.2 / norm)
        let y = (a.1 * x.2 - a.2 * x.1, a.2 * x.0 - a.0 * x.2, a.0 * x.1 - a.1 * x.0)
        return (x, y, a)
    }

    /// dPhi_3 / d^5x at a point of the channel, from the invariant m_Q and the two momenta.
    @inline(__always)
    func jacobian(t: Double) -> Double {
        let m = leptonMass
        let massQ = Double.sqrt(t + m * m)
        let recoil = Self.twoBodyMomentum(sqrtS, m, massQ)
        let daughter = Self.twoBodyMomentum(massQ, m, bosonMass)
        let twoBodyOuter = recoil / (16 * Double.pi * Double.pi * sqrtS) * 4 * Double.pi
        let twoBodyInner = daughter / (16 * Double.pi * Double.pi * massQ) * 4 * Double.pi
        return twoBodyOuter * (t * logRange / (2 * Double.pi)) * twoBodyInner
    }

    /// Momenta (l-, l+, X) of the point x in [0, 1)^5 of a channel, and dPhi_3 / d^5x.
    func momenta(_ x: UnsafeBufferPointer<Double>, emitterIsLeptonMinus: Bool)
        -> (leptonMinus: FourVector, leptonPlus: FourVector, boson: FourVector, jacobian: Double) {
        let m = leptonMass
        let t = tMinimum * Double.exp(logRange * x[0])
        let massQ = Double.sqrt(t + m * m)
        let recoilMomentum = Self.twoBodyMomentum(sqrtS, m, massQ)
        let (rx, ry, rz) = Self.direction(x[1], x[2])
        let recoil = FourVector(mass: m, px: recoilMomentum * rx, py: recoilMomentum * ry, pz: recoilMomentum * rz)
        let q = FourVector(mass: massQ, px: -recoil.px, py: -recoil.py, pz: -recoil.pz)
        let daughterMomentum = Self.twoBodyMomentum(massQ, m, bosonMass)
        // The emitter's direction in the Q rest frame, relative to the Q flight direction (the helicity
        // frame), so that the collinear structure is a function of x[3] alone.
        let (lx, ly, lz) = Self.direction(x[3], x[4])
        let frame = Self.helicityFrame((-rx, -ry, -rz))
        let dx = lx * frame.x.0 + ly * frame.y.0 + lz * frame.z.0
        let dy = lx * frame.x.1 + ly * frame.y.1 + lz * frame.z.1
        let dz = lx * frame.x.2 + ly * frame.y.2 + lz * frame.z.2
        let velocity = q.velocity
        let toCentreOfMass = (x: -velocity.x, y: -velocity.y, z: -velocity.z)
        let emitter = FourVector(mass: m, px: daughterMomentum * dx, py: daughterMomentum * dy, pz: daughterMomentum * dz)
            .boosted(into: toCentreOfMass)
        let boson = FourVector(mass: bosonMass, px: -daughterMomentum * dx, py: -daughterMomentum * dy, pz: -daughterMomentum * dz)
            .boosted(into: toCentreOfMass)
        let jacobian = jacobian(t: t)
        return emitterIsLeptonMinus
            ? (emitter, recoil, boson, jacobian)
            : (recoil, emitter, boson, jacobian)
    }

    /// The channel coordinates of given momenta (inverse of `momenta`), written into `x`, and
    /// dPhi_3 / d^5x there.
    func coordinates(leptonMinus p3: FourVector, leptonPlus p4: FourVector, boson k: FourVector,
                     emitterIsLeptonMinus: Bool, into x: UnsafeMutableBufferPointer<Double>) -> Double {
        let recoil = emitterIsLeptonMinus ? p4 : p3
        let emitter = emitterIsLeptonMinus ? p3 : p4
        let q = emitter + k
        let t = Swift.max(q.massSquared - leptonMass * leptonMass, tMinimum)
        x[0] = Swift.min(Swift.max(Double.log(t / tMinimum) / logRange, 0), 1 - 1e-16)
        (x[1], x[2]) = Self.coordinates(of: recoil)
        let rest = emitter.boosted(into: q.velocity)
        let recoilMomentum = recoil.momentum
        let frame = Self.helicityFrame((-recoil.px / recoilMomentum, -recoil.py / recoilMomentum, -recoil.pz / recoilMomentum))
        let local = FourVector(e: rest.e,
                               px: rest.px * frame.x.0 + rest.py * frame.x.1 + rest.pz * frame.x.2,
                               py: rest.px * frame.y.0 + rest.py * frame.y.1 + rest.pz * frame.y.2,
                               pz: rest.px * frame.z.0 + rest.py * frame.z.1 + rest.pz * frame.z.2)
        (x[3], x[4]) = Self.coordinates(of: local)
        return jacobian(t: t)
    }
}
