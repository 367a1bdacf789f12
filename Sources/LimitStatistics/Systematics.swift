/// What a relative systematic uncertainty acts on.
public enum SystematicTarget: String, Sendable, Hashable, CaseIterable {
    /// Signal efficiency times luminosity (all signal samples).
    case signal
    /// All background samples.
    case background
    /// Signal and background alike (luminosity).
    case all
}

/// The prior (Bayesian, hybrid) or constraint (profile likelihood) shape of a systematic.
public enum ConstraintShape: String, Sendable, Hashable, CaseIterable {
    /// Factor 1 + sigma theta, theta ~ N(0, 1) truncated where the factor would be negative.
    case gaussian
    /// Factor kappa^theta with kappa = 1 + sigma, theta ~ N(0, 1).
    case logNormal = "lognormal"
    /// pyhf's `normsys` with its default interpolation (code4): factor 1 + sigma at theta = +1,
    /// 1 - sigma at theta = -1, exponential beyond and a polynomial between; theta ~ N(0, 1) in
    /// [-5, 5], pyhf's bounds. Needs sigma < 1. The search likelihood's nuisances
    /// (docs/statistics.md 6.7).
    case normsys
}

/// A relative systematic uncertainty as the talks tabulate them: a source, its size (one value
/// for all bins or one per bin), what it acts on, and whether it is correlated across bins.
public struct Systematic: Sendable, Hashable {
    public var name: String
    public var target: SystematicTarget
    /// Relative size (0.1 = 10 %), one value or one per bin.
    public var relative: [Double]
    public var shape: ConstraintShape
    /// One parameter for all bins (true) or an independent parameter per bin (false).
    public var correlated: Bool

    public init(name: String, target: SystematicTarget, relative: [Double], shape: ConstraintShape = .gaussian,
                correlated: Bool = true) {
        self.name = name
        self.target = target
        self.relative = relative
        self.shape = shape
        self.correlated = correlated
    }
}

/// One bin of a counting experiment.
public struct CountingBin: Sendable, Hashable {
    public var observed: Double
    /// Expected signal at mu = 1 (so the limit on mu is a limit in units of this yield).
    public var signal: Double
    public var background: Double

    public init(observed: Double, signal: Double, background: Double) {
        self.observed = observed
        self.signal = signal
        self.background = background
    }
}

extension CountingModel {
    /// Builds a model from bins and relative systematics: one signal and one background sample,
    /// a parameter per correlated systematic and per bin for uncorrelated ones.
    public init(bins: [CountingBin], systematics: [Systematic] = []) throws {
        var signal = Sample(name: "signal", yields: bins.map(\.signal), isSignal: true)
        var background = Sample(name: "background", yields: bins.map(\.background), isSignal: false)
        var parameters: [NuisanceParameter] = []
        for (index, systematic) in systematics.enumerated() {
            let field = "systematics[\(index)] (\(systematic.name))"
            guard systematic.relative.count == 1 || systematic.relative.count == bins.count else {
                throw ModelError.invalid(field: field + ".relative",
                                         expected: "one value or \(bins.count) (one per bin), got \(systematic.relative.count)")
            }
            for value in systematic.relative where !(value >= 0 && value.isFinite) {
                throw ModelError.invalid(field: field + ".relative", expected: "relative sizes >= 0, got \(value)")
            }
            // normsys: the factor at theta = -1 is 1 - sigma, which must stay > 0.
            for value in systematic.relative where systematic.shape == .normsys && value >= 1 {
                throw ModelError.invalid(field: field + ".relative", expected: "relative sizes below 1 for a normsys, got \(value)")
            }
            let sizes = systematic.relative.count == 1
                ? Array(repeating: systematic.relative[0], count: bins.count) : systematic.relative
            if systematic.correlated {
                guard let largest = sizes.max(), largest > 0 else { continue }
                let parameter = parameters.count
                parameters.append(Self.parameter(named: systematic.name, sigma: largest, shape: systematic.shape))
                if systematic.relative.count == 1 {
                    Self.attach(Modifier(parameter: parameter, response: Self.response(sigma: largest, shape: systematic.shape)),
                                target: systematic.target, signal: &signal, background: &background)
                } else {
                    for (bin, size) in sizes.enumerated() where size > 0 {
                        Self.attach(Modifier(parameter: parameter, bin: bin, response: Self.response(sigma: size, shape: systematic.shape)),
                                    target: systematic.target, signal: &signal, background: &background)
                    }
                }
            } else {
                for (bin, size) in sizes.enumerated() where size > 0 {
                    let parameter = parameters.count
                    parameters.append(Self.parameter(named: "\(systematic.name)[\(bin)]", sigma: size, shape: systematic.shape))
                    Self.attach(Modifier(parameter: parameter, bin: bin, response: Self.response(sigma: size, shape: systematic.shape)),
                                target: systematic.target, signal: &signal, background: &background)
                }
            }
        }
        try self.init(observed: bins.map(\.observed), samples: [signal, background], parameters: parameters)
    }

    /// A single-bin model with an absolute background uncertainty and a relative signal
    /// (efficiency x luminosity) uncertainty: the command line's `limit`.
    public static func singleBin(observed: Double, signal: Double = 1, background: Double,
                                 backgroundUncertainty: Double = 0, signalUncertainty: Double = 0,
                                 shape: ConstraintShape = .gaussian) throws -> CountingModel {
        guard backgroundUncertainty >= 0, backgroundUncertainty.isFinite else {
            throw ModelError.invalid(field: "background uncertainty", expected: "a value >= 0, got \(backgroundUncertainty)")
        }
        var systematics: [Systematic] = []
        if signalUncertainty > 0 {
            systematics.append(Systematic(name: "signal_efficiency", target: .signal, relative: [signalUncertainty], shape: shape))
        }
        if backgroundUncertainty > 0 {
            guard background > 0 else {
                throw ModelError.invalid(field: "background uncertainty", expected: "zero when the background is zero")
            }
            systematics.append(Systematic(name: "background_normalisation", target: .background,
                                          relative: [backgroundUncertainty / background], shape: shape))
        }
        return try CountingModel(bins: [CountingBin(observed: observed, signal: signal, background: background)],
                                 systematics: systematics)
    }

    private static func parameter(named name: String, sigma: Double, shape: ConstraintShape) -> NuisanceParameter {
        // Gaussian: the factor 1 + sigma theta stays >= 0 (truncation); log-normal: +-10 sigma is
        // ample; normsys: pyhf's bounds.
        let (lower, upper): (Double, Double)
        switch shape {
        case .gaussian: (lower, upper) = (Swift.max(-1 / sigma, -10), 10)
        case .logNormal: (lower, upper) = (-10, 10)
        case .normsys: (lower, upper) = (-5, 5)
        }
        return NuisanceParameter(name: name, initial: 0, lowerBound: lower, upperBound: upper,
                                 constraint: .normal(auxiliary: 0, width: 1))
    }

    private static func response(sigma: Double, shape: ConstraintShape) -> Modifier.Response {
        switch shape {
        case .gaussian: return .linear(up: 1 + sigma, down: 1 - sigma)
        case .logNormal: return .exponential(up: 1 + sigma, down: 1 / (1 + sigma))
        case .normsys: return .polynomialExponential(up: 1 + sigma, down: 1 - sigma)
        }
    }

    private static func attach(_ modifier: Modifier, target: SystematicTarget, signal: inout Sample, background: inout Sample) {
        if target != .background { signal.modifiers.append(modifier) }
        if target != .signal { background.modifiers.append(modifier) }
    }
}
