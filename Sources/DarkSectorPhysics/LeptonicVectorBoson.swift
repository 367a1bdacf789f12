import ComplexModule
import RealModule

/// The charges of a vector boson X under which the leptons are charged (docs/physics.md 10.1):
///
///     L ⊃ g X_a [ sum_l lbar gamma^a (x_V^l - x_A^l gamma5) l + sum_nu x_nu nubar gamma^a P_L nu ],
///
/// l = e, mu, tau, nu = nu_e, nu_mu, nu_tau (left-handed only). With x_A = 0 the x_V are
/// Darkcast's x_f (arXiv:1801.04847); a neutrino charge x_nu is Darkcast's x_nu with C_nu = 1/2.
public struct LeptonCharges: Sendable, Hashable {
    public var electronVector = 0.0, electronAxial = 0.0
    public var muonVector = 0.0, muonAxial = 0.0
    public var tauVector = 0.0, tauAxial = 0.0
    public var electronNeutrino = 0.0, muonNeutrino = 0.0, tauNeutrino = 0.0

    public init(electronVector: Double = 0, electronAxial: Double = 0, muonVector: Double = 0, muonAxial: Double = 0,
                tauVector: Double = 0, tauAxial: Double = 0,
                electronNeutrino: Double = 0, muonNeutrino: Double = 0, tauNeutrino: Double = 0) {
        self.electronVector = electronVector
        self.electronAxial = electronAxial
        self.muonVector = muonVector
        self.muonAxial = muonAxial
        self.tauVector = tauVector
        self.tauAxial = tauAxial
        self.electronNeutrino = electronNeutrino
        self.muonNeutrino = muonNeutrino
        self.tauNeutrino = tauNeutrino
    }

    /// x_V of a charged lepton.
    public func vector(_ lepton: Lepton) -> Double {
        switch lepton {
        case .electron: return electronVector
        case .muon: return muonVector
        case .tau: return tauVector
        }
    }

    /// x_A of a charged lepton.
    public func axial(_ lepton: Lepton) -> Double {
        switch lepton {
        case .electron: return electronAxial
        case .muon: return muonAxial
        case .tau: return tauAxial
        }
    }

    /// x_nu of the neutrino of `lepton`'s flavour.
    public func neutrino(_ lepton: Lepton) -> Double {
        switch lepton {
        case .electron: return electronNeutrino
        case .muon: return muonNeutrino
        case .tau: return tauNeutrino
        }
    }

    /// Every charge, for the largest-coupling check.
    public var all: [Double] {
        [electronVector, electronAxial, muonVector, muonAxial, tauVector, tauAxial, electronNeutrino, muonNeutrino, tauNeutrino]
    }

    /// The charges of L_mu - L_tau (Darkcast's `Lmu-Ltau_boson`; docs/physics.md 2).
    public static let lMuMinusLTau = LeptonCharges(muonVector: 1, tauVector: -1, muonNeutrino: 1, tauNeutrino: -1)

    /// The dark photon's charges x_V = e Q_l (so g = eps; Darkcast's `dark_photon`), neutrinos 0.
    public static var darkPhoton: LeptonCharges {
        let e = Double.sqrt(4 * Double.pi * PhysicalConstants.alpha)
        return LeptonCharges(electronVector: -e, muonVector: -e, tauVector: -e)
    }
}

/// A vector boson X of mass M with lepton charges, an overall coupling g, optionally the dark
/// photon's coupling to hadrons, and an invisible sector (docs/physics.md section 9).
public struct LeptonicVectorBoson: Sendable, Hashable {
    /// M_X, GeV.
    public var mass: Double
    /// The overall coupling g.
    public var coupling: Double
    public var charges: LeptonCharges
    /// x_had: X couples to the hadronic electromagnetic current as g x_had e J_had (the dark
    /// photon has x_had = 1); the hadronic width is then the R ratio times the massless muon
    /// width (docs/physics.md 1.2). 0 for a leptophilic vector.
    public var hadronicCharge: Double
    /// Dark matter or a chosen BF(invisible), as for the L_mu - L_tau Z'.
    public var darkSector: LMuMinusLTauBoson.DarkSector

    public init(mass: Double, coupling: Double, charges: LeptonCharges, hadronicCharge: Double = 0,
                darkSector: LMuMinusLTauBoson.DarkSector = .none) {
        precondition(mass > 0, "the vector mass must be positive")
        self.mass = mass
        self.coupling = coupling
        self.charges = charges
        self.hadronicCharge = hadronicCharge
        self.darkSector = darkSector
    }

