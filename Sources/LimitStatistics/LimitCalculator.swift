import NumericalMethods
import RealModule

/// One entry point for every method: the observed limit on mu and, if asked, the expected band.
///
/// Expected bands of the counting methods (hybrid CLs, Bayesian, Feldman-Cousins): in one bin the
/// limit grows with n, so the band edge N is the limit at the Phi(N) quantile of the
/// background-only distribution of n (marginalised over the priors): exact, no pseudo-experiments.
/// In several bins, `options.toys / 10` (at least 50) seeded background-only pseudo-experiments
/// give the limit distribution, and the band is its quantiles.
public enum LimitCalculator {
    public static func upperLimit(_ model: CountingModel, method: LimitMethod, options: LimitOptions = LimitOptions(),
                                  progress: ((Int) -> Void)? = nil) throws -> UpperLimit {
        try options.validate()
        switch method {
        case .clsAsymptotic:
            return try AsymptoticCLsCalculator(model: model).upperLimit(options: options)
        case .clsToys:
            return try ToyCLsCalculator(model: model, toys: options.toys, seed: options.seed, progress: progress)
                .upperLimit(options: options)
        case .cls, .bayes, .feldmanCousins:
            let single: (CountingModel) throws -> Double = { try observedLimit($0, method: method, options: options) }
            let observed = try single(model)
            var band: ExpectedBand?
            if options.computeExpected {
                band = model.nominalSignal > 0
                    ? try expectedBand(model, method: method, options: options, progress: progress, limit: single) : .infinite
            }
            return UpperLimit(method: method, confidenceLevel: options.confidenceLevel, observed: observed, expected: band)
        }
    }

    static func observedLimit(_ model: CountingModel, method: LimitMethod, options: LimitOptions) throws -> Double {
        switch method {
        case .cls: return try HybridCLs.upperLimit(model, options: options)
        case .bayes: return try BayesianLimit.upperLimit(model, options: options)
        case .feldmanCousins:
            guard model.binCount == 1, model.parameters.isEmpty else {
                throw ModelError.unsupported(method: "fc",
                    reason: "Feldman-Cousins is implemented for one bin with a known background; use bayes or cls for systematics or several bins")
            }
            let n = model.observed[0]
            guard n == n.rounded() else { throw ModelError.invalid(field: "observed[0]", expected: "an integer count for fc, got \(n)") }
            let signal = model.nominalSignal
            guard signal > 0 else { return .infinity }
            let background = model.samples.filter { !$0.isSignal }.reduce(0) { $0 + $1.yields[0] }
            let interval = try FeldmanCousins.interval(observed: Int(n), background: background,
                                                       level: options.confidenceLevel, step: options.feldmanCousinsStep)
            return interval.upper / signal
        case .clsAsymptotic, .clsToys:
            preconditionFailure("profile-likelihood methods have their own calculators")
        }
    }

    /// Background-only quantile counts (one bin) or pseudo-experiments (several bins).
    ///
    /// Several bins: pseudo-experiments with the same counts share one limit (with a few events
    /// per bin most of them repeat), and the Bayesian limits reuse the prior's marginalised
    /// yields, which depend on the model but not on the counts; both give the same numbers as
    /// computing every limit afresh. `progress` gets the pseudo-experiments done.
    static func expectedBand(_ model: CountingModel, method: LimitMethod = .cls, options: LimitOptions,
                             progress: ((Int) -> Void)? = nil,
                             limit: (CountingModel) throws -> Double) throws -> ExpectedBand {
        let prior = try PriorIntegration(model: model, seed: options.seed, method: "expected band")
        let yields = MarginalisedYields(model: model, prior: prior)
        if model.binCount == 1 {
            var cache: [Int: Double] = [:]
            let edges = try ExpectedBand.sigmas.map { n -> Double in
                let count = backgroundQuantile(yields: yields, probability: SpecialFunctions.normalCDF(n))
                if let known = cache[count] { return known }
                let value = try limit(model.with(observed: [Double(count)]))
                cache[count] = value
                return value
            }
            return ExpectedBand(ordered: edges)
        }
        let experiments = Swift.max(50, options.toys / 10)
        var generator = SplitMix64(seed: options.seed ^ 0x5EED)
        func limitOfCounts(_ counts: [Double]) throws -> Double {
            guard method == .bayes else { return try limit(model.with(observed: counts)) }
            return try BayesianLimit.multiBin(counts: counts, yields: yields, level: options.confidenceLevel,
                                              tolerance: options.relativeTolerance)
        }
        var cache: [[Double]: Double] = [:]
        var limits: [Double] = []
        for experiment in 0..<experiments {
            let k = yields.pointIndex(forUniform: generator.nextUniform())
            let counts = (0..<model.binCount).map { i in
                Double(Inversion.poisson(mean: yields.background[k * model.binCount + i], uniform: generator.nextUniform()))
            }
            if let known = cache[counts] {
                limits.append(known)
            } else {
                let value = try limitOfCounts(counts)
                cache[counts] = value
                limits.append(value)
            }
            progress?(experiment + 1)
        }
        limits.sort()
        return ExpectedBand(ordered: ExpectedBand.sigmas.map { Quantile.linear(limits, probability: SpecialFunctions.normalCDF($0)) })
    }

    /// Smallest n with P(N <= n | b) >= p, N marginalised over the background prior.
    static func backgroundQuantile(yields: MarginalisedYields, probability p: Double) -> Int {
        var n = 0
        while true {
            var cumulative = 0.0
            for k in 0..<yields.pointCount {
                cumulative += yields.weights[k] * SpecialFunctions.poissonCDF(n, mean: yields.background[k])
            }
            if cumulative >= p || n > 10_000_000 { return n }
            n += 1
        }
    }
}
