/// A binned counting experiment: observed counts, samples with expected yields, and nuisance
/// parameters that modify the yields. The semantics are those of pyhf's HistFactory subset
/// without shape interpolation (normsys, lumi, shapesys, normfactor, and a linear normalisation
/// systematic equal to pyhf's `histosys` with code0 applied to a normalisation).
///
/// Expected yield in bin i (the signal strength mu scales samples marked `isSignal`):
///
///     nu_i(mu, theta) = sum_samples c_s(mu) * y_{s,i} * prod_{modifiers m of s acting on i} f_m(theta_{p(m)})
///
/// and the negative log-likelihood is
///
///     NLL = sum_i [nu_i - n_i ln nu_i + ln Gamma(n_i + 1)] + sum_p C_p(theta_p; a_p)
///
/// with C_p the constraint term of parameter p and a_p its auxiliary measurement.
public struct CountingModel: Sendable, Hashable {
    /// Observed counts per bin (may be non-integer for Asimov data).
    public var observed: [Double]
    /// Samples (signal and backgrounds).
    public var samples: [Sample]
    /// Nuisance parameters, referenced by index from the modifiers.
    public var parameters: [NuisanceParameter]

    public var binCount: Int { observed.count }

    public init(observed: [Double], samples: [Sample], parameters: [NuisanceParameter]) throws {
        self.observed = observed
        self.samples = samples
        self.parameters = parameters
        try validate()
    }

    /// Checks shapes, signs and indices; errors name the offending field.
    public func validate() throws {
        guard !observed.isEmpty else { throw ModelError.invalid(field: "observed", expected: "at least one bin") }
        // 2^53: every whole number below is exact, and its Int conversion cannot trap.
        for (i, n) in observed.enumerated() where !(n >= 0 && n <= 9_007_199_254_740_992) {
            throw ModelError.invalid(field: "observed[\(i)]", expected: "a count between 0 and 2^53, got \(n)")
        }
        guard samples.contains(where: \.isSignal) else {
            throw ModelError.invalid(field: "samples", expected: "at least one signal sample")
        }
        for (s, sample) in samples.enumerated() {
            guard sample.yields.count == observed.count else {
                throw ModelError.invalid(field: "samples[\(s)].yields",
                                         expected: "\(observed.count) values (one per bin), got \(sample.yields.count)")
            }
            for (i, y) in sample.yields.enumerated() where !(y >= 0 && y.isFinite) {
                throw ModelError.invalid(field: "samples[\(s)].yields[\(i)]", expected: "a finite yield >= 0, got \(y)")
            }
            for (m, modifier) in sample.modifiers.enumerated() {
                let field = "samples[\(s)].modifiers[\(m)]"
                guard parameters.indices.contains(modifier.parameter) else {
                    throw ModelError.invalid(field: field + ".parameter", expected: "an index below \(parameters.count)")
                }
                if let bin = modifier.bin, !observed.indices.contains(bin) {
                    throw ModelError.invalid(field: field + ".bin", expected: "a bin index below \(observed.count)")
                }
                switch modifier.response {
                case let .exponential(up, down), let .linear(up, down), let .polynomialLinear(up, down):
                    guard up > 0, down >= 0, up.isFinite, down.isFinite else {
                        throw ModelError.invalid(field: field, expected: "up > 0 and down >= 0, got up \(up), down \(down)")
                    }
                case let .polynomialExponential(up, down):
                    guard up > 0, down > 0, up.isFinite, down.isFinite else {
                        throw ModelError.invalid(field: field, expected: "up > 0 and down > 0, got up \(up), down \(down)")
                    }
                case .scale: break
                }
            }
        }
        for (p, parameter) in parameters.enumerated() {
            let field = "parameters[\(p)] (\(parameter.name))"
            guard parameter.lowerBound < parameter.upperBound,
                  parameter.initial >= parameter.lowerBound, parameter.initial <= parameter.upperBound else {
                throw ModelError.invalid(field: field, expected: "lower bound < upper bound with the initial value inside")
            }
            switch parameter.constraint {
            case let .normal(_, width):
                guard width > 0, width.isFinite else { throw ModelError.invalid(field: field + ".width", expected: "a width > 0") }
            case let .poisson(tau):
                guard tau > 0, tau.isFinite else { throw ModelError.invalid(field: field + ".tau", expected: "tau > 0") }
            case .free: break
            }
        }
    }

