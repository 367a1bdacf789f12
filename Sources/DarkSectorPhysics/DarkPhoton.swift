import RealModule

/// A dark photon A' of mass M coupling to the electromagnetic current with eps e
/// (docs/physics.md section 1). It decays to SM states only (no dark decays).
public struct DarkPhoton: Sendable, Hashable {
    /// Mass M_A', GeV.
    public var mass: Double
    /// Kinetic mixing eps.
    public var epsilon: Double

    public init(mass: Double, epsilon: Double) {
        precondition(mass > 0, "the dark-photon mass must be positive")
        self.mass = mass
        self.epsilon = epsilon
    }

    /// Gamma(A' -> l+ l-) = (alpha eps^2 M / 3)(1 + 2 r) sqrt(1 - 4 r), GeV (docs/physics.md 1.1).
    public func width(to lepton: Lepton) -> Double {
        TwoBodyWidth.vectorToFermions(coupling: epsilon * Double.sqrt(4 * Double.pi * PhysicalConstants.alpha),
                                      mass: mass, fermionMass: lepton.mass)
    }

    /// Gamma(A' -> hadrons) = Gamma_0 R(M) with the massless width Gamma_0 = alpha eps^2 M / 3
    /// (docs/physics.md 1.2), for a given R.
    public func hadronicWidth(rRatio r: Double) -> Double {
        PhysicalConstants.alpha * epsilon * epsilon * mass / 3 * r
    }

    /// Partial widths with the hadronic width from `rRatio`. Below 2 m_pi there are no hadrons;
    /// between 2 m_pi and the start of the R table the kit has no hadronic model and throws.
    public func decayTable(rRatio: HadronicRRatio = .pdg2020) throws(PhysicsDomainError) -> DecayTable {
        var hadrons = 0.0
        if mass > 2 * PhysicalConstants.chargedPionMass {
            guard let r = rRatio.value(at: mass) else {
                throw PhysicsDomainError(
                    "Gamma(A' -> hadrons) at M_A' = \(mass) GeV: the R ratio is tabulated for "
                        + "\(rRatio.coveredRange.lowerBound)-\(rRatio.coveredRange.upperBound) GeV only")
            }
            hadrons = hadronicWidth(rRatio: r)
        }
        return DecayTable([(.electrons, width(to: .electron)), (.muons, width(to: .muon)),
                           (.taus, width(to: .tau)), (.hadrons, hadrons)])
    }
}

/// Dark Higgsstrahlung e+e- -> A' h' in a U(1)_D broken by a dark Higgs of unit charge:
/// M_A' = g_D v_D, alpha_D = g_D^2 / (4 pi), vertex A'A'h' = 2 g_D M_A' (docs/physics.md 1.3;
/// Batell, Pospelov, Ritz, arXiv:0903.0363).
///
/// Topology of the Belle II search (arXiv:2207.00509): A' -> mu+mu- and h' invisible, which the
/// kit takes to hold for M_h' < M_A' (h' then cannot decay to A' pairs, is long-lived and leaves
/// the detector; docs/physics.md 1.3). For M_h' >= M_A' h' decays to A' pairs (one off shell
/// below 2 M_A'), the invisible topology does not apply and the signal rate is zero.
///
/// The A' may also decay to dark matter of unit dark charge, Gamma(A' -> chi chi) with
/// g_chi = g_D = sqrt(4 pi alpha_D), which lowers BF(A' -> mu+mu-) (docs/physics.md 1.4).
public struct DarkHiggsModel: Sendable, Hashable {
    public var epsilon: Double
    /// Dark coupling alpha_D = g_D^2 / (4 pi).
    public var alphaD: Double
    /// M_A', GeV.
    public var darkPhotonMass: Double
    /// M_h', GeV.
    public var darkHiggsMass: Double
    /// The dark matter the A' decays to (with g_chi = g_D), if any.
    public var darkMatter: DarkMatterState.Kind?
    /// m_chi, GeV.
    public var darkMatterMass: Double
    /// Whether the A' is also radiated from the lepton lines (e+e- -> l+ l- A' through eps e Q_l),
    /// reaching the mu+ mu- X searches. A recast turns it on only when it solves for eps at a
    /// fixed alpha_D: that rate goes as eps^2 and does not rise with alpha_D (docs/physics.md 1.4).
    public var radiatedFromLeptons: Bool

