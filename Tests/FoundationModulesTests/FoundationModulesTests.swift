import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables
import PublicationPlots
import RecastEngine
import Testing

/// Check values of docs/physics.md section 5 (beams and kinematics).
@Suite struct BeamKinematicsTests {
    @Test func upsilon4SPresetCentreOfMassEnergy() {
        // docs/physics.md §5: 7.004/4.002 GeV with 41.5 mrad half crossing angle -> sqrt(s) = 10.57956 GeV
        // (quoted to 5 decimals, so tolerance 5e-6 GeV).
        let beams = BelleIIBeams.upsilon4S
        #expect(abs(beams.centreOfMassEnergy - 10.57956) < 5e-6)
        // P_lab = (11.006, 0.45662, 0, 2.99942), |beta| = 0.27567 (quoted digits, half a unit of the last).
        let total = beams.total
        #expect(abs(total.e - 11.006) < 5e-4)
        #expect(abs(total.px - 0.45662) < 5e-6)
        #expect(abs(total.pz - 2.99942) < 5e-6)
        let beta = beams.boostVelocity
        #expect(abs((beta.x * beta.x + beta.z * beta.z).squareRoot() - 0.27567) < 5e-6)
        // docs/physics.md §5: the boost points 151.1 mrad from +z in the x-z plane.
        #expect(abs(atan2(beta.x, beta.z) - 0.1511) < 5e-5)
    }

    @Test func nominalAndHeadOnCentreOfMassEnergy() {
        // docs/physics.md §5: 7.0/4.0 GeV -> 10.57389 GeV; head-on 7 x 4 -> 10.5830 GeV.
        #expect(abs(BelleIIBeams.nominal.centreOfMassEnergy - 10.57389) < 5e-6)
        let headOn = BelleIIBeams(electronEnergy: 7, positronEnergy: 4, halfCrossingAngle: 0)
        #expect(abs(headOn.centreOfMassEnergy - 10.5830) < 5e-5)
    }

    @Test func boostToCentreOfMassFrameConservesMassAndRemovesMomentum() {
        let beams = BelleIIBeams.upsilon4S
        let boost = beams.boostVelocity
        let restFrame = beams.total.boosted(into: boost)
        // The total momentum in its own rest frame vanishes and the invariant mass is unchanged
        // (Lorentz invariance; rounding at 1e-12 relative).
        #expect(abs(restFrame.px) < 1e-12 && abs(restFrame.py) < 1e-12 && abs(restFrame.pz) < 1e-12)
        #expect(abs(restFrame.e - beams.centreOfMassEnergy) < 1e-12 * restFrame.e)
    }
}

@Suite struct SignificantDigitsTests {
    @Test(arguments: [
        (5.71151, 5, "5.7115"),
        (2.302585, 5, "2.3026"),
        (0.000123456, 3, "0.000123"),
        (1.23456e-7, 3, "1.23e-07"),
        (1234567.0, 4, "1.235e+06"),
        (-0.5, 2, "-0.50"),
        (0.0, 3, "0.00"),
        (99.996, 4, "100.0"),
        (2.5, 1, "2"),  // round half to even
        (Double.infinity, 5, "inf"),
    ])
    func formats(value: Double, digits: Int, expected: String) {
        #expect(SignificantDigits.format(value, digits: digits) == expected)
    }
}

@Suite struct ScaleTests {
    @Test func logScaleMapsDecadesUniformly() {
        let scale = LogScale(lower: 1e-3, upper: 1)
        #expect(abs(scale.normalized(1e-3)) < 1e-15)
        #expect(abs(scale.normalized(1e-2) - 1.0 / 3) < 1e-15)
        #expect(abs(scale.normalized(1) - 1) < 1e-15)
        #expect(abs(scale.value(atNormalized: 2.0 / 3) - 0.1) < 1e-15)
        #expect(scale.normalized(0) == -.infinity)
    }

    @Test func linearScaleRoundTrips() {
        let scale = LinearScale(lower: -2, upper: 6)
        #expect(scale.normalized(2) == 0.5)
        #expect(scale.value(atNormalized: 0.25) == 0)
    }
}

@Suite struct SHA256Tests {
    /// FIPS 180-4 / NIST CSRC example values: "" and "abc", and a two-block message.
    @Test func knownDigests() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
