import ComplexModule
import DarkSectorPhysics
@testable import EventGeneration
import Foundation
import NumericalMethods
import Testing

/// Validation of the e+e- -> l+ l- X matrix element, phase space and Monte Carlo (docs/physics.md 2.2:
/// sigma(e+e- -> mu mu) against the closed form, gauge invariance, phase-space volume; plus the
/// massless q qbar g Dalitz density and an independent quadrature of the total cross section).
@Suite struct MatrixElementTests {
    /// docs/physics.md 2.2: sigma_0(e+e- -> mu+mu-) = 4 pi alpha^2 / (3 s) = 0.776 nb at 10.58 GeV
    /// (massless); with m_mu and m_tau the closed form beta (3 - beta^2) / 2 applies. The spinor
    /// calculation agrees to rounding (its only approximation is m_e^2 / s ~ 1e-8).
    @Test(arguments: [Lepton.muon, .tau])
    func leptonPairCrossSection(lepton: Lepton) {
        let amplitude = LeptonPairAmplitude(lepton: lepton, sqrtS: 10.58)
        #expect(agrees(amplitude.crossSection(), amplitude.analyticCrossSection(), within: 1e-7))
        if lepton == .muon { #expect(agrees(amplitude.analyticCrossSection() / 1e6, 0.776, within: 1e-3)) }
    }

    static func samplePoint(_ amplitude: RadiativeLeptonPairAmplitude, seed: UInt64) -> (FourVector, FourVector, FourVector) {
        let phaseSpace = RadiativePhaseSpace(sqrtS: amplitude.sqrtS, leptonMass: amplitude.lepton.mass, bosonMass: amplitude.bosonMass)
        var random = SplitMix64(seed: seed)
        let x = (0 ..< 5).map { _ in random.nextUniform() }
        let point = x.withUnsafeBufferPointer { phaseSpace.momenta($0, emitterIsLeptonMinus: seed % 2 == 0) }
        return (point.leptonMinus, point.leptonPlus, point.boson)
    }

    /// Ward identities: replacing the Z' polarisation by k, or contracting the final-state current
    /// with the photon momentum q = p3 + p4 + k, gives zero (current conservation; docs/physics.md 2.2
    /// "the k k part drops out"). Checked relative to the size of a physical amplitude, to 1e-10.
    @Test(arguments: [Lepton.muon, .tau])
    func wardIdentities(lepton: Lepton) {
        let amplitude = RadiativeLeptonPairAmplitude(lepton: lepton, boson: .vector, bosonMass: 1.3, sqrtS: 10.58)
        for seed in UInt64(1) ... 20 {
            let (p3, p4, k) = Self.samplePoint(amplitude, seed: seed)
            var physical = 0.0, longitudinalK = 0.0, photon = 0.0
            amplitude.forEachFinalStateCurrent(p3, p4, k) { current in
                physical = max(physical, current.minusMetricNorm.magnitude.squareRoot())
                photon = max(photon, current.dot(p3 + p4 + k).length / amplitude.sqrtS)
            }
            amplitude.forEachFinalStateCurrent(p3, p4, k, polarisations: [k]) { current in
                longitudinalK = max(longitudinalK, (current.t.lengthSquared + current.x.lengthSquared
                    + current.y.lengthSquared + current.z.lengthSquared).squareRoot() * amplitude.bosonMass / k.e)
            }
            #expect(longitudinalK < 1e-10 * physical)
            #expect(photon < 1e-10 * physical)
        }
    }

    /// Massless leptons radiating a (nearly) massless vector: the Dalitz density is the textbook
    /// e+e- -> q qbar g result with C_F alpha_s -> g^2 / (4 pi) (Ellis, Stirling, Webber, "QCD and
    /// collider physics", eq. 3.9): (1/sigma_0) dsigma/dx1 dx2 = (g^2 / 8 pi^2)(x1^2 + x2^2) / ((1 - x1)(1 - x2)),
    /// with dPhi_3 = s / (128 pi^3) dx1 dx2. Electrons (m_e^2 / s ~ 2e-9) and a 1e-4 GeV boson
    /// (M^2 / s ~ 1e-10) stand in for massless particles; tolerance 1e-6 relative.
    @Test(arguments: [(0.7, 0.8), (0.5, 0.9), (0.95, 0.6)])
    func masslessVectorDalitzDensity(x1: Double, x2: Double) {
        let sqrtS = 10.58, s = sqrtS * sqrtS
        let amplitude = RadiativeLeptonPairAmplitude(lepton: .electron, boson: .vector, bosonMass: 1e-4, sqrtS: sqrtS)
        // Momenta with x_i = 2 E_i / sqrt(s) for l- (1) and l+ (2), massless kinematics.
        let e3 = x1 * sqrtS / 2, e4 = x2 * sqrtS / 2, ek = sqrtS - e3 - e4
        // (p3 + p4)^2 = s (1 - x3) with x3 = 2 - x1 - x2 fixes the angle between the leptons.
        let angle = acos(max(-1, min(1, 1 - s * (x1 + x2 - 1) / (2 * e3 * e4))))
        let p3 = FourVector(e: e3, px: 0, py: 0, pz: e3)
        let p4 = FourVector(e: e4, px: e4 * sin(angle), py: 0, pz: e4 * cos(angle))
        let k = FourVector(e: ek, px: -p3.px - p4.px, py: 0, pz: -p3.pz - p4.pz)
        #expect(abs(k.massSquared) < 1e-6 * s)
        let averaged = amplitude.orientationAveragedSquaredAmplitude(leptonMinus: p3, leptonPlus: p4, boson: k)
        // dsigma/dx1 dx2 = (1 / 2s) <|M|^2> s / (128 pi^3); sigma_0 = 4 pi alpha^2 / (3 s).
        let alpha = PhysicalConstants.alpha
        let density = averaged / (2 * s) * s / (128 * Double.pi * Double.pi * Double.pi) / (4 * Double.pi * alpha * alpha / (3 * s))
        let expected = 1 / (8 * Double.pi * Double.pi) * (x1 * x1 + x2 * x2) / ((1 - x1) * (1 - x2))
        #expect(agrees(density, expected, within: 1e-6))
    }

    /// Soft limit (docs/physics.md 2.2, "soft/collinear behaviour"): for a soft vector the amplitude
    /// factorises into the 2 -> 2 one times the eikonal current J = p3/(p3.k) - p4/(p4.k), so
    /// |M_3|^2 = |M_2|^2 (-J.J) for g = 1 (the k k part of the polarisation sum drops out of J.k = 0).
    /// Next-to-soft corrections are O(E_k / E_l) ~ 1e-3 here; tolerance 3e-3.
    @Test(arguments: [Lepton.muon, .tau])
    func softVectorFactorises(lepton: Lepton) {
        let sqrtS = 10.58, m = lepton.mass, bosonMass = 1e-3, energyK = 3e-3
        let amplitude = RadiativeLeptonPairAmplitude(lepton: lepton, boson: .vector, bosonMass: bosonMass, sqrtS: sqrtS)
        let pair = LeptonPairAmplitude(lepton: lepton, sqrtS: sqrtS)
        let kMomentum = (energyK * energyK - bosonMass * bosonMass).squareRoot()
        let k = FourVector(e: energyK, px: kMomentum * sin(1.0) * cos(0.5), py: kMomentum * sin(1.0) * sin(0.5), pz: kMomentum * cos(1.0))
        // The leptons share P - k: a two-body decay in its rest frame, boosted back.
        let rest = FourVector(e: sqrtS, px: 0, py: 0, pz: 0) - k
        let restMass = rest.mass
        let p = (restMass * restMass / 4 - m * m).squareRoot()
        let theta = 0.7, phi = 2.0
        let velocity = rest.velocity
        let toCM = (-velocity.x, -velocity.y, -velocity.z)
        let p3 = FourVector(mass: m, px: p * sin(theta) * cos(phi), py: p * sin(theta) * sin(phi), pz: p * cos(theta)).boosted(into: toCM)
        let p4 = FourVector(mass: m, px: -p * sin(theta) * cos(phi), py: -p * sin(theta) * sin(phi), pz: -p * cos(theta)).boosted(into: toCM)
        let a = p3.dot(k), b = p4.dot(k)
        let eikonal = 2 * p3.dot(p4) / (a * b) - m * m / (a * a) - m * m / (b * b)
        let full = amplitude.squaredAmplitude(leptonMinus: p3, leptonPlus: p4, boson: k)
        #expect(agrees(full, pair.squaredAmplitude(leptonMinus: p3, leptonPlus: p4) * eikonal, within: 3e-3))
    }

    /// For massless leptons the scalar and pseudoscalar amplitudes differ by gamma5 on a massless
    /// line, so their |M|^2 agree (chirality); with a heavy lepton they differ. Electrons stand in
    /// for massless leptons: the remaining difference is O(m_e / M) ~ 1e-5, tolerance 1e-4.
    @Test func scalarAndPseudoscalarAgreeForMasslessLeptons() {
        let scalar = RadiativeLeptonPairAmplitude(lepton: .electron, boson: .scalar, bosonMass: 2, sqrtS: 10.58)
        let pseudo = RadiativeLeptonPairAmplitude(lepton: .electron, boson: .pseudoscalar, bosonMass: 2, sqrtS: 10.58)
        let heavyScalar = RadiativeLeptonPairAmplitude(lepton: .tau, boson: .scalar, bosonMass: 2, sqrtS: 10.58)
        let heavyPseudo = RadiativeLeptonPairAmplitude(lepton: .tau, boson: .pseudoscalar, bosonMass: 2, sqrtS: 10.58)
        for seed in UInt64(1) ... 10 {
            let (p3, p4, k) = Self.samplePoint(scalar, seed: seed)
            let a = scalar.squaredAmplitude(leptonMinus: p3, leptonPlus: p4, boson: k)
            let b = pseudo.squaredAmplitude(leptonMinus: p3, leptonPlus: p4, boson: k)
            #expect(agrees(a, b, within: 1e-4))
            let (q3, q4, q) = Self.samplePoint(heavyScalar, seed: seed)
            #expect(!agrees(heavyScalar.squaredAmplitude(leptonMinus: q3, leptonPlus: q4, boson: q),
                            heavyPseudo.squaredAmplitude(leptonMinus: q3, leptonPlus: q4, boson: q), within: 1e-3))
        }
    }
}

