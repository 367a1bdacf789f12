import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables
import RecastEngine
import Testing

/// The vector family and the dark-Higgs extensions in the recast engine (docs/physics.md 1.3-1.4, 9).
@Suite struct VectorRecastTests {
    /// A stand-in cross section per unit coupling squared that depends on the line, boson and mass,
    /// so that a wrong line or boson would show.
    static let lookup: CrossSectionLookup = { lepton, boson, mass in
        (lepton == .muon ? 1000 : lepton == .tau ? 300 : 50) * (boson == .vector ? 1 : 2) / (1 + mass)
    }

    static func card(_ text: String) throws -> ModelCard {
        try ModelCard.parse(YAMLInput.decode(text, file: "card.yaml"), file: "card.yaml")
    }

    /// Regression/consistency, not a validation: the vector card with the lmu-ltau preset, and the
    /// same charges written out, give the lmu-ltau family's signal rates in both mu+mu- X
    /// signatures exactly, with and without dark matter, and so the same recast limits.
    @Test func lMuMinusLTauPresetReproducesTheFamilyRatesAndLimits() throws {
        let masses = [0.3, 1.0, 2.0, 4.0, 6.0, 9.0]
        let pairs: [(String, String)] = [
            ("{preset: lmu-ltau}", "{}"),
            ("{x_mu_V: 1, x_tau_V: -1, x_nu_mu: 1, x_nu_tau: -1, dark_matter: {kind: dirac, g_chi_over_g: 3, m_chi_over_mass: 0.3333}}",
             "{dark_matter: {kind: dirac, g_chi_over_g_prime: 3, m_chi_over_mass: 0.3333}}"),
            ("{preset: lmu-ltau, dark_matter: {kind: majorana, g_chi: 0.05, m_chi_over_mass: 0.2}}",
             "{dark_matter: {kind: majorana, g_chi: 0.05, m_chi_over_mass: 0.2}}"),
        ]
        for (vectorParameters, familyParameters) in pairs {
            let vector = try Self.card("format: b2recast-model-card/2\nname: v\nfamily: vector\nmasses_GeV: [1]\nparameters: \(vectorParameters)\n").model
            let family = try Self.card("format: b2recast-model-card/2\nname: f\nfamily: lmu-ltau\nmasses_GeV: [1]\nparameters: \(familyParameters)\n").model
            for mass in masses {
                for coupling in [1e-4, 3e-3, 0.1] {
                    for signature in [SearchSignature.muonPairInvisible, .muonPairTauPair] {
                        let a = try vector.model(mass: mass, coupling: coupling).signalRate(signature, crossSection: Self.lookup)
                        let b = try family.model(mass: mass, coupling: coupling).signalRate(signature, crossSection: Self.lookup)
                        #expect(a == b, "\(vectorParameters) at \(mass) GeV, g = \(coupling), \(signature)")
                    }
                }
            }
            for id in ["BelleII_Zp_invisible_2018", "BelleII_TauTauResonance_2023"] {
                let search = try SearchCard.load(folder: SearchCardTests.paperData.appendingPathComponent(id))
                let a = try #require(try SearchRecast.recast(search, onto: vector, masses: masses, crossSection: Self.lookup))
                let b = try #require(try SearchRecast.recast(search, onto: family, masses: masses, crossSection: Self.lookup))
                #expect(a.points.map(\.coupling) == b.points.map(\.coupling), "\(id)")
            }
        }
    }

    /// The overall g scales every charge: a card with charges 2x and quote g x_mu_V quotes the
    /// same coupling g x_mu_V as a card with x_mu_V = 1 quoting g.
    @Test func quotedChargeScalesTheLimit() throws {
        let one = try Self.card("format: b2recast-model-card/2\nname: a\nfamily: vector\nmasses_GeV: [1]\nparameters: {x_mu_V: 1, x_nu_mu: 1}\n").model
        let two = try Self.card("format: b2recast-model-card/2\nname: b\nfamily: vector\nmasses_GeV: [1]\nparameters: {x_mu_V: 2, x_nu_mu: 2, quote: x_mu_V}\n").model
        #expect(two.couplingName == "g x_mu_V")
        for value in [1e-3, 0.05] {
            let a = try one.model(mass: 2, coupling: value).signalRate(.muonPairInvisible, crossSection: Self.lookup)
            let b = try two.model(mass: 2, coupling: value).signalRate(.muonPairInvisible, crossSection: Self.lookup)
            #expect(abs(a / b - 1) < 1e-14)
        }
    }

