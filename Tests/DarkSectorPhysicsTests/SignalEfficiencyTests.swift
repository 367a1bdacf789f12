import DarkSectorPhysics
import EventGeneration
import Foundation
import NumericalMethods
import Testing

/// The laboratory frame, the acceptance, the tau decays and the selection efficiencies of the
/// kit's own simulation (issue 7).
@Suite struct SignalEfficiencyTests {
    /// docs/physics.md section 5: the beam four-vectors of the "Y4S" preset, and the boost direction
    /// 151.1 mrad from +z. The centre-of-mass electron beam (along +z) must land on the HER beam.
    @Test func laboratoryFrameMapsTheBeams() {
        let beams = BelleIIBeams.upsilon4S
        let frame = LaboratoryFrame(beams: beams)
        let sqrtS = beams.centreOfMassEnergy
        let electronMomentum = TauDecayerProbe.twoBodyMomentum(sqrtS, PhysicalConstants.electronMass, PhysicalConstants.electronMass)
        let electron = frame.laboratory(FourVector(mass: PhysicalConstants.electronMass, px: 0, py: 0, pz: electronMomentum))
        let positron = frame.laboratory(FourVector(mass: PhysicalConstants.electronMass, px: 0, py: 0, pz: -electronMomentum))
        for (mapped, beam) in [(electron, beams.electron), (positron, beams.positron)] {
            #expect(abs(mapped.e - beam.e) < 1e-9)
            #expect(abs(mapped.px - beam.px) < 1e-9 && abs(mapped.py) < 1e-12 && abs(mapped.pz - beam.pz) < 1e-9)
        }
        let velocity = beams.boostVelocity
        #expect(abs(atan2(velocity.x, velocity.z) - 0.1511) < 0.0001)
        // Round trip, and the recoil mass of docs/physics.md's worked example (M_mumu = 4, M_X = 3) in
        // the laboratory: 3.0000.
        let pairEnergy = RecoilKinematics.pairEnergy(sqrtS: sqrtS, pairMass: 4, recoilMass: 3)
        let pairMomentum = (pairEnergy * pairEnergy - 16).squareRoot()
        let pair = FourVector(e: pairEnergy, px: 0.6 * pairMomentum, py: 0, pz: 0.8 * pairMomentum)
        let inLaboratory = frame.laboratory(pair)
        let back = frame.centreOfMass(inLaboratory)
        #expect(abs(back.e - pair.e) < 1e-12 && abs(back.px - pair.px) < 1e-12 && abs(back.pz - pair.pz) < 1e-12)
        #expect(abs((beams.total - inLaboratory).mass - 3) < 1e-9)
    }

    /// basf2's AcceptanceVariables.cc: CDC 17-150 deg; KLM barrel (47-122 deg) needs p_T > 0.6 GeV.
    @Test func acceptanceFollowsBasf2() {
        let acceptance = BelleIIAcceptance.basf2
        func track(theta degrees: Double, momentum: Double) -> FourVector {
            let theta = degrees * Double.pi / 180
            return FourVector(mass: PhysicalConstants.muonMass, px: momentum * sin(theta), py: 0, pz: momentum * cos(theta))
        }
        #expect(!acceptance.isTracked(track(theta: 16.9, momentum: 1)))
        #expect(acceptance.isTracked(track(theta: 17.1, momentum: 1)))
        #expect(!acceptance.isTracked(track(theta: 150.1, momentum: 1)))
        #expect(acceptance.isIdentifiedMuon(track(theta: 90, momentum: 0.61)))
        #expect(!acceptance.isIdentifiedMuon(track(theta: 90, momentum: 0.59)))
        #expect(acceptance.isIdentifiedMuon(track(theta: 30, momentum: 0.3)))
        #expect(!acceptance.isIdentifiedMuon(track(theta: 160, momentum: 2)))
        #expect(acceptance.pointsIntoECLBarrel(track(theta: 32.3, momentum: 1)))
        #expect(!acceptance.pointsIntoECLBarrel(track(theta: 130, momentum: 1)))
    }

