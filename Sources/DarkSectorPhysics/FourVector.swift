import RealModule

/// A Lorentz four-vector (E, px, py, pz) in GeV, metric (+, -, -, -).
public struct FourVector: Sendable, Hashable {
    public var e: Double
    public var px: Double
    public var py: Double
    public var pz: Double

    public init(e: Double, px: Double, py: Double, pz: Double) {
        self.e = e
        self.px = px
        self.py = py
        self.pz = pz
    }

    /// A particle of mass `mass` with three-momentum (px, py, pz).
    public init(mass: Double, px: Double, py: Double, pz: Double) {
        self.init(e: Double.sqrt(mass * mass + px * px + py * py + pz * pz), px: px, py: py, pz: pz)
    }

    /// Minkowski square E^2 - |p|^2.
    public var massSquared: Double { e * e - px * px - py * py - pz * pz }
    /// Invariant mass sqrt(max(0, p^2)).
    public var mass: Double { Double.sqrt(Swift.max(0, massSquared)) }
    /// |p|.
    public var momentum: Double { Double.sqrt(px * px + py * py + pz * pz) }
    /// Transverse momentum with respect to the z axis.
    public var transverseMomentum: Double { Double.sqrt(px * px + py * py) }
    /// Velocity vector p / E of the system this vector describes.
    public var velocity: (x: Double, y: Double, z: Double) { (px / e, py / e, pz / e) }

    public static func + (a: FourVector, b: FourVector) -> FourVector {
        FourVector(e: a.e + b.e, px: a.px + b.px, py: a.py + b.py, pz: a.pz + b.pz)
    }

    public static func - (a: FourVector, b: FourVector) -> FourVector {
        FourVector(e: a.e - b.e, px: a.px - b.px, py: a.py - b.py, pz: a.pz - b.pz)
    }

    /// Minkowski product a.b.
    public func dot(_ other: FourVector) -> Double {
        e * other.e - px * other.px - py * other.py - pz * other.pz
    }

    /// This vector seen from a frame moving with velocity beta (|beta| < 1), i.e. the pure boost
    /// by -beta: E' = gamma (E - beta.p), p' = p + [(gamma - 1)(beta.p)/beta^2 - gamma E] beta.
    public func boosted(into beta: (x: Double, y: Double, z: Double)) -> FourVector {
        let b2 = beta.x * beta.x + beta.y * beta.y + beta.z * beta.z
        guard b2 > 0 else { return self }
        let gamma = 1 / Double.sqrt(1 - b2)
        let bp = beta.x * px + beta.y * py + beta.z * pz
        let coefficient = (gamma - 1) * bp / b2 - gamma * e
        return FourVector(e: gamma * (e - bp), px: px + coefficient * beta.x,
                          py: py + coefficient * beta.y, pz: pz + coefficient * beta.z)
    }
}
