import ComplexModule
import RealModule

/// A dark-matter state charged under the new U(1), with coupling g_chi to the Z'.
public struct DarkMatterState: Sendable, Hashable {
    /// Spin and nature of chi, which fix the Z' -> chi chi width (docs/physics.md 2.1).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Dirac fermion, vector coupling g_chi chibar gamma^a chi Z'_a.
        case diracFermion = "dirac"
        /// Majorana fermion, (g_chi / 2) chibar gamma^a gamma5 chi Z'_a.
        case majoranaFermion = "majorana"
        /// Complex scalar, i g_chi Z'^a (phi* d_a phi - phi d_a phi*).
        case complexScalar = "scalar"
    }

    public var kind: Kind
    /// g_chi.
    public var coupling: Double
    /// m_chi, GeV.
    public var mass: Double

    public init(kind: Kind, coupling: Double, mass: Double) {
        precondition(mass >= 0, "the dark-matter mass must not be negative")
        self.kind = kind
        self.coupling = coupling
        self.mass = mass
    }

    /// Gamma(Z' -> chi chi) for a Z' of mass M, GeV (docs/physics.md 2.1; standard tree-level results):
    /// Dirac g^2 M / (12 pi)(1 + 2 r) beta, Majorana g^2 M / (24 pi) beta^3, scalar g^2 M / (48 pi) beta^3.
    public func width(bosonMass: Double) -> Double {
        let beta = TwoBodyWidth.velocity(mass: bosonMass, daughterMass: mass)
        guard beta > 0 else { return 0 }
        let g2 = coupling * coupling
        switch kind {
        case .diracFermion:
            return TwoBodyWidth.vectorToFermions(coupling: coupling, mass: bosonMass, fermionMass: mass)
        case .majoranaFermion:
            return g2 * bosonMass / (24 * Double.pi) * beta * beta * beta
        case .complexScalar:
            return g2 * bosonMass / (48 * Double.pi) * beta * beta * beta
        }
    }
}

/// The gauge boson of L_mu - L_tau with coupling g' (docs/physics.md section 2): charges +1 for mu and
/// nu_mu, -1 for tau and nu_tau (left-handed neutrinos only), and optionally a dark sector.
public struct LMuMinusLTauBoson: Sendable, Hashable {
    /// What the Z' can decay to beyond the SM leptons.
    public enum DarkSector: Sendable, Hashable {
        /// Nothing: BF(invisible) is the neutrino fraction.
        case none
        /// A dark-matter state with its own coupling and mass.
        case state(DarkMatterState)
        /// A chosen BF(Z' -> invisible), reached by adding an unspecified invisible width.
        /// Must be at least the neutrino-only fraction and at most 1.
        case invisibleBranchingFraction(Double)

        /// The dark width of a boson of mass `mass` with neutrino width `neutrinos` and visible
        /// width `visible` (GeV), and the factor on the visible widths: 0 for a chosen fraction of
        /// exactly 1 (the limit g_chi -> infinity), else 1. A chosen fraction f sets the dark width
        /// so that (Gamma_nu + Gamma_chi) / (Gamma_nu + Gamma_chi + Gamma_visible) = f.
        /// Precondition: f lies in [neutrino-only fraction, 1] (0 / 0, no open channel, allows any f).
        public func width(mass: Double, neutrinos: Double, visible: Double) -> (dark: Double, visibleScale: Double) {
            switch self {
            case .none:
                return (0, 1)
            case .state(let chi):
                return (chi.width(bosonMass: mass), 1)
            case .invisibleBranchingFraction(let fraction):
                let minimal = neutrinos + visible > 0 ? neutrinos / (neutrinos + visible) : 0
                precondition(fraction >= minimal - 1e-12 && fraction <= 1,
                             "BF(invisible) = \(fraction) must lie between the neutrino-only \(minimal) and 1")
                if fraction >= 1 { return (0, 0) }
                return (Swift.max(0, (fraction * (neutrinos + visible) - neutrinos) / (1 - fraction)), 1)
            }
        }
    }

    /// M_Z', GeV.
    public var mass: Double
    /// g'.
    public var coupling: Double
    public var darkSector: DarkSector

    public init(mass: Double, coupling: Double, darkSector: DarkSector = .none) {
        precondition(mass > 0, "the Z' mass must be positive")
        self.mass = mass
        self.coupling = coupling
        self.darkSector = darkSector
    }

    /// Gamma(Z' -> l+ l-), GeV. mu and tau at tree level (docs/physics.md 2.1); e+e- through the
    /// loop-induced mixing eps(M^2) as for a dark photon.
    public func width(to lepton: Lepton) -> Double {
        switch lepton {
        case .muon, .tau:
            return TwoBodyWidth.vectorToFermions(coupling: coupling, mass: mass, fermionMass: lepton.mass)
        case .electron:
            return DarkPhoton(mass: mass, epsilon: kineticMixing(momentumSquared: mass * mass).length)
                .width(to: .electron)
        }
    }

