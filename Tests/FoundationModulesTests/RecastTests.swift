import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables
import RecastEngine
import Testing

/// The limit recast (equal signal rate) on the 2018 Z' -> invisible card. A constant stand-in
/// cross section (1000 fb per unit coupling squared) isolates the recast logic from the Monte Carlo;
/// the relations checked are exact, so the tolerance is the solver's 1e-9.
@Suite struct LimitRecastTests {
    static let card = try! SearchCard.load(folder: SearchCardTests.paperData.appendingPathComponent("BelleII_Zp_invisible_2018"))
    static let constant: CrossSectionLookup = { _, _, _ in 1000 }

    static func couplings(_ result: RecastResult) -> [Double] {
        result.points.map { (try? $0.coupling.get()) ?? .nan }
    }

    /// The card marks the 2 MeV row as Darkcast's extrapolation (extrapolated_below_GeV): without
    /// --use-extrapolation the recast gives that reason there, and the paper's curve from 1.1565 GeV.
    @Test func extrapolatedRegionIsNotUsedUnlessAsked() throws {
        let result = try #require(try SearchRecast.recast(Self.card, onto: .lMuMinusLTau, masses: [0.5, 1.1565, 2.0], crossSection: Self.constant))
        #expect(result.points[0].coupling == .failure(RecastFailure(.extrapolatedRegion)))
        #expect((try? result.points[1].coupling.get()) != nil && (try? result.points[2].coupling.get()) != nil)
        let asked = try #require(try SearchRecast.recast(Self.card, onto: .lMuMinusLTau, masses: [0.5], crossSection: Self.constant, useExtrapolation: true))
        #expect((try? asked.points[0].coupling.get()) != nil)
    }

    @Test func closureOntoTheReferenceModel() throws {
        let result = try #require(try SearchRecast.recast(Self.card, onto: .lMuMinusLTau, crossSection: Self.constant, useExtrapolation: true))
        let published = Self.card.tables[0].data.dependent[0].values
        #expect(result.points.count == published.count)
        for (kit, reference) in zip(Self.couplings(result), published) { #expect(abs(kit / reference - 1) < 1e-9) }
    }

    /// With BF(invisible) independent of g', equal rates give g_new = g_ref sqrt(BF_ref / BF_new).
    @Test func fullyInvisibleAndDarkMatterWithFixedRatio() throws {
        let reference = Self.card.tables[0].data
        let invisible = try #require(try SearchRecast.recast(Self.card, onto: .lMuMinusLTau(invisibleBranchingFraction: 1), crossSection: Self.constant, useExtrapolation: true))
        let darkMatter = try #require(try SearchRecast.recast(
            Self.card, onto: .lMuMinusLTau(darkMatter: .diracFermion, coupling: 3, scalesWithGPrime: true, massFraction: 1.0 / 3),
            crossSection: Self.constant, useExtrapolation: true))
        for (index, mass) in reference.independent[0].values.enumerated() {
            let g = reference.dependent[0].values[index]
            let modelFraction = LMuMinusLTauBoson(mass: mass, coupling: g).decayTable().invisibleBranchingFraction
            #expect(abs(Self.couplings(invisible)[index] / (g * modelFraction.squareRoot()) - 1) < 1e-9)
            let chi = DarkMatterState(kind: .diracFermion, coupling: 3 * g, mass: mass / 3)
            let dmFraction = LMuMinusLTauBoson(mass: mass, coupling: g, darkSector: .state(chi)).decayTable().invisibleBranchingFraction
            #expect(abs(Self.couplings(darkMatter)[index] / (g * (modelFraction / dmFraction).squareRoot()) - 1) < 1e-9)
            // docs/physics.md 2.1: at 1 GeV-like masses the Dirac benchmark has BF_inv = 0.902, so the limit tightens.
            #expect(Self.couplings(darkMatter)[index] < g)
        }
    }

    /// A fixed g_chi makes BF(invisible) depend on g'; the solution must satisfy the rate equation itself.
    @Test func selfConsistentFixedDarkMatterCoupling() throws {
        let model = RecastModel.lMuMinusLTau(darkMatter: .diracFermion, coupling: 0.05, scalesWithGPrime: false, massFraction: 0.3)
        let result = try #require(try SearchRecast.recast(Self.card, onto: model, crossSection: Self.constant, useExtrapolation: true))
        for point in result.points {
            let g = try point.coupling.get()
            let rate = try model.model(mass: point.mass, coupling: g).signalRate(.muonPairInvisible, crossSection: Self.constant)
            #expect(abs(rate / point.rateLimit - 1) < 1e-8)
        }
    }

    @Test func modelsWithoutTheFinalStateHaveNoSolution() throws {
        // A scalar or an ALP has no invisible decay: no rate in mu mu + invisible.
        for model in [RecastModel.leptophilicScalar, .alp()] {
            let result = try #require(try SearchRecast.recast(Self.card, onto: model, crossSection: Self.constant, useExtrapolation: true))
            #expect(result.points.allSatisfy { (try? $0.coupling.get()) == nil })
            if case .failure(let failure) = result.points[0].coupling { #expect(failure.reason == .noRate) }
        }
        // A rate the model cannot reach below the perturbative bound.
        let unreachable = LimitRecast.coupling(rateLimit: 1e6) { $0 * $0 }
        #expect(unreachable == .failure(RecastFailure(.aboveMaximumCoupling)))
        #expect(try LimitRecast.coupling(rateLimit: 4) { $0 * $0 }.get() - 2 < 1e-9)
    }
}