    /// Total signal yield at mu = 1 and nominal nuisances; zero means no sensitivity.
    public var nominalSignal: Double {
        samples.filter(\.isSignal).reduce(0) { $0 + $1.yields.reduce(0, +) }
    }

    /// A copy with other observed counts (pseudo-data, Asimov data).
    public func with(observed newObserved: [Double]) -> CountingModel {
        var copy = self
        copy.observed = newObserved
        return copy
    }
}

/// A sample: yields per bin at the nominal parameter values (and at mu = 1 for signal).
public struct Sample: Sendable, Hashable {
    public var name: String
    public var yields: [Double]
    /// Scaled by the signal strength mu.
    public var isSignal: Bool
    public var modifiers: [Modifier]

    public init(name: String, yields: [Double], isSignal: Bool, modifiers: [Modifier] = []) {
        self.name = name
        self.yields = yields
        self.isSignal = isSignal
        self.modifiers = modifiers
    }
}

/// A multiplicative factor f(theta) on one sample, in every bin or in one bin.
public struct Modifier: Sendable, Hashable {
    /// How the factor depends on its parameter.
    public enum Response: Sendable, Hashable {
        /// pyhf `normsys`, interpolation code1: up^theta for theta >= 0, down^(-theta) below.
        /// With down = 1/up it is the log-normal factor kappa^theta.
        case exponential(up: Double, down: Double)
        /// Piecewise linear: 1 + theta (up - 1) for theta >= 0, 1 + theta (1 - down) below
        /// (pyhf `histosys` code0 on a normalisation). With a normal constraint and the bound
        /// theta >= -1/(1 - down) this is the truncated-Gaussian systematic.
        case linear(up: Double, down: Double)
        /// pyhf `normsys` with pyhf's default interpolation code4: the exponential branches for
        /// |theta| >= 1 and, inside, the sixth-order polynomial 1 + sum a_i theta^i that matches
        /// their value, slope and curvature at theta = +-1.
        case polynomialExponential(up: Double, down: Double)
        /// pyhf `histosys` with pyhf's default interpolation code4p, as a factor on the sample:
        /// linear for |theta| > 1 as `linear`, and inside
        /// 1 + theta S + theta^2 A (15 - 10 theta^2 + 3 theta^4) with S = (up - down)/2,
        /// A = (up + down - 2)/16.
        case polynomialLinear(up: Double, down: Double)
        /// The factor is the parameter itself (pyhf `lumi`, `shapesys` gamma, `normfactor`).
        case scale
    }

    public var parameter: Int
    /// nil: the factor acts in every bin.
    public var bin: Int?
    public var response: Response

    public init(parameter: Int, bin: Int? = nil, response: Response) {
        self.parameter = parameter
        self.bin = bin
        self.response = response
    }
}

/// A nuisance parameter with its bounds and constraint.
public struct NuisanceParameter: Sendable, Hashable {
    public enum Constraint: Sendable, Hashable {
        /// Gaussian N(a | theta, width); the auxiliary measurement a is usually 0 (normsys) or 1 (lumi).
        case normal(auxiliary: Double, width: Double)
        /// Poisson Pois(a | gamma tau) with auxiliary a = tau (pyhf `shapesys`, tau = (y/sigma)^2).
        case poisson(tau: Double)
        /// Unconstrained (a floating normalisation).
        case free
    }

    public var name: String
    public var initial: Double
    public var lowerBound: Double
    public var upperBound: Double
    public var constraint: Constraint

    public init(name: String, initial: Double, lowerBound: Double, upperBound: Double, constraint: Constraint) {
        self.name = name
        self.initial = initial
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.constraint = constraint
    }

    /// The auxiliary measurement at nominal (0 or 1 for normal, tau for Poisson).
    public var nominalAuxiliary: Double {
        switch constraint {
        case let .normal(auxiliary, _): return auxiliary
        case let .poisson(tau): return tau
        case .free: return 0
        }
    }

    /// The expected auxiliary measurement at parameter value x (what Asimov data use).
    @inlinable
    public func expectedAuxiliary(at x: Double) -> Double {
        switch constraint {
        case .normal: return x
        case let .poisson(tau): return x * tau
        case .free: return 0
        }
    }
}

/// A model that cannot be evaluated, with the field at fault and what was expected.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(field: String, expected: String)
    case unsupported(method: String, reason: String)

    public var description: String {
        switch self {
        case let .invalid(field, expected): return "\(field): expected \(expected)"
        case let .unsupported(method, reason): return "\(method): \(reason)"
        }
    }
}
