import NumericalMethods
import RealModule

/// Bayesian upper limit with a flat prior on mu >= 0 and the nuisances marginalised over their
/// priors (docs/statistics.md 6.4): the mu_UL with
///
///     int_0^mu_UL p(mu | n) dmu = CL * int_0^inf p(mu | n) dmu,
///     p(mu | n) ~ int prod_i Pois(n_i | mu a_i(theta) + c_i(theta)) pi(theta) dtheta.
///
/// One bin: for each prior point the integral over mu is closed,
/// int_0^M Pois(n | mu a + c) dmu = [P(n + 1, M a + c) - P(n + 1, c)] / a, with P the regularised
/// lower incomplete gamma function. Several bins: closed too for small whole counts (a
/// polynomial times an exponential in mu, `multiBinClosedForm`), else composite Gauss-Legendre.
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
        if let limit = try multiBinClosedForm(counts: counts, yields: yields, level: level, tolerance: tolerance) { return limit }
        return try multiBinQuadrature(counts: counts, yields: yields, level: level, tolerance: tolerance)
    }

    /// The largest total count of the closed form: its polynomial has N + 1 terms per prior
    /// point and costs N^2 to expand.
    static let closedFormMaximumCount = 30

    /// Several bins with whole counts summing to N <= 30, every prior point with signal: the
    /// integral over mu is closed. For point k the likelihood is
    /// prod_i (mu s_i + b_i)^n_i e^(-mu S - B) / n_i! = e^(-B) sum_j c_j mu^j e^(-mu S) / prod n_i!,
    /// a polynomial (all c_j >= 0) times an exponential, and
    /// int_M^inf mu^j e^(-mu S) dmu = j! / S^(j+1) Q(j + 1, M S),
    /// with Q(j + 1, x) = e^-x sum_{m <= j} x^m / m! built up term by term. The posterior's
    /// tail above M is then a sum of positive terms (no cancellation); the limit is where it
    /// falls to 1 - CL. Exact up to rounding, where the quadrature of `multiBinQuadrature` is
    /// good to about 1e-8; nil when it does not apply.
    static func multiBinClosedForm(counts: [Double], yields: MarginalisedYields, level: Double, tolerance: Double) throws -> Double? {
        let bins = yields.binCount
        let total = counts.reduce(0, +)
        guard total <= Double(closedFormMaximumCount), counts.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }) else { return nil }
        let n = Int(total)
        var rates = [Double](repeating: 0, count: yields.pointCount)
        // ln a_kj = ln w_k - B_k + ln c_kj + ln j! - (j + 1) ln S_k, stored per (k, j).
        var logTerms = [Double](repeating: -.infinity, count: yields.pointCount * (n + 1))
        var largest = -Double.infinity
        var coefficients = [Double](repeating: 0, count: n + 1)
        let logFactorials = (0...n).map { Double.logGamma(Double($0) + 1) }
        for k in 0..<yields.pointCount where yields.weights[k] > 0 {
            var rate = 0.0, background = 0.0
            for i in 0..<bins {
                rate += yields.signal[k * bins + i]
                background += yields.background[k * bins + i]
            }
            guard rate > 0 else { return nil }  // a flat likelihood in mu: leave it to the quadrature
            rates[k] = rate
            // prod_i (b_i + s_i mu)^n_i, coefficients in increasing powers of mu.
            for j in 0...n { coefficients[j] = 0 }
            coefficients[0] = 1
            var degree = 0
            for i in 0..<bins {
                let s = yields.signal[k * bins + i], b = yields.background[k * bins + i]
                for _ in 0..<Int(counts[i]) {
                    degree += 1
                    for j in stride(from: degree, through: 1, by: -1) { coefficients[j] = coefficients[j] * b + coefficients[j - 1] * s }
                    coefficients[0] *= b
                }
            }
            let base = Double.log(yields.weights[k]) - background
            let logRate = Double.log(rate)
            for j in 0...n where coefficients[j] > 0 {
                let value = base + Double.log(coefficients[j]) + logFactorials[j] - Double(j + 1) * logRate
                logTerms[k * (n + 1) + j] = value
                largest = Swift.max(largest, value)
            }
        }
        guard largest > -.infinity else { return nil }
        var terms = logTerms.map { Double.exp($0 - largest) }
        let normalisation = terms.reduce(0, +)
        for index in terms.indices { terms[index] /= normalisation }
        // Posterior probability above M, minus 1 - CL; decreasing in M.
        func tailExcess(_ m: Double) -> Double {
            var tail = 0.0
            for k in 0..<yields.pointCount where rates[k] > 0 {
                let x = m * rates[k]
                var term = Double.exp(-x), q = term
                for j in 0...n {
                    if j > 0 {
                        term *= x / Double(j)
                        q += term
                    }
                    tail += terms[k * (n + 1) + j] * q
                }
            }
            return tail - (1 - level)
        }
        var signalScale = 0.0
        for k in 0..<yields.pointCount { signalScale += yields.weights[k] * rates[k] }
        let guess = (total + 2 + 2 * Double.sqrt(total + 1)) / signalScale
        return try RootFinding.rootAbove(lower: 0, guess: guess, absoluteTolerance: 1e-14 * guess,
                                         relativeTolerance: tolerance, tailExcess)
    }

    /// Several bins by composite Gauss-Legendre quadrature over mu (any counts).
    static func multiBinQuadrature(counts: [Double], yields: MarginalisedYields, level: Double, tolerance: Double) throws -> Double {
        let bins = yields.binCount
        // ln of the marginal likelihood at mu, up to a constant: logsumexp_k (ln w_k + ln L_k(mu)).
        // The ln n_i! of the Poisson terms are the same constant for every point and mu, and
        // cancel in the ratio to the peak: left out (with ln w_k computed once), a bin without
        // events costs no logarithm. This is the inner loop of the expected band.
        var logTerms = [Double](repeating: 0, count: yields.pointCount)
        let logWeights = yields.weights.map { Double.log($0) }
        let countedBins = (0..<bins).filter { counts[$0] > 0 }
        func logPosterior(_ mu: Double) -> Double {
            var largest = -Double.infinity
            for k in 0..<yields.pointCount {
                var logL = logWeights[k]
                for i in 0..<bins { logL -= mu * yields.signal[k * bins + i] + yields.background[k * bins + i] }
                for i in countedBins {
                    let nu = mu * yields.signal[k * bins + i] + yields.background[k * bins + i]
                    logL += nu > 0 ? counts[i] * Double.log(nu) : -.infinity
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
