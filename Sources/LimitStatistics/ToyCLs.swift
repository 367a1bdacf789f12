import NumericalMethods
import RealModule

/// CLs with the q~_mu statistic from seeded pseudo-experiments (the frequentist "toys" of pyhf's
/// ToyCalculator): toys under s + b are generated at (mu, theta-hat-hat(mu)) and under b at
/// (0, theta-hat-hat(0)), both fitted to the observed data; the main counts and the auxiliary
/// measurements fluctuate. CL_s+b = P(q~ >= q~_obs | s + b), CL_b = P(q~ >= q~_obs | b).
///
/// Expected band edge N: the Phi(N) quantile of the CLs values that the background-only toys
/// would give (N = -2 is the lowest limit). Toy i uses the random stream (seed, i) at every mu
/// (common random numbers), so the limits are reproducible and the root finder sees a stable
/// function.
public final class ToyCLsCalculator {
    public let model: CountingModel
    public let toys: Int
    public let seed: UInt64
    private let likelihood: Likelihood
    private let toyLikelihood: Likelihood
    private let globalFit: Likelihood.Fit
    private var cache: [Double: Evaluation] = [:]
    private var progress: ((Int) -> Void)?
    private var evaluations = 0

    /// Observed and expected CLs at one mu.
    public struct Evaluation: Sendable {
        public var cls: Double
        /// Expected CLs at band edges -2 ... +2.
        public var expectedCLs: [Double]
    }

    public init(model: CountingModel, toys: Int, seed: UInt64, progress: ((Int) -> Void)? = nil) throws {
        self.model = model
        self.toys = toys
        self.seed = seed
        self.progress = progress
        likelihood = Likelihood(model: model)
        toyLikelihood = Likelihood(model: model)
        globalFit = try likelihood.fit(from: likelihood.initialParameters(mu: 0), floatSignalStrength: true,
                                       description: "global fit (mu free) on the observed data")
    }

    /// q~_mu of the data currently set in `toyLikelihood`, fits started at `start`.
    private func qTilde(_ mu: Double, workspace: Likelihood, start: [Double], toy: Int) throws -> Double {
        let global = try workspace.fit(from: start, floatSignalStrength: true,
                                       description: "global fit (mu free) on pseudo-experiment \(toy) at mu = \(mu)")
        if global.parameters[0] > mu { return 0 }
        var conditionalStart = start
        conditionalStart[0] = mu
        let what = "conditional fit at mu = \(mu) on pseudo-experiment \(toy)"
        let conditional = try workspace.fit(from: conditionalStart, floatSignalStrength: false, description: what)
        return try workspace.testStatistic(conditional: conditional, global: global, description: what)
    }

    /// Test statistics of `toys` pseudo-experiments generated at `truth`, streams offset by `streamOffset`.
    private func toyStatistics(mu: Double, truth: [Double], streamOffset: UInt64) throws -> [Double] {
        var expected = [Double](repeating: 0, count: model.binCount)
        likelihood.expectedCounts(truth, into: &expected)
        let expectedAuxiliary = likelihood.expectedAuxiliary(truth)
        var counts = expected
        var auxiliary = expectedAuxiliary
        var statistics: [Double] = []
        statistics.reserveCapacity(toys)
        for toy in 0..<toys {
            var generator = SplitMix64(seed: seed, stream: UInt64(toy) + streamOffset)
            for i in 0..<model.binCount {
                counts[i] = Double(Inversion.poisson(mean: expected[i], uniform: generator.nextUniform()))
            }
            for (p, parameter) in model.parameters.enumerated() {
                let u = generator.nextUniform()
                switch parameter.constraint {
                case let .normal(_, width):
                    auxiliary[p + 1] = expectedAuxiliary[p + 1] + width * SpecialFunctions.normalQuantile(u)
                case .poisson:
                    auxiliary[p + 1] = Double(Inversion.poisson(mean: expectedAuxiliary[p + 1], uniform: u))
                case .free:
                    break
                }
            }
            toyLikelihood.setData(counts: counts, auxiliary: auxiliary)
            statistics.append(try qTilde(mu, workspace: toyLikelihood, start: truth, toy: toy + Int(streamOffset)))
        }
        return statistics.sorted()
    }

