import Foundation
import Testing
import TestSupport

/// `b2recast recast` on the example model cards, from the repository root.
@Suite struct RecastCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ arguments: [String]) throws -> B2RecastBinary.Output {
        try B2RecastBinary.run(arguments + ["--paper-data", repository.appendingPathComponent("paper-data").path,
                                            "--cross-sections", repository.appendingPathComponent("results/cross-sections").path])
    }

    @Test(arguments: ["lmu-ltau-dirac-dark-matter", "lmu-ltau-fully-invisible", "lmu-ltau-neutrinos-only", "dark-higgs", "leptophilic-scalar", "alp-universal", "scalar-tau-philic", "alp-tau-philic",
                      "dark-higgs-alpha-0.5", "dark-photon", "vector-mu-tau-dirac-dark-matter"])
    func exampleCardsRun(name: String) throws {
        let card = Self.repository.appendingPathComponent("examples/models/\(name).yaml").path
        let output = try Self.run(["recast", "--model", card])
        #expect(output.status == 0, "\(output.standardError)")
        // Every search is accounted for, with a limit or a reason.
        for id in ["BelleII_Zp_invisible_2018", "BelleII_Zp_invisible_2022", "BelleII_DarkHiggsstrahlung_2022", "BelleII_TauTauResonance_2023"] {
            #expect(output.standardOutput.contains(id))
        }
        if name.hasPrefix("lmu-ltau") || name.hasPrefix("vector") || name == "dark-higgs-alpha-0.5" || name == "dark-photon" {
            #expect(output.standardOutput.contains("recast by b2recast"))
        } else {
            // Scalars, ALPs and the dark Higgs model have no mu mu + invisible final state.
            let line = try #require(output.standardOutput.split(separator: "\n").first { $0.hasPrefix("BelleII_Zp_invisible_2018: ") })
            #expect(line.contains("no rate in this final state"))
        }
        if name == "leptophilic-scalar" || name == "alp-universal" {
            // The tau-tau search's per-mass limits give observed and expected limits at every mass of the card (4-9 GeV).
            #expect(output.standardOutput.contains("BelleII_TauTauResonance_2023, from 'sigma x BF(X -> tau+tau-) upper limits versus M_X' (published); 90% CL"))
            let rows = output.standardOutput.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.contains("none:") && !$0.contains("M [GeV]") }
            #expect(rows.count == 6, "\(output.standardOutput)")
            // Each row: mass, rate limit, observed, five expected, Gamma/M, validity.
            for row in rows { #expect(row.split(separator: " ", omittingEmptySubsequences: true).count >= 10) }
        }
    }

    /// The fully invisible recast below the dimuon threshold equals the reference curve up to the
    /// loop-induced Z' -> e+e- (BF ~ 1e-5 in the reference model there): 0.050998 (1 - 5e-6) at 0.1 GeV,
    /// and the record is written.
    @Test func fullyInvisibleRecastAndRecord() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let card = Self.repository.appendingPathComponent("examples/models/lmu-ltau-fully-invisible.yaml").path
        // Below 1.1565 GeV the 2018 curve is Darkcast's extrapolation: a reason by default, used when asked.
        let plain = try Self.run(["recast", "--model", card])
        #expect(plain.standardOutput.split(separator: "\n").first { $0.hasPrefix("  0.1000") }?.contains("extrapolated region") == true)
        let output = try Self.run(["recast", "--model", card, "--output", folder.path, "--use-extrapolation"])
        #expect(output.status == 0)
        let row = try #require(output.standardOutput.split(separator: "\n").first { $0.hasPrefix("  0.1000") })
        // Columns: mass, rate limit, observed coupling, Gamma/M, validity.
        #expect(row.split(separator: " ", omittingEmptySubsequences: true)[2] == "0.05100")
        let table = try String(contentsOf: folder.appendingPathComponent("BelleII_Zp_invisible_2018_recast.yaml"), encoding: .utf8)
        #expect(table.contains("independent_variables:") && table.contains("- value: 0.050997"))
        let submission = try String(contentsOf: folder.appendingPathComponent("submission.yaml"), encoding: .utf8)
        #expect(submission.contains("data_file: 'BelleII_Zp_invisible_2018_recast.yaml'"))
    }

    @Test func badModelCardsAreClearErrors() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(String, String)] = [
            ("format: b2recast-model-card/1\nname: x\nfamily: axion\nmasses_GeV: [1]\n", "family"),
            ("format: b2recast-model-card/1\nname: x\nfamily: lmu-ltau\nmasses_GeV: [2, 1]\n", "masses_GeV[1]"),
            ("format: b2recast-model-card/3\nname: x\nfamily: lmu-ltau\nmasses_GeV: [1]\n", "format"),
            ("format: b2recast-model-card/1\nname: x\nfamily: lmu-ltau\nmasses_GeV: [1]\nparameters: {invisible_branching_fraction: 2}\n",
             "parameters.invisible_branching_fraction"),
        ]
        for (index, (text, field)) in cases.enumerated() {
            let path = folder.appendingPathComponent("bad\(index).yaml")
            try Data(text.utf8).write(to: path)
            let output = try Self.run(["recast", "--model", path.path])
            #expect(output.status != 0 && output.standardOutput.isEmpty)
            #expect(output.standardError.contains("bad\(index).yaml: \(field):"), "\(output.standardError)")
        }
    }

    /// `--json`: one JSON document with the model, and per search its CL and method, the reference
    /// table with provenance and origin, and per mass the observed and expected limits with the
    /// validity, or the reason there is none.
    @Test func jsonOutputOfTheALPExample() throws {
        let card = Self.repository.appendingPathComponent("examples/models/alp-universal.yaml").path
        let output = try Self.run(["recast", "--model", card, "--json"])
        #expect(output.status == 0, "\(output.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let searches = try #require(document["searches"] as? [[String: Any]])
        #expect(searches.count == 4)
        let tauTau = try #require(searches.first { $0["id"] as? String == "BelleII_TauTauResonance_2023" })
        #expect(tauTau["confidence_level"] as? String == "90% CL")
        let reference = try #require(tauTau["reference"] as? [String: Any])
        #expect(reference["provenance"] as? String == "published" && reference["origin"] != nil)
        let points = try #require(tauTau["points"] as? [[String: Any]])
        #expect(points.count == 6)
        for point in points {
            #expect(point["observed"] is Double)
            let expected = try #require(point["expected"] as? [String: Double])
            #expect(expected.count == 5 && expected["minus_2_sigma"]! < expected["median"]! && expected["median"]! < expected["plus_2_sigma"]!)
            let validity = try #require(point["validity"] as? [String: Any])
            #expect(validity["width_over_mass"] is Double && validity["flags"] is [String] && validity["lambda_over_c_GeV"] is Double)
        }
        let old = try #require(searches.first { $0["id"] as? String == "BelleII_Zp_invisible_2018" })
        let reasons = (old["points"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        #expect(reasons.count == 6 && reasons.contains("mass outside the search's reference limit"))
        #expect((old["no_limit_reason"] as? String)?.hasPrefix("no limit at any mass") == true)
        let without = try #require(searches.first { $0["id"] as? String == "BelleII_Zp_invisible_2022" })
        #expect((without["no_limit_reason"] as? String)?.hasPrefix("no limit table at hand") == true)
    }

    /// From a directory outside the repository, with no data option: the binary finds the search
    /// cards and tables of the repository it was built from (DataLocation), and with B2RECAST_DATA
    /// pointing at a folder without cards it says so, naming the folder.
    @Test func runsFromAnotherDirectory() throws {
        let elsewhere = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let card = Self.repository.appendingPathComponent("examples/models/alp-tau-philic.yaml").path
        let binary = B2RecastBinary.url.path
        let output = try TestProcess.run(tool: "sh", ["-c", "cd '\(elsewhere.path)' && env -u B2RECAST_DATA '\(binary)' recast --model '\(card)' --json"])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("\"BelleII_TauTauResonance_2023\"") && output.standardOutput.contains("\"expected\""))
        let pointed = try TestProcess.run(tool: "sh", ["-c", "cd '\(elsewhere.path)' && B2RECAST_DATA='\(elsewhere.path)' '\(binary)' searches"])
        #expect(pointed.status == 64 && pointed.standardError.contains(elsewhere.path + "/paper-data"))
    }

    /// `--csv`: a comment line, the header, then one row per search and mass (a search without a
    /// limit table is one row with its reason).
    @Test func csvOutputOfTheScalarExample() throws {
        let card = Self.repository.appendingPathComponent("examples/models/leptophilic-scalar.yaml").path
        let output = try Self.run(["recast", "--model", card, "--csv"])
        #expect(output.status == 0, "\(output.standardError)")
        let lines = output.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first?.hasPrefix("# b2recast") == true)
        let header = lines.dropFirst().first?.split(separator: ",") ?? []
        #expect(header.count == 15 && header[3] == "observed" && header[13] == "validity")
        let tauTau = lines.filter { $0.hasPrefix("BelleII_TauTauResonance_2023,") }
        #expect(tauTau.count == 6)
        // 2 searches without a limit table (one row each) + 6 masses for each of the two others
        // (the 2018 search's rows give their reasons: no rate, or outside its reference).
        #expect(lines.count == 2 + 2 + 6 + 6)
        #expect(lines.filter { $0.hasPrefix("BelleII_Zp_invisible_2018,") && $0.hasSuffix(",mass outside the search's reference limit") }.count == 4)
        #expect(try Self.run(["recast", "--model", card, "--csv", "--json"]).status == 64)
    }

    /// `export likelihood`: the Gaussian parameters per mass as JSON; the kit's CLs limit at 3.6 GeV
    /// is the scipy value of GaussianLikelihoodTests (0.5278711505, to the 6 digits written).
    @Test func exportLikelihood() throws {
        let output = try B2RecastBinary.run(["export", "likelihood", "BelleII_TauTauResonance_2023",
                                             "--paper-data", Self.repository.appendingPathComponent("paper-data").path])
        #expect(output.status == 0, "\(output.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(document["format"] as? String == "b2recast-gaussian-likelihood/1")
        let masses = try #require(document["mass_GeV"] as? [Double]), limits = try #require(document["kit_cls_observed_limit_fb"] as? [Double])
        #expect(masses.count == 2381 && limits.count == 2381 && (document["sigma_calibrated_fb"] as? [Double])?.count == 2381)
        #expect(abs(limits[0] - 0.527871) < 1e-6)
        let refused = try B2RecastBinary.run(["export", "likelihood", "BelleII_Zp_invisible_2018",
                                              "--paper-data", Self.repository.appendingPathComponent("paper-data").path])
        #expect(refused.status == 64 && refused.standardError.contains("no per-mass fitted sigma x BF"))
    }

    /// With a card that holds per-window efficiency, background and observed counts (the test fixture),
    /// the likelihood recast runs with the paper's method (Bayes), hybrid CLs and asymptotic CLs; in the n = 0 window the first two give
    /// 2.3026 events (docs/statistics.md 6.6), so the same coupling.
    @Test func likelihoodRecastFromWindows() throws {
        let card = Self.repository.appendingPathComponent("examples/models/lmu-ltau-fully-invisible.yaml").path
        let output = try B2RecastBinary.run(["recast", "--model", card,
                                             "--paper-data", Self.repository.appendingPathComponent("Tests/Fixtures/paper-data").path,
                                             "--cross-sections", Self.repository.appendingPathComponent("results/cross-sections").path])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("likelihood rebuilt from its windows"))
        // The 1 GeV rows of bayes, cls and cls-asymptotic (in that order); the observed column
        // (second to last) of the first two must agree (asymptotic CLs, what pyhf gives, differs at n = 0).
        let firstRows = output.standardOutput.split(separator: "\n").filter { $0.contains(" 1.000 ") }
        #expect(firstRows.count == 3)
        let observed = firstRows.prefix(2).map { $0.split(separator: " ").suffix(2).first.map(String.init) ?? "" }
        #expect(observed.count == 2 && observed[0] == observed[1] && !observed[0].isEmpty, "\(observed)")
    }
}

