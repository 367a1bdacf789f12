import Foundation
import Testing

/// Issue 16: a search the code has never seen is a new card, not a code change. The made-up card
/// of Tests/Fixtures/paper-data-fifth (its own selection, simulation grid, seed, plot label and a
/// made-up coupling-limit table; no published number) goes through `searches`, `reproduce`,
/// `recast` and `plot` with the code as it is.
@Suite struct FifthSearchTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixture = repository.appendingPathComponent("Tests/Fixtures/paper-data-fifth")
    static let id = "MadeUp_DimuonInvisible_2031"
    static let model = fixture.appendingPathComponent("fully-invisible-zprime.yaml").path

    @Test func searchesListsTheNewCard() throws {
        let output = try B2RecastBinary.run(["searches", "--json", "--paper-data", Self.fixture.path])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("\"\(Self.id)\""), "\(output.standardOutput)")
    }

    /// reproduce writes the card's record and figures; the efficiency table describes the card's
    /// own cuts (p_T^mumu > 0.3 GeV, a +- 1.5 w window), so the selection came from the card.
    @Test func reproduceHandlesTheNewCard() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = folder.appendingPathComponent("results"), figures = folder.appendingPathComponent("figures")
        let output = try B2RecastBinary.run(["reproduce", "--paper-data", Self.fixture.path, "--output", results.path, "--figures", figures.path,
                                             "--cross-sections", Self.repository.appendingPathComponent("results/cross-sections").path])
        #expect(output.status == 0, "\(output.standardError)")
        let record = results.appendingPathComponent(Self.id)
        for stem in ["rate_limit", "g_prime_fully_invisible", "derived_signal_efficiency"] {
            #expect(FileManager.default.fileExists(atPath: record.appendingPathComponent(stem + ".yaml").path), "\(stem)")
        }
        let submission = try String(contentsOf: record.appendingPathComponent("submission.yaml"), encoding: .utf8)
        #expect(submission.contains("p_T of the muon pair in the centre-of-mass frame > 0.3 GeV"))
        #expect(submission.contains("+- 1.5 w(M)"))
        #expect(submission.contains("made-up trigger"))
        #expect(FileManager.default.fileExists(atPath: figures.appendingPathComponent("\(Self.id)_rate_limit.pdf").path))
        let check = try B2RecastBinary.run(["hepdata", "check", record.path])
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
    }

    /// Recasting the card's own reference model gives back the card's coupling (2e-3 at 2 GeV, a
    /// closure through the same cross section: a regression test, not a validation), interpolates
    /// log-linearly between its masses (sqrt(2e-3 x 4e-3) = 2.828e-3 at 2.5 GeV, for a rate varying
    /// slowly with the mass within 10 %), and says why 5 GeV has no limit.
    @Test func recastUsesTheNewCard() throws {
        let output = try B2RecastBinary.run(["recast", "--model", Self.model, "--paper-data", Self.fixture.path, "--json",
                                             "--cross-sections", Self.repository.appendingPathComponent("results/cross-sections").path])
        #expect(output.status == 0, "\(output.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let searches = try #require(document["searches"] as? [[String: Any]])
        let search = try #require(searches.first { ($0["id"] as? String) == Self.id })
        let points = try #require(search["points"] as? [[String: Any]])
        let limits = Dictionary(uniqueKeysWithValues: points.compactMap { point -> (Double, Double)? in
            guard let mass = point["mass_GeV"] as? Double, let limit = point["observed"] as? Double else { return nil }
            return (mass, limit)
        })
        #expect(abs((limits[2.0] ?? 0) / 2e-3 - 1) < 1e-6, "\(points)")
        #expect(abs((limits[2.5] ?? 0) / 2.828e-3 - 1) < 0.1, "\(points)")
        #expect(limits[5.0] == nil)
        #expect(output.standardOutput.contains("outside"), "a reason for 5 GeV")
    }

    /// A dark Higgsstrahlung card with a made-up sigma x BF limit over (M_A', M_h')
    /// (Tests/Fixtures/paper-data-plane): reproduce writes the eps^2 alpha_D limit at its points and
    /// draws it from that table. At (8, 1) GeV the fixture holds 2 fb, and the kit's rate per unit
    /// eps^2 alpha_D there is 4.0090e8 fb x BF 0.1512 (docs/physics.md 1.3 and 1.2(b) check tables), so
    /// the limit is 3.30e-8 (tolerance 5e-3 for the BF taken from the smoothed R ratio).
    @Test func reproduceHandlesATwoMassLimit() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = folder.appendingPathComponent("results"), figures = folder.appendingPathComponent("figures")
        let output = try B2RecastBinary.run(["reproduce", "--paper-data", Self.repository.appendingPathComponent("Tests/Fixtures/paper-data-plane").path,
                                             "--output", results.path, "--figures", figures.path,
                                             "--cross-sections", Self.repository.appendingPathComponent("results/cross-sections").path])
        #expect(output.status == 0, "\(output.standardError)")
        let csv = try String(contentsOf: results.appendingPathComponent("Fixture_DarkHiggs_plane/eps2_alphaD_limit_plane.csv"), encoding: .utf8)
        let row = try #require(csv.split(separator: "\n").first { $0.hasPrefix("8.00000,1.00000,") }, "\(csv)")
        let observed = try #require(Double(row.split(separator: ",")[2]))
        #expect(abs(observed / 3.2994e-8 - 1) < 5e-3, "\(row)")
        #expect(FileManager.default.fileExists(atPath: figures.appendingPathComponent("Fixture_DarkHiggs_plane_eps2_alphaD_plane.png").path))
    }

    @Test func plotDrawsTheNewCard() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let figure = folder.appendingPathComponent("fifth.pdf").path
        let output = try B2RecastBinary.run(["plot", "--model", Self.model, "--paper-data", Self.fixture.path, "--output", figure,
                                             "--results", folder.path,
                                             "--cross-sections", Self.repository.appendingPathComponent("results/cross-sections").path])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(FileManager.default.fileExists(atPath: figure))
    }
}
