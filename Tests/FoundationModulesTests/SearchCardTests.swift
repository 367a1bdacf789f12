import Foundation
import HEPDataTables
import RecastEngine
import Testing

/// The search cards of paper-data/: all four load, hold the talk's numbers verbatim, and every
/// kind of broken card is refused with the file, the field and what was expected.
@Suite struct SearchCardTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let paperData = repository.appendingPathComponent("paper-data")

    /// The four papers of the talk with their luminosities (fb^-1, from the talk and the abstracts,
    /// shared/design/DATA-STATUS.md), and the summary `searches` builds from each card.
    @Test func allFourCardsLoad() throws {
        let cards = try SearchCard.loadAll(paperData: Self.paperData)
        let expected: [(id: String, arXiv: String, luminosity: Double)] = [
            ("BelleII_DarkHiggsstrahlung_2022", "2207.00509", 8.34), ("BelleII_TauTauResonance_2023", "2306.12294", 62.8),
            ("BelleII_Zp_invisible_2018", "1912.11276", 0.276), ("BelleII_Zp_invisible_2022", "2212.03066", 79.7),
        ]
        #expect(cards.map(\.id) == expected.map(\.id))
        for (card, paper) in zip(cards, expected) {
            #expect(card.citation.arXiv == paper.arXiv && card.luminosity == paper.luminosity)
            #expect(!card.missing.isEmpty, "\(card.id): every card says which official tables are not at hand")
            let summary = SearchSummary(card)
            #expect(summary.arXiv == paper.arXiv && summary.atHand.count == card.tables.count + card.abstractValues.count)
        }
        #expect(SearchSummary(cards[1]).status.hasPrefix("recast from its published sigma x BF limit table (observed and expected with bands)"))
        #expect(SearchSummary(cards[2]).status.hasPrefix("recast from its digitized coupling-limit table"))
        #expect(SearchSummary(cards[3]).status.hasPrefix("no limit table at hand"))
    }

    @Test func verbatimValuesFromTheTalkAndTheAbstracts() throws {
        let zPrime = try SearchCard.load(folder: Self.paperData.appendingPathComponent("BelleII_Zp_invisible_2022"))
        // Talk, backup slide: photon veto 34 / 5 / 5 %, background shapes 3.2 / 8.6 / 25 %.
        let veto = try #require(zPrime.systematics.first { $0.source == "Photon veto" })
        #expect(veto.percent["Low mass"]?.low == 34 && veto.percent["High mass"]?.high == 5)
        #expect(zPrime.systematicsRegions == ["Low mass", "Medium mass", "High mass"])
        let tauTau = try SearchCard.load(folder: Self.paperData.appendingPathComponent("BelleII_TauTauResonance_2023"))
        let total = try #require(tauTau.systematics.first { $0.source == "Total" })
        #expect(total.percent["all"]?.low == 8.8 && total.percent["all"]?.high == 9.9)
        let darkHiggs = try SearchCard.load(folder: Self.paperData.appendingPathComponent("BelleII_DarkHiggsstrahlung_2022"))
        let sigma = try #require(darkHiggs.abstractValues.first { $0.units == "fb" })
        #expect(sigma.low == 1.7 && sigma.high == 5.0)
        // The 2018 curve: 36 digitized points, g' from 0.051 to 0.994 (PROVENANCE-digitized-curve.md).
        let old = try SearchCard.load(folder: Self.paperData.appendingPathComponent("BelleII_Zp_invisible_2018"))
        let curve = try #require(old.tables.first)
        #expect(curve.provenance == .digitized && curve.data.independent[0].values.count == 36)
        #expect(curve.data.dependent[0].values.first == 5.0998e-2 && curve.data.dependent[0].values.last == 9.9398e-1)
    }

    /// Copies a real card into a temporary folder, applies `edit` to its text (or to a table file),
    /// and returns the loading error.
    static func brokenCardError(card: String = "BelleII_Zp_invisible_2018", file: String = "card.yaml",
                                also second: (file: String, edit: (String) -> String)? = nil,
                                _ edit: (String) -> String) throws -> InputFileError? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-card-\(UUID().uuidString)")
            .appendingPathComponent(card)
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try FileManager.default.copyItem(at: Self.paperData.appendingPathComponent(card), to: folder)
        let target = folder.appendingPathComponent(file)
        let text = try String(contentsOf: target, encoding: .utf8)
        let edited = edit(text)
        #expect(edited != text, "the edit must change the file")
        try Data(edited.utf8).write(to: target)
        if let second {
            let url = folder.appendingPathComponent(second.file)
            try Data(second.edit(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
        }
        do {
            _ = try SearchCard.load(folder: folder)
            return nil
        } catch let error as InputFileError {
            return error
        }
    }

    @Test(arguments: [
        ("format: b2recast-search-card/2", "format: b2recast-search-card/9", "card.yaml", "format"),
        // A format-1 card cannot use the fields of format 2.
        ("format: b2recast-search-card/2", "format: b2recast-search-card/1", "card.yaml", "plot_label"),
        ("luminosity_fb: 0.276", "luminosity_fb: -1", "card.yaml", "luminosity_fb"),
        ("luminosity_fb: 0.276", "luminosity_fb: lots", "card.yaml", "luminosity_fb"),
        ("provenance: digitized\n", "provenance: guessed\n", "card.yaml", "tables[0].provenance"),
        ("sqrt_s_GeV: 10.58\n", "", "card.yaml", "sqrt_s_GeV"),
        ("id: BelleII_Zp_invisible_2018", "id: something_else", "card.yaml", "id"),
        ("final_state:", "final_stat:", "card.yaml", "(document).final_stat"),
        ("  - value: 1.6383e+00", "  - value: 1.0e+00", "g_prime_limit_digitized.yaml", "independent_variables[0].values[2].value"),
        ("  - value: 7.0000e-02", "  - value: -7.0000e-02", "g_prime_limit_digitized.yaml", "dependent_variables[0].values[2].value"),
        ("units: GeV}", "units: MeV}", "g_prime_limit_digitized.yaml", "independent_variables[0].header.units"),
    ])
    func brokenCardsAreRefused(original: String, replacement: String, file: String, field: String) throws {
        let error = try #require(try Self.brokenCardError(file: file) { $0.replacingOccurrences(of: original, with: replacement) })
        #expect(error.field == field, "\(error)")
        #expect(error.file.hasSuffix(file) && !error.expected.isEmpty)
    }

    /// The simulation block (issue 16): the selection kind must fit the signature, the window must
    /// name a resolution table of the card, the grid must be bounded, the seed a whole number.
    @Test(arguments: [
        ("kind: dimuon_recoil", "kind: four_track", "simulation.selection.kind"),
        ("resolution_table: recoil_mass_squared_resolution.yaml", "resolution_table: nothing.yaml", "simulation.selection.recoil_window.resolution_table"),
        ("pair_pt_min_GeV: 0.4", "pair_pt_min_GeV: -0.4", "simulation.selection.pair_pt_min_GeV"),
        ("grid_GeV: {from: 0.5, to: 10.0, step: 0.5}", "grid_GeV: {from: 0.5, to: 10.0, step: 1e-300}", "simulation.grid_GeV.step"),
        ("seed: 20260000", "seed: 2.5", "simulation.seed"),
        ("seed: 20260000", "seed: 1e300", "simulation.seed"),
    ])
    func brokenSimulationBlocksAreRefused(original: String, replacement: String, field: String) throws {
        let error = try #require(try Self.brokenCardError(card: "BelleII_Zp_invisible_2022") { $0.replacingOccurrences(of: original, with: replacement) })
        #expect(error.field == field, "\(error)")
    }

    /// The simulation block reproduces the cuts of the talk that the code held before issue 16
    /// (p_T^mumu > 0.4 GeV and a +- 2 w window; M(4 tracks) < 9.5 GeV; p_T^mumu > 0.1 GeV) and the grids.
    @Test func simulationBlocksHoldTheTalksCuts() throws {
        let zPrime = try #require(try SearchCard.load(folder: Self.paperData.appendingPathComponent("BelleII_Zp_invisible_2022")).simulation)
        #expect(zPrime.kind == .dimuonRecoil && zPrime.minimumPairTransverseMomentum == 0.4 && zPrime.recoilWindow?.halfWidth == 2)
        #expect(zPrime.grid.count == 20 && zPrime.grid.first == 0.5 && zPrime.grid.last == 10)
        let tauTau = try #require(try SearchCard.load(folder: Self.paperData.appendingPathComponent("BelleII_TauTauResonance_2023")).simulation)
        #expect(tauTau.kind == .fourTrack && tauTau.maximumFourTrackMass == 9.5)
        #expect(tauTau.grid == [3.6, 4.0, 4.4, 4.8, 5.2, 5.6, 6.0, 6.4, 6.8, 7.2, 7.6, 8.0, 8.4, 8.8, 9.2, 9.6, 10.0])
        let darkHiggs = try #require(try SearchCard.load(folder: Self.paperData.appendingPathComponent("BelleII_DarkHiggsstrahlung_2022")).simulation)
        #expect(darkHiggs.minimumPairTransverseMomentum == 0.1 && darkHiggs.secondGrid?.from == 0.5 && darkHiggs.secondGrid?.step == 1.0)
        #expect(try SearchCard.load(folder: Self.paperData.appendingPathComponent("BelleII_Zp_invisible_2018")).simulation == nil)
    }

    @Test func systematicsAndEfficienciesAreRangeChecked() throws {
        let percent = try #require(try Self.brokenCardError(card: "BelleII_TauTauResonance_2023") {
            $0.replacingOccurrences(of: "{source: \"trigger\", percent: {all: 2.7}}", with: "{source: \"trigger\", percent: {all: 270}}")
        })
        #expect(percent.field == "systematics[0].percent.all")
        let region = try #require(try Self.brokenCardError(card: "BelleII_Zp_invisible_2022") {
            $0.replacingOccurrences(of: "\"High mass\": 8.3}", with: "\"Higher mass\": 8.3}")
        })
        #expect(region.field.hasPrefix("systematics[0].percent"))
        // A table declared as an efficiency with a value above 1.
        let efficiency = try #require(try Self.brokenCardError(
            also: ("g_prime_limit_digitized.yaml", { $0.replacingOccurrences(of: "  - value: 7.0000e-02", with: "  - value: 1.5") })
        ) { $0.replacingOccurrences(of: "quantity: coupling_limit", with: "quantity: efficiency") })
        #expect(efficiency.field.hasPrefix("dependent_variables[0].values[") && efficiency.expected.contains("efficiency"))
    }
}
