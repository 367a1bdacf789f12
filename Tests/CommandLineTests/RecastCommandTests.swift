import Foundation
import Testing

/// `b2recast recast` on the example model cards, from the repository root.
@Suite struct RecastCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ arguments: [String]) throws -> B2RecastBinary.Output {
        try B2RecastBinary.run(arguments + ["--paper-data", repository.appendingPathComponent("paper-data").path,
                                            "--cross-sections", repository.appendingPathComponent("results/cross-sections").path])
    }

    @Test(arguments: ["lmu-ltau-dirac-dark-matter", "lmu-ltau-fully-invisible", "dark-higgs", "leptophilic-scalar", "alp-universal"])
    func exampleCardsRun(name: String) throws {
        let card = Self.repository.appendingPathComponent("examples/models/\(name).yaml").path
        let output = try Self.run(["recast", "--model", card])
        #expect(output.status == 0, "\(output.standardError)")
        // Every search is accounted for, with a limit or a reason.
        for id in ["BelleII_Zp_invisible_2018", "BelleII_Zp_invisible_2022", "BelleII_DarkHiggsstrahlung_2022", "BelleII_TauTauResonance_2023"] {
            #expect(output.standardOutput.contains(id))
        }
        if name.hasPrefix("lmu-ltau") {
            #expect(output.standardOutput.contains("recast by b2recast"))
        } else {
            // Scalars, ALPs and the dark Higgs model have no mu mu + invisible final state.
            #expect(output.standardOutput.contains("BelleII_Zp_invisible_2018: no rate in this final state at every mass"))
        }
    }

    /// The fully invisible recast below the dimuon threshold equals the reference curve up to the
    /// loop-induced Z' -> e+e- (BF ~ 1e-5 in the reference model there): 0.050998 (1 - 5e-6) at 0.1 GeV,
    /// and the record is written.
    @Test func fullyInvisibleRecastAndRecord() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let card = Self.repository.appendingPathComponent("examples/models/lmu-ltau-fully-invisible.yaml").path
        let output = try Self.run(["recast", "--model", card, "--output", folder.path])
        #expect(output.status == 0)
        let row = try #require(output.standardOutput.split(separator: "\n").first { $0.hasPrefix("  0.1000") })
        #expect(row.hasSuffix("0.05100"))
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
            ("format: b2recast-model-card/2\nname: x\nfamily: lmu-ltau\nmasses_GeV: [1]\n", "format"),
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

    /// With a card that holds per-window efficiency, background and observed counts (the test fixture),
    /// the likelihood recast runs with the paper's method (Bayes) and CLs; in the n = 0 window both give
    /// 2.3026 events (physics.md 6.6), so the same coupling.
    @Test func likelihoodRecastFromWindows() throws {
        let card = Self.repository.appendingPathComponent("examples/models/lmu-ltau-fully-invisible.yaml").path
        let output = try B2RecastBinary.run(["recast", "--model", card,
                                             "--paper-data", Self.repository.appendingPathComponent("Tests/Fixtures/paper-data").path,
                                             "--cross-sections", Self.repository.appendingPathComponent("results/cross-sections").path])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("likelihood rebuilt from its windows"))
        // The 1 GeV rows of the two methods; their observed column (second to last) must agree.
        let firstRows = output.standardOutput.split(separator: "\n").filter { $0.contains(" 1.000 ") }
        #expect(firstRows.count == 2)
        let observed = firstRows.map { $0.split(separator: " ").suffix(2).first.map(String.init) ?? "" }
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
