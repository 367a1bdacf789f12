import NumericalMethods
import RealModule

/// CLs with the q~_mu test statistic and the asymptotic formulae of Cowan, Cranmer, Gross and
/// Vitells, EPJC 71 (2011) 1554 (CCGV), in the conventions of pyhf 0.7's AsymptoticCalculator:
///
/// * q~_mu (CCGV eq. 16) with mu-hat bounded below by 0, and q~ = 0 when mu-hat > mu;
/// * the Asimov data set is the expectation at mu = 0 with the nuisances at their conditional
///   fit to the observed data (the "post-fit" Asimov of pyhf), auxiliary data included;
/// * with t = sqrt(q~) - sqrt(q_A) if sqrt(q~) <= sqrt(q_A), else (q~ - q_A) / (2 sqrt(q_A)):
///   CL_s+b = Phi(-(t + sqrt(q_A))), CL_b = Phi(-t) (CCGV eqs. 62-66);
/// * expected CLs at band edge N (limit order, N = -2 is the lowest limit): t = max(-N, -sqrt(q_A)).
///
/// Every fit must converge: a failed one throws `LimitStatisticsError.fitFailed` (never a limit).
///
/// Not thread-safe: one calculator per thread (it owns two likelihood workspaces).
public final class AsymptoticCLsCalculator {
    public let model: CountingModel
    private let observedLikelihood: Likelihood
    private let asimovLikelihood: Likelihood
    private var globalFit: Likelihood.Fit
    private var asimovMinimum: Double
    private var observedWarmStart: [Double]
    private var asimovWarmStart: [Double]

    /// CLs values at one hypothesis.
    public struct HypothesisTest: Sendable {
        public var mu: Double
        public var qTilde: Double
        public var qAsimov: Double
        public var clsb: Double
        public var clb: Double
        public var cls: Double
    }

    public init(model: CountingModel) throws {
        self.model = model
        observedLikelihood = Likelihood(model: model)
        asimovLikelihood = Likelihood(model: model)
        let start = observedLikelihood.initialParameters(mu: 0)
        globalFit = try observedLikelihood.fit(from: start, floatSignalStrength: true,
                                               description: "global fit (mu free) on the observed data")
        // Conditional fit at mu = 0 on the observed data gives the Asimov nuisances.
        let backgroundFit = try observedLikelihood.fit(from: start, floatSignalStrength: false,
                                                       description: "background-only fit (mu = 0) on the observed data")
        var asimovCounts = [Double](repeating: 0, count: model.binCount)
        observedLikelihood.expectedCounts(backgroundFit.parameters, into: &asimovCounts)
        asimovLikelihood.setData(counts: asimovCounts,
                                 auxiliary: observedLikelihood.expectedAuxiliary(backgroundFit.parameters))
        asimovMinimum = asimovLikelihood.negativeLogLikelihood(backgroundFit.parameters)
        observedWarmStart = globalFit.parameters
        asimovWarmStart = backgroundFit.parameters
    }

    /// The best-fit signal strength (bounded at 0) on the observed data.
    public var bestFitSignalStrength: Double { globalFit.parameters[0] }

    /// q~_mu on the observed data (CCGV eq. 16).
    public func qTilde(_ mu: Double) throws -> Double {
        if globalFit.parameters[0] > mu { return 0 }
        var start = observedWarmStart
        start[0] = mu
        let what = "conditional fit at mu = \(mu) on the observed data"
        let fit = try observedLikelihood.fit(from: start, floatSignalStrength: false, description: what)
        observedWarmStart = fit.parameters
        return try observedLikelihood.testStatistic(conditional: fit, global: globalFit, description: what)
    }

    /// q_mu,A: q~_mu on the Asimov data set (CCGV eqs. 29-30).
    public func qAsimov(_ mu: Double) throws -> Double {
        var start = asimovWarmStart
        start[0] = mu
        let what = "conditional fit at mu = \(mu) on the Asimov data"
        let fit = try asimovLikelihood.fit(from: start, floatSignalStrength: false, description: what)
        asimovWarmStart = fit.parameters
        let minimum = Likelihood.Fit(parameters: [], negativeLogLikelihood: asimovMinimum, iterations: 0, converged: true)
        return try asimovLikelihood.testStatistic(conditional: fit, global: minimum, description: what)
    }

    /// Observed CL_s+b, CL_b and CLs at mu.
    public func test(_ mu: Double) throws -> HypothesisTest {
        let q = try qTilde(mu)
        let qA = try qAsimov(mu)
        let (clsb, clb) = Self.pValues(qTilde: q, qAsimov: qA)
        return HypothesisTest(mu: mu, qTilde: q, qAsimov: qA, clsb: clsb, clb: clb, cls: clb > 0 ? clsb / clb : 1)
    }

