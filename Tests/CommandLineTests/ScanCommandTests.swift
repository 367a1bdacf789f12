import Foundation
import Testing

/// `b2recast scan` and `b2recast merge` (issue 7): shards merge into the unsharded result byte
/// for byte, whatever the thread counts; bad shard sets are refused.
@Suite struct ScanCommandTests {
    static let repository = RecastCommandTests.repository

    /// A small scan (3 masses x 2 ratios x 2 fractions = 12 points) in a scratch folder.
    static func specification(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("scan.yaml").path
        try """
        format: b2recast-scan/1
        name: "test scan"
        search: BelleII_Zp_invisible_2018
        dark_matter: dirac
        masses_GeV: [1.5, 3.0, 5.5]
        g_chi_over_g_prime: [0.3, 3]
        m_chi_over_mass: [0.1, 0.45]

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func scan(_ arguments: [String]) throws -> B2RecastBinary.Output {
        try B2RecastBinary.run(["scan"] + arguments + ["--paper-data", repository.appendingPathComponent("paper-data").path,
                                                      "--cross-sections", repository.appendingPathComponent("results/cross-sections").path])
    }

    @Test func mergedShardsEqualTheWholeScan() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = try Self.specification(in: folder)
        let whole = try Self.scan([spec, "--threads", "2"])
        #expect(whole.status == 0, "\(whole.standardError)")
        // 7 header lines and one row per point.
        let lines = whole.standardOutput.split(separator: "\n")
        #expect(lines.count == 7 + 12)
        #expect(lines[5] == "# points: 12")
        // Every point has a limit, between the pure L_mu - L_tau value's order of magnitude bounds.
        let limits = lines.dropFirst(7).map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[4]) }
        #expect(limits.allSatisfy { $0 != nil && $0! > 1e-3 && $0! < 2 }, "\(limits)")

        // 5 shards for 12 points (sizes 2 or 3), on one thread each, merged in shuffled order.
        var files: [String] = []
        for shard in [4, 1, 5, 3, 2] {
            let file = folder.appendingPathComponent("shard\(shard).csv").path
            let result = try Self.scan([spec, "--shard", "\(shard)/5", "--threads", "1", "--output", file])
            #expect(result.status == 0, "\(result.standardError)")
            files.append(file)
        }
        let merged = try B2RecastBinary.run(["merge"] + files)
        #expect(merged.status == 0, "\(merged.standardError)")
        #expect(merged.standardOutput == whole.standardOutput)

        // Refused: a shard missing, a shard twice, a shard of another scan, a row removed.
        let missing = try B2RecastBinary.run(["merge"] + files.dropLast())
        #expect(missing.status != 0 && missing.standardError.contains("missing [2]"), "\(missing.standardError)")
        let twice = try B2RecastBinary.run(["merge"] + files + [files[0]])
        #expect(twice.status != 0 && twice.standardError.contains("twice [4]"))
        let otherSpec = folder.appendingPathComponent("other.yaml").path
        try String(contentsOfFile: spec, encoding: .utf8).replacingOccurrences(of: "[0.3, 3]", with: "[0.3, 4]")
            .write(toFile: otherSpec, atomically: true, encoding: .utf8)
        let other = folder.appendingPathComponent("other2.csv").path
        #expect(try Self.scan([otherSpec, "--shard", "2/5", "--output", other]).status == 0)
        let mixed = try B2RecastBinary.run(["merge"] + files.filter { !$0.hasSuffix("shard2.csv") } + [other])
        #expect(mixed.status != 0 && mixed.standardError.contains("a shard of the same scan"))
        let cut = folder.appendingPathComponent("cut.csv").path
        let shard1 = try String(contentsOfFile: files[1], encoding: .utf8)
        try (shard1.split(separator: "\n").dropLast().joined(separator: "\n") + "\n").write(toFile: cut, atomically: true, encoding: .utf8)
        let truncated = try B2RecastBinary.run(["merge"] + files.filter { !$0.hasSuffix("shard1.csv") } + [cut])
        #expect(truncated.status != 0 && truncated.standardError.contains("the points 0..<2 of shard 1/5"), "\(truncated.standardError)")
    }

    @Test func badShardAndSpecificationAreUsageErrors() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = try Self.specification(in: folder)
        let shard = try Self.scan([spec, "--shard", "6/5"])
        #expect(shard.status != 0 && shard.standardError.contains("--shard must be i/n with 1 <= i <= n"))
        let broken = folder.appendingPathComponent("broken.yaml").path
        try String(contentsOfFile: spec, encoding: .utf8).replacingOccurrences(of: "[0.1, 0.45]", with: "[0.1, 0.6]")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let result = try Self.scan([broken])
        #expect(result.status != 0 && result.standardError.contains("m_chi_over_mass[1]") && result.standardOutput.isEmpty,
                "\(result.standardError)")
    }
}
