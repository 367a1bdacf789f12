import NumericalMethods
import RealModule

/// Hybrid CLs for counting experiments (Read, J. Phys. G 28 (2002) 2693), with the nuisances
/// marginalised over their priors (Cousins & Highland, NIM A320 (1992) 331), docs/statistics.md 6.1-6.2.
///
/// One bin: CL_s+b(mu) = int P(N <= n | mu a(theta) + c(theta)) pi(theta) dtheta and
/// CL_b = the same at mu = 0, evaluated exactly by quadrature over the priors.
///
/// Several bins: the LEP statistic X = sum_i n_i ln(1 + mu s_i / b_i) with nominal s_i, b_i
/// orders the outcomes (larger X is more signal-like); CL_s+b = P(X <= X_obs | mu) and
/// CL_b = P(X <= X_obs | 0) from seeded pseudo-experiments whose nuisances are drawn from the
/// priors, with common random numbers across mu so that the root finder sees a stable function.
public enum HybridCLs {
    public static func upperLimit(_ model: CountingModel, options: LimitOptions) throws -> Double {
        try options.validate()
        guard model.nominalSignal > 0 else { return .infinity }
        for (i, n) in model.observed.enumerated() where n != n.rounded() {
            throw ModelError.invalid(field: "observed[\(i)]", expected: "an integer count for hybrid CLs, got \(n)")
        }
        let prior = try PriorIntegration(model: model, seed: options.seed, method: "cls")
        let yields = MarginalisedYields(model: model, prior: prior)
        let alpha = 1 - options.confidenceLevel
        let scale = 1 / model.nominalSignal
        if model.binCount == 1 {
            let n = Int(model.observed[0])
            var clb = 0.0
            for k in 0..<yields.pointCount {
                clb += yields.weights[k] * SpecialFunctions.poissonCDF(n, mean: yields.background[k])
            }
            guard clb > 0 else { return .infinity }
            let guess = (Double(n) + 2 + 2 * Double.sqrt(Double(n) + 1)) * scale
            return try RootFinding.rootAbove(lower: 0, guess: guess, absoluteTolerance: 1e-14 * scale,
                                             relativeTolerance: options.relativeTolerance) { mu in
                var clsb = 0.0
                for k in 0..<yields.pointCount {
                    clsb += yields.weights[k] * SpecialFunctions.poissonCDF(n, mean: mu * yields.signal[k] + yields.background[k])
                }
                return clsb / clb - alpha
            }
        }
        let toys = MultiBinToys(model: model, yields: yields, count: options.toys, seed: options.seed)
        let totalCount = model.observed.reduce(0, +)
        let guess = (totalCount + 2 + 2 * Double.sqrt(totalCount + 1)) * scale
        return try RootFinding.rootAbove(lower: 0, guess: guess, absoluteTolerance: 1e-9 * scale,
                                         relativeTolerance: Swift.max(options.relativeTolerance, 1e-4)) { mu in
            toys.cls(mu: mu) - alpha
        }
    }

    /// Pseudo-experiments for the multi-bin LEP statistic. Each toy draws a prior point (by its
    /// weight) and one uniform per bin; the counts follow by Poisson inversion at any mu.
    struct MultiBinToys {
        let observed: [Double]
        let nominalSignal: [Double]
        let nominalBackground: [Double]
        let yields: MarginalisedYields
        let pointOfToy: [Int]
        let uniforms: [Double]
        let count: Int

        init(model: CountingModel, yields: MarginalisedYields, count: Int, seed: UInt64) {
            observed = model.observed
            let likelihood = Likelihood(model: model)
            var withSignal = [Double](repeating: 0, count: model.binCount)
            var withoutSignal = [Double](repeating: 0, count: model.binCount)
            likelihood.expectedCounts(likelihood.initialParameters(mu: 1), into: &withSignal)
            likelihood.expectedCounts(likelihood.initialParameters(mu: 0), into: &withoutSignal)
            nominalSignal = zip(withSignal, withoutSignal).map { Swift.max(0, $0 - $1) }
            // A bin without background would give an infinite weight: floor it far below any yield.
            let floor = 1e-9 * Swift.max(1, withSignal.reduce(0, +))
            nominalBackground = withoutSignal.map { Swift.max($0, floor) }
            self.yields = yields
            self.count = count
            var generator = SplitMix64(seed: seed)
            var points: [Int] = []
            var uniforms: [Double] = []
            // 2 * count toys: the first half under s + b, the second under b only.
            for _ in 0..<(2 * count) {
                points.append(yields.pointIndex(forUniform: generator.nextUniform()))
                for _ in 0..<model.binCount { uniforms.append(generator.nextUniform()) }
            }
            pointOfToy = points
            self.uniforms = uniforms
        }

        func cls(mu: Double) -> Double {
            let bins = observed.count
            var weight = [Double](repeating: 0, count: bins)
            for i in 0..<bins { weight[i] = Double.log(onePlus: mu * nominalSignal[i] / nominalBackground[i]) }
            var observedStatistic = 0.0
            for i in 0..<bins { observedStatistic += observed[i] * weight[i] }
            let tolerance = 1e-12 * Swift.max(1, Swift.abs(observedStatistic))
            var passSignal = 0, passBackground = 0
            for toy in 0..<(2 * count) {
                let signalStrength = toy < count ? mu : 0
                let k = pointOfToy[toy]
                var statistic = 0.0
                for i in 0..<bins {
                    let nu = signalStrength * yields.signal[k * bins + i] + yields.background[k * bins + i]
                    statistic += Double(Inversion.poisson(mean: nu, uniform: uniforms[toy * bins + i])) * weight[i]
                }
                if statistic <= observedStatistic + tolerance {
                    if toy < count { passSignal += 1 } else { passBackground += 1 }
                }
            }
            guard passBackground > 0 else { return 0 }
            return Double(passSignal) / Double(passBackground)
        }
    }
}
