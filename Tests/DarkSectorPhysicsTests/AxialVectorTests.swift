import DarkSectorPhysics
@testable import EventGeneration
import Testing

/// The axial-vector X (vertex gamma^mu gamma5, unit coupling) radiated from a lepton line and from
/// the beams (docs/physics.md 10.3).
@Suite struct AxialVectorTests {
    static func squared(_ amplitude: RadiativeLeptonPairAmplitude, _ p3: FourVector, _ p4: FourVector, _ k: FourVector,
                        polarisations: [FourVector]? = nil) -> Double {
        var sum = 0.0
        amplitude.forEachFinalStateCurrent(p3, p4, k, polarisations: polarisations) { current in
            for beam in amplitude.beamCurrents { sum += beam.dot(current).lengthSquared }
        }
        return amplitude.couplingFactor * sum / 4
    }

    /// The k k / M^2 term of the polarisation sum is the pseudoscalar: k_mu M_A^mu = -2 m_l M_P
    /// (the axial Ward identity, derived in docs/physics.md 10.3; the Goldstone-equivalence form),
    /// so sum |k . M_A|^2 = 4 m_l^2 sum |M_P|^2 point by point. Exact algebra: tolerance 1e-9
    /// relative (rounding). For the vector the same contraction is 0 (CrossSectionTests).
    @Test(arguments: [(Lepton.muon, 0.3), (.muon, 3.0), (.tau, 1.0), (.tau, 5.0)])
    func longitudinalPartIsThePseudoscalar(lepton: Lepton, mass: Double) {
        let axial = RadiativeLeptonPairAmplitude(lepton: lepton, boson: .axialVector, bosonMass: mass, sqrtS: 10.58)
        let pseudo = RadiativeLeptonPairAmplitude(lepton: lepton, boson: .pseudoscalar, bosonMass: mass, sqrtS: 10.58)
        for seed in UInt64(1) ... 8 {
            let (p3, p4, k) = MatrixElementTests.samplePoint(axial, seed: seed)
            let longitudinal = Self.squared(axial, p3, p4, k, polarisations: [k])
            let expected = 4 * lepton.mass * lepton.mass * pseudo.squaredAmplitude(leptonMinus: p3, leptonPlus: p4, boson: k)
            #expect(abs(longitudinal - expected) <= 1e-9 * expected, "\(lepton) \(mass) seed \(seed): \(longitudinal) vs \(expected)")
        }
    }

    /// The V-A interference vanishes point by point in the unpolarised |M|^2 (one gamma5 in the
    /// trace gives i eps_{abcd} terms, which drop from the real, symmetric contraction with the
    /// unpolarised beam tensor; docs/physics.md 10.3): |M(c_V = 1, c_A = 1)|^2 = |M_V|^2 + |M_A|^2,
    /// tolerance 1e-10 relative (rounding).
    @Test(arguments: [(Lepton.muon, 0.5), (.muon, 4.0), (.tau, 2.0), (.tau, 6.0)])
    func vectorAxialInterferenceVanishes(lepton: Lepton, mass: Double) {
        let vector = RadiativeLeptonPairAmplitude(lepton: lepton, boson: .vector, bosonMass: mass, sqrtS: 10.58)
        let axial = RadiativeLeptonPairAmplitude(lepton: lepton, boson: .axialVector, bosonMass: mass, sqrtS: 10.58)
        let both = RadiativeLeptonPairAmplitude(lepton: lepton, boson: .vector, bosonMass: mass, sqrtS: 10.58, chiralCharges: (1, 1))
        for seed in UInt64(1) ... 8 {
            let (p3, p4, k) = MatrixElementTests.samplePoint(vector, seed: seed)
            let v = vector.squaredAmplitude(leptonMinus: p3, leptonPlus: p4, boson: k)
            let a = axial.squaredAmplitude(leptonMinus: p3, leptonPlus: p4, boson: k)
            let sum = both.squaredAmplitude(leptonMinus: p3, leptonPlus: p4, boson: k)
            #expect(abs(sum - v - a) <= 1e-10 * (v + a), "\(lepton) \(mass) seed \(seed): \(sum) vs \(v) + \(a)")
            #expect(abs(a - v) > 1e-6 * v, "the axial |M|^2 is not the vector's for a massive lepton")
        }
    }

