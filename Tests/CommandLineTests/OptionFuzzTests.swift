import Foundation
import Testing
import TestSupport

/// Issue 17, part 7: `b2recast fuzz --options` runs hostile values of every numeric option of
/// every subcommand. Here a seeded, bounded sample of its cases (the whole set, 1,300 runs, takes
/// minutes: run `b2recast fuzz --options`), and a check that the set covers every numeric option.
@Suite struct OptionFuzzTests {
    static let data = ["B2RECAST_DATA": RecastCommandTests.repository.path]

    /// 70 cases in a seeded order: each accepted, or refused with an exit code below 128, a
    /// message naming the option and nothing written (or still computing after 1.5 s, then
    /// stopped by SIGTERM without leaving anything).
    @Test func boundedOptionFuzzFindsNoProblem() throws {
        let result = try B2RecastBinary.run(["fuzz", "--options", "--inputs", "70", "--seed", "17", "--run-seconds", "1.5"], environment: Self.data)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("fuzz --options: 70 runs (seed 17") && result.standardOutput.contains(", 0 problems"),
                "\(result.standardOutput)")
    }

    /// Every option whose default value is a number (from ArgumentParser's description of the
    /// commands) is among the fuzzed ones; so are the numeric options without a default.
    @Test func everyNumericOptionIsFuzzed() throws {
        let listed = try B2RecastBinary.run(["fuzz", "--options", "--list"], environment: Self.data)
        #expect(listed.status == 0, "\(listed.standardError)")
        let fuzzed = Set(listed.standardOutput.split(separator: "\n").map(String.init))
        let dump = try B2RecastBinary.run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.standardOutput.utf8)) as? [String: Any])
        var numeric: [String] = []
        func walk(_ command: [String: Any], path: [String]) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String == "option" {
                let long = (argument["names"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "long" }?["name"] as? String
                if let long, let value = argument["defaultValue"] as? String, Double(value) != nil {
                    numeric.append((path + ["--" + long]).joined(separator: " "))
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                walk(sub, path: path + [sub["commandName"] as? String ?? "?"])
            }
        }
        walk(try #require(root["command"] as? [String: Any]), path: [])
        #expect(numeric.count > 20, "\(numeric)")
        let withoutDefault = ["limit --observed", "limit --background", "widths --mass", "widths --epsilon", "widths --g-prime",
                              "widths --xi", "xsec --mass", "xsec --coupling", "export pyhf --mass", "scan --threads", "scan --shard",
                              "plot --xlim", "plot --ylim", "project --luminosity"]
        let missing = (numeric + withoutDefault).filter { !fuzzed.contains($0) }
        #expect(missing.isEmpty, "numeric options that `fuzz --options` does not fuzz: \(missing)")
    }
}