    /// The loop-induced X-photon mixing eps(M^2), where it is finite and fixed by the charges:
    /// electrons uncharged at tree level and x_V^mu = -x_V^tau != 0 (the mu and tau loops then
    /// cancel the divergence, as in L_mu - L_tau; docs/physics.md 10.2). Nil otherwise, where it
    /// depends on the model's ultraviolet completion and the kit leaves it out.
    public var loopMixing: Complex<Double>? {
        guard charges.electronVector == 0, charges.electronAxial == 0, charges.muonVector != 0,
              charges.muonVector == -charges.tauVector else { return nil }
        return LMuMinusLTauBoson(mass: mass, coupling: coupling * charges.muonVector).kineticMixing(momentumSquared: mass * mass)
    }

    /// Gamma(X -> l+ l-), GeV: g^2 M / (12 pi) beta [x_V^2 (1 + 2 r) + x_A^2 beta^2] at tree level
    /// (docs/physics.md 10.2); for uncharged electrons, the loop-induced width where `loopMixing` has one.
    public func width(to lepton: Lepton) -> Double {
        if lepton == .electron, let mixing = loopMixing {
            return DarkPhoton(mass: mass, epsilon: mixing.length).width(to: .electron)
        }
        return TwoBodyWidth.vectorAxialToFermions(vectorCoupling: coupling * charges.vector(lepton),
                                                  axialCoupling: coupling * charges.axial(lepton), mass: mass, fermionMass: lepton.mass)
    }

    /// Gamma(X -> nu nubar) of one flavour: g^2 x_nu^2 M / (24 pi) (left-handed neutrinos).
    public func neutrinoWidth(_ flavour: Lepton) -> Double {
        TwoBodyWidth.vectorToFermions(coupling: coupling * charges.neutrino(flavour), mass: mass, fermionMass: 0, colourFactor: 0.5)
    }

    /// Partial widths: e+e-, mu+mu-, tau+tau-, hadrons (only with a hadronic charge), nu nubar
    /// (three flavours), chi chibar. Throws where the hadronic width needs the R ratio and the
    /// kit has none (as the dark photon). A chosen BF(invisible) must lie between the value
    /// without it and 1 (at exactly 1 the visible widths are set to zero).
    public func decayTable(rRatio: HadronicRRatio = .pdg2020) throws(PhysicsDomainError) -> DecayTable {
        var hadrons = 0.0
        if hadronicCharge != 0, mass > 2 * PhysicalConstants.chargedPionMass {
            guard let r = rRatio.value(at: mass) else {
                throw PhysicsDomainError(
                    "Gamma(X -> hadrons) at M = \(mass) GeV: the R ratio is tabulated for "
                        + "\(rRatio.coveredRange.lowerBound)-\(rRatio.coveredRange.upperBound) GeV only")
            }
            hadrons = DarkPhoton(mass: mass, epsilon: coupling * hadronicCharge).hadronicWidth(rRatio: r)
        }
        let leptons = Lepton.allCases.map { width(to: $0) }
        let neutrinos = Lepton.allCases.reduce(0) { $0 + neutrinoWidth($1) }
        let (dark, visibleScale) = darkSector.width(mass: mass, neutrinos: neutrinos, visible: leptons.reduce(0, +) + hadrons)
        var entries: [(DecayChannel, Double)] = zip(Lepton.allCases, leptons).map { (DecayChannel.leptons($0), $1 * visibleScale) }
        if hadronicCharge != 0 { entries.append((.hadrons, hadrons * visibleScale)) }
        entries += [(.neutrinos, neutrinos), (.darkMatter, dark)]
        return DecayTable(entries)
    }

    /// BF(invisible) from the neutrinos alone (no dark sector): the least a chosen fraction can be.
    /// Nil where the hadronic width is unknown.
    public var minimalInvisibleBranchingFraction: Double? {
        var bare = self
        bare.darkSector = .none
        return try? bare.decayTable().invisibleBranchingFraction
    }
}

extension TwoBodyWidth {
    /// Gamma(X -> f fbar) for a vector X with couplings fbar gamma^a (g_V - g_A gamma5) f:
    /// M / (12 pi) beta [g_V^2 (1 + 2 r) + g_A^2 beta^2], beta = sqrt(1 - 4 r), r = m_f^2 / M^2
    /// (docs/physics.md 10.2). Zero below threshold; g_A = 0 gives `vectorToFermions`.
    public static func vectorAxialToFermions(vectorCoupling gV: Double, axialCoupling gA: Double, mass: Double, fermionMass m: Double) -> Double {
        // The pure vector case by the same expression as before, so that presets reproduce it bit for bit.
        if gA == 0 { return vectorToFermions(coupling: gV, mass: mass, fermionMass: m) }
        let r = m * m / (mass * mass)
        guard r < 0.25 else { return 0 }
        let beta = Double.sqrt(1 - 4 * r)
        return mass / (12 * Double.pi) * beta * (gV * gV * (1 + 2 * r) + gA * gA * beta * beta)
    }
}