    /// Chirality: for a massless lepton a pure axial and a pure vector coupling give the same
    /// unpolarised |M|^2. Electrons stand in for massless leptons (the remainder is O(m_e^2 / M^2)
    /// times logarithms), tolerance 1e-4.
    @Test func axialEqualsVectorForMasslessLeptons() {
        let vector = RadiativeLeptonPairAmplitude(lepton: .electron, boson: .vector, bosonMass: 2, sqrtS: 10.58)
        let axial = RadiativeLeptonPairAmplitude(lepton: .electron, boson: .axialVector, bosonMass: 2, sqrtS: 10.58)
        for seed in UInt64(1) ... 10 {
            let (p3, p4, k) = MatrixElementTests.samplePoint(vector, seed: seed)
            #expect(agrees(vector.squaredAmplitude(leptonMinus: p3, leptonPlus: p4, boson: k),
                           axial.squaredAmplitude(leptonMinus: p3, leptonPlus: p4, boson: k), within: 1e-4))
        }
    }

    /// The muon at M >> m_mu: sigma_A / sigma_V - 1 is the mass effect, +0.689 % at 5 GeV by the
    /// independent trace calculation (docs/checks/cross_section_check.py axial), and both totals
    /// against that script's values (docs/physics.md 10.3 table): the Dalitz quadrature to 1e-4
    /// relative (the script's and the kit's quadrature tolerances are 1e-6).
    @Test(arguments: [(Lepton.muon, 1.0, 99563.4, 100911.0), (.muon, 5.0, 2025.24, 2039.2)])
    func againstTheIndependentTraceCalculation(lepton: Lepton, mass: Double, vectorReference: Double, axialReference: Double) throws {
        let vector = try DalitzCrossSection.integrate(RadiativeLeptonPairAmplitude(lepton: lepton, boson: .vector, bosonMass: mass, sqrtS: 10.58))
        let axial = try DalitzCrossSection.integrate(RadiativeLeptonPairAmplitude(lepton: lepton, boson: .axialVector, bosonMass: mass, sqrtS: 10.58))
        #expect(agrees(vector, vectorReference, within: 1e-4), "vector \(vector)")
        #expect(agrees(axial, axialReference, within: 1e-4), "axial \(axial)")
        if mass == 5.0 { #expect(abs(axial / vector - 1) < 0.01, "sigma_A / sigma_V - 1 = \(axial / vector - 1)") }
    }

    /// The Monte Carlo of the axial vector against the Dalitz quadrature, as for the other bosons
    /// (CrossSectionTests): within 4 standard errors at 1 % requested precision.
    @Test(arguments: [(Lepton.muon, 0.3), (.tau, 5.0)])
    func monteCarloAgreesWithDalitzQuadrature(lepton: Lepton, mass: Double) throws {
        let monteCarlo = RadiativeCrossSection(lepton: lepton, boson: .axialVector, bosonMass: mass,
                                               settings: MonteCarloSettings(relativePrecision: 0.01, seed: 5)).estimate
        let quadrature = try DalitzCrossSection.integrate(RadiativeLeptonPairAmplitude(lepton: lepton, boson: .axialVector, bosonMass: mass, sqrtS: 10.58))
        #expect(monteCarlo.relativeError <= 0.01)
        #expect(abs(monteCarlo.value - quadrature) < 4 * monteCarlo.error, "MC \(monteCarlo.value) +- \(monteCarlo.error), Dalitz \(quadrature)")
    }

    /// From the beams the lepton is the electron: sigma_A = sigma_V up to O(m_e^2 / M^2) (chirality),
    /// tolerance 1e-4 (quadrature 1e-5).
    @Test func beamEmissionAxialEqualsVector() throws {
        let vector = try BeamEmissionCrossSection(boson: .vector, bosonMass: 7).perUnitCoupling()
        let axial = try BeamEmissionCrossSection(boson: .axialVector, bosonMass: 7).perUnitCoupling()
        #expect(vector > 0 && agrees(axial, vector, within: 1e-4), "axial \(axial), vector \(vector)")
    }
}