@Suite struct PhaseSpaceTests {
    /// The channel map and its inverse agree, and the momenta conserve energy and momentum with
    /// on-shell masses (rounding at 1e-12 relative).
    @Test func mapAndInverse() {
        let phaseSpace = RadiativePhaseSpace(sqrtS: 10.58, leptonMass: Lepton.tau.mass, bosonMass: 2.5)
        var random = SplitMix64(seed: 7)
        for trial in 0 ..< 200 {
            let x = (0 ..< 5).map { _ in random.nextUniform() }
            let channel = trial % 2 == 0
            let point = x.withUnsafeBufferPointer { phaseSpace.momenta($0, emitterIsLeptonMinus: channel) }
            let total = point.leptonMinus + point.leptonPlus + point.boson
            #expect(abs(total.e - 10.58) < 1e-12 * 10.58 && total.momentum < 1e-11)
            #expect(abs(point.boson.mass - 2.5) < 1e-9 && abs(point.leptonPlus.mass - Lepton.tau.mass) < 1e-9)
            var back = [Double](repeating: 0, count: 5)
            let jacobian = back.withUnsafeMutableBufferPointer {
                phaseSpace.coordinates(leptonMinus: point.leptonMinus, leptonPlus: point.leptonPlus, boson: point.boson,
                                       emitterIsLeptonMinus: channel, into: $0)
            }
            for d in 0 ..< 5 { #expect(abs(back[d] - x[d]) < 1e-9) }
            #expect(agrees(jacobian, point.jacobian, within: 1e-9))
        }
    }

    /// Phase-space volume: the massless three-body volume is s / (256 pi^3) (docs/physics.md 2.2
    /// "phase-space volume against a Dalitz integral"; PDG kinematics review). Integrating 1 with
    /// uniform points of one channel (no grid) must reproduce it within 4 standard errors, and the
    /// massive volume must equal the Dalitz-plot area / (128 pi^3 s).
    @Test func volume() throws {
        for (leptonMass, bosonMass) in [(1e-7, 1e-7), (Lepton.tau.mass, 3.0)] {
            let sqrtS = 10.58, s = sqrtS * sqrtS
            let phaseSpace = RadiativePhaseSpace(sqrtS: sqrtS, leptonMass: leptonMass, bosonMass: bosonMass)
            var random = SplitMix64(seed: 11)
            var sum = 0.0, sumOfSquares = 0.0
            let n = 200_000
            for _ in 0 ..< n {
                let x = (0 ..< 5).map { _ in random.nextUniform() }
                let jacobian = x.withUnsafeBufferPointer { phaseSpace.momenta($0, emitterIsLeptonMinus: false).jacobian }
                sum += jacobian
                sumOfSquares += jacobian * jacobian
            }
            let mean = sum / Double(n), error = ((sumOfSquares / Double(n) - mean * mean) / Double(n)).squareRoot()
            // Dalitz-plot area in (m_{4k}^2, m_{3k}^2) by quadrature (PDG kinematics review, eq. 49.23 limits).
            let m2 = leptonMass * leptonMass, M2 = bosonMass * bosonMass
            let area = try AdaptiveQuadrature.integrate(lower: (leptonMass + bosonMass) * (leptonMass + bosonMass),
                                                        upper: (sqrtS - leptonMass) * (sqrtS - leptonMass), relativeTolerance: 1e-10) { a in
                let ma = a.squareRoot()
                let ek = (a - m2 + M2) / (2 * ma), e3 = (s - a - m2) / (2 * ma)
                let pk = max(0, ek * ek - M2).squareRoot(), p3 = max(0, e3 * e3 - m2).squareRoot()
                return 4 * p3 * pk
            }
            let volume = area / (128 * Double.pi * Double.pi * Double.pi * s)
            #expect(abs(mean - volume) < 4 * error, "MC \(mean) +- \(error), Dalitz \(volume)")
            if leptonMass < 1e-6 { #expect(agrees(volume, s / (256 * Double.pi * Double.pi * Double.pi), within: 1e-6)) }
        }
    }
}

@Suite struct MonteCarloCrossSectionTests {
    /// The adaptive Monte Carlo against the independent Dalitz quadrature of the orientation-averaged
    /// |M|^2, for each boson type on both lepton lines: agreement within 4 of the Monte Carlo's
    /// standard errors (the quadrature is good to 1e-6), at 1 % requested precision.
    @Test(arguments: [
        (Lepton.muon, RadiatedBoson.vector, 0.05), (.muon, .vector, 3.0), (.muon, .scalar, 0.5), (.muon, .pseudoscalar, 6.0),
        (.tau, .vector, 4.0), (.tau, .scalar, 1.0), (.tau, .pseudoscalar, 6.5),
    ])
    func agreesWithDalitzQuadrature(lepton: Lepton, boson: RadiatedBoson, mass: Double) throws {
        let monteCarlo = RadiativeCrossSection(lepton: lepton, boson: boson, bosonMass: mass,
                                               settings: MonteCarloSettings(relativePrecision: 0.01, seed: 5))
        let amplitude = RadiativeLeptonPairAmplitude(lepton: lepton, boson: boson, bosonMass: mass, sqrtS: 10.58)
        let quadrature = try DalitzCrossSection.integrate(amplitude, relativeTolerance: 1e-6)
        let estimate = monteCarlo.estimate
        #expect(estimate.relativeError <= 0.01)
        #expect(abs(estimate.value - quadrature) < 4 * estimate.error,
                "\(lepton) \(boson) \(mass) GeV: MC \(estimate.value) +- \(estimate.error), Dalitz \(quadrature)")
    }

    @Test func sameSeedSameResultAndErrorShrinks() {
        let a = RadiativeCrossSection(lepton: .muon, boson: .vector, bosonMass: 2, settings: MonteCarloSettings(relativePrecision: 0.02, seed: 3))
        let b = RadiativeCrossSection(lepton: .muon, boson: .vector, bosonMass: 2, settings: MonteCarloSettings(relativePrecision: 0.02, seed: 3))
        #expect(a.estimate == b.estimate)
        // The first batch already meets 2 %; asking for 0.15 % needs more points and gives a smaller error.
        let fine = RadiativeCrossSection(lepton: .muon, boson: .vector, bosonMass: 2, settings: MonteCarloSettings(relativePrecision: 0.0015, seed: 3))
        #expect(fine.estimate.calls > a.estimate.calls)
        #expect(fine.estimate.error < a.estimate.error && fine.estimate.relativeError <= 0.0015)
    }

    /// Unweighted events reproduce the weighted distribution: the mean boson energy of 20000
    /// unweighted events agrees with the weight-averaged mean of weighted events within 4 combined
    /// standard errors, and every event is on shell and conserves four-momentum.
    @Test func unweightedEventsFollowTheWeightedDistribution() {
        let integration = RadiativeCrossSection(lepton: .muon, boson: .scalar, bosonMass: 1.5,
                                                settings: MonteCarloSettings(relativePrecision: 0.01, seed: 9))
        let (events, overweight) = integration.unweightedEvents(count: 20_000, seed: 10)
        #expect(overweight < 1e-3)
        let energies = events.map(\.boson.e)
        let mean = energies.reduce(0, +) / Double(events.count)
        let spread = (energies.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(events.count)).squareRoot()
        let weighted = integration.weightedEvents(count: 200_000, seed: 11)
        let totalWeight = weighted.reduce(0) { $0 + $1.weight }
        let weightedMean = weighted.reduce(0) { $0 + $1.weight * $1.event.boson.e } / totalWeight
        #expect(abs(mean - weightedMean) < 4 * spread / Double(events.count).squareRoot() * 1.5)
        for event in events.prefix(100) {
            let total = event.leptonMinus + event.leptonPlus + event.boson
            #expect(abs(total.e - 10.58) < 1e-9 && total.momentum < 1e-9)
        }
    }
}

@Suite struct MonteCarloErrorHonestyTests {
    /// The quoted statistical error must be the real spread: over 40 seeds, the pulls
    /// (MC - quadrature) / error of a vector at 0.3 GeV on the muon line have an RMS within
    /// [0.6, 1.5] (the 95 % range of the RMS of 40 unit normals is about [0.78, 1.22]; the wider
    /// band allows for the non-Gaussian tails of small samples) and a mean within 4/sqrt(40).
    @Test func pullsOverSeeds() throws {
        let amplitude = RadiativeLeptonPairAmplitude(lepton: .muon, boson: .vector, bosonMass: 0.3, sqrtS: 10.58)
        let reference = try DalitzCrossSection.integrate(amplitude, relativeTolerance: 1e-7)
        var pulls: [Double] = []
        for seed in UInt64(100) ..< 140 {
            let settings = MonteCarloSettings(relativePrecision: 0.02, seed: seed, callsPerIteration: 1000, adaptationIterations: 4)
            let estimate = RadiativeCrossSection(lepton: .muon, boson: .vector, bosonMass: 0.3, settings: settings).estimate
            pulls.append((estimate.value - reference) / estimate.error)
        }
        let mean = pulls.reduce(0, +) / Double(pulls.count)
        let rms = (pulls.map { $0 * $0 }.reduce(0, +) / Double(pulls.count)).squareRoot()
        #expect(abs(mean) < 4 / Double(pulls.count).squareRoot(), "mean pull \(mean)")
        #expect(rms > 0.6 && rms < 1.5, "RMS pull \(rms)")
    }
}