    /// Observed and expected CLs at mu (cached per mu).
    public func evaluate(_ mu: Double) throws -> Evaluation {
        if let cached = cache[mu] { return cached }
        let start = globalFit.parameters
        var conditionalStart = start
        conditionalStart[0] = mu
        likelihood.setObservedData()
        let what = "conditional fit at mu = \(mu) on the observed data"
        let signalFit = try likelihood.fit(from: conditionalStart, floatSignalStrength: false, description: what)
        let signalTruth = signalFit.parameters
        conditionalStart[0] = 0
        let backgroundTruth = try likelihood.fit(from: conditionalStart, floatSignalStrength: false,
                                                 description: "background-only fit (mu = 0) on the observed data").parameters
        let observedQ: Double
        if globalFit.parameters[0] > mu {
            observedQ = 0
        } else {
            observedQ = try likelihood.testStatistic(conditional: signalFit, global: globalFit, description: what)
        }
        let signalStatistics = try toyStatistics(mu: mu, truth: signalTruth, streamOffset: 0)
        let backgroundStatistics = try toyStatistics(mu: mu, truth: backgroundTruth, streamOffset: UInt64(toys))
        func tailFraction(_ sorted: [Double], atLeast value: Double) -> Double {
            // Number of entries >= value (minus a relative tolerance for fits that agree to rounding).
            let threshold = value - 1e-9 * Swift.max(1, value)
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < threshold { low = middle + 1 } else { high = middle }
            }
            return Double(sorted.count - low) / Double(sorted.count)
        }
        func cls(_ q: Double) -> Double {
            let clb = tailFraction(backgroundStatistics, atLeast: q)
            let clsb = tailFraction(signalStatistics, atLeast: q)
            return clb > 0 ? clsb / clb : 0
        }
        let backgroundCLs = backgroundStatistics.map(cls).sorted()
        let expected = ExpectedBand.sigmas.map { n in
            Quantile.linear(backgroundCLs, probability: SpecialFunctions.normalCDF(n))
        }
        let evaluation = Evaluation(cls: cls(observedQ), expectedCLs: expected)
        cache[mu] = evaluation
        evaluations += 1
        progress?(evaluations)
        return evaluation
    }

    public func upperLimit(options: LimitOptions) throws -> UpperLimit {
        try options.validate()
        let alpha = 1 - options.confidenceLevel
        guard model.nominalSignal > 0 else {
            return UpperLimit(method: .clsToys, confidenceLevel: options.confidenceLevel, observed: .infinity,
                              expected: options.computeExpected ? .infinite : nil)
        }
        // Start from the asymptotic limit, which is close for all but the smallest counts.
        let asymptotic = try AsymptoticCLsCalculator(model: model).upperLimit(options: options)
        let tolerance = Swift.max(options.relativeTolerance, 1e-4)
        let observed = try RootFinding.rootAbove(lower: 0, guess: asymptotic.observed, absoluteTolerance: 1e-9 * asymptotic.observed,
                                                 relativeTolerance: tolerance) { try evaluate($0).cls - alpha }
        var band: ExpectedBand?
        if options.computeExpected, let guesses = asymptotic.expected?.ordered {
            var edges: [Double] = []
            for (index, guess) in guesses.enumerated() {
                edges.append(try RootFinding.rootAbove(lower: 0, guess: guess, absoluteTolerance: 1e-9 * guess,
                                                       relativeTolerance: tolerance) { try evaluate($0).expectedCLs[index] - alpha })
            }
            band = ExpectedBand(ordered: edges)
        }
        return UpperLimit(method: .clsToys, confidenceLevel: options.confidenceLevel, observed: observed, expected: band)
    }
}

/// Empirical quantiles.
public enum Quantile {
    /// Quantile of sorted values with linear interpolation between order statistics
    /// (Hyndman & Fan type 7, numpy's default).
    public static func linear(_ sorted: [Double], probability p: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of no values")
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
    }
}
