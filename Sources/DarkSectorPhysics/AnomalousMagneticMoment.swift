import NumericalMethods
import RealModule

/// One-loop contributions of new bosons to a_mu = (g - 2)_mu / 2, and the coupling band that
/// explains a chosen discrepancy. The discrepancy is an input, read from
/// paper-data/reference/muon-g-2 (RecastEngine `MuonAnomaly`), never a constant here.
public enum AnomalousMagneticMoment {

    /// Delta a_mu for a vector with vector coupling g to the muon (docs/physics.md 2.3; Darkcast
    /// limits/AMM.py, eq. 6 of Endo et al. 2012):
    /// g^2 / (8 pi^2) int_0^1 dz 2 z (1 - z)^2 m^2 / [(1 - z)^2 m^2 + z M^2].
    public static func vector(coupling g: Double, mass: Double) -> Double {
        let m2 = Lepton.muon.mass * Lepton.muon.mass, M2 = mass * mass
        let integral = integrate { z in 2 * z * (1 - z) * (1 - z) * m2 / ((1 - z) * (1 - z) * m2 + z * M2) }
        return g * g / (8 * Double.pi * Double.pi) * integral
    }

    /// Delta a_mu for a CP-even scalar with Yukawa g to the muon (docs/physics.md 3.3):
    /// g^2 / (8 pi^2) int_0^1 dx x^2 (2 - x) / [x^2 + (1 - x) M^2 / m^2]. Positive.
    public static func scalar(coupling g: Double, mass: Double) -> Double {
        let ratio = mass * mass / (Lepton.muon.mass * Lepton.muon.mass)
        let integral = integrate { x in x * x * (2 - x) / (x * x + (1 - x) * ratio) }
        return g * g / (8 * Double.pi * Double.pi) * integral
    }

    /// The couplings g for which a contribution c g^2 lies in [Delta a - n sigma, Delta a + n sigma],
    /// given `contributionAtUnitCoupling` = c. The lower edge is 0 when Delta a - n sigma <= 0.
    public static func couplingBand(contributionAtUnitCoupling c: Double, discrepancy: Double,
                                    uncertainty: Double, sigmas n: Double) -> ClosedRange<Double> {
        precondition(c > 0, "the band needs a positive contribution per unit coupling squared")
        let low = Swift.max(0, discrepancy - n * uncertainty), high = Swift.max(0, discrepancy + n * uncertainty)
        return Double.sqrt(low / c) ... Double.sqrt(high / c)
    }

    /// The integrands are smooth on [0, 1] with at most one narrow peak, so adaptive quadrature
    /// converges well within its interval budget.
    static func integrate(_ f: (Double) -> Double) -> Double {
        do {
            return try AdaptiveQuadrature.integrate(lower: 0, upper: 1, relativeTolerance: 1e-10, f)
        } catch {
            return error.estimate
        }
    }
}