    public init(epsilon: Double, alphaD: Double, darkPhotonMass: Double, darkHiggsMass: Double,
                darkMatter: DarkMatterState.Kind? = nil, darkMatterMass: Double = 0, radiatedFromLeptons: Bool = false) {
        precondition(darkPhotonMass > 0 && darkHiggsMass >= 0 && darkMatterMass >= 0, "masses must be positive")
        self.epsilon = epsilon
        self.alphaD = alphaD
        self.darkPhotonMass = darkPhotonMass
        self.darkHiggsMass = darkHiggsMass
        self.darkMatter = darkMatter
        self.darkMatterMass = darkMatterMass
        self.radiatedFromLeptons = radiatedFromLeptons
    }

    public var darkPhoton: DarkPhoton { DarkPhoton(mass: darkPhotonMass, epsilon: epsilon) }

    /// The A' decays: the dark photon's, and chi chibar where the model has dark matter.
    public func darkPhotonDecayTable(rRatio: HadronicRRatio = .pdg2020) throws(PhysicsDomainError) -> DecayTable {
        let visible = try darkPhoton.decayTable(rRatio: rRatio)
        guard let darkMatter else { return visible }
        let chi = DarkMatterState(kind: darkMatter, coupling: (4 * Double.pi * alphaD).squareRoot(), mass: darkMatterMass)
        return DecayTable(visible.channels.map { ($0, visible.width($0)) } + [(.darkMatter, chi.width(bosonMass: darkPhotonMass))])
    }

    /// Whether h' is invisible in the sense of the search (M_h' < M_A').
    public var darkHiggsIsInvisible: Bool { darkHiggsMass < darkPhotonMass }

    /// sigma(e+e- -> A' h') / (eps^2 alpha_D) in fb at centre-of-mass energy `sqrtS` (GeV):
    /// (pi alpha / (3 s)) sqrt(lambda) (lambda + 12 M_A'^2 / s) / (1 - M_A'^2 / s)^2 with
    /// lambda = (1 - (M_A' + M_h')^2 / s)(1 - (M_A' - M_h')^2 / s) (docs/physics.md 1.3). Zero below threshold.
    public static func crossSectionPerUnitCoupling(sqrtS: Double, darkPhotonMass: Double, darkHiggsMass: Double) -> Double {
        let s = sqrtS * sqrtS
        let lambda = (1 - (darkPhotonMass + darkHiggsMass) * (darkPhotonMass + darkHiggsMass) / s)
            * (1 - (darkPhotonMass - darkHiggsMass) * (darkPhotonMass - darkHiggsMass) / s)
        guard lambda > 0 else { return 0 }
        let x = darkPhotonMass * darkPhotonMass / s
        let sigma = Double.pi * PhysicalConstants.alpha / (3 * s) * Double.sqrt(lambda) * (lambda + 12 * x) / ((1 - x) * (1 - x))
        return sigma * PhysicalConstants.femtobarnPerInverseGeV2
    }

    /// sigma(e+e- -> A' h'), fb.
    public func productionCrossSection(sqrtS: Double = PhysicalConstants.upsilon4SEnergy) -> Double {
        epsilon * epsilon * alphaD
            * Self.crossSectionPerUnitCoupling(sqrtS: sqrtS, darkPhotonMass: darkPhotonMass, darkHiggsMass: darkHiggsMass)
    }

    /// sigma x BF(A' -> mu+mu-) x BF(h' invisible), fb: the rate the Belle II search limits.
    public func signalCrossSection(sqrtS: Double = PhysicalConstants.upsilon4SEnergy,
                                   rRatio: HadronicRRatio = .pdg2020) throws(PhysicsDomainError) -> Double {
        guard darkHiggsIsInvisible else { return 0 }
        return productionCrossSection(sqrtS: sqrtS) * (try darkPhotonDecayTable(rRatio: rRatio).branchingFraction(.muons))
    }
}
