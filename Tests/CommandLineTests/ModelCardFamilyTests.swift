import Foundation
import Testing
import TestSupport

/// The example cards of issue 15, one per family with non-default couplings, recast with `--json`
/// from a directory outside the repository: each gives a limit from every search whose final state
/// it reaches and whose limit is at hand, and a reason from the others.
@Suite struct ModelCardFamilyTests {
    static let repository = RecastCommandTests.repository

    /// Runs `recast --model CARD --json` from a fresh temporary directory; the searches by id.
    static func recastJSON(_ card: String) throws -> [String: [String: Any]] {
        let elsewhere = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let path = repository.appendingPathComponent("examples/models/\(card).yaml").path
        let output = try TestProcess.run(tool: "sh", ["-c", "cd '\(elsewhere.path)' && env -u B2RECAST_DATA '\(B2RecastBinary.url.path)' recast --model '\(path)' --json"])
        #expect(output.status == 0, "\(card): \(output.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let searches = try #require(document["searches"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: searches.compactMap { search in (search["id"] as? String).map { ($0, search) } })
    }

    /// The observed limits of a search (NaN-free) and the reasons of the points without one.
    static func limits(_ search: [String: Any]?) -> (observed: [Double], reasons: [String]) {
        let points = search?["points"] as? [[String: Any]] ?? []
        return (points.compactMap { $0["observed"] as? Double }, points.compactMap { $0["reason"] as? String })
    }

    /// Card -> the searches that must give at least one limit. The two without a limit table at
    /// hand (2022 Z' invisible, dark Higgsstrahlung) give their reason instead.
    @Test(arguments: [
        ("scalar-tau-philic", ["BelleII_TauTauResonance_2023"]),
        ("alp-tau-philic", ["BelleII_TauTauResonance_2023"]),
        ("vector-mu-tau-dirac-dark-matter", ["BelleII_TauTauResonance_2023", "BelleII_Zp_invisible_2018"]),
        ("dark-higgs-alpha-0.5", ["BelleII_TauTauResonance_2023"]),
        ("dark-photon", ["BelleII_TauTauResonance_2023"]),
    ])
    func exampleGivesALimitFromEveryReachedSearch(card: String, reached: [String]) throws {
        let searches = try Self.recastJSON(card)
        #expect(searches.count == 4)
        for id in reached {
            let observed = Self.limits(searches[id]).observed
            #expect(!observed.isEmpty && observed.allSatisfy { $0 > 0 && $0.isFinite }, "\(card) on \(id)")
        }
        for id in ["BelleII_Zp_invisible_2022", "BelleII_DarkHiggsstrahlung_2022"] {
            #expect((searches[id]?["no_limit_reason"] as? String)?.hasPrefix("no limit table at hand") == true, "\(card) on \(id)")
        }
    }

    /// The dark Higgs with M_h' = 1 GeV: the tau-tau limit is on eps (alpha_D fixed), and below
    /// the invisible search's reach the reason is the model's own (no invisible A' decay).
    @Test func darkHiggsReasons() throws {
        let searches = try Self.recastJSON("dark-higgs-alpha-0.5")
        let reasons = Self.limits(searches["BelleII_Zp_invisible_2018"]).reasons
        #expect(reasons.contains { $0.contains("BF(X -> invisible) = 0") }, "\(reasons)")
    }

