import ArgumentParser
import Foundation
import DarkSectorPhysics
import EventGeneration
import HEPDataTables
import RecastEngine
import RecastFigures
import LimitStatistics
import NumericalMethods

/// `b2recast bench`: speed figures, to be run on a release build
/// (`swift run -c release b2recast bench limits`).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (run on a release build).",
        subcommands: [LimitsBenchmark.self, CrossSectionBenchmark.self, RecastBenchmark.self, FiguresBenchmark.self, ScanBenchmark.self,
                      EfficiencyBenchmark.self])
}

/// Limits per second for each method on one single-bin model with one nuisance parameter, a
/// 10,000-window scan with expected bands, and pyhf 0.7 on the same model.
struct LimitsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limits",
        abstract: "Limits per second per method, a 10,000-window scan, and pyhf for comparison.",
        discussion: """
        The model: n = 110 observed, b = 100 expected, a 10 % background normalisation \
        uncertainty (symmetric, so the kit's and pyhf's interpolations coincide), signal yield 1, \
        90 % CL, with the expected band. pyhf runs Tests/pyhf/upper_limit.py (toms748_scan, the \
        root finder of pyhf's upper_limit, relative tolerance 1e-4); the kit is timed at the same \
        tolerance and at its default 1e-6.
        """)

    @Option(help: "Minimum wall time per measurement, seconds.")
    var seconds: Double = 1
    @Option(help: "Windows in the scan.")
    var windows: Int = 10_000
    @Option(help: "Python with pyhf 0.7 (default: $B2RECAST_PYTHON or python3).")
    var python: String?
    @Option(help: "The pyhf upper-limit script.")
    var pyhfScript: String = "Tests/pyhf/upper_limit.py"
    @Option(help: "pyhf limits to time (after one warm-up).")
    var pyhfRepeats: Int = 5
    @Flag(help: "Skip pyhf.")
    var noPyhf = false

    /// The two-bin model of the README's `limit --model model.yaml --method bayes` example.
    static let readmeTwoBinModel = """
        format: b2recast-counting-model/1
        bins:
          - {observed: 2, signal: 1.0, background: 0.5}
          - {observed: 4, signal: 2.0, background: 1.5}
        systematics:
          - {name: efficiency, target: signal, relative: 0.05}
          - {name: background, target: background, relative: [0.2, 0.3], correlated: false, constraint: lognormal}
        """

    /// The benchmark model (pyhf's default code4p histosys; symmetric, so it is plain linear).
    static func model(observed: Double = 110, background: Double = 100) throws -> CountingModel {
        try CountingModel(observed: [observed], samples: [
            Sample(name: "signal", yields: [1], isSignal: true),
            Sample(name: "background", yields: [background], isSignal: false,
                   modifiers: [Modifier(parameter: 0, response: .polynomialLinear(up: 1.1, down: 0.9))]),
        ], parameters: [
            NuisanceParameter(name: "background_normalisation", initial: 0, lowerBound: -5, upperBound: 5,
                              constraint: .normal(auxiliary: 0, width: 1)),
        ])
    }

    /// Runs `body` until `seconds` have passed (at least once); returns seconds per call.
    func time(_ body: () throws -> Void) rethrows -> (perCall: Double, calls: Int) {
        let clock = ContinuousClock()
        var calls = 0
        let start = clock.now
        var elapsed = 0.0
        repeat {
            try body()
            calls += 1
            elapsed = (clock.now - start).inSeconds
        } while elapsed < seconds
        return (elapsed / Double(calls), calls)
    }

    func run() throws {
        try InputRange(lower: 1e-3, upper: 3600, unit: "s").check(seconds, option: "seconds")
        try InputRange(lower: 1, upper: 1_000_000, integer: true).check(windows, option: "windows")
        try InputRange(lower: 0, upper: 10_000, integer: true).check(pyhfRepeats, option: "pyhf-repeats")
        let model = try Self.model()
        var report: [String] = ["b2recast bench limits: n = 110, b = 100 +- 10 %, 90 % CL, observed + expected band, one core"]
        func line(_ name: String, _ perCall: Double, _ calls: Int, _ result: UpperLimit) {
            let rate = SignificantDigits.format(1 / perCall, digits: 4)
            let padded = name.padding(toLength: 44, withPad: " ", startingAt: 0)
            report.append("  \(padded) \(rate) limits/s  (\(calls) calls; mu < \(SignificantDigits.format(result.observed, digits: 5)), median \(SignificantDigits.format(result.expected?.median ?? .nan, digits: 5)))")
        }
        var loose = LimitOptions(confidenceLevel: 0.9)
        loose.relativeTolerance = 1e-4
        let strict = LimitOptions(confidenceLevel: 0.9)
        var last = try LimitCalculator.upperLimit(model, method: .clsAsymptotic, options: loose)
        let asymptotic = try time { last = try LimitCalculator.upperLimit(model, method: .clsAsymptotic, options: loose) }
        line("cls-asymptotic (rtol 1e-4)", asymptotic.perCall, asymptotic.calls, last)
        let asymptoticStrict = try time { last = try LimitCalculator.upperLimit(model, method: .clsAsymptotic, options: strict) }
        line("cls-asymptotic (rtol 1e-6)", asymptoticStrict.perCall, asymptoticStrict.calls, last)
        let hybrid = try time { last = try LimitCalculator.upperLimit(model, method: .cls, options: strict) }
        line("cls, hybrid (exact sums)", hybrid.perCall, hybrid.calls, last)
        let bayes = try time { last = try LimitCalculator.upperLimit(model, method: .bayes, options: strict) }
        line("bayes", bayes.perCall, bayes.calls, last)
        let toys = try time { last = try LimitCalculator.upperLimit(model, method: .clsToys, options: strict) }
        line("cls-toys (\(strict.toys) toys per hypothesis)", toys.perCall, toys.calls, last)
        // The README's two-bin example with systematics and the expected band (issue 17: more
        // than 5 minutes before the closed-form multi-bin posterior; target < 1 s).
        let twoBins = try CountingModelFile.parse(Self.readmeTwoBinModel, file: "README two-bin example")
        let twoBinBayes = try time { last = try LimitCalculator.upperLimit(twoBins, method: .bayes, options: strict) }
        line("bayes, README two-bin model", twoBinBayes.perCall, twoBinBayes.calls, last)

        // The scan: windows with backgrounds from 0.5 to 5000 events (log-spaced), 10 % uncertainty,
        // observed counts drawn once from Poisson(b), asymptotic CLs with bands.
        var generator = SplitMix64(seed: 20_221_206)
        let scanModels = try (0..<windows).map { i -> CountingModel in
            let b = 0.5 * Foundation.pow(1e4, Double(i) / Double(Swift.max(1, windows - 1)))
            return try Self.model(observed: Double(Inversion.poisson(mean: b, uniform: generator.nextUniform())), background: b)
        }
        let clock = ContinuousClock()
        let scanStart = clock.now
        var finite = 0
        let progress = ProgressLine(label: "scan")
        for (index, window) in scanModels.enumerated() {
            let limit = try LimitCalculator.upperLimit(window, method: .clsAsymptotic, options: loose)
            if limit.observed.isFinite && limit.expected!.plus2.isFinite { finite += 1 }
            if index % 500 == 0 { progress.update(index, unit: "windows") }
        }
        progress.finish()
        let scanDuration = clock.now - scanStart
        let scanSeconds = scanDuration.inSeconds
        report.append("  scan: \(windows) windows, cls-asymptotic with bands (rtol 1e-4): \(SignificantDigits.format(scanSeconds, digits: 3)) s (\(finite) finite); target < 1 s")

        if noPyhf {
            report.append("  pyhf: skipped (--no-pyhf)")
        } else if let pyhf = try pyhfTiming(model) {
            let ratio = pyhf.seconds / asymptotic.perCall
            report.append("  pyhf 0.7 toms748_scan (rtol 1e-4): \(SignificantDigits.format(pyhf.seconds, digits: 3)) s per limit (mu < \(SignificantDigits.format(pyhf.observed, digits: 5))); kit cls-asymptotic is \(SignificantDigits.format(ratio, digits: 3)) x faster (target >= 1e4)")
        }
        writeStandardOutput(report.joined(separator: "\n") + "\n")
    }

    /// pyhf's mean seconds per limit and its observed limit on the same model, or nil (with a
    /// note on standard error) when pyhf cannot be run.
    func pyhfTiming(_ model: CountingModel) throws -> (seconds: Double, observed: Double)? {
        let python = self.python ?? ProcessInfo.processInfo.environment["B2RECAST_PYTHON"] ?? "python3"
        guard FileManager.default.fileExists(atPath: pyhfScript) else {
            FileHandle.standardError.write(Data("bench: \(pyhfScript) not found (run from the repository root or pass --pyhf-script); pyhf skipped\n".utf8))
            return nil
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let workspace = directory.appendingPathComponent("workspace.json")
        try PyhfWorkspace.json(model, signalStrengthUpperBound: 200).write(to: workspace, atomically: true, encoding: .utf8)
        let codes = try PyhfWorkspace.interpolationCodes(model)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, pyhfScript, workspace.path, "0.1", String(pyhfRepeats), codes.normsys, codes.histosys]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        struct PyhfTiming: Decodable { var seconds_per_limit: Double; var observed: Double }
        guard process.terminationStatus == 0, let timing = try? JSONDecoder().decode(PyhfTiming.self, from: data) else {
            FileHandle.standardError.write(Data("bench: \(python) could not run pyhf (exit \(process.terminationStatus)); pyhf skipped\n".utf8))
            return nil
        }
        return (timing.seconds_per_limit, timing.observed)
    }
}

