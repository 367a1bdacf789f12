import ArgumentParser
import EventGeneration
import Foundation
import HEPDataTables
import RecastEngine

/// `b2recast scan SPEC [--shard i/n]` and `b2recast merge SHARD...`.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "Scan the L_mu - L_tau dark-matter parameter space (masses x g_chi/g' x m_chi/M_Z').",
        discussion: """
        SPEC is a file of format b2recast-scan/1 (see the README). The points run on --threads \
        threads (default: all cores) with a progress line on a terminal. --shard i/n computes the \
        i-th of n contiguous blocks of points, so that a batch system can spread a scan over \
        many machines (an HTCondor or Slurm job array, one shard per job); `b2recast merge` \
        joins the shards into exactly the file the whole scan writes.
        """)

    @Argument(help: "The scan specification.") var specification: String
    @Option(help: "Compute only shard i of n (e.g. 3/10).") var shard: String?
    @Option(help: "The result file (CSV); standard output if absent.") var output: String?
    @Option(help: "Threads (default: the number of cores).") var threads: Int?
    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = DataLocation.input("paper-data")
    @Option(name: .customLong("cross-sections"), help: "The cross-section tables.") var crossSections = DataLocation.input("results/cross-sections")

    static func parseShard(_ text: String) throws -> (Int, Int) {
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, i >= 1, i <= n else {
            throw ValidationError("--shard must be i/n with 1 <= i <= n, got '\(text)'")
        }
        return (i, n)
    }

    func run() throws {
        let shardParts = try shard.map(Self.parseShard)
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threadCount >= 1 else { throw ValidationError("--threads must be at least 1") }
        let staged = try output.map { try StagedOutput(file: $0, option: "output") }
        let (spec, card, lookup) = try Self.inputs(specification, paperData: paperData, crossSections: crossSections)
        let digests = try Self.inputDigests(spec, paperData: paperData, crossSections: crossSections)
        let range = shardParts.map { ParameterScan.shardRange($0.0, of: $0.1, total: spec.pointCount) } ?? 0 ..< spec.pointCount
        let progress = ProgressLine(label: "scan")
        let total = range.count
        let rows = try ParameterScan.run(spec, indices: range, card: card, crossSection: lookup, threads: threadCount) { done in
            if done % 256 == 0 || done == total { progress.update(done, unit: "of \(total) points") }
        }
        progress.finish()
        let text = ParameterScan.text(spec, rows: rows, shard: shardParts, inputs: digests)
        guard let staged else { return writeStandardOutput(text) }
        try staged.write(text)
        try staged.commit()
    }

    /// The SHA-256 of every file a scan's points depend on besides the scan file: the search
    /// card's folder and the cross-section tables, named relative to their folders (so that
    /// shards from machines with other paths still merge).
    static func inputDigests(_ spec: ScanSpecification, paperData: String, crossSections: String) throws -> [(name: String, sha256: String)] {
        let card = try ReproduceCommand.inputFiles(URL(fileURLWithPath: paperData).appendingPathComponent(spec.search),
                                                   prefix: "paper-data/\(spec.search)/")
        var digests = card.map { (name: $0.path, sha256: SHA256.hex($0.bytes)) }
        for (process, _) in CrossSectionTables.processes {
            for boson in RadiatedBoson.allCases {
                let name = "\(process)_\(boson.rawValue).csv"
                let path = URL(fileURLWithPath: crossSections).appendingPathComponent(name).path
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("--cross-sections \(crossSections): cannot read \(name)")
                }
                digests.append((name: "cross-sections/\(name)", sha256: SHA256.hex(Array(data))))
            }
        }
        return digests
    }

    static func inputs(_ specification: String, paperData: String, crossSections: String)
        throws -> (ScanSpecification, SearchCard, CrossSectionLookup) {
        do {
            let spec = try ScanSpecification.load(path: specification)
            let card = try SearchCard.load(folder: URL(fileURLWithPath: paperData).appendingPathComponent(spec.search))
            guard SearchRecast.referenceLimit(card) != nil else {
                throw ValidationError("\(spec.search) has no coupling-limit table to scan from; \(specification) must name a search that has one")
            }
            let lookup = try CrossSectionTables.load(folder: URL(fileURLWithPath: crossSections)).lookup
            return (spec, card, lookup)
        } catch let error as InputFileError {
            throw ValidationError(error.description)
        }
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Join the shards of a scan into the whole scan's result.",
        discussion: "Every shard of one scan must be given once; the output is byte for byte what the unsharded scan writes.")

    @Argument(help: "The shard files, in any order.") var shards: [String]
    @Option(help: "The merged file; standard output if absent.") var output: String?

    func run() throws {
        let staged = try output.map { try StagedOutput(file: $0, option: "output") }
        let merged: String
        do {
            merged = try ParameterScan.merge(shards.map { (name: $0, text: try YAMLInput.read(path: $0, expected: "a readable shard file")) })
        } catch let error as InputFileError {
            throw ValidationError(error.description)
        }
        guard let staged else { return writeStandardOutput(merged) }
        try staged.write(merged)
        try staged.commit()
    }
}

/// Scan throughput: points per second on one thread and on all cores.
struct ScanBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "Scan throughput (points per second), one thread and all cores.")

    @Argument(help: "The scan specification.") var specification = "examples/scans/lmu-ltau-dirac-plane.yaml"
    @Option(name: .customLong("paper-data")) var paperData = DataLocation.input("paper-data")
    @Option(name: .customLong("cross-sections")) var crossSections = DataLocation.input("results/cross-sections")

    func run() throws {
        let (spec, card, lookup) = try ScanCommand.inputs(specification, paperData: paperData, crossSections: crossSections)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var lines = ["scan \(spec.name): \(spec.pointCount) points"]
        var outputs: [String] = []
        for threads in Array(Set([1, cores])).sorted() {
            let clock = ContinuousClock()
            var rows: [ParameterScan.Row] = []
            let elapsed = try clock.measure {
                rows = try ParameterScan.run(spec, indices: 0 ..< spec.pointCount, card: card, crossSection: lookup, threads: threads)
            }
            outputs.append(ParameterScan.text(spec, rows: rows))
            let seconds = elapsed.inSeconds
            lines.append("  \(threads) thread\(threads == 1 ? "" : "s"): \(elapsed.secondsText) s, \(SignificantDigits.format(Double(spec.pointCount) / seconds, digits: 3)) points/s")
        }
        lines.append(outputs.allSatisfy { $0 == outputs[0] } ? "  the results on 1 and \(cores) threads are identical" : "  THE RESULTS DIFFER between thread counts")
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }
}
