import Foundation
import Testing

/// `b2recast project`: window-by-window projections where a card has windows, scaled published
/// limits where it has not, and clear errors.
@Suite struct ProjectCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The fixture's first window (efficiency 0.2, no background, 10 fb^-1) at 1000 fb^-1: the
    /// expected limit falls exactly as 1/L, and Punzi's sigma_min with B = 0 is
    /// (a^2/8 + 9 b^2/13 + b^2/2) / (eps L) = 3.08322 / 200 = 0.015416 fb (docs/physics.md section 7,
    /// a = 3, b = 1.28155; the same numerator gives its check value 0.61664 fb at eps L = 5).
    @Test func projectsTheWindowsOfACard() throws {
        let output = try B2RecastBinary.run(["project", "--search", "Fixture_Zp_invisible", "--luminosity", "1ab-1",
                                             "--paper-data", Self.repository.appendingPathComponent("Tests/Fixtures/paper-data").path])
        #expect(output.status == 0, "\(output.standardError)")
        let rows = output.standardOutput.split(separator: "\n").filter { $0.hasPrefix("1.000,") }
        let fields = try #require(rows.first).split(separator: ",").compactMap { Double($0) }
        #expect(fields.count == 4)
        #expect(abs(fields[2] / fields[1] - 0.01) < 1e-3, "\(fields)")
        #expect(abs(fields[3] / 0.015416 - 1) < 1e-3, "\(fields)")
    }

    /// Without windows the card's best published limit is scaled: g' = 3e-3 at 79.7 fb^-1 becomes
    /// 1.198e-4 (x L/L') and 5.994e-4 (x sqrt(L/L')), to the power 1/2, at 50 ab^-1 (hand calculation).
    @Test func scalesPublishedLimitsWithoutWindows() throws {
        let output = try B2RecastBinary.run(["project", "--search", "BelleII_Zp_invisible_2022", "--luminosity", "50ab-1",
                                             "--paper-data", Self.repository.appendingPathComponent("paper-data").path])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("g' upper limit,0.003000,0.0001198,0.0005994"), "\(output.standardOutput)")
        // Issue 17: the header's comma-containing name is quoted, and a coupling row says it scales
        // as sqrt(L/L') and (L/L')^(1/4), not as the "x L/L'" of a rate.
        #expect(output.standardOutput.contains("quantity,published,no background,\"background dominated, statistics only\",scaling\n"))
        #expect(output.standardOutput.contains("g' upper limit,0.003000,0.0001198,0.0005994,x sqrt(L/L') and x (L/L')^(1/4)\n"))
    }

    @Test func badInputIsAClearError() throws {
        let paperData = Self.repository.appendingPathComponent("paper-data").path
        let luminosity = try B2RecastBinary.run(["project", "--search", "BelleII_Zp_invisible_2022", "--luminosity", "50 zb",
                                                 "--paper-data", paperData])
        #expect(luminosity.status != 0 && luminosity.standardOutput.isEmpty)
        #expect(luminosity.standardError.contains("--luminosity"))
        let search = try B2RecastBinary.run(["project", "--search", "NoSuchSearch", "--luminosity", "1ab-1", "--paper-data", paperData])
        #expect(search.status != 0 && search.standardOutput.isEmpty)
        #expect(search.standardError.contains("NoSuchSearch"), "\(search.standardError)")
        let systematics = try B2RecastBinary.run(["project", "--search", "BelleII_Zp_invisible_2022", "--luminosity", "1ab-1",
                                                  "--systematics", "double", "--paper-data", paperData])
        #expect(systematics.status != 0 && systematics.standardError.contains("systematics"))
    }
}
