import RealModule

/// Two-body decay widths shared by the models.
public enum TwoBodyWidth {
    /// Gamma(X -> f fbar) for a vector X with vector coupling g to f:
    /// g^2 C M / (12 pi) (1 + 2 r) sqrt(1 - 4 r), r = m_f^2 / M^2 (docs/physics.md 1.1, Darkcast
    /// eq. 2.13 of arXiv:1801.04847). C is 1 for a charged lepton or a Dirac fermion, 1/2 for one
    /// neutrino helicity. Zero below threshold.
    public static func vectorToFermions(coupling g: Double, mass: Double, fermionMass m: Double,
                                        colourFactor: Double = 1) -> Double {
        let r = m * m / (mass * mass)
        guard r < 0.25 else { return 0 }
        return g * g * colourFactor * mass / (12 * Double.pi) * (1 + 2 * r) * Double.sqrt(1 - 4 * r)
    }

    /// sqrt(1 - 4 m^2 / M^2), or 0 below threshold.
    public static func velocity(mass: Double, daughterMass m: Double) -> Double {
        let x = 1 - 4 * m * m / (mass * mass)
        return x > 0 ? Double.sqrt(x) : 0
    }
}

/// A physics input outside the domain where the kit's model is valid.
public struct PhysicsDomainError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