    static func card(_ text: String) throws -> URL {
        let folder = try B2RecastBinary.temporaryDirectory()
        let url = folder.appendingPathComponent("card.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// /1 cards are still read (mapped to /2); the vector family needs /2; refusals name the field.
    @Test(arguments: [
        ("format: b2recast-model-card/1\nname: x\nfamily: vector\nmasses_GeV: [1]\nparameters: {x_mu_V: 1}\n", "family", "needs 'format: b2recast-model-card/2'"),
        ("format: b2recast-model-card/2\nname: x\nfamily: vector\nmasses_GeV: [1]\nparameters: {x_mu_V: 1, dark_matter: {kind: dirac, g_chi: 0.1, m_chi_over_mass: 0.6}}\n",
         "parameters.dark_matter.m_chi_over_mass", "from 0 to 0.4999"),
        ("format: b2recast-model-card/2\nname: x\nfamily: vector\nmasses_GeV: [1]\nparameters: {preset: dark-photon}\n", "masses_GeV[0]", "R ratio"),
        ("format: b2recast-model-card/2\nname: x\nfamily: vector\nmasses_GeV: [1]\nparameters: {x_mu_V: 1, bf_invisible: 1.5}\n", "parameters.bf_invisible", "from 1e-6 to 1"),
        ("format: b2recast-model-card/2\nname: x\nfamily: dark-higgs\nmasses_GeV: [4]\nparameters: {epsilon: 0.1, alpha_D: 0.5, dark_higgs_mass: 1}\n", "parameters", "at most one of epsilon and alpha_D"),
        ("format: b2recast-model-card/2\nname: x\nfamily: dark-higgs\nmasses_GeV: [4]\nparameters: {dark_higgs_mass: 1, dark_matter: {kind: dirac, m_chi_over_mass: 0.1}}\n",
         "parameters.dark_matter", "epsilon or alpha_D fixed"),
        ("format: b2recast-model-card/1\nname: x\nfamily: lmu-ltau\nmasses_GeV: [1]\nparameters: {invisible_branching_fraction: 2}\n",
         "parameters.invisible_branching_fraction", "from 1e-6 to 1"),
        ("format: b2recast-model-card/3\nname: x\nfamily: lmu-ltau\nmasses_GeV: [1]\n", "format", "b2recast-model-card/2"),
    ])
    func refusals(text: String, field: String, expected: String) throws {
        let url = try Self.card(text)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let output = try RecastCommandTests.run(["recast", "--model", url.path])
        #expect(output.status == 64 && output.standardOutput.isEmpty, "\(output.standardError)")
        #expect(output.standardError.contains("card.yaml: \(field):") && output.standardError.contains(expected), "\(output.standardError)")
    }

    /// `widths --model vector` takes the card's names with '-' (the lmu-ltau preset's table equals
    /// the lmu-ltau family's; a regression/consistency check through the command line), and names
    /// the searches of each rate from the loaded search cards.
    @Test func widthsOfTheVectorPresetMatchTheFamily() throws {
        let common = ["--mass", "5", "--precision", "0.05", "--json", "--paper-data", Self.repository.appendingPathComponent("paper-data").path]
        let preset = try B2RecastBinary.run(["widths", "--model", "vector", "--preset", "lmu-ltau", "--g", "0.01"] + common)
        let charges = try B2RecastBinary.run(["widths", "--model", "vector", "--x-mu-V", "1", "--x-tau-V", "-1", "--x-nu-mu", "1", "--x-nu-tau", "-1", "--g", "0.01"] + common)
        let family = try B2RecastBinary.run(["widths", "--model", "lmu-ltau", "--g-prime", "0.01"] + common)
        #expect(preset.status == 0 && charges.status == 0 && family.status == 0, "\(preset.standardError)\(family.standardError)")
        func widths(_ text: String) -> Substring? { text.split(separator: "\n").first { $0.contains("\"partial_widths\"") } }
        #expect(widths(preset.standardOutput) != nil && widths(preset.standardOutput) == widths(family.standardOutput))
        #expect(widths(charges.standardOutput) == widths(family.standardOutput))
        #expect(preset.standardOutput.contains("\"searches\": [\"BelleII_Zp_invisible_2018\", \"BelleII_Zp_invisible_2022\"]"))
        let axial = try B2RecastBinary.run(["widths", "--model", "vector", "--x-mu-V", "1", "--x-mu-A", "1", "--g", "0.01"] + common)
        // The axial part of the muon line is a rate row of its own (docs/physics.md 10.3).
        #expect(axial.status == 0 && axial.standardOutput.contains("e+e- -> mu+mu- X (axial)"), "\(axial.standardError)")
    }

    /// `xsec --model vector` takes the same options as `widths`; its muon-line cross section at
    /// g x_mu_V = 0.01 is the per-unit-coupling Monte Carlo of `xsec --process mumuX` times 1e-4
    /// (the same integration and seed: a regression/consistency check).
    @Test func xsecOfAModelPoint() throws {
        let model = try B2RecastBinary.run(["xsec", "--model", "vector", "--x-mu-V", "1", "--g", "0.01", "--mass", "3", "--precision", "0.05", "--json"])
        let process = try B2RecastBinary.run(["xsec", "--process", "mumuX", "--boson", "vector", "--mass", "3", "--precision", "0.05", "--coupling", "0.01", "--json"])
        #expect(model.status == 0 && process.status == 0, "\(model.standardError)\(process.standardError)")
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(model.standardOutput.utf8)) as? [String: Any])["cross_sections"] as? [[String: Any]]
        let muon = try #require(lines?.first { $0["production"] as? String == "e+e- -> mu+mu- X" }?["sigma_fb"] as? Double)
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(process.standardOutput.utf8)) as? [String: Any])["sigma_fb"] as? Double
        #expect(muon == reference)
        let both = try B2RecastBinary.run(["xsec", "--model", "vector", "--process", "mumuX", "--x-mu-V", "1", "--g", "0.01", "--mass", "3"])
        #expect(both.status == 64 && both.standardError.contains("either --process or --model"))
    }
}
