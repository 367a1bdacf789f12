import ArgumentParser
import Foundation
import HEPDataTables
import LimitStatistics
import RecastEngine

extension LimitMethod: ExpressibleByArgument {}
extension ConstraintShape: ExpressibleByArgument {}

/// `b2recast limit`: one upper limit from the command line or from a model file.
struct LimitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limit",
        abstract: "Compute one upper limit on a signal strength for a counting experiment.",
        discussion: """
        One bin from the options, or several bins from --model FILE (YAML or JSON, format \
        b2recast-counting-model/1). The limit is on mu, the signal strength in units of the \
        signal yield (--signal, 1 by default, so that the limit is in signal events). With \
        --search ID --mass M: the likelihood of that search's window (the one `recast` and \
        `export pyhf` use, docs/statistics.md 6.7), mu being sigma x BF in fb, at the card's \
        level unless --cl is given.

        Methods: cls (hybrid CLs, Cousins-Highland; exact in one bin), cls-asymptotic (CLs with \
        q~_mu, asymptotic formulae, as pyhf), cls-toys (the same with pseudo-experiments), bayes \
        (flat prior, marginalised nuisances), fc (Feldman-Cousins, one bin, known background).
        """
    )

    // Numbers are parsed unconditionally, so that "--observed -1" reaches the range check
    // instead of being read as a flag.
    @Option(parsing: .unconditional, help: "Observed events (one bin).")
    var observed: Double?
    @Option(parsing: .unconditional, help: "Expected signal events at mu = 1.")
    var signal: Double = 1
    @Option(parsing: .unconditional, help: "Expected background events.")
    var background: Double?
    @Option(parsing: .unconditional, help: "Absolute uncertainty on the background (events).")
    var backgroundUncertainty: Double = 0
    @Option(parsing: .unconditional, help: "Relative uncertainty on the signal yield (efficiency x luminosity), e.g. 0.05.")
    var signalUncertainty: Double = 0
    @Option(help: "Prior / constraint of the uncertainties: gaussian (truncated) or lognormal.")
    var constraint: ConstraintShape = .gaussian
    @Option(help: "A multi-bin model file (YAML or JSON) instead of the one-bin options.")
    var model: String?
    @Option(help: "A search id (a folder of --paper-data) whose card has window tables; with --mass.")
    var search: String?
    @Option(parsing: .unconditional, help: "With --search: the signal mass in GeV (the window within half a spacing).")
    var mass: Double?
    @Option(name: .customLong("paper-data"), help: "With --search: the search cards.")
    var paperData = DataLocation.input("paper-data")
    @Option(help: "Method: cls, cls-asymptotic, cls-toys, bayes or fc.")
    var method: LimitMethod = .cls
    @Option(parsing: .unconditional, help: "Confidence (or credibility) level (default 0.9; with --search, the card's).")
    var cl: Double?
    @Option(parsing: .unconditional, help: "Pseudo-experiments for cls-toys (and expected bands of several bins), 10 to 100000.")
    var toys: Int = LimitOptions().toys
    @Option(help: "Seed of the pseudo-experiments.")
    var seed: UInt64 = LimitOptions().seed
    @Flag(help: "Skip the expected band.")
    var noExpected = false
    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        try InputRange.level.check(cl, option: "cl")
        try InputRange.toys.check(toys, option: "toys")
        if let search {
            guard model == nil, observed == nil, background == nil else {
                throw ValidationError("--search: give either a search or --model FILE or --observed/--background, not two of them")
            }
            guard mass != nil else { throw ValidationError("--search \(search): give --mass, the signal mass in GeV of a window") }
            try InputRange.bosonMass.check(mass, option: "mass")
            return
        }
        guard mass == nil else { throw ValidationError("--mass: only with --search") }
        if model != nil {
            guard observed == nil, background == nil else {
                throw ValidationError("--model: give either a model file or --observed/--background, not both")
            }
            return
        }
        guard let observed else { throw ValidationError("--observed: expected the observed count (or --model FILE)") }
        guard let background else { throw ValidationError("--background: expected the expected background (or --model FILE)") }
        // Whole counts for the methods that sum Poisson terms over n; the likelihood methods and
        // the Bayesian posterior are defined for any n >= 0.
        var counts = InputRange.observedCount
        counts.integer = method == .cls || method == .feldmanCousins
        try counts.check(observed, option: "observed")
        try InputRange.yield.check(background, option: "background")
        try InputRange.signalYield.check(signal, option: "signal")
        try InputRange.yield.check(backgroundUncertainty, option: "background-uncertainty")
        try InputRange.relativeUncertainty.check(signalUncertainty, option: "signal-uncertainty")
        if backgroundUncertainty > 0 && background == 0 {
            throw ValidationError("--background-uncertainty: expected 0 when --background is 0")
        }
        // A truncated Gaussian constraint moves a yield by at most its own size (1 - relative >= 0).
        if constraint == .gaussian {
            try InputRange(lower: 0, upper: 1, reason: "with --constraint gaussian; lognormal allows up to 10")
                .check(signalUncertainty, option: "signal-uncertainty")
            try InputRange(lower: 0, upper: background, unit: "events", reason: "at most --background with --constraint gaussian; lognormal allows more")
                .check(backgroundUncertainty, option: "background-uncertainty")
        }
        if method == .feldmanCousins {
            try InputRange.checkFeldmanCousins(observed: observed, background: background, step: LimitOptions().feldmanCousinsStep,
                                               expected: !noExpected, what: "--observed \(InputRange.text(observed)), --background \(InputRange.text(background))")
        }
    }

    func run() throws {
        let countingModel: CountingModel
        var level = cl ?? 0.9
        var unit = "signal strength mu; signal events = mu x signal_yield"
        if let search, let mass {
            let likelihood = try ExportCommand.Pyhf.likelihood(search, paperData: paperData)
            guard let window = likelihood.window(at: mass) else { throw ExportCommand.Pyhf.noWindow(at: mass, in: likelihood) }
            countingModel = window.model
            level = cl ?? likelihood.confidenceLevel
            unit = "sigma x BF in fb (mu) in the window at \(InputRange.text(window.mass)) GeV of \(search); signal events = mu x signal_yield"
        } else if let model {
            countingModel = try CountingModelFile.load(path: model)
        } else {
            countingModel = try CountingModel.singleBin(observed: observed!, signal: signal, background: background!,
                                                        backgroundUncertainty: backgroundUncertainty,
                                                        signalUncertainty: signalUncertainty, shape: constraint)
        }
        var options = LimitOptions(confidenceLevel: level, computeExpected: !noExpected)
        options.toys = toys
        options.seed = seed
        let progress = ProgressLine(label: "b2recast limit (\(method.rawValue))")
        let limit: UpperLimit
        do {
            let unit = method == .clsToys ? "hypothesis tests" : "pseudo-experiments of the expected band"
            limit = try LimitCalculator.upperLimit(countingModel, method: method, options: options) { progress.update($0, unit: unit) }
        } catch let error as LimitStatisticsError {
            progress.finish()
            throw CommandFailure("limit --method \(method.rawValue) on \(modelDescription): \(error)")
        } catch {
            progress.finish()
            throw error
        }
        progress.finish()
        let signalYield = countingModel.nominalSignal
        writeStandardOutput(json ? Self.json(limit, signalYield: signalYield, options: options, unit: unit).rendered() + "\n"
                                 : Self.text(limit, signalYield: signalYield))
    }

    /// The model in words, for errors: the file, or the one-bin options.
    var modelDescription: String {
        if let search { return "the window at \(mass.map(InputRange.text) ?? "?") GeV of \(search)" }
        if let model { return "the model file \(model)" }
        func f(_ x: Double?) -> String { x.map(InputRange.text) ?? "?" }
        return "--observed \(f(observed)) --background \(f(background)) --signal \(f(signal))"
            + " --background-uncertainty \(f(backgroundUncertainty)) --signal-uncertainty \(f(signalUncertainty))"
            + " --constraint \(constraint.rawValue)"
    }

    /// The JSON object other programs read: keys in a fixed order, limits to 6 significant digits.
    static func json(_ limit: UpperLimit, signalYield: Double, options: LimitOptions,
                     unit: String = "signal strength mu; signal events = mu x signal_yield") -> JSONText {
        var members: [(String, JSONText)] = [
            ("method", .string(limit.method.rawValue)),
            ("description", .string(limit.method.summary)),
            ("confidence_level", .exact(limit.confidenceLevel)),
            ("observed", .number(limit.observed, digits: 6)),
        ]
        if let band = limit.expected {
            members.append(("expected", .object([
                ("minus2", .number(band.minus2, digits: 6)), ("minus1", .number(band.minus1, digits: 6)),
                ("median", .number(band.median, digits: 6)), ("plus1", .number(band.plus1, digits: 6)),
                ("plus2", .number(band.plus2, digits: 6)),
            ])))
        }
        members.append(("signal_yield", .exact(signalYield)))
        members.append(("limit_unit", .string(unit)))
        if limit.method == .clsToys {
            members.append(("toys", .integer(options.toys)))
            members.append(("seed", .string(String(options.seed))))
        }
        return .object(members)
    }

    /// A short human-readable report.
    static func text(_ limit: UpperLimit, signalYield: Double) -> String {
        func f(_ x: Double) -> String { SignificantDigits.format(x, digits: 5) }
        let level = SignificantDigits.format(limit.confidenceLevel * 100, digits: 3)
        var lines = ["\(limit.method.summary), \(level) % level"]
        var observed = "  observed   mu < \(f(limit.observed))"
        if signalYield != 1 && limit.observed.isFinite { observed += "   (signal events < \(f(limit.observed * signalYield)))" }
        lines.append(observed)
        if let band = limit.expected {
            lines.append("  expected   median \(f(band.median))   68 % [\(f(band.minus1)), \(f(band.plus1))]   95 % [\(f(band.minus2)), \(f(band.plus2))]")
        }
        if !limit.observed.isFinite { lines.append("  (no signal expected: the model has no sensitivity)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