    /// CL_s+b and CL_b from q~ and q_A (CCGV eqs. 62-66, in pyhf's shifted variable).
    public static func pValues(qTilde q: Double, qAsimov qA: Double) -> (clsb: Double, clb: Double) {
        let sqrtQ = Double.sqrt(q), sqrtQA = Double.sqrt(qA)
        let t = sqrtQ <= sqrtQA ? sqrtQ - sqrtQA : (q - qA) / (2 * sqrtQA)
        return (SpecialFunctions.normalCDF(-(t + sqrtQA)), SpecialFunctions.normalCDF(-t))
    }

    /// Expected CLs at band edge `sigma` (limit order: -2 is the lowest limit) for a given q_A.
    public static func expectedCLs(qAsimov qA: Double, sigma: Double) -> Double {
        let sqrtQA = Double.sqrt(qA)
        let t = Swift.max(-sigma, -sqrtQA)
        let clb = SpecialFunctions.normalCDF(-t)
        return clb > 0 ? SpecialFunctions.normalCDF(-(t + sqrtQA)) / clb : 1
    }

    /// The upper limit at `options.confidenceLevel`: CLs(mu) = 1 - CL, observed and expected.
    public func upperLimit(options: LimitOptions = LimitOptions()) throws -> UpperLimit {
        try options.validate()
        let alpha = 1 - options.confidenceLevel
        guard model.nominalSignal > 0 else {
            return UpperLimit(method: .clsAsymptotic, confidenceLevel: options.confidenceLevel, observed: .infinity,
                              expected: options.computeExpected ? .infinite : nil)
        }
        // Scale of mu-hat from q_A ~ (mu / sigma)^2: first at mu = 1, then refined at the
        // median limit that this sigma predicts, so that the guesses below are within a few %.
        var sigma = 1.0
        for trial in [1.0, -1.0] {
            let mu = trial > 0 ? trial : AsymptoticFormulae.gaussianExpectedLimit(sigma: sigma, alpha: alpha, band: 0)
            let qA = try qAsimov(mu)
            if qA > 0 && qA.isFinite { sigma = mu / Double.sqrt(qA) }
        }
        // Observed guess in the Gaussian approximation: Phi((mu-hat - mu)/sigma) = alpha Phi(mu-hat/sigma).
        let muHat = Swift.max(bestFitSignalStrength, 0)
        let guess = muHat - sigma * SpecialFunctions.normalQuantile(alpha * SpecialFunctions.normalCDF(muHat / sigma))
        // CLs(0) = 1 exactly (q~ = q_A = 0), so f(0) = 1 - alpha needs no fit.
        let observed = try RootFinding.rootNear(lower: 0, fLower: 1 - alpha, guess: guess, absoluteTolerance: 1e-12 * sigma,
                                                relativeTolerance: options.relativeTolerance) { mu in
            try test(mu).cls - alpha
        }
        var expected: ExpectedBand?
        if options.computeExpected {
            var edges: [Double] = []
            for n in ExpectedBand.sigmas {
                let guess = AsymptoticFormulae.gaussianExpectedLimit(sigma: sigma, alpha: alpha, band: n)
                let edge = try RootFinding.rootNear(lower: 0, fLower: 1 - alpha, guess: guess, absoluteTolerance: 1e-12 * sigma,
                                                    relativeTolerance: options.relativeTolerance) { mu in
                    Self.expectedCLs(qAsimov: try qAsimov(mu), sigma: n) - alpha
                }
                edges.append(edge)
            }
            expected = ExpectedBand(ordered: edges)
        }
        return UpperLimit(method: .clsAsymptotic, confidenceLevel: options.confidenceLevel,
                          observed: observed, expected: expected)
    }
}

/// Closed forms used as references and by the Gaussian approximation.
public enum AsymptoticFormulae {
    /// q_mu,A for one Poisson bin without nuisances: 2 [s - b ln(1 + s/b)] (docs/statistics.md 6.3).
    public static func singleBinQAsimov(signal s: Double, background b: Double) -> Double {
        b > 0 ? 2 * (s - b * Double.log(onePlus: s / b)) : 2 * s
    }

    /// Expected CLs limit in the constant-sigma Gaussian approximation (CCGV eq. 89):
    /// mu_up(N) = sigma [Phi^-1(1 - alpha Phi(N)) + N].
    public static func gaussianExpectedLimit(sigma: Double, alpha: Double, band n: Double) -> Double {
        sigma * (SpecialFunctions.normalQuantile(1 - alpha * SpecialFunctions.normalCDF(n)) + n)
    }

    /// Median discovery significance Z_A = sqrt(2 [(s + b) ln(1 + s/b) - s]) (CCGV eq. 97).
    public static func discoverySignificance(signal s: Double, background b: Double) -> Double {
        Double.sqrt(2 * ((s + b) * Double.log(onePlus: s / b) - s))
    }
}
