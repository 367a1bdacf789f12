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
        // The header (with the SHA-256 of the card's files and the 12 cross-section tables: mumuX, tautauX and
        // mumuX_beams for the vector, scalar, pseudoscalar and axial vector), the columns, one row per point.
        let lines = whole.standardOutput.split(separator: "\n")
        let header = lines.prefix { $0.hasPrefix("#") }
        #expect(lines.count == header.count + 1 + 12)
        #expect(header.contains("# points: 12"))
        #expect(header.contains { $0.hasPrefix("# input_sha256: ") && $0.hasSuffix(" paper-data/BelleII_Zp_invisible_2018/card.yaml") })
        #expect(header.filter { $0.hasPrefix("# input_sha256: ") && $0.contains(" cross-sections/") }.count == 12)
        // Every point has a limit, between the pure L_mu - L_tau value's order of magnitude bounds.
        let limits = lines.dropFirst(header.count + 1).map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[4]) }
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

    /// A shard computed from modified paper-data (one byte more in the card) is refused by merge,
    /// naming the file whose hash differs (issue 17: the header used to hash only the scan file).
    @Test func mergeRefusesShardsOfDifferentInputs() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = try Self.specification(in: folder)
        let modified = folder.appendingPathComponent("paper-data")
        try FileManager.default.createDirectory(at: modified, withIntermediateDirectories: true)
        let search = "BelleII_Zp_invisible_2018"
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("paper-data/\(search)"), to: modified.appendingPathComponent(search))
        let card = modified.appendingPathComponent("\(search)/card.yaml")
        try (String(contentsOf: card, encoding: .utf8) + "# modified\n").write(to: card, atomically: true, encoding: .utf8)
        let first = folder.appendingPathComponent("1.csv").path, second = folder.appendingPathComponent("2.csv").path
        #expect(try Self.scan([spec, "--shard", "1/2", "--output", first]).status == 0)
        let other = try B2RecastBinary.run(["scan", spec, "--shard", "2/2", "--output", second, "--paper-data", modified.path,
                                            "--cross-sections", Self.repository.appendingPathComponent("results/cross-sections").path])
        #expect(other.status == 0, "\(other.standardError)")
        let merged = try B2RecastBinary.run(["merge", first, second])
        #expect(merged.status != 0 && merged.standardOutput.isEmpty)
        #expect(merged.standardError.contains("computed from different inputs") && merged.standardError.contains("paper-data/\(search)/card.yaml"),
                "\(merged.standardError)")
    }

    /// A name with a newline, a comma and a quote stays on its header line (escaped), and the
    /// file still merges.
    @Test func scanNameWithNewlineKeepsTheHeader() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = try Self.specification(in: folder)
        try String(contentsOfFile: spec, encoding: .utf8).replacingOccurrences(of: "name: \"test scan\"", with: #"name: "line one\nline, \"two\"""#)
            .write(toFile: spec, atomically: true, encoding: .utf8)
        let result = try Self.scan([spec])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines[0].hasSuffix(#"scan: line one\nline, "two""#), "\(lines[0])")
        let header = lines.prefix { $0.hasPrefix("#") }
        #expect(lines[header.count] == "index,M_Z' [GeV],g_chi/g',m_chi/M_Z',g' upper limit,note")
        #expect(lines.count == header.count + 1 + 12)
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
