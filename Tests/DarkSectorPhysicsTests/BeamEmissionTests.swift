import DarkSectorPhysics
import EventGeneration
import Foundation
import Testing

/// X radiated from the beams, e+e- -> X gamma* -> X mu+ mu- (docs/physics.md 2.4).
@Suite struct BeamEmissionTests {
    /// Validation against an independent calculation: the referee's Python code (Dirac traces with
    /// numpy, the same factorised formula, fixed Gauss-Legendre rules of 24 points in ln Q^2 and
    /// 120 in cos theta; alpha = 1/137.036, sqrt(s) = 10.58 GeV), not the kit's spinors. Values in
    /// fb per g_e^2. Tolerance 0.5 %: the reference's fixed angular rule resolves the collinear
    /// peaks (width ~ Q^2/s) to a few per mille.
    @Test(arguments: [
        (3.6, RadiatedBoson.scalar, 3.813815e5), (6.0, .scalar, 4.133740e5), (9.2, .scalar, 6.749789e5), (10.0, .scalar, 5.827128e5),
        (3.6, .vector, 7.364874e5), (8.0, .vector, 1.073614e6), (10.2, .vector, 6.855054e5),
    ])
    func againstTheIndependentTraceCalculation(mass: Double, boson: RadiatedBoson, reference: Double) throws {
        let sigma = try BeamEmissionCrossSection(boson: boson, bosonMass: mass).perUnitCoupling()
        #expect(abs(sigma / reference - 1) < 5e-3, "\(sigma) vs \(reference)")
    }

    /// For massless electrons scalar and pseudoscalar emission give the same rate (chirality);
    /// with m_e kept they differ by O(m_e^2 / M^2).
    @Test func scalarEqualsPseudoscalar() throws {
        let scalar = try BeamEmissionCrossSection(boson: .scalar, bosonMass: 7).perUnitCoupling()
        let pseudoscalar = try BeamEmissionCrossSection(boson: .pseudoscalar, bosonMass: 7).perUnitCoupling()
        #expect(abs(scalar / pseudoscalar - 1) < 1e-5)
    }

    /// No phase space: 0 at and above sqrt(s) - 2 m_mu.
    @Test func zeroAboveTheKinematicLimit() throws {
        #expect(try BeamEmissionCrossSection(boson: .scalar, bosonMass: 10.58 - 2 * Lepton.muon.mass).perUnitCoupling() == 0)
        #expect(try BeamEmissionCrossSection(boson: .scalar, bosonMass: 10.5).perUnitCoupling() == 0)
    }
}