/// Time to integrate the standard 100-mass grid of sigma(e+e- -> mu+ mu- X) for each boson type at
/// a given precision, on one core.
struct CrossSectionBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xsec",
        abstract: "Seconds for a 100-point mass grid of sigma(e+e- -> l+ l- X) per boson type (one core).")

    @Option(help: "Requested relative precision per point.")
    var precision: Double = 0.005
    @Option(help: "mumuX or tautauX.")
    var process: CrossSectionCommand.Process = .mumuX

    func run() throws {
        guard process != .darkHiggsstrahlung else { throw ValidationError("--process must be mumuX or tautauX") }
        try InputRange.precision.check(precision, option: "precision")
        let lepton: Lepton = process == .mumuX ? .muon : .tau
        let masses = CrossSectionTable.standardMasses(lepton: lepton)
        var lines = ["\(process.rawValue), \(masses.count) masses from \(masses.first!) to \(SignificantDigits.format(masses.last!, digits: 4)) GeV, precision \(precision), one core:"]
        for boson in RadiatedBoson.allCases {
            let progress = ProgressLine(label: boson.rawValue)
            let clock = ContinuousClock()
            let start = clock.now
            let table = CrossSectionTable.compute(lepton: lepton, boson: boson, masses: masses,
                                                  settings: MonteCarloSettings(relativePrecision: precision)) {
                progress.update($0, unit: "masses")
            }
            let elapsed = clock.now - start
            progress.finish()
            let seconds = elapsed.inSeconds
            let worst = table.rows.map { $0.error / $0.crossSection }.max() ?? .nan
            let calls = table.rows.reduce(0) { $0 + $1.calls }
            lines.append("  \(boson.rawValue): \(SignificantDigits.format(seconds, digits: 3)) s, \(calls) points, largest relative error \(SignificantDigits.format(worst, digits: 3))")
        }
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }
}

