import ComplexModule
import RealModule

/// An axion-like particle with lepton and photon couplings (Bauer, Neubert, Thamm,
/// arXiv:1708.00443; docs/physics.md section 4):
/// L ⊃ e^2 C_gammagamma (a/Lambda) F Ftilde + sum_l (c_ll / 2) (d_mu a / Lambda) lbar gamma^mu gamma5 l.
/// Convention: the derivative coupling with c_ll / (2 Lambda) (papers that write c_ll / Lambda
/// have couplings twice as large for the same physics).
public struct AxionLikeParticle: LeptonCouplings, Sendable, Hashable {
    /// Mass m_a, GeV.
    public var mass: Double
    /// Lepton couplings c_ee, c_mumu, c_tautau.
    public var electronCoupling: Double
    public var muonCoupling: Double
    public var tauCoupling: Double
    /// Tree-level photon coupling C_gammagamma.
    public var photonCoupling: Double
    /// New-physics scale Lambda, GeV.
    public var scale: Double

    public init(mass: Double, electronCoupling: Double, muonCoupling: Double, tauCoupling: Double,
                photonCoupling: Double = 0, scale: Double = 1000) {
        precondition(mass > 0 && scale > 0, "the ALP mass and the scale Lambda must be positive")
        self.mass = mass
        self.electronCoupling = electronCoupling
        self.muonCoupling = muonCoupling
        self.tauCoupling = tauCoupling
        self.photonCoupling = photonCoupling
        self.scale = scale
    }


    /// Gamma(a -> l+ l-) = m_a m_l^2 |c_ll|^2 / (8 pi Lambda^2) beta, GeV (docs/physics.md 4.1).
    public func width(to lepton: Lepton) -> Double {
        let m = lepton.mass
        let r = m * m / (mass * mass)
        guard r < 0.25 else { return 0 }
        let c = coupling(lepton)
        return mass * m * m * c * c / (8 * Double.pi * scale * scale) * Double.sqrt(1 - 4 * r)
    }

    /// C_gammagamma^eff = C_gammagamma + sum_l c_ll / (16 pi^2) B_1(4 m_l^2 / m_a^2) (docs/physics.md 4.1).
    public var effectivePhotonCoupling: Complex<Double> {
        var total = Complex(photonCoupling)
        for lepton in Lepton.allCases where coupling(lepton) != 0 {
            let tau = 4 * lepton.mass * lepton.mass / (mass * mass)
            total = total + Complex(coupling(lepton) / (16 * Double.pi * Double.pi)) * LoopFunctions.alpB1(tau: tau)
        }
        return total
    }

    /// Gamma(a -> gamma gamma) = 4 pi alpha^2 m_a^3 |C_gammagamma^eff|^2 / Lambda^2, GeV.
    public var diphotonWidth: Double {
        let alpha = PhysicalConstants.alpha
        return 4 * Double.pi * alpha * alpha * mass * mass * mass * effectivePhotonCoupling.lengthSquared / (scale * scale)
    }
}
