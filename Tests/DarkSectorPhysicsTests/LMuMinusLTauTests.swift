import ComplexModule
import DarkSectorPhysics
import Testing

@Suite struct LMuMinusLTauWidthTests {
    /// docs/physics.md 2.1 check table, g' = 1: (M, Gamma_mumu, Gamma_tautau, Gamma_nu per flavour, BF_inv), 5 digits.
    @Test(arguments: [
        (0.1, 0.0, 0.0, 1.3263e-3, 1.0000),
        (0.5, 1.3094e-2, 0.0, 6.6315e-3, 0.5032),
        (1.0, 2.6506e-2, 0.0, 1.3263e-2, 0.5002),
        (5.0, 1.3263e-1, 1.1686e-1, 6.6315e-2, 0.3471),
        (8.0, 2.1221e-1, 2.0888e-1, 1.0610e-1, 0.3351),
    ])
    func widthsAndInvisibleFraction(mass: Double, muons: Double, taus: Double, neutrinos: Double, invisible: Double) {
        let boson = LMuMinusLTauBoson(mass: mass, coupling: 1)
        #expect(agrees(boson.width(to: .muon), muons))
        #expect(agrees(boson.width(to: .tau), taus, within: 3e-4))
        #expect(agrees(boson.neutrinoWidthPerFlavour, neutrinos))
        #expect(agrees(boson.decayTable().invisibleBranchingFraction, invisible, within: 2e-4))
    }

    @Test func diracDarkMatter() {
        // docs/physics.md 2.1: Dirac chi with g_chi = 3 g', m_chi = M/3, M = 1 GeV gives BF_inv = 0.9020.
        let chi = DarkMatterState(kind: .diracFermion, coupling: 3, mass: 1.0 / 3)
        let boson = LMuMinusLTauBoson(mass: 1, coupling: 1, darkSector: .state(chi))
        #expect(agrees(boson.decayTable().invisibleBranchingFraction, 0.9020, within: 1e-4))
    }

    @Test func darkMatterWidthsByKind() {
        // docs/physics.md 2.1 formulas at g_chi = 1, M = 1, m_chi = 0 (beta = 1): M/(12 pi), M/(24 pi), M/(48 pi);
        // and closed below threshold.
        let massless: [(DarkMatterState.Kind, Double)] = [(.diracFermion, 12), (.majoranaFermion, 24), (.complexScalar, 48)]
        for (kind, denominator) in massless {
            let width = DarkMatterState(kind: kind, coupling: 1, mass: 0).width(bosonMass: 1)
            #expect(agrees(width, 1 / (denominator * Double.pi), within: 1e-14))
            #expect(DarkMatterState(kind: kind, coupling: 1, mass: 0.6).width(bosonMass: 1) == 0)
        }
        // P-wave fermion/scalar: beta^3 at m_chi = 0.3, M = 1 (beta^2 = 0.64).
        let majorana = DarkMatterState(kind: .majoranaFermion, coupling: 1, mass: 0.3).width(bosonMass: 1)
        #expect(agrees(majorana, 0.512 / (24 * Double.pi), within: 1e-14))
    }

    @Test(arguments: [0.5, 0.6, 0.9, 1.0])
    func chosenInvisibleFractionIsReproduced(fraction: Double) {
        let boson = LMuMinusLTauBoson(mass: 5, coupling: 0.01, darkSector: .invisibleBranchingFraction(fraction))
        let table = boson.decayTable()
        #expect(abs(table.invisibleBranchingFraction - fraction) < 1e-12)
        // The neutrino width is untouched; the ratio of the visible widths is the model's.
        #expect(table.width(.neutrinos) == 2 * boson.neutrinoWidthPerFlavour)
        if fraction < 1 {
            #expect(agrees(table.width(.taus) / table.width(.muons), boson.width(to: .tau) / boson.width(to: .muon), within: 1e-14))
        }
    }

