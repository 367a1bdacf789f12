import DarkSectorPhysics
import RealModule
import Testing

/// The vector family's widths (docs/physics.md 10.2).
@Suite struct LeptonicVectorTests {
    static let masses = [0.05, 0.1, 0.3, 0.5, 1.0, 2.0, 3.5, 4.0, 5.0, 8.0, 10.5]

    /// Regression/consistency, not a validation: the lmu-ltau preset (x_mu = x_nu_mu = 1,
    /// x_tau = x_nu_tau = -1) goes through the same width functions as `LMuMinusLTauBoson`, so
    /// every partial width must be identical (bit for bit), with no dark sector, with dark matter
    /// and with a chosen BF(invisible).
    @Test(arguments: masses)
    func lMuMinusLTauPresetReproducesTheFamily(mass: Double) throws {
        let chi = DarkMatterState(kind: .diracFermion, coupling: 0.05, mass: mass / 3)
        for sector in [LMuMinusLTauBoson.DarkSector.none, .state(chi), .invisibleBranchingFraction(1)] {
            let family = LMuMinusLTauBoson(mass: mass, coupling: 3e-3, darkSector: sector).decayTable()
            let preset = try LeptonicVectorBoson(mass: mass, coupling: 3e-3, charges: .lMuMinusLTau, darkSector: sector).decayTable()
            #expect(preset.channels == family.channels)
            for channel in family.channels { #expect(preset.width(channel) == family.width(channel), "\(mass) GeV, \(channel)") }
        }
    }

    /// Regression/consistency: the dark-photon preset (x_f = e Q_f, x_had = 1, g = eps) has the
    /// `DarkPhoton` widths in every channel, hadrons included (both through the R ratio).
    @Test(arguments: [0.1, 0.2, 2.5, 4.0, 7.0, 10.0])
    func darkPhotonPresetReproducesTheDarkPhoton(mass: Double) throws {
        let darkPhoton = try DarkPhoton(mass: mass, epsilon: 1e-3).decayTable()
        let preset = try LeptonicVectorBoson(mass: mass, coupling: 1e-3, charges: .darkPhoton, hadronicCharge: 1).decayTable()
        for channel in darkPhoton.channels { #expect(agrees(preset.width(channel), darkPhoton.width(channel), within: 1e-14)) }
        #expect(preset.invisibleBranchingFraction == 0)
    }

    /// An axial coupling alone gives g^2 M / (12 pi) beta^3: the Dirac-fermion axial width that
    /// docs/physics.md 2.1 derives separately for the Majorana normalisation (twice the Majorana
    /// width, whose identical particles halve the phase space). Massless, vector and axial agree.
    @Test(arguments: [0.25, 0.5, 1.0, 4.0])
    func axialWidth(mass: Double) {
        let m = 0.1
        let axial = TwoBodyWidth.vectorAxialToFermions(vectorCoupling: 0, axialCoupling: 0.7, mass: mass, fermionMass: m)
        let majorana = DarkMatterState(kind: .majoranaFermion, coupling: 0.7, mass: m).width(bosonMass: mass)
        #expect(agrees(axial, 2 * majorana, within: 1e-13))
        let vector = TwoBodyWidth.vectorAxialToFermions(vectorCoupling: 0.7, axialCoupling: 0, mass: mass, fermionMass: 0)
        #expect(agrees(TwoBodyWidth.vectorAxialToFermions(vectorCoupling: 0, axialCoupling: 0.7, mass: mass, fermionMass: 0), vector, within: 1e-15))
        // Vector and axial parts add in the width.
        let both = TwoBodyWidth.vectorAxialToFermions(vectorCoupling: 0.7, axialCoupling: 0.7, mass: mass, fermionMass: m)
        #expect(agrees(both, axial + TwoBodyWidth.vectorToFermions(coupling: 0.7, mass: mass, fermionMass: m), within: 1e-13))
    }

    /// docs/physics.md 10.2 check values (g = 1; computed there with Python from the formula,
    /// independently of this code; 5 digits): tau with x_V = 1, tau with x_A = 1, mu with
    /// x_V = x_A = 1, one neutrino with x_nu = 1.
    @Test(arguments: [
        (4.0, 6.79149e-2, 1.02567e-2, 2.11762e-1, 5.30516e-2),
        (5.0, 1.16860e-1, 4.61623e-2, 2.64903e-1, 6.63146e-2),
        (8.0, 2.08878e-1, 1.52600e-1, 4.24191e-1, 1.06103e-1),
    ])
    func checkValues(mass: Double, tauVector: Double, tauAxial: Double, muonBoth: Double, neutrino: Double) {
        func boson(_ charges: LeptonCharges) -> LeptonicVectorBoson { LeptonicVectorBoson(mass: mass, coupling: 1, charges: charges) }
        #expect(agrees(boson(LeptonCharges(tauVector: 1)).width(to: .tau), tauVector, within: 1e-5))
        #expect(agrees(boson(LeptonCharges(tauAxial: 1)).width(to: .tau), tauAxial, within: 1e-5))
        #expect(agrees(boson(LeptonCharges(muonVector: 1, muonAxial: 1)).width(to: .muon), muonBoth, within: 1e-5))
        #expect(agrees(boson(LeptonCharges(tauNeutrino: 1)).neutrinoWidth(.tau), neutrino, within: 1e-5))
    }

    /// A left-handed neutrino of charge x_nu: g^2 x_nu^2 M / (24 pi). With the Z's coupling
    /// (g x_nu = g_2 / (2 cos theta_W), i.e. g^2 = sqrt(2) G_F M_Z^2) this is the tree-level
    /// Gamma(Z -> nu nubar) = G_F M_Z^3 / (12 sqrt(2) pi) of the PDG electroweak review; with
    /// G_F = 1.1663788e-5 GeV^-2 and M_Z = 91.1876 GeV it is 0.165883 GeV (evaluated by hand here;
    /// tolerance 1e-5 for the rounding of that value).
    @Test func neutrinoWidthIsTheTreeLevelZWidth() throws {
        let fermi = 1.1663788e-5, mZ = 91.1876
        let g = (2.0.squareRoot() * fermi).squareRoot() * mZ
        let z = LeptonicVectorBoson(mass: mZ, coupling: g, charges: LeptonCharges(electronNeutrino: 1))
        #expect(agrees(z.neutrinoWidth(.electron), 0.165883, within: 1e-5))
        #expect(agrees(z.neutrinoWidth(.electron), fermi * mZ * mZ * mZ / (12 * 2.0.squareRoot() * Double.pi), within: 1e-14))
        let table = try z.decayTable()
        #expect(table.invisibleBranchingFraction == 1)
    }

    /// No open channel (a tau-only vector below the tau threshold) with a chosen BF(invisible):
    /// no width and no trap (the neutrino-only fraction would be 0 / 0).
    @Test func chosenFractionWithNoOpenChannel() throws {
        let boson = LeptonicVectorBoson(mass: 1, coupling: 0.1, charges: LeptonCharges(tauVector: 1), darkSector: .invisibleBranchingFraction(0.5))
        #expect(try boson.decayTable().totalWidth == 0)
    }

    /// The loop-induced e+e- width only where it is finite (x_mu = -x_tau, electrons uncharged).
    @Test func loopMixingOnlyWhereFinite() {
        #expect(LeptonicVectorBoson(mass: 5, coupling: 1, charges: LeptonCharges(muonVector: 1, tauVector: -1)).loopMixing != nil)
        #expect(LeptonicVectorBoson(mass: 5, coupling: 1, charges: LeptonCharges(muonVector: 1, tauVector: 1)).loopMixing == nil)
        #expect(LeptonicVectorBoson(mass: 5, coupling: 1, charges: LeptonCharges(muonVector: 1, tauVector: 1)).width(to: .electron) == 0)
    }

    /// A' -> chi chi with g_chi = g_D lowers BF(A' -> mu mu) by Gamma_SM / (Gamma_SM + Gamma_chi).
    @Test func darkHiggsModelWithDarkMatter() throws {
        let plain = DarkHiggsModel(epsilon: 1e-3, alphaD: 0.5, darkPhotonMass: 5, darkHiggsMass: 1)
        let dark = DarkHiggsModel(epsilon: 1e-3, alphaD: 0.5, darkPhotonMass: 5, darkHiggsMass: 1, darkMatter: .diracFermion, darkMatterMass: 1)
        let visible = try plain.darkPhotonDecayTable().totalWidth
        let chi = DarkMatterState(kind: .diracFermion, coupling: (4 * Double.pi * 0.5).squareRoot(), mass: 1).width(bosonMass: 5)
        #expect(agrees(try dark.darkPhotonDecayTable().branchingFraction(.muons),
                       try plain.darkPhotonDecayTable().branchingFraction(.muons) * visible / (visible + chi), within: 1e-12))
        #expect(agrees(try dark.signalCrossSection() / plain.signalCrossSection(), visible / (visible + chi), within: 1e-12))
    }
}