    /// A /1 card is read as its /2 form: the ALP ratios become absolute couplings with C_mumu = 1
    /// and Lambda = 1000 GeV, the same model point for point.
    @Test func version1CardsMapToVersion2() throws {
        let old = try Self.card("format: b2recast-model-card/1\nname: a\nfamily: alp\nmasses_GeV: [5]\nparameters: {c_tautau_over_c_mumu: 3, c_gammagamma_over_c_mumu: 0.1}\n").model
        let new = try Self.card("format: b2recast-model-card/2\nname: a\nfamily: alp\nmasses_GeV: [5]\nparameters: {C_ee: 1, C_mumu: 1, C_tautau: 3, C_gammagamma: 0.1, Lambda: 1000, quote: C_mumu}\n").model
        #expect(old.couplingName == new.couplingName)
        for value in [1e-5, 1e-3] {
            #expect(try old.model(mass: 5, coupling: value).decayTable() == new.model(mass: 5, coupling: value).decayTable())
        }
        let higgs = try Self.card("format: b2recast-model-card/1\nname: h\nfamily: dark-higgs\nmasses_GeV: [5]\nparameters: {dark_higgs_mass_over_dark_photon_mass: 0.25}\n").model
        #expect(higgs.couplingName == "eps^2 alpha_D" && higgs.description.contains("M_h' = 0.25 M_A'"))
    }

    /// M_h' >= M_A': h' decays to A' pairs, the Higgsstrahlung signature is not reached, and the
    /// recast says so in words (not a silent zero). M_h' < M_A': h' invisible, a rate.
    @Test func visibleDarkHiggsIsAReason() throws {
        let heavy = RecastModel.darkHiggs(solving: .epsilon(alphaD: 0.5), darkHiggsMass: .fixed(5)).model(mass: 4, coupling: 1e-3)
        #expect(try heavy.signalRate(.darkHiggsstrahlung, crossSection: Self.lookup) == 0)
        #expect(heavy.noRateReason(.darkHiggsstrahlung)?.contains("h' decays to A' pairs") == true)
        let light = RecastModel.darkHiggs(solving: .epsilon(alphaD: 0.5), darkHiggsMass: .fixed(1)).model(mass: 4, coupling: 1e-3)
        #expect(try light.signalRate(.darkHiggsstrahlung, crossSection: Self.lookup) > 0)
        #expect(light.noRateReason(.darkHiggsstrahlung) == nil)
        // Solving for eps, the A' radiated from the leptons reaches the tau-tau search; with the product it does not.
        #expect(try light.signalRate(.muonPairTauPair, crossSection: Self.lookup) > 0)
        let product = RecastModel.darkHiggs(massRatio: 0.25).model(mass: 4, coupling: 1e-6)
        #expect(try product.signalRate(.muonPairTauPair, crossSection: Self.lookup) == 0)
        #expect(product.noRateReason(.muonPairTauPair)?.contains("only a card that fixes alpha_D") == true)
    }

    /// The solved eps and the fixed alpha_D give the same Higgsstrahlung rate as the product with
    /// alpha_D = 1 (no dark decays): sigma x BF depends on eps^2 alpha_D only.
    @Test func darkHiggsUnknownsAgreeOnTheProduct() throws {
        let product = RecastModel.darkHiggs(solving: .product, darkHiggsMass: .fixed(1)).model(mass: 5, coupling: 1e-6 * 0.5)
        let epsilon = RecastModel.darkHiggs(solving: .epsilon(alphaD: 0.5), darkHiggsMass: .fixed(1)).model(mass: 5, coupling: 1e-3)
        let alpha = RecastModel.darkHiggs(solving: .alphaD(epsilon: 1e-3), darkHiggsMass: .fixed(1)).model(mass: 5, coupling: 0.5)
        let reference = try product.signalRate(.darkHiggsstrahlung, crossSection: Self.lookup)
        #expect(abs(try epsilon.signalRate(.darkHiggsstrahlung, crossSection: Self.lookup) / reference - 1) < 1e-12)
        #expect(abs(try alpha.signalRate(.darkHiggsstrahlung, crossSection: Self.lookup) / reference - 1) < 1e-12)
    }

    /// The same input rules in scan files as in cards (ModelInputRule): m_chi / M from 0 to 0.4999.
    @Test func scanFileUsesTheCardRules() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-scan-rules-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("scan.yaml").path
        try "format: b2recast-scan/1\nname: s\nsearch: BelleII_Zp_invisible_2018\ndark_matter: dirac\nmasses_GeV: [2]\ng_chi_over_g_prime: [1]\nm_chi_over_mass: [0.6]\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try ScanSpecification.load(path: path)
        } throws: { error in
            "\(error)".contains("m_chi_over_mass[0]") && "\(error)".contains(ModelInputRule.darkMatterMassFraction.words)
        }
    }
}
