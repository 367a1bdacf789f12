import Foundation
import Testing
import TestSupport

/// Tables over two masses end to end (docs/two-mass-tables.md): `import hepdata` of a record table
/// over (M_A', M_h'), `recast` and `searches` on a card holding one, and `hepdata check` of the
/// fixture record. The fixtures hold made-up numbers (Tests/Fixtures/paper-data-plane/README.md).
@Suite struct TwoMassCommandTests {
    static let repository = RecastCommandTests.repository
    static let plane = repository.appendingPathComponent("Tests/Fixtures/paper-data-plane").path
    static let record = "HEPData-plane-fixture-yaml"
    static let crossSections = repository.appendingPathComponent("results/cross-sections").path
    static let model = repository.appendingPathComponent("examples/models/dark-higgs.yaml").path

    /// A scratch copy of the fixture record and of the card it fills.
    static func scratchCopy() throws -> URL {
        let folder = try B2RecastBinary.temporaryDirectory()
        let fixtures = repository.appendingPathComponent("Tests/Fixtures/import")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(record), to: folder.appendingPathComponent(record))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("paper-data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("paper-data/Fixture_DarkHiggs_import"),
                                         to: folder.appendingPathComponent("paper-data/Fixture_DarkHiggs_import"))
        return folder
    }

    static func recastCSV(paperData: String) throws -> [String] {
        let result = try B2RecastBinary.run(["recast", "--model", model, "--paper-data", paperData, "--cross-sections", crossSections, "--csv"])
        #expect(result.status == 0, "\(result.standardError)")
        // The rows without the search id.
        return result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("Fixture_") }.map { String($0.drop { $0 != "," }) }
    }

    /// M_h' = M_A'/4 on the fixture's plane: a limit where (M_A', M_A'/4) is inside the published
    /// points and open, none at 8.5 and 9 GeV (M_A' + M_h' above sqrt(s)), the reason at 9.5 GeV
    /// (beyond the table). The rate limit at 4 GeV is the fixture's node (4, 1): 2.8 fb.
    @Test func recastOnTheFixturePlane() throws {
        let result = try B2RecastBinary.run(["recast", "--model", Self.model, "--paper-data", Self.plane, "--cross-sections", Self.crossSections])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Fixture_DarkHiggs_plane, from 'sigma x BF upper limit versus (M_A', M_h')' (derived)") })
        let rows = lines.filter { $0.hasPrefix("  ") && !$0.contains("M [GeV]") }
        #expect(rows.count == 12)
        #expect(rows.first?.hasPrefix("  4.000     2.800 ") == true, "\(rows)")
        #expect(rows.filter { $0.hasSuffix("none: no rate in this final state") }.count == 2)
        #expect(rows.last?.hasSuffix("none: mass pair outside the published points of the search's two-mass limit table") == true)
        let searches = try B2RecastBinary.run(["searches", "--paper-data", Self.plane])
        #expect(searches.standardOutput.contains("status:  recast from its derived sigma x BF limit table over (M_A', M_h')"), "\(searches.standardOutput)")
    }

    /// The import fills the card with a table over (M_{A'}, M_{h'}); recast from it gives, row for
    /// row, the observed limits of the paper-data-plane fixture (the same made-up observed limit).
    @Test func importedPlaneRecastsLikeTheFixture() throws {
        let scratch = try Self.scratchCopy()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let paperData = scratch.appendingPathComponent("paper-data").path
        let imported = try B2RecastBinary.run(["import", "hepdata", scratch.appendingPathComponent(Self.record).path,
                                               "--search", "Fixture_DarkHiggs_import", "--paper-data", paperData])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("imported 1 table"))
        #expect(imported.standardOutput.contains("cross_section_limit.yaml: sigma x BF upper limit versus (M_A', M_h') (cross_section_limit, 39 (M_{A'}, M_{h'}) points)"),
                "\(imported.standardOutput)")
        // Mass, rate limit and observed limit agree; the imported table has no expected bands.
        let fromImport = try Self.recastCSV(paperData: paperData), fromFixture = try Self.recastCSV(paperData: Self.plane)
        func observed(_ row: String) -> [Substring] { Array(row.split(separator: ",", omittingEmptySubsequences: false).prefix(4)) }
        #expect(fromImport.count == 12 && fromImport.map(observed) == fromFixture.map(observed))
    }

    /// A record table that gives one (M_A', M_h') twice is refused, naming the record's table, the
    /// field and the index; the card's folder is left as it was.
    @Test func importOfARepeatedPairIsRefused() throws {
        let scratch = try Self.scratchCopy()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let table = scratch.appendingPathComponent("\(Self.record)/Table1.yaml")
        var lines = try String(contentsOf: table, encoding: .utf8).components(separatedBy: "\n")
        // The second M_h' (1.0 at M_A' = 4) becomes 0.5: (4, 0.5) twice.
        let second = try #require(lines.firstIndex(of: "- header: {name: \"M_{h'}\", units: GeV}"))
        #expect(lines[second + 3] == "  - {value: 1.0}")
        lines[second + 3] = "  - {value: 0.5}"
        try lines.joined(separator: "\n").write(to: table, atomically: true, encoding: .utf8)
        let card = scratch.appendingPathComponent("paper-data/Fixture_DarkHiggs_import")
        let before = try HEPDataCommandTests.files(in: card)
        let result = try B2RecastBinary.run(["import", "hepdata", scratch.appendingPathComponent(Self.record).path,
                                             "--search", "Fixture_DarkHiggs_import", "--paper-data", scratch.appendingPathComponent("paper-data").path])
        #expect(result.status != 0 && result.status < 128)
        #expect(result.standardError.contains("table 'Table 1'") && result.standardError.contains("independent_variables[0,1].values[1]: expected each (mass, mass) pair once"),
                "\(result.standardError)")
        #expect(try HEPDataCommandTests.files(in: card) == before)
    }

    @Test func theFixtureRecordPassesTheCheck() throws {
        let result = try B2RecastBinary.run(["hepdata", "check", Self.repository.appendingPathComponent("Tests/Fixtures/import/\(Self.record)").path])
        #expect(result.status == 0 && result.standardOutput.hasSuffix(": valid\n"), "\(result.standardOutput)")
    }
}
