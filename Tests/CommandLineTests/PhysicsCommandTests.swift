import Foundation
import Testing

/// `b2recast widths`, `xsec` and the cached cross-section tables, run as a user would.
@Suite struct PhysicsCommandTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let output = try B2RecastBinary.run(arguments)
        #expect(output.status == 0, "\(arguments): \(output.standardError)")
        return try #require(JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
    }

    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }

    /// The issue's example: ALP with C_mumu = C_tautau = 1, Lambda = 1000 GeV, m_a = 5 GeV. Widths from
    /// docs/physics.md 4.1 (c = 1 rows; the muon and tau widths do not depend on C_ee), 5 digits: 1e-4
    /// (3e-4 for the tau, see the m_tau note of docs/physics.md 0).
    @Test func alpWidthsAsJSON() throws {
        let object = try Self.json(["widths", "--model", "alp", "--C-mumu", "1", "--C-tautau", "1", "--Lambda", "1000",
                                    "--mass", "5", "--precision", "0.05", "--json"])
        let widths = try #require(object["partial_widths"] as? [String: [String: Double]])
        #expect(Self.relative(try #require(widths["mu+mu-"]?["width_GeV"]), 2.2190e-9) < 1e-4)
        #expect(Self.relative(try #require(widths["tau+tau-"]?["width_GeV"]), 4.4185e-7) < 3e-4)
        let fractions = widths.values.compactMap { $0["branching_fraction"] }.reduce(0, +)
        #expect(abs(fractions - 1) < 1e-5)  // six printed digits per fraction
        // sigma x BF for the tau-tau resonance search is listed with its search id.
        let rates = try #require(object["rates"] as? [[String: Any]])
        let tauTau = try #require(rates.first { ($0["searches"] as? [String])?.contains("BelleII_TauTauResonance_2023") == true })
        #expect((tauTau["decay"] as? String) == "tau+tau-")
        let sigma = try #require(tauTau["sigma_fb"] as? Double), bf = try #require(tauTau["branching_fraction"] as? Double)
        #expect(Self.relative(try #require(tauTau["sigma_times_bf_fb"] as? Double), sigma * bf) < 1e-5)
    }

    /// docs/physics.md 1.3: sigma / (eps^2 alpha_D) = 4.0090e8 fb at (8, 1) GeV, 5 digits.
    @Test func darkHiggsstrahlungCrossSection() throws {
        let object = try Self.json(["xsec", "--process", "Aprime-hprime", "--mass", "8", "--dark-higgs-mass", "1", "--json"])
        #expect(Self.relative(try #require(object["sigma_per_eps2_alphaD_fb"] as? Double), 4.0090e8) < 1e-4)
    }

    /// The Monte Carlo through the command: the requested precision is met, the coupling scales as
    /// g^2, and the same seed gives the same bytes.
    @Test func monteCarloCrossSection() throws {
        let arguments = ["xsec", "--process", "tautauX", "--boson", "scalar", "--mass", "2", "--precision", "0.02",
                         "--coupling", "0.1", "--json"]
        let first = try B2RecastBinary.run(arguments), second = try B2RecastBinary.run(arguments)
        #expect(first.status == 0 && first.standardOutput == second.standardOutput)
        let object = try Self.json(arguments)
        let sigma = try #require(object["sigma_per_g2_fb"] as? Double), error = try #require(object["sigma_per_g2_error_fb"] as? Double)
        #expect(sigma > 0 && error / sigma <= 0.02)
        #expect(Self.relative(try #require(object["sigma_fb"] as? Double), sigma * 0.01) < 1e-5)
    }

    @Test func missingParametersAreClearErrors() throws {
        let missing = try B2RecastBinary.run(["widths", "--model", "lmu-ltau", "--mass", "1"])
        #expect(missing.status != 0 && missing.standardOutput.isEmpty)
        #expect(missing.standardError.contains("--g-prime"))
        let noBoson = try B2RecastBinary.run(["xsec", "--process", "mumuX", "--mass", "1"])
        #expect(noBoson.status != 0 && noBoson.standardError.contains("--boson"))
        let aboveThreshold = try B2RecastBinary.run(["xsec", "--process", "tautauX", "--boson", "vector", "--mass", "8"])
        #expect(aboveThreshold.status != 0 && aboveThreshold.standardError.contains("threshold"))
        let noHadrons = try B2RecastBinary.run(["widths", "--model", "dark-photon", "--epsilon", "1e-3", "--mass", "1"])
        #expect(noHadrons.status != 0 && noHadrons.standardError.contains("R ratio"))
        let unwritable = try B2RecastBinary.run(["xsec-tables", "--output", "/proc/b2recast-cannot-write-here"])
        #expect(unwritable.status != 0 && unwritable.standardOutput.isEmpty && !unwritable.standardError.isEmpty)
    }

    /// The committed tables in results/cross-sections are what `b2recast xsec-tables` writes: a few
    /// rows of each are recomputed alone (mass i with seed 2022 + i) and must match byte for byte.
    @Test(arguments: ["mumuX_vector", "mumuX_scalar", "tautauX_pseudoscalar"])
    func committedTablesAreReproducible(name: String) throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: repository.appendingPathComponent("results/cross-sections/\(name).csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map(String.init)
        #expect(rows.count == 100)
        #expect(text.contains("requested relative precision 0.005"))
        let parts = name.split(separator: "_")
        for index in [0, 37, 99] {
            let fields = rows[index].split(separator: ",")
            let object = try Self.json(["xsec", "--process", String(parts[0]), "--boson", String(parts[1]), "--mass", String(fields[0]),
                                        "--precision", "0.005", "--seed", String(2022 + index), "--json"])
            let sigma = try #require(object["sigma_per_g2_fb"] as? Double)
            let recorded = try #require(Double(fields[1]))
            // The table holds the same number to 6 significant digits.
            #expect(Self.relative(sigma, recorded) <= 5e-6, "\(name) row \(index): \(sigma) vs \(recorded)")
        }
    }
}