/// `b2recast plot`: a user's recast drawn to PDF, PNG or SVG; a model no search limits, or an
/// unknown extension, is a clear error with no file left.
@Suite struct PlotCommandTests {
    @Test func plotsAnLMuMinusLTauModelInEachFormat() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let card = RecastCommandTests.repository.appendingPathComponent("examples/models/lmu-ltau-dirac-dark-matter.yaml").path
        for (name, magic) in [("recast.pdf", Array("%PDF".utf8)), ("recast.png", [0x89, 0x50, 0x4E, 0x47]), ("recast.svg", Array("<?xm".utf8))] {
            let path = folder.appendingPathComponent(name).path
            let output = try RecastCommandTests.run(["plot", "--model", card, "--output", path])
            #expect(output.status == 0, "\(output.standardError)")
            #expect(output.standardOutput == "written: \(path)\n")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(Array(bytes.prefix(4)) == magic, "\(name)")
        }
    }

    @Test func modelWithoutAnyLimitAndBadExtensionAreErrors() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The dark Higgs model has no limit table at hand in any search.
        let darkHiggs = RecastCommandTests.repository.appendingPathComponent("examples/models/dark-higgs.yaml").path
        let path = folder.appendingPathComponent("dark-higgs.pdf").path
        let none = try RecastCommandTests.run(["plot", "--model", darkHiggs, "--output", path])
        #expect(none.status != 0 && none.standardError.contains("nothing to plot"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let card = RecastCommandTests.repository.appendingPathComponent("examples/models/lmu-ltau-dirac-dark-matter.yaml").path
        let bad = try RecastCommandTests.run(["plot", "--model", card, "--output", folder.appendingPathComponent("recast.jpg").path])
        #expect(bad.status != 0 && bad.standardError.contains("expected a file name ending in .pdf, .svg or .png"))
    }
}