    /// Gamma(Z' -> nu nubar) for one flavour (nu_mu or nu_tau, one helicity): g'^2 M / (24 pi).
    public var neutrinoWidthPerFlavour: Double {
        TwoBodyWidth.vectorToFermions(coupling: coupling, mass: mass, fermionMass: 0, colourFactor: 0.5)
    }

    /// Neutrino-only BF(Z' -> invisible), the least a dark sector can give.
    public var minimalInvisibleBranchingFraction: Double {
        LMuMinusLTauBoson(mass: mass, coupling: coupling).decayTable().invisibleBranchingFraction
    }

    /// Partial widths: e+e- (loop), mu+mu-, tau+tau-, nu nubar (both flavours), chi chibar.
    /// Precondition: a chosen invisible fraction lies in [neutrino-only fraction, 1]; at exactly 1
    /// the visible widths are set to zero (the limit g_chi / g' -> infinity).
    public func decayTable() -> DecayTable {
        let electrons = width(to: .electron), muons = width(to: .muon), taus = width(to: .tau)
        let neutrinos = 2 * neutrinoWidthPerFlavour
        let (dark, visibleScale) = darkSector.width(mass: mass, neutrinos: neutrinos, visible: electrons + muons + taus)
        return DecayTable([(.electrons, electrons * visibleScale), (.muons, muons * visibleScale),
                           (.taus, taus * visibleScale), (.neutrinos, neutrinos), (.darkMatter, dark)])
    }

    /// The loop-induced Z'-photon mixing eps(q^2) from mu and tau loops of opposite charge
    /// (docs/physics.md 2.1; arXiv:2006.11225 eq. 7):
    /// eps(q^2) = (e g' / (2 pi^2)) int_0^1 dx x(1 - x) ln[(m_tau^2 - x(1-x) q^2 - i0) / (m_mu^2 - x(1-x) q^2 - i0)].
    /// At q^2 = 0 this is e g' ln(m_tau^2 / m_mu^2) / (12 pi^2) = 0.01443 g'. Complex above the
    /// muon-pair threshold q^2 > 4 m_mu^2.
    public func kineticMixing(momentumSquared q2: Double) -> Complex<Double> {
        let charge = Double.sqrt(4 * Double.pi * PhysicalConstants.alpha)
        let muon = Self.vacuumPolarisationLog(momentumSquared: q2, mass: Lepton.muon.mass)
        let tau = Self.vacuumPolarisationLog(momentumSquared: q2, mass: Lepton.tau.mass)
        return (tau - muon) * Complex(charge * coupling / (2 * Double.pi * Double.pi))
    }

    /// int_0^1 dx x(1 - x) ln[(m^2 - x(1-x) q^2 - i0) / GeV^2] = ln(m^2) / 6 + J(q^2 / m^2), with
    /// the closed form of the one-loop vacuum polarisation (derived here; checked against scipy
    /// quadrature in the tests), a = q^2 / m^2:
    ///
    ///     J(a) = -5/18 - 2/(3a) + (1/6)(1 + 2/a) beta L(a),
    ///     beta L = b ln[(b + 1)/(b - 1)], b = sqrt(1 - 4/a)    (a < 0)
    ///            = 2 b arctan(1/b),       b = sqrt(4/a - 1)    (0 < a < 4)
    ///            = b ln[(1 + b)/(1 - b)], b = sqrt(1 - 4/a)    (a > 4, real part),
    ///
    /// with the series -a/30 - a^2/280 for |a| < 1e-3, where the closed form cancels. The imaginary
    /// part above threshold is -pi b (3 - b^2) / 12.
    static func vacuumPolarisationLog(momentumSquared q2: Double, mass m: Double) -> Complex<Double> {
        let a = q2 / (m * m)
        var j: Double
        var imaginary = 0.0
        if abs(a) < 1e-3 {
            j = -a / 30 - a * a / 280
        } else {
            let betaL: Double
            if a < 0 {
                let b = Double.sqrt(1 - 4 / a)
                betaL = b * Double.log((b + 1) / (b - 1))
            } else if a < 4 {
                let b = Double.sqrt(4 / a - 1)
                betaL = 2 * b * Double.atan(1 / b)
            } else {
                let b = Double.sqrt(1 - 4 / a)
                betaL = a == 4 ? 0 : b * Double.log((1 + b) / (1 - b))
                imaginary = -Double.pi * b * (3 - b * b) / 12
            }
            j = -5.0 / 18 - 2 / (3 * a) + (1 + 2 / a) * betaL / 6
        }
        return Complex(Double.log(m * m) / 6 + j, imaginary)
    }
}
