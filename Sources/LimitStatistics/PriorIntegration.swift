import NumericalMethods
import RealModule

/// Points and weights that integrate over the nuisance parameters' priors, for the methods that
/// marginalise (Bayesian, hybrid CLs). The prior of each parameter is its constraint read as a
/// distribution of the parameter, cut to the parameter's bounds:
///
/// * normal(a, w): theta ~ N(a, w) truncated to the bounds (a truncated-Gaussian systematic with
///   a linear response, a log-normal one with an exponential response);
/// * poisson(tau): gamma ~ Gamma(tau + 1, rate tau), the posterior of the auxiliary count with a
///   flat prior (docs/statistics.md 6.2: a background from N_MC simulated events);
/// * free: no prior, which these methods refuse.
///
/// Up to four parameters: a tensor product of Gauss-Legendre rules over +-7 widths (64, 40, 24 or
/// 14 points a dimension). Beyond: `monteCarloSamples` seeded draws.
public struct PriorIntegration: Sendable {
    /// Parameter vectors in the layout of `Likelihood` (index 0, mu, is set to 0).
    public var points: [[Double]]
    /// Weights summing to 1.
    public var weights: [Double]

    public static let monteCarloSamples = 20_000

    public init(model: CountingModel, seed: UInt64 = 1, method: String) throws {
        let parameters = model.parameters
        if parameters.isEmpty {
            points = [[0]]
            weights = [1]
            return
        }
        for parameter in parameters {
            if case .free = parameter.constraint {
                throw ModelError.unsupported(method: method,
                    reason: "parameter '\(parameter.name)' has no constraint, so it has no prior to marginalise over")
            }
        }
        let dimension = parameters.count
        if dimension <= 4 {
            let order = [64, 40, 24, 14][dimension - 1]
            let rules = parameters.map { Self.rule(for: $0, order: order) }
            var points: [[Double]] = []
            var weights: [Double] = []
            var index = [Int](repeating: 0, count: dimension)
            let total = rules.reduce(1) { $0 * $1.nodes.count }
            points.reserveCapacity(total)
            weights.reserveCapacity(total)
            for _ in 0..<total {
                var point = [0.0]
                var weight = 1.0
                for d in 0..<dimension {
                    point.append(rules[d].nodes[index[d]])
                    weight *= rules[d].weights[index[d]]
                }
                points.append(point)
                weights.append(weight)
                var d = 0
                while d < dimension {
                    index[d] += 1
                    if index[d] < rules[d].nodes.count { break }
                    index[d] = 0
                    d += 1
                }
            }
            self.points = points
            self.weights = weights
        } else {
            var generator = SplitMix64(seed: seed)
            var points: [[Double]] = []
            for _ in 0..<Self.monteCarloSamples {
                points.append([0] + parameters.map { Self.draw($0, &generator) })
            }
            self.points = points
            weights = Array(repeating: 1 / Double(Self.monteCarloSamples), count: Self.monteCarloSamples)
        }
        let sum = weights.reduce(0, +)
        weights = weights.map { $0 / sum }
    }

    /// A Gauss-Legendre rule over the parameter's prior, weights normalised to 1.
    static func rule(for parameter: NuisanceParameter, order: Int) -> QuadratureRule {
        switch parameter.constraint {
        case let .normal(auxiliary, width):
            let lower = Swift.max(parameter.lowerBound, auxiliary - 7 * width)
            let upper = Swift.min(parameter.upperBound, auxiliary + 7 * width)
            let base = QuadratureRule.gaussLegendre(order: order, lower: lower, upper: upper)
            let weights = zip(base.nodes, base.weights).map { x, w in
                w * Double.exp(-0.5 * ((x - auxiliary) / width) * ((x - auxiliary) / width))
            }
            return normalised(QuadratureRule(nodes: base.nodes, weights: weights))
        case let .poisson(tau):
            let mean = (tau + 1) / tau, spread = Double.sqrt(tau + 1) / tau
            let lower = Swift.max(parameter.lowerBound, mean - 10 * spread, 1e-12)
            let upper = Swift.min(parameter.upperBound, mean + 10 * spread)
            let base = QuadratureRule.gaussLegendre(order: order, lower: lower, upper: upper)
            // Gamma(tau + 1, rate tau) density ~ gamma^tau exp(-tau gamma), scaled at the mode 1.
            let weights = zip(base.nodes, base.weights).map { g, w in
                w * Double.exp(tau * Double.log(g) - tau * (g - 1))
            }
            return normalised(QuadratureRule(nodes: base.nodes, weights: weights))
        case .free:
            preconditionFailure("free parameters have no prior")
        }
    }