/// Time for `reproduce` (in memory, all searches) and for the recast of each example model card
/// over all searches, run from the repository root.
struct RecastBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recast", abstract: "Seconds for reproduce and for one user model recast over all searches.")

    @Option(name: .customLong("paper-data")) var paperData = DataLocation.input("paper-data")
    @Option(name: .customLong("cross-sections")) var crossSections = DataLocation.input("results/cross-sections")
    @Option(help: "Folder of model cards.") var models = DataLocation.input("examples/models")

    func run() throws {
        let clock = ContinuousClock()
        let cards = try SearchCard.loadAll(paperData: URL(fileURLWithPath: paperData))
        let inputs = try ReproduceCommand.inputFiles(URL(fileURLWithPath: paperData))
        var start = clock.now
        let tables = try CrossSectionTables.load(folder: URL(fileURLWithPath: crossSections))
        var lines = ["loading the cross-section tables: \((clock.now - start).secondsText) s"]
        start = clock.now
        let files = try Reproduction.run(cards: cards, inputs: inputs, crossSections: MonteCarloCrossSections().lookup, tabulatedCrossSections: tables.lookup,
                                         muonAnomaly: MuonAnomaly.load(paperData: URL(fileURLWithPath: paperData)))
        lines.append("reproduce (in memory, \(cards.count) searches, \(files.count) files, cross sections by fresh Monte Carlo and the tables): \((clock.now - start).secondsText) s")
        for name in try FileManager.default.contentsOfDirectory(atPath: models).sorted() where name.hasSuffix(".yaml") {
            start = clock.now
            let card = try ModelCard.load(path: models + "/" + name)
            var limits = 0
            for search in cards {
                if let result = try SearchRecast.recast(search, onto: card.model, masses: card.masses, crossSection: tables.lookup) {
                    limits += result.points.count
                }
            }
            lines.append("recast \(name) (\(card.masses.count) masses) over all searches: \((clock.now - start).secondsText) s, \(limits) points")
        }
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }
}