    @Test func loopInducedKineticMixing() {
        // docs/physics.md 2.1: eps(0) = e g' ln(m_tau^2/m_mu^2) / (12 pi^2) ~ 0.01443 g'.
        let boson = LMuMinusLTauBoson(mass: 0.01, coupling: 1)
        let mixing = boson.kineticMixing(momentumSquared: 0)
        #expect(agrees(mixing.real, 0.01443, within: 5e-4) && mixing.imaginary == 0)
        // ... hence Gamma(Z' -> ee) / Gamma(Z' -> mu mu) ~ 1.9e-5 well above the muon threshold
        // (4 pi alpha (eps/g')^2, 2 digits), and Z' -> ee is open below it.
        let low = LMuMinusLTauBoson(mass: 0.1, coupling: 1)
        #expect(low.width(to: .electron) > 0 && low.width(to: .muon) == 0)
        // Above the muon threshold the mixing is complex. Reference: scipy 1.17 quad of
        // int x(1-x) ln|m^2 - x(1-x) q^2| at q^2 = 25 GeV^2 with the singular points as breaks:
        // 0.2582533399326 (mu), 0.0863599450988 (tau); imaginary part -pi beta(3 - beta^2)/12 per
        // lepton (analytic; both are above threshold at q^2 = 25 GeV^2).
        let heavy = LMuMinusLTauBoson(mass: 5, coupling: 1).kineticMixing(momentumSquared: 25)
        let prefactor = (4 * Double.pi * PhysicalConstants.alpha).squareRoot() / (2 * Double.pi * Double.pi)
        #expect(agrees(heavy.real, prefactor * (0.0863599450988 - 0.2582533399326), within: 1e-8))
        let absorptive = { (m: Double) -> Double in
            let beta = (1 - 4 * m * m / 25).squareRoot()
            return -Double.pi * beta * (3 - beta * beta) / 12
        }
        #expect(agrees(heavy.imaginary, prefactor * (absorptive(Lepton.tau.mass) - absorptive(Lepton.muon.mass)), within: 1e-12))
        let ratio = LMuMinusLTauBoson(mass: 5, coupling: 1)
        #expect(ratio.width(to: .electron) / ratio.width(to: .muon) < 1e-4)
    }
}

@Suite struct AnomalousMagneticMomentTests {
    static let discrepancy = 2.51e-9

    /// docs/physics.md 2.3: the g' that gives Delta a_mu = 2.51e-9, 3 digits (tolerance 1.5e-3 relative).
    @Test(arguments: [(0.01, 5.03e-4), (0.1, 9.46e-4), (0.3, 1.91e-3), (1.0, 5.40e-3), (3.0, 1.56e-2)])
    func vectorCouplingForDiscrepancy(mass: Double, coupling: Double) {
        let perUnit = AnomalousMagneticMoment.vector(coupling: 1, mass: mass)
        #expect(agrees((Self.discrepancy / perUnit).squareRoot(), coupling, within: 1.5e-3))
    }

    @Test func vectorBandAtOneGeV() {
        // docs/physics.md 2.3: +-2 sigma (sigma = 0.59e-9) band at 1 GeV is g' in [3.93e-3, 6.55e-3].
        let band = AnomalousMagneticMoment.couplingBand(
            contributionAtUnitCoupling: AnomalousMagneticMoment.vector(coupling: 1, mass: 1),
            discrepancy: Self.discrepancy, uncertainty: 0.59e-9, sigmas: 2)
        #expect(agrees(band.lowerBound, 3.93e-3, within: 1.5e-3))
        #expect(agrees(band.upperBound, 6.55e-3, within: 1.5e-3))
        // A band that reaches zero starts at zero.
        let wide = AnomalousMagneticMoment.couplingBand(contributionAtUnitCoupling: 1, discrepancy: 1, uncertainty: 1, sigmas: 2)
        #expect(wide.lowerBound == 0 && agrees(wide.upperBound, 3.0.squareRoot(), within: 1e-15))
    }

    @Test func vectorLimits() {
        // docs/physics.md 2.3: M -> 0 gives g^2/(8 pi^2) (Schwinger), M >> m_mu gives g^2 m^2/(12 pi^2 M^2);
        // corrections O(M/m) and O(m^2/M^2 ln), hence 1e-3 at M = 1e-5 and 100 GeV.
        #expect(agrees(AnomalousMagneticMoment.vector(coupling: 1, mass: 1e-5), 1 / (8 * Double.pi * Double.pi), within: 1e-3))
        let m = Lepton.muon.mass
        #expect(agrees(AnomalousMagneticMoment.vector(coupling: 1, mass: 100), m * m / (12 * Double.pi * Double.pi * 1e4), within: 1e-3))
    }

    /// docs/physics.md 3.3: g_mu = 6.17e-4 at 0.1 GeV and 2.27e-3 at 1 GeV for Delta a = 2.51e-9 (3 digits);
    /// the M_S -> 0 limit is 3 g^2 / (16 pi^2).
    @Test func scalar() {
        for (mass, coupling) in [(0.1, 6.17e-4), (1.0, 2.27e-3)] {
            let perUnit = AnomalousMagneticMoment.scalar(coupling: 1, mass: mass)
            #expect(agrees((Self.discrepancy / perUnit).squareRoot(), coupling, within: 1.5e-3))
        }
        #expect(agrees(AnomalousMagneticMoment.scalar(coupling: 1, mass: 1e-7), 3 / (16 * Double.pi * Double.pi), within: 1e-4))
        // xi = g_mu v / m_mu: 6.17e-4 -> 1.44 (docs/physics.md 3.3).
        #expect(agrees(6.17e-4 * PhysicalConstants.higgsVEV / Lepton.muon.mass, 1.44, within: 3e-3))
    }
}