/// The same recasts through the kit's own Monte Carlo cross sections (what `reproduce` uses), at a few
/// masses of the digitized curve: closure to the solver's precision, and the BF = 1 relation.
@Suite struct MonteCarloRecastTests {
    @Test func closureAndFullyInvisibleWithKitCrossSections() throws {
        let card = LimitRecastTests.card
        let masses = Array(card.tables[0].data.independent[0].values[3 ..< 6])
        let crossSections = MonteCarloCrossSections(settings: MonteCarloSettings(relativePrecision: 0.01))
        let closure = try #require(try SearchRecast.recast(card, onto: .lMuMinusLTau, masses: masses, crossSection: crossSections.lookup))
        let invisible = try #require(try SearchRecast.recast(card, onto: .lMuMinusLTau(invisibleBranchingFraction: 1), masses: masses,
                                                             crossSection: crossSections.lookup))
        for (index, mass) in masses.enumerated() {
            let g = card.tables[0].data.dependent[0].values[index + 3]
            #expect(abs(try closure.points[index].coupling.get() / g - 1) < 1e-9)
            let fraction = LMuMinusLTauBoson(mass: mass, coupling: g).decayTable().invisibleBranchingFraction
            #expect(abs(try invisible.points[index].coupling.get() / (g * fraction.squareRoot()) - 1) < 1e-9)
            // The rate limit is sigma(e+e- -> mu mu Z'; g) x BF at the published g, with the kit's sigma.
            let sigma = try crossSections.value(lepton: .muon, boson: .vector, mass: mass)
            #expect(abs(closure.points[index].rateLimit / (sigma * g * g * fraction) - 1) < 1e-12)
        }
    }

    /// At and above the l+ l- X threshold (sqrt(s) = 10.58 GeV) the cross section is 0, not a
    /// phase-space precondition trap (issue 17: a card's masses reach 11 GeV).
    @Test func crossSectionAboveTheThresholdIsZero() throws {
        let crossSections = MonteCarloCrossSections()
        #expect(try crossSections.value(lepton: .tau, boson: .vector, mass: 7.1) == 0)
        #expect(try crossSections.value(lepton: .muon, boson: .scalar, mass: 10.9) == 0)
    }
}

/// Efficiency ratios from the derived maps in the recast (issue 7).
@Suite struct EfficiencyRatioTests {
    static let results = SearchCardTests.paperData.deletingLastPathComponent().appendingPathComponent("results")

    /// eff_new / eff_ref = r multiplies the new model's rate, so with a BF independent of the
    /// coupling (rate ∝ g^2) the coupling limit grows by 1/sqrt(r): exactly 2 for r = 1/4.
    @Test func ratioScalesTheCouplingLimit() throws {
        let model = RecastModel.lMuMinusLTau(invisibleBranchingFraction: 1)
        let plain = try #require(try SearchRecast.recast(LimitRecastTests.card, onto: model, crossSection: LimitRecastTests.constant, useExtrapolation: true))
        let quarter = try #require(try SearchRecast.recast(LimitRecastTests.card, onto: model, crossSection: LimitRecastTests.constant,
                                                           efficiencyRatio: { _ in 0.25 }, useExtrapolation: true))
        for (a, b) in zip(LimitRecastTests.couplings(plain), LimitRecastTests.couplings(quarter)) { #expect(abs(b / a - 2) < 1e-8) }
    }

    /// The tau-tau map that reproduce wrote: the ratio at a tabulated mass is the quotient of the
    /// table's efficiencies, which the table's own ratio column also gives (6 significant digits
    /// each, so 2e-5); between masses it interpolates; the vector needs no correction.
    @Test func tauTauMapGivesTheTabulatedRatios() throws {
        let map = try #require(try EfficiencyRatios.load(searchID: "BelleII_TauTauResonance_2023", results: Self.results))
        let table = try ResultTableReader.parse(
            yaml: String(contentsOf: Self.results.appendingPathComponent("BelleII_TauTauResonance_2023/derived_signal_efficiency.yaml"),
                         encoding: .utf8), file: "derived_signal_efficiency.yaml")
        let ratioColumn = try #require(table.dependent.first { $0.qualifier("X") == "scalar / vector" })
        let masses = table.independent[0].values
        for (index, mass) in masses.enumerated() {
            let ratio = try #require(map.ratio(for: .scalar, at: mass))
            #expect(abs(ratio / ratioColumn.values[index] - 1) < 2e-5, "\(mass)")
        }
        let middle = try #require(map.ratio(for: .alp, at: (masses[0] + masses[1]) / 2))
        let ends = [try #require(map.ratio(for: .alp, at: masses[0])), try #require(map.ratio(for: .alp, at: masses[1]))]
        #expect(middle >= ends.min()! - 1e-12 && middle <= ends.max()! + 1e-12)
        #expect(map.correction(for: .lMuMinusLTau) == nil && map.correction(for: .darkHiggs) == nil)
        #expect(map.ratio(for: .scalar, at: 1.0) == nil, "outside the map")
        #expect(try EfficiencyRatios.load(searchID: "BelleII_Zp_invisible_2018", results: Self.results) == nil)
        #expect(try EfficiencyRatios.load(searchID: "BelleII_DarkHiggsstrahlung_2022", results: Self.results) == nil)
    }
}