    /// The embedded PDG 2026 table equals paper-data/reference/tau-decays, and the modes add up to 1.
    @Test func tauTableMatchesPaperData() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("paper-data/reference/tau-decays/tau-one-prong-pdg2026.csv")
        var values: [String: Double] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            values[fields[0] + "/" + fields[1]] = Double(fields[fields.count - 2])
        }
        let table = TauDecayTable.pdg2026
        let fractions = table.branchingFractions
        #expect(values["branching_fraction/one_prong_total"] == table.oneProngFraction)
        #expect(values["branching_fraction/electron"] == fractions[.electron])
        #expect(values["branching_fraction/muon"] == fractions[.muon])
        #expect(values["branching_fraction/pion"] == fractions[.pion])
        #expect(values["branching_fraction/kaon"] == fractions[.kaon])
        #expect(values["branching_fraction/pion_pi0"] == fractions[.rho])
        let listedHadronic = try #require(values["branching_fraction/hadron_two_or_more_pi0"])
        #expect(try #require(fractions[.axialVector]) > listedHadronic)
        #expect(values["mass_GeV/charged_pion"] == table.chargedPionMass)
        #expect(values["mass_GeV/neutral_pion"] == table.neutralPionMass)
        #expect(values["mass_GeV/charged_kaon"] == table.chargedKaonMass)
        #expect(values["mass_GeV/rho_770"] == table.rhoMass)
        #expect(values["mass_GeV/a1_1260"] == table.axialVectorMass)
        #expect(abs(fractions.values.reduce(0, +) - 1) < 1e-12)
    }

    /// A tau at rest and a decayer that knows one mode only.
    static func tauAtRest(decaying mode: TauDecayMode) -> (TauDecayer, FourVector) {
        var table = TauDecayTable.pdg2026
        table.branchingFractions = [mode: 1]
        return (TauDecayer(table: table), FourVector(mass: PhysicalConstants.tauMass, px: 0, py: 0, pz: 0))
    }

    /// Hand calculation: a tau at rest decaying to pi nu gives a pion of momentum
    /// (m_tau^2 - m_pi^2)/(2 m_tau), isotropic, so the CDC acceptance keeps
    /// (cos 17 deg - cos 150 deg)/2 = 0.911165 of them. Tolerance: 4 binomial standard errors.
    @Test func tauToPionAtRestAcceptanceIsAnalytic() {
        let (decayer, tau) = Self.tauAtRest(decaying: .pion)
        let table = decayer.table
        var random = SplitMix64(seed: 7)
        let count = 200_000
        var tracked = 0
        let expectedMomentum = (pow(PhysicalConstants.tauMass, 2) - pow(table.chargedPionMass, 2)) / (2 * PhysicalConstants.tauMass)
        for _ in 0 ..< count {
            guard let daughter = decayer.chargedDaughter(of: tau, random: &random) else { Issue.record("no daughter"); return }
            #expect(abs(daughter.track.momentum - expectedMomentum) < 1e-12)
            if BelleIIAcceptance.basf2.isTracked(daughter.track) { tracked += 1 }
        }
        let expected = (cos(17 * Double.pi / 180) - cos(150 * Double.pi / 180)) / 2
        let fraction = Double(tracked) / Double(count)
        #expect(abs(expected - 0.911165) < 1e-6)
        #expect(abs(fraction - expected) < 4 * (expected * (1 - expected) / Double(count)).squareRoot())
    }

    /// The massless V-A spectrum x^2 (3 - 2x) has mean x = (3/4 - 2/5)/(1 - 1/2) = 0.7 and standard
    /// deviation 0.208; 200 000 electrons must average 0.7 within 4 standard errors.
    @Test func leptonicSpectrumHasTheVMinusAMean() {
        let (decayer, tau) = Self.tauAtRest(decaying: .electron)
        var random = SplitMix64(seed: 8)
        let count = 200_000
        var sum = 0.0
        for _ in 0 ..< count {
            sum += 2 * (decayer.chargedDaughter(of: tau, random: &random)?.track.e ?? 0) / PhysicalConstants.tauMass
        }
        #expect(abs(sum / Double(count) - 0.7) < 4 * 0.2082 / Double(count).squareRoot())
    }

    /// Hand calculation for the whole chain: with head-on 5.29 + 5.29 GeV beams (laboratory =
    /// centre of mass), open muon acceptance and no p_T cut, the dark Higgsstrahlung efficiency is
    /// the probability that the h' (back to back with the A') points into the ECL barrel,
    /// the integral of lambda (1 - c^2) + 8 M_A'^2/s over cos(128.7) < c < cos(32.2) divided by its
    /// integral over [-1, 1] (docs/physics.md section 1.3's angular factor). Tolerance: 4 binomial errors.
    @Test func darkHiggsstrahlungEfficiencyIsAnalyticForHeadOnBeams() {
        let beams = BelleIIBeams(electronEnergy: 5.29, positronEnergy: 5.29, halfCrossingAngle: 0)
        var open = BelleIIAcceptance.basf2
        open.trackingPolarAngle = -1 ... 181
        open.klmEndcapPolarAngles = [-1 ... 181]
        let selection = DimuonRecoilSelection(minimumPairTransverseMomentum: 0, acceptance: open,
                                              unpublishedFactors: [])
        let (aPrime, hPrime) = (1.0, 0.5)
        let events = 100_000
        let estimate = SignalEfficiency.darkHiggsstrahlung(aPrimeMass: aPrime, hPrimeMass: hPrime, selection: selection,
                                                           beams: beams, events: events, seed: 3)
        let s = pow(beams.centreOfMassEnergy, 2)
        let lambda = (1 - pow(aPrime + hPrime, 2) / s) * (1 - pow(aPrime - hPrime, 2) / s)
        let transverse = 8 * aPrime * aPrime / s
        func integral(_ c: Double) -> Double { lambda * (c - c * c * c / 3) + transverse * c }
        let low = cos(128.7 * Double.pi / 180), high = cos(32.2 * Double.pi / 180)
        let expected = (integral(high) - integral(low)) / (integral(1) - integral(-1))
        #expect(abs(expected - (high - low) / 2) > 0.05, "the test must tell the sin^2 shape from a flat one")
        #expect(abs(estimate.efficiency - expected) < 4 * estimate.error)
    }

    /// At Born level the recoil mass of mu mu X is exactly M_X, so a Gaussian resolution w and a
    /// window of +- 2w keep erf(sqrt 2) = 0.954500 of the otherwise selected events (4 binomial errors).
    @Test func recoilWindowKeepsTheGaussianFraction() {
        let constantWidth: @Sendable (Double) -> Double = { _ in 0.3 }
        // The cuts of the 2022 Z' -> invisible card (p_T^mumu > 0.4 GeV, window +- 2 w).
        let withWindow = DimuonRecoilSelection(minimumPairTransverseMomentum: 0.4, recoilWindow: (constantWidth, 2), unpublishedFactors: [])
        var withoutWindow = withWindow
        withoutWindow.recoilWindow = nil
        let events = 20_000
        let windowed = SignalEfficiency.radiated(boson: .vector, decay: .invisible, mass: 3, selection: withWindow,
                                                 events: events, seed: 11)
        let all = SignalEfficiency.radiated(boson: .vector, decay: .invisible, mass: 3, selection: withoutWindow,
                                            events: events, seed: 11)
        #expect(all.selected > 1000)
        let fraction = Double(windowed.selected) / Double(all.selected)
        let gaussian = erf(2.0.squareRoot())
        #expect(abs(gaussian - 0.954500) < 1e-6)
        #expect(abs(fraction - gaussian) < 4 * (gaussian * (1 - gaussian) / Double(all.selected)).squareRoot())
        // The same seed gives the same events.
        let again = SignalEfficiency.radiated(boson: .vector, decay: .invisible, mass: 3, selection: withWindow,
                                              events: events, seed: 11)
        #expect(again == windowed)
    }

    /// Binomial errors, and where they vanish (0 or N of N selected) the one-sided 68.3 %
    /// Clopper-Pearson distance 1 - 0.3173^(1/N): 5.739e-5 for N = 20 000 (hand calculation).
    @Test func efficiencyErrors() {
        #expect(abs(EfficiencyEstimate(generated: 100, selected: 25).error - (0.25 * 0.75 / 100).squareRoot()) < 1e-15)
        #expect(abs(EfficiencyEstimate(generated: 20_000, selected: 0).error / 5.739e-5 - 1) < 1e-3)
        #expect(EfficiencyEstimate(generated: 20_000, selected: 20_000).error == EfficiencyEstimate(generated: 20_000, selected: 0).error)
    }

    /// The tau-tau selection: both taus one-prong bounds the efficiency by the one-prong fraction
    /// squared (72.7 %), and a light tau pair (M_X = 4 GeV) is selected more often than a heavy one
    /// (M_X = 9.5 GeV), whose four tracks often exceed 9.5 GeV.
    @Test func fourTrackEfficiencyIsBoundedByOneProngFractions() {
        let bound = pow(TauDecayTable.pdg2026.oneProngFraction, 2)
        // The cut of the tau-tau card (M(4 tracks) < 9.5 GeV).
        let selection = FourTrackSelection(maximumFourTrackMass: 9.5, unpublishedFactors: [])
        let light = SignalEfficiency.radiated(boson: .vector, decay: .tauPair, mass: 4, selection: selection,
                                              events: 10_000, seed: 5)
        let heavy = SignalEfficiency.radiated(boson: .vector, decay: .tauPair, mass: 9.5, selection: selection,
                                              events: 10_000, seed: 5)
        #expect(light.efficiency > 0.05 && light.efficiency < bound)
        #expect(heavy.efficiency < light.efficiency)
    }
}

/// Two-body momentum, written out here so the test does not lean on the code it checks.
enum TauDecayerProbe {
    static func twoBodyMomentum(_ parent: Double, _ m1: Double, _ m2: Double) -> Double {
        ((parent * parent - pow(m1 + m2, 2)) * (parent * parent - pow(m1 - m2, 2))).squareRoot() / (2 * parent)
    }
}
