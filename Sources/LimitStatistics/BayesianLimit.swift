import NumericalMethods
import RealModule

/// Bayesian upper limit with a flat prior on mu >= 0 and the nuisances marginalised over their
/// priors (physics.md 6.4): the mu_UL with
///
///     int_0^mu_UL p(mu | n) dmu = CL * int_0^inf p(mu | n) dmu,
///     p(mu | n) ~ int prod_i Pois(n_i | mu a_i(theta) + c_i(theta)) pi(theta) dtheta.
///
/// One bin: for each prior point the integral over mu is closed,
/// int_0^M Pois(n | mu a + c) dmu = [P(n + 1, M a + c) - P(n + 1, c)] / a, with P the regularised
/// lower incomplete gamma function. Several bins: composite Gauss-Legendre in mu.
public enum BayesianLimit {
    public static func upperLimit(_ model: CountingModel, options: LimitOptions) throws -> Double {
        try options.validate()
        guard model.nominalSignal > 0 else { return .infinity }
        let prior = try PriorIntegration(model: model, seed: options.seed, method: "bayes")
        let yields = MarginalisedYields(model: model, prior: prior)
        if model.binCount == 1 {
            return try singleBin(n: model.observed[0], yields: yields, level: options.confidenceLevel,
                                 tolerance: options.relativeTolerance)
        }
        return try multiBin(counts: model.observed, yields: yields, level: options.confidenceLevel,
                            tolerance: options.relativeTolerance)
    }

    static func singleBin(n: Double, yields: MarginalisedYields, level: Double, tolerance: Double) throws -> Double {
        let a = n + 1
        var normalisation = 0.0
        var scale = 0.0
        for k in 0..<yields.pointCount where yields.signal[k] > 0 {
            normalisation += yields.weights[k] / yields.signal[k] * SpecialFunctions.regularizedGammaQ(a, yields.background[k])
            scale += yields.weights[k] * yields.signal[k]
        }
        guard normalisation > 0 else { return .infinity }
        // Cumulative posterior minus the level; increasing in M.
        func excess(_ m: Double) -> Double {
            var cumulative = 0.0
            for k in 0..<yields.pointCount where yields.signal[k] > 0 {
                let s = yields.signal[k], b = yields.background[k]
                // P(a, M s + b) - P(a, b) = Q(a, b) - Q(a, M s + b), computed in the stabler tail.
                let difference = b + m * s < a + 1
                    ? SpecialFunctions.regularizedGammaP(a, b + m * s) - SpecialFunctions.regularizedGammaP(a, b)
                    : SpecialFunctions.regularizedGammaQ(a, b) - SpecialFunctions.regularizedGammaQ(a, b + m * s)
                cumulative += yields.weights[k] / s * difference
            }
            return cumulative / normalisation - level
        }
        let guess = (n + 2 + 2 * Double.sqrt(n + 1)) / scale
        return try RootFinding.rootAbove(lower: 0, guess: guess, absoluteTolerance: 1e-14 / scale,
                                         relativeTolerance: tolerance, excess)
    }

    static func multiBin(counts: [Double], yields: MarginalisedYields, level: Double, tolerance: Double) throws -> Double {
        let bins = yields.binCount
        // ln of the marginal likelihood at mu, up to a constant: logsumexp_k (ln w_k + ln L_k(mu)).
        var logTerms = [Double](repeating: 0, count: yields.pointCount)
        func logPosterior(_ mu: Double) -> Double {
            var largest = -Double.infinity
            for k in 0..<yields.pointCount {
                var logL = Double.log(yields.weights[k])
                for i in 0..<bins {
                    let nu = mu * yields.signal[k * bins + i] + yields.background[k * bins + i]
                    logL += SpecialFunctions.logPoisson(counts[i], mean: nu)
                }
                logTerms[k] = logL
                largest = Swift.max(largest, logL)
            }
            guard largest > -.infinity else { return -.infinity }
            var sum = 0.0
            for k in 0..<yields.pointCount { sum += Double.exp(logTerms[k] - largest) }
            return largest + Double.log(sum)
        }
        let totalCount = counts.reduce(0, +)
        var signalScale = 0.0
        for k in 0..<yields.pointCount {
            for i in 0..<bins { signalScale += yields.weights[k] * yields.signal[k * bins + i] }
        }
        // Panels: 200 equal ones over the bulk [0, U], then panels doubling in width until the
        // density has fallen by e^-40 from its peak: a long flat tail (prior points where the
        // efficiency nearly vanishes) is integrated, not cut.
        let bulk = (totalCount + 10 + 10 * Double.sqrt(totalCount + 1)) / signalScale
        var edges = (0...200).map { Double($0) * bulk / 200 }
        var peak = -Double.infinity
        for edge in edges { peak = Swift.max(peak, logPosterior(edge)) }
        while edges.count < 300, logPosterior(edges.last!) > peak - 40 {
            let last = edges.last!, previous = edges[edges.count - 2]
            edges.append(last + 2 * (last - previous))
        }
        let order = 8
        let unit = QuadratureRule.gaussLegendre(order: order)
        func integral(from start: Double, to end: Double) -> Double {
            let half = (end - start) / 2
            var sum = 0.0
            for j in 0..<order {
                sum += unit.weights[j] * half * Double.exp(logPosterior(start + (unit.nodes[j] + 1) * half) - peak)
            }
            return sum
        }
        var cumulative = [0.0]
        for panel in 1..<edges.count {
            cumulative.append(cumulative.last! + integral(from: edges[panel - 1], to: edges[panel]))
        }
        let total = cumulative.last!
        guard total > 0 else { return .infinity }
        let target = level * total
        guard let panel = cumulative.indices.dropFirst().first(where: { cumulative[$0] >= target }) else { return edges.last! }
        let start = edges[panel - 1]
        let base = cumulative[panel - 1]
        return try RootFinding.brent(lower: start, upper: edges[panel], absoluteTolerance: 1e-14 * edges[panel],
                                     relativeTolerance: tolerance) { mu in
            base + integral(from: start, to: mu) - target
        }
    }
}
