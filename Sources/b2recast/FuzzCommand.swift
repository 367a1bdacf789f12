import ArgumentParser
import Foundation
import HEPDataTables
import NumericalMethods
import RecastEngine

/// `b2recast fuzz`: a seeded mutation test of the input readers. Inputs are the YAML files of the
/// corpus folders (cards, HEPData records, tables), mutated byte-wise and structurally, and fed
/// to what reads them: search cards to the card loader, submission.yaml to the record reader,
/// data files to the table reader, everything to the YAML reader. Every input must either be
/// accepted or be refused with an `InputFileError` (file, field, what was expected), within one
/// second. A crash ends the run; the seed reproduces it.
///
/// With `--options`, the numeric options of every subcommand instead (`OptionFuzz`).
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz", abstract: "Seeded mutation test of the YAML, HEPData and card readers, or of every numeric option.",
        discussion: """
        Exit 0 when every input was accepted or refused with a clear error in time; 1 otherwise. \
        --options runs this binary on hostile values (nan, inf, 0, -1, 1e-320, 1e300, 2^63 - 1, empty, words) \
        of each numeric option of each subcommand, in a scratch folder: each must be accepted, or refused with \
        an exit code below 128, a message naming the option and no file written.
        """)

    @Option(help: "How many mutated inputs (with --options: cases, in a seeded order) to run.") var inputs = 10_000
    @Option(help: "Seed of the mutations.") var seed: UInt64 = 1
    @Option(help: "Folders whose .yaml files are the corpus.") var corpus: [String] = ["paper-data", "results", "Tests/Fixtures"]
    @Option(help: "Seconds one input may take per 128 KiB it reads (at least this long for any input).") var timeLimit = 1.0
    @Flag(help: "Fuzz the numeric options of every subcommand instead of the readers.") var options = false
    @Flag(help: "With --options: list the options fuzzed (subcommand and option, one a line) and stop.") var list = false
    @Option(help: "With --options: seconds one run may compute before it is stopped (SIGTERM) and counted as accepted.")
    var runSeconds = 3.0

    static let inputCount = InputRange(lower: 0, upper: 100_000_000, integer: true, reason: "inputs to run")
    static let seconds = InputRange(lower: 1e-3, upper: 3600, unit: "s")

    /// Bytes an input may read per `timeLimit` seconds: the budget grows with the size of the
    /// input (a card is read with its tables), so that only work growing faster than the input
    /// counts as slow.
    static let budgetBytes = 131_072.0

    enum Kind { case card, submission, table, other }

    struct Seed {
        var path: String
        var kind: Kind
        var bytes: [UInt8]
    }

    func run() throws {
        try Self.inputCount.check(inputs, option: "inputs")
        try Self.seconds.check(timeLimit, option: "time-limit")
        try Self.seconds.check(runSeconds, option: "run-seconds")
        if options { return try runOptions() }
        let seeds = try Self.corpus(corpus)
        guard !seeds.isEmpty else { throw ValidationError("no .yaml files in \(corpus)") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var random = Mutator(seed: seed)
        var accepted = 0, refused = 0
        var unclear: [String] = [], slow: [String] = []
        var slowest = 0.0
        var messages: Set<String> = []
        var cardFolders: [String: URL] = [:]
        let progress = ProgressLine(label: "fuzz")
        for index in 0..<inputs {
            let seedFile = seeds[random.below(seeds.count)]
            let bytes = random.mutate(seedFile.bytes, donor: seeds[random.below(seeds.count)].bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            let start = DispatchTime.now().uptimeNanoseconds
            var inputBytes = Double(bytes.count)
            do {
                _ = try YAMLReader.documents(text, file: seedFile.path)
                switch seedFile.kind {
                case .card:
                    let folder = try cardFolders[seedFile.path] ?? Self.copyCardFolder(of: seedFile.path, into: scratch)
                    cardFolders[seedFile.path] = folder
                    inputBytes += Self.folderBytes(folder)
                    try text.write(to: folder.appendingPathComponent("card.yaml"), atomically: false, encoding: .utf8)
                    _ = try SearchCard.load(folder: folder)
                case .submission:
                    let folder = URL(fileURLWithPath: seedFile.path).deletingLastPathComponent()
                    inputBytes += Self.folderBytes(folder)
                    _ = try HEPDataRecord.parse(submission: text, file: seedFile.path) { name in
                        try YAMLInput.read(path: folder.appendingPathComponent(name).path)
                    }
                case .table:
                    _ = try HEPDataTable.parse(YAMLReader.document(text, file: seedFile.path).anyValue, file: seedFile.path)
                case .other:
                    break
                }
                accepted += 1
            } catch let error as InputFileError {
                refused += 1
                if error.file.isEmpty || error.field.isEmpty || error.expected.isEmpty {
                    unclear.append("input \(index): an error without file, field or expectation: \(error)")
                }
                messages.insert(String(error.expected.prefix(40)))
            } catch {
                unclear.append("input \(index) (\(seedFile.path)): \(type(of: error)): \(error)")
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            slowest = max(slowest, seconds)
            let budget = timeLimit * max(1, inputBytes / Self.budgetBytes)
            if seconds > budget { slow.append("input \(index) (\(seedFile.path)) took \(seconds) s, more than its \(budget) s") }
            if index % 100 == 0 { progress.update(index, unit: "of \(inputs) inputs") }
        }
        progress.finish()
        var lines = [
            "fuzz: \(inputs) inputs (seed \(seed), \(seeds.count) corpus files): \(accepted) accepted, \(refused) refused with a clear error, "
                + "\(unclear.count) unclear errors, \(slow.count) slower than \(timeLimit) s per 128 KiB (slowest \(SignificantDigits.format(slowest * 1000, digits: 3)) ms), "
                + "\(messages.count) distinct refusals",
        ]
        lines += (unclear + slow).prefix(20).map { "  " + $0 }
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
        if !unclear.isEmpty || !slow.isEmpty { throw ExitCode(1) }
    }

    /// `--options`: the cases of `OptionFuzz`, one run of this binary each.
    func runOptions() throws {
        let data = URL(fileURLWithPath: DataLocation.input("paper-data")).standardizedFileURL.deletingLastPathComponent()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let executable = OptionFuzz.executable
        if list {
            let places = OptionFuzz.Places(data: data, imported: scratch, scan: scratch)
            let names = OptionFuzz.targets(places).map { ($0.command + [$0.option]).joined(separator: " ") }
            return writeStandardOutput(NSOrderedSet(array: names).array.compactMap { $0 as? String }.joined(separator: "\n") + "\n")
        }
        let places = try OptionFuzz.setUp(in: scratch, executable: executable, data: data)
        let cases = OptionFuzz.cases(places, count: inputs, seed: seed)
        var counts: [String: Int] = [:]
        var problems: [String] = []
        let progress = ProgressLine(label: "fuzz --options")
        for (index, fuzzCase) in cases.enumerated() {
            progress.update(index, unit: "of \(cases.count) runs")
            let outcome = OptionFuzz.run(fuzzCase, executable: executable, in: scratch.appendingPathComponent("run"), data: data, seconds: runSeconds)
            switch outcome {
            case .accepted: counts["accepted", default: 0] += 1
            case .refused: counts["refused", default: 0] += 1
            case .stoppedAtTimeLimit: counts["stopped", default: 0] += 1
            case .problem(let text):
                problems.append("b2recast \(fuzzCase.arguments.map { $0.isEmpty || $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")): \(text)")
            }
        }
        progress.finish()
        var lines = [
            "fuzz --options: \(cases.count) runs (seed \(seed), \(OptionFuzz.targets(places).count) option forms x \(OptionFuzz.values.count) values): "
                + "\(counts["accepted", default: 0]) accepted, \(counts["refused", default: 0]) refused naming the option, "
                + "\(counts["stopped", default: 0]) still computing after \(InputRange.text(runSeconds)) s (stopped cleanly), \(problems.count) problems",
        ]
        lines += problems.prefix(40).map { "  " + $0 }
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
        if !problems.isEmpty { throw ExitCode(1) }
    }

    static func corpus(_ folders: [String]) throws -> [Seed] {
        var seeds: [Seed] = []
        for folder in folders {
            let names = (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []).sorted()
            for name in names where name.hasSuffix(".yaml") {
                let path = folder + "/" + name
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                let file = URL(fileURLWithPath: path).lastPathComponent
                let text = String(decoding: data, as: UTF8.self)
                let kind: Kind = file == "card.yaml" ? .card : file == "submission.yaml" ? .submission
                    : text.contains("independent_variables") ? .table : .other
                seeds.append(Seed(path: path, kind: kind, bytes: Array(data)))
            }
        }
        return seeds
    }

    /// The bytes of the files in `folder` (a card's tables).
    static func folderBytes(_ folder: URL) -> Double {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.reduce(0) { total, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            return total + Double(attributes?[.size] as? Int ?? 0)
        }
    }

    /// A scratch copy of a card's folder (named like it, as the loader requires).
    static func copyCardFolder(of cardPath: String, into scratch: URL) throws -> URL {
        let source = URL(fileURLWithPath: cardPath).deletingLastPathComponent()
        let parent = scratch.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let copy = parent.appendingPathComponent(source.lastPathComponent)
        try FileManager.default.copyItem(at: source, to: copy)
        return copy
    }
}

/// Seeded mutations (SplitMix64): byte changes to YAML's structural characters, deletions,
/// duplications, insertions of YAML constructs, splices from another file, and deep nesting.
struct Mutator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(random.next() % UInt64(n)) }

    static let structural = Array("[]{}:,-#'\"&*!|>?%@` \n\t\\.0123456789eE+aZ~".utf8)
    static let snippets = ["\n  - ", ": ", "{", "[", "'", "\"", "\n---\n", "&a ", "*a", "!!str ", "\t", "\\u12", "- - - ", "|-\n", ">+2\n",
                           "value: '-'", "errors: [{symerror: 1%}]", "low: 1, high: ", "\u{FEFF}", "\r\n", "é", ".inf", "0x", "1e999"].map { Array($0.utf8) }

    mutating func mutate(_ input: [UInt8], donor: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) {
            let at = below(bytes.count + 1)
            switch below(7) {
            case 0 where !bytes.isEmpty:
                bytes[min(at, bytes.count - 1)] = Self.structural[below(Self.structural.count)]
            case 1 where !bytes.isEmpty:
                let end = min(bytes.count, at + 1 + below(32))
                bytes.removeSubrange(min(at, bytes.count - 1)..<end)
            case 2 where !bytes.isEmpty:
                let start = min(at, bytes.count - 1), end = min(bytes.count, start + 1 + below(64))
                bytes.insert(contentsOf: bytes[start..<end], at: below(bytes.count + 1))
            case 3:
                bytes.insert(contentsOf: Self.snippets[below(Self.snippets.count)], at: at)
            case 4 where !donor.isEmpty:
                let start = below(donor.count), end = min(donor.count, start + 1 + below(128))
                bytes.insert(contentsOf: donor[start..<end], at: at)
            case 5:
                let depth = [10, 70, 1000, 20_000][below(4)]
                let opener: [UInt8] = [Array("[".utf8), Array("{a: ".utf8), Array("- ".utf8)][below(3)]
                bytes.insert(contentsOf: Array([[UInt8]](repeating: opener, count: depth).joined()), at: at)
            default:
                bytes.insert(Self.structural[below(Self.structural.count)], at: at)
            }
        }
        return bytes
    }
}
