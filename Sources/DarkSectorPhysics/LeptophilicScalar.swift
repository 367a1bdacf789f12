import ComplexModule
import RealModule

/// A CP-even scalar S coupling to charged leptons, L ⊃ -g_l S lbar l (docs/physics.md section 3).
/// The leptophilic Higgs portal has g_l = xi m_l / v (Batell et al., arXiv:1606.04943); the
/// muonphilic scalar has g_mu = g_S and the other couplings zero.
public struct LeptophilicScalar: LeptonCouplings, Sendable, Hashable {
    /// Mass M_S, GeV.
    public var mass: Double
    /// Yukawa couplings g_e, g_mu, g_tau (dimensionless).
    public var electronCoupling: Double
    public var muonCoupling: Double
    public var tauCoupling: Double

    /// Free couplings per lepton.
    public init(mass: Double, electronCoupling: Double, muonCoupling: Double, tauCoupling: Double) {
        precondition(mass > 0, "the scalar mass must be positive")
        self.mass = mass
        self.electronCoupling = electronCoupling
        self.muonCoupling = muonCoupling
        self.tauCoupling = tauCoupling
    }

    /// The leptophilic Higgs portal: g_l = xi m_l / v.
    public init(mass: Double, xi: Double) {
        let v = PhysicalConstants.higgsVEV
        self.init(mass: mass, electronCoupling: xi * Lepton.electron.mass / v,
                  muonCoupling: xi * Lepton.muon.mass / v, tauCoupling: xi * Lepton.tau.mass / v)
    }


    /// Gamma(S -> l+ l-) = g_l^2 M beta^3 / (8 pi), GeV (docs/physics.md 3.1); zero below threshold.
    public func width(to lepton: Lepton) -> Double {
        let r = lepton.mass * lepton.mass / (mass * mass)
        guard r < 0.25 else { return 0 }
        let beta = Double.sqrt(1 - 4 * r)
        let g = coupling(lepton)
        return g * g * mass * beta * beta * beta / (8 * Double.pi)
    }

    /// Gamma(S -> gamma gamma) through the lepton loops, GeV (docs/physics.md 3.1):
    /// alpha^2 M^3 / (256 pi^3) |sum_l (g_l / m_l) A_1/2(M^2 / 4 m_l^2)|^2.
    public var diphotonWidth: Double {
        var amplitude = Complex<Double>.zero
        for lepton in Lepton.allCases where coupling(lepton) != 0 {
            let t = mass * mass / (4 * lepton.mass * lepton.mass)
            amplitude = amplitude + Complex(coupling(lepton) / lepton.mass) * LoopFunctions.scalarAmplitude(t: t)
        }
        let alpha = PhysicalConstants.alpha
        return alpha * alpha * mass * mass * mass / (256 * Double.pi * Double.pi * Double.pi) * amplitude.lengthSquared
    }
}