    private static func normalised(_ rule: QuadratureRule) -> QuadratureRule {
        let sum = rule.weights.reduce(0, +)
        return QuadratureRule(nodes: rule.nodes, weights: rule.weights.map { $0 / sum })
    }

    /// One draw from the parameter's prior (inversion for the truncated normal; Marsaglia-Tsang
    /// for the gamma distribution).
    static func draw(_ parameter: NuisanceParameter, _ generator: inout SplitMix64) -> Double {
        switch parameter.constraint {
        case let .normal(auxiliary, width):
            let low = SpecialFunctions.normalCDF((parameter.lowerBound - auxiliary) / width)
            let high = SpecialFunctions.normalCDF((parameter.upperBound - auxiliary) / width)
            let u = low + (high - low) * generator.nextUniform()
            return auxiliary + width * SpecialFunctions.normalQuantile(u)
        case let .poisson(tau):
            return gammaDeviate(shape: tau + 1, &generator) / tau
        case .free:
            preconditionFailure("free parameters have no prior")
        }
    }

    /// Gamma(shape, 1) deviate, Marsaglia & Tsang, ACM TOMS 26 (2000) 363 (shape >= 1).
    static func gammaDeviate(shape: Double, _ generator: inout SplitMix64) -> Double {
        let d = shape - 1.0 / 3.0, c = 1 / Double.sqrt(9 * d)
        while true {
            let z = generator.nextNormal()
            let v = (1 + c * z) * (1 + c * z) * (1 + c * z)
            if v <= 0 { continue }
            let u = generator.nextUniform()
            if Double.log(u) < 0.5 * z * z + d - d * v + d * Double.log(v) { return d * v }
        }
    }
}

/// Signal and background expectations per bin at each prior point: nu_i = mu a_i + c_i.
struct MarginalisedYields {
    /// a[k * bins + i]: signal at mu = 1, prior point k.
    var signal: [Double]
    /// c[k * bins + i]: background, prior point k.
    var background: [Double]
    var weights: [Double]
    /// Running sums of the weights, for drawing prior points.
    var cumulativeWeights: [Double]
    var binCount: Int
    var pointCount: Int { weights.count }

    /// The prior point whose cumulative weight first reaches u (u uniform in (0, 1)).
    func pointIndex(forUniform u: Double) -> Int {
        let target = u * cumulativeWeights[cumulativeWeights.count - 1]
        var low = 0, high = cumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulativeWeights[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    init(model: CountingModel, prior: PriorIntegration) {
        let likelihood = Likelihood(model: model)
        binCount = model.binCount
        signal = []
        background = []
        signal.reserveCapacity(prior.points.count * binCount)
        background.reserveCapacity(prior.points.count * binCount)
        var withSignal = [Double](repeating: 0, count: binCount)
        var withoutSignal = [Double](repeating: 0, count: binCount)
        for var point in prior.points {
            point[0] = 1
            likelihood.expectedCounts(point, into: &withSignal)
            point[0] = 0
            likelihood.expectedCounts(point, into: &withoutSignal)
            for i in 0..<binCount {
                signal.append(Swift.max(0, withSignal[i] - withoutSignal[i]))
                background.append(withoutSignal[i])
            }
        }
        weights = prior.weights
        var running = 0.0
        cumulativeWeights = prior.weights.map { running += $0; return running }
    }
}
