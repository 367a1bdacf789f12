/// The statistical methods the kit offers for an upper limit.
public enum LimitMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// CLs with the q~_mu profile-likelihood statistic and the asymptotic formulae
    /// (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554), as pyhf's AsymptoticCalculator.
    case clsAsymptotic = "cls-asymptotic"
    /// CLs with the q~_mu statistic and seeded pseudo-experiments (frequentist toys, nuisances
    /// profiled, auxiliary data fluctuated), as pyhf's ToyCalculator.
    case clsToys = "cls-toys"
    /// Hybrid CLs for counting (Read, J. Phys. G 28 (2002) 2693; Cousins-Highland
    /// marginalisation of nuisances): exact Poisson sums in one bin, the LEP statistic with
    /// seeded pseudo-experiments in several.
    case cls = "cls"
    /// Bayesian upper limit, flat prior on mu >= 0, nuisances marginalised over their priors.
    case bayes = "bayes"
    /// Feldman-Cousins unified upper limit (PRD 57 (1998) 3873), one bin, known background.
    case feldmanCousins = "fc"

    /// A one-line description for tables and JSON.
    public var summary: String {
        switch self {
        case .clsAsymptotic: return "CLs, q~_mu, asymptotic formulae (CCGV 2011)"
        case .clsToys: return "CLs, q~_mu, pseudo-experiments"
        case .cls: return "hybrid CLs (Cousins-Highland), counting"
        case .bayes: return "Bayesian, flat prior on the signal, marginalised nuisances"
        case .feldmanCousins: return "Feldman-Cousins unified interval"
        }
    }
}

/// Expected limits under the background-only hypothesis: the median and the edges of the
/// +-1 and +-2 standard-deviation bands (the -2 edge is the lowest limit).
public struct ExpectedBand: Sendable, Hashable {
    public var minus2: Double
    public var minus1: Double
    public var median: Double
    public var plus1: Double
    public var plus2: Double

    public init(minus2: Double, minus1: Double, median: Double, plus1: Double, plus2: Double) {
        self.minus2 = minus2
        self.minus1 = minus1
        self.median = median
        self.plus1 = plus1
        self.plus2 = plus2
    }

    /// Builds the band from values ordered as `ExpectedBand.sigmas` (-2 ... +2).
    public init(ordered values: [Double]) {
        precondition(values.count == 5, "an expected band has five edges")
        self.init(minus2: values[0], minus1: values[1], median: values[2], plus1: values[3], plus2: values[4])
    }

    /// The band edges in standard deviations, lowest limit first.
    public static let sigmas: [Double] = [-2, -1, 0, 1, 2]

    public var ordered: [Double] { [minus2, minus1, median, plus1, plus2] }

    /// Every edge infinite: no sensitivity.
    public static let infinite = ExpectedBand(minus2: .infinity, minus1: .infinity, median: .infinity,
                                              plus1: .infinity, plus2: .infinity)
}

/// An upper limit on the signal strength mu (in units of the model's signal yield).
public struct UpperLimit: Sendable, Hashable {
    public var method: LimitMethod
    /// Confidence (or credibility) level, e.g. 0.9.
    public var confidenceLevel: Double
    /// Observed limit; +infinity when the model has no signal (no sensitivity).
    public var observed: Double
    /// Expected limits; nil when they were not asked for.
    public var expected: ExpectedBand?

    public init(method: LimitMethod, confidenceLevel: Double, observed: Double, expected: ExpectedBand?) {
        self.method = method
        self.confidenceLevel = confidenceLevel
        self.observed = observed
        self.expected = expected
    }
}

/// Options shared by the limit calculators.
public struct LimitOptions: Sendable, Hashable {
    /// Confidence or credibility level (0.9 = 90 %).
    public var confidenceLevel: Double = 0.9
    /// Whether to compute the expected band too.
    public var computeExpected: Bool = true
    /// Relative tolerance of the root finder on the limit.
    public var relativeTolerance: Double = 1e-6
    /// Pseudo-experiments for toy-based methods (and expected bands of several bins).
    public var toys: Int = 2000
    /// Seed of the pseudo-experiments.
    public var seed: UInt64 = 20_220_726
    /// Step in mu of the Feldman-Cousins construction, in units of the signal yield.
    public var feldmanCousinsStep: Double = 0.001

    public init(confidenceLevel: Double = 0.9, computeExpected: Bool = true) {
        self.confidenceLevel = confidenceLevel
        self.computeExpected = computeExpected
    }

    /// Checks the level and the counts; errors name the option.
    public func validate() throws {
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw ModelError.invalid(field: "confidence level", expected: "a value strictly between 0 and 1, got \(confidenceLevel)")
        }
        guard toys >= 10 else { throw ModelError.invalid(field: "toys", expected: "at least 10, got \(toys)") }
        guard relativeTolerance > 0, relativeTolerance < 0.1 else {
            throw ModelError.invalid(field: "relative tolerance", expected: "between 0 and 0.1, got \(relativeTolerance)")
        }
        guard feldmanCousinsStep > 0 else {
            throw ModelError.invalid(field: "Feldman-Cousins step", expected: "a step > 0, got \(feldmanCousinsStep)")
        }
    }
}