/// Time to build and render every figure of `reproduce` (PDF + PNG) from results already in memory.
struct FiguresBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures", abstract: "Seconds to build and render all figures of reproduce (PDF and PNG).")

    @Option(name: .customLong("paper-data")) var paperData = DataLocation.input("paper-data")
    @Option(name: .customLong("cross-sections")) var crossSections = DataLocation.input("results/cross-sections")
    @Option(help: "Resolution of the PNG figures.") var dpi = 200.0

    func run() throws {
        try InputRange.dpi.check(dpi, option: "dpi")
        let clock = ContinuousClock()
        let cards = try SearchCard.loadAll(paperData: URL(fileURLWithPath: paperData))
        let tables = try CrossSectionTables.load(folder: URL(fileURLWithPath: crossSections))
        let files = try Reproduction.run(cards: cards, inputs: [], crossSections: MonteCarloCrossSections().lookup, tabulatedCrossSections: tables.lookup,
                                         muonAnomaly: MuonAnomaly.load(paperData: URL(fileURLWithPath: paperData)))
        var start = clock.now
        let figures = try ReproductionFigures.make(cards: cards, results: files)
        var lines = ["building \(figures.count) figures from the results: \((clock.now - start).secondsText) s"]
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-bench-figures-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        start = clock.now
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let names = try FigureFiles.render(figures, dpi: dpi) { scratch.appendingPathComponent($0).path }
        lines.append("rendering \(names.count) files (PDF + PNG at \(Int(dpi)) dpi): \((clock.now - start).secondsText) s")
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }
}

/// Time of the derived efficiency maps that reproduce writes, on all cores, and where a single
/// radiated point spends it (integration that adapts the grid, then the unweighted events).
struct EfficiencyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "efficiencies", abstract: "Seconds and events per second of the derived efficiency maps.")

    @Option(name: .customLong("paper-data")) var paperData = DataLocation.input("paper-data")
    @Option(help: "Unweighted events per point.") var events = DerivedEfficiencies.standardEvents

    func run() throws {
        try InputRange(lower: 1, upper: 10_000_000, integer: true).check(events, option: "events")
        let clock = ContinuousClock()
        let cards = try SearchCard.loadAll(paperData: URL(fileURLWithPath: paperData))
        var lines: [String] = []
        for card in cards {
            var points = 0
            let elapsed = try clock.measure {
                if let map = try DerivedEfficiencies.darkHiggsMap(card, events: events) {
                    points = map.points.count
                } else if let map = try DerivedEfficiencies.radiatedMap(card, events: events) {
                    points = map.masses.count * map.estimates.count
                }
            }
            guard points > 0 else { continue }
            lines.append("\(card.id): \(points) points x \(events) events in \(elapsed.secondsText) s on all cores, "
                + "\(SignificantDigits.format(Double(points * events) / elapsed.inSeconds, digits: 3)) selected-or-not events/s")
        }
        let integration = clock.measure {
            _ = RadiativeCrossSection(lepton: .muon, boson: .vector, bosonMass: 3, sqrtS: BelleIIBeams.upsilon4S.centreOfMassEnergy,
                                      settings: MonteCarloSettings(relativePrecision: 0.02, seed: 1))
        }
        // A selection that applies no cut: the cost of generating and boosting the events alone.
        let everything = FourTrackSelection(maximumFourTrackMass: .infinity, unpublishedFactors: [])
        let whole = clock.measure {
            _ = SignalEfficiency.radiated(boson: .vector, decay: .invisible, mass: 3, selection: everything, events: events, seed: 1)
        }
        lines.append("one radiated point (vector, 3 GeV, one core): \(whole.secondsText) s, of which the integration \(integration.secondsText) s")
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }
}

extension Duration {
    /// The duration in seconds.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
    /// Seconds to 3 significant digits, for reports.
    var secondsText: String { SignificantDigits.format(inSeconds, digits: 3) }
}
