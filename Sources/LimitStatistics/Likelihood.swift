import NumericalMethods
import RealModule

/// The negative log-likelihood of a `CountingModel`, with its gradient and Hessian, and a
/// bounded Newton minimiser. One instance is a scratch workspace for one thread: it holds
/// arrays made once, so that fits in a scan allocate nothing.
///
/// Parameter vector x: x[0] is the signal strength mu, x[1 + p] is nuisance parameter p.
///
/// The work is done by the value type `LikelihoodCore`: inside its mutating methods the
/// compiler proves exclusive access to the scratch arrays statically, whereas every element
/// access to a class's stored array is checked at run time (that check cost 70 % of a fit).
public final class Likelihood {
    /// The result of a fit.
    public struct Fit: Sendable {
        public var parameters: [Double]
        public var negativeLogLikelihood: Double
        public var iterations: Int
        public var converged: Bool
    }

    var core: LikelihoodCore

    public init(model: CountingModel) { core = LikelihoodCore(model: model) }

    public var model: CountingModel { core.model }
    public var parameterCount: Int { core.parameterCount }
    public var lowerBounds: [Double] { core.lowerBounds }
    public var upperBounds: [Double] { core.upperBounds }
    /// Observed counts and auxiliary measurements the likelihood is evaluated on.
    public var counts: [Double] { core.counts }
    public var auxiliary: [Double] { core.auxiliary }
    /// Gradient and Hessian (row-major) from the last `evaluateDerivatives`.
    public var gradient: [Double] { core.gradient }
    public var hessian: [Double] { core.hessian }
    /// Upper bound used for mu in fits where it floats.
    public var signalStrengthUpperBound: Double {
        get { core.signalStrengthUpperBound }
        set { core.signalStrengthUpperBound = newValue }
    }

    /// Sets the main counts and the auxiliary measurements (indexed like x; entry 0 unused).
    public func setData(counts: [Double], auxiliary: [Double]) { core.setData(counts: counts, auxiliary: auxiliary) }
    /// Restores the model's observed data and nominal auxiliary measurements.
    public func setObservedData() { core.setObservedData() }
    /// Starting point: mu and every nuisance parameter at its initial value.
    public func initialParameters(mu: Double) -> [Double] { core.initialParameters(mu: mu) }
    /// Expected counts nu_i at x (into `expected`).
    public func expectedCounts(_ x: [Double], into expected: inout [Double]) { core.expectedCounts(x, into: &expected) }
    /// The expected auxiliary measurements at x (for Asimov data).
    public func expectedAuxiliary(_ x: [Double]) -> [Double] { core.expectedAuxiliary(x) }
    /// NLL(x) including all constants (ln Gamma terms), so that values compare with pyhf's.
    public func negativeLogLikelihood(_ x: [Double]) -> Double { core.negativeLogLikelihood(x) }
    /// NLL, gradient and Hessian at x.
    @discardableResult
    public func evaluateDerivatives(_ x: [Double]) -> Double { core.evaluateDerivatives(x) }
    /// Minimises the NLL (see `LikelihoodCore.minimize`).
    public func minimize(from start: [Double], floatSignalStrength: Bool, maxIterations: Int = 200) -> Fit {
        core.minimize(from: start, floatSignalStrength: floatSignalStrength, maxIterations: maxIterations)
    }

    /// Minimises the NLL and throws `LimitStatisticsError.fitFailed` when the fit did not
    /// converge, so that a failed fit can never become a test statistic (and a limit).
    /// `description` says which fit it was ("conditional fit at mu = 2 on the observed data").
    public func fit(from start: [Double], floatSignalStrength: Bool, description: @autoclosure () -> String,
                    maxIterations: Int = 200) throws -> Fit {
        let result = minimize(from: start, floatSignalStrength: floatSignalStrength, maxIterations: maxIterations)
        // With mu fixed, NLL = +inf at the start means a bin with events expects none (no
        // background, mu = 0): the data are impossible under that hypothesis, q = +inf, which
        // is an answer (CLs = 0), not a failure.
        let impossible = !floatSignalStrength && result.iterations == 0 && result.negativeLogLikelihood == .infinity
        guard result.converged || impossible else { throw LimitStatisticsError.fitFailed(failure(result, description())) }
        return result
    }

    /// The point where a fit stopped, with the parameters named as in the model.
    func failure(_ fit: Fit, _ description: String) -> LimitStatisticsError.FitFailure {
        let names = ["mu"] + model.parameters.map(\.name)
        return LimitStatisticsError.FitFailure(fit: description, parameters: Array(zip(names, fit.parameters)),
                                               negativeLogLikelihood: fit.negativeLogLikelihood, iterations: fit.iterations)
    }

    /// The largest negative q = 2 (NLL_conditional - NLL_global) that is rounding, not a failed
    /// global fit: both minima converge to a Newton decrement of 1e-13 |NLL| (or stall within
    /// `LikelihoodCore.stallTolerance` of it), so their difference is good to a few 1e-9 |NLL|;
    /// 1e-6 max(1, |NLL|) leaves a margin of 100 and is still far below any q that moves a limit
    /// (q ~ 2.7 at 90 % CL).
    public static func roundingTolerance(_ negativeLogLikelihood: Double) -> Double {
        1e-6 * Swift.max(1, Swift.abs(negativeLogLikelihood))
    }

    /// q = 2 (conditional - global), with rounding below 0 set to 0 and anything more negative
    /// thrown: the conditional fit then found a lower NLL than the global one, which failed.
    /// q = +inf (a hypothesis under which the data are impossible) is returned as it is.
    public func testStatistic(conditional: Fit, global: Fit, description: @autoclosure () -> String) throws -> Double {
        guard global.negativeLogLikelihood.isFinite else {
            throw LimitStatisticsError.fitFailed(failure(global, description() + " (the global minimum is not finite)"))
        }
        let q = 2 * (conditional.negativeLogLikelihood - global.negativeLogLikelihood)
        guard !q.isNaN else { throw LimitStatisticsError.fitFailed(failure(conditional, description())) }
        if q >= 0 { return q }
        guard -q <= 2 * Self.roundingTolerance(global.negativeLogLikelihood) else {
            throw LimitStatisticsError.fitFailed(failure(global, description()
                + ": the global fit is \(-q / 2) above the conditional one, so it missed the minimum"))
        }
        return 0
    }
}

/// Failures of the statistics that must stop a limit rather than bend it.
public enum LimitStatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A maximum-likelihood fit did not converge (or a global fit was beaten by a conditional
    /// one): the point where it stopped, named parameter by parameter.
    case fitFailed(FitFailure)

    public struct FitFailure: Equatable, Sendable {
        public var fit: String
        public var parameters: [(String, Double)]
        public var negativeLogLikelihood: Double
        public var iterations: Int

        public static func == (a: Self, b: Self) -> Bool {
            a.fit == b.fit && a.parameters.map(\.0) == b.parameters.map(\.0) && a.parameters.map(\.1) == b.parameters.map(\.1)
                && a.negativeLogLikelihood == b.negativeLogLikelihood && a.iterations == b.iterations
        }
    }

    public var description: String {
        switch self {
        case let .fitFailed(failure):
            let point = failure.parameters.map { "\($0.0) = \($0.1)" }.joined(separator: ", ")
            return "the \(failure.fit) did not converge: stopped at \(point) (NLL \(failure.negativeLogLikelihood), "
                + "\(failure.iterations) iterations); no limit is given"
        }
    }
}

/// The state and the arithmetic of `Likelihood`.
struct LikelihoodCore {
    // MARK: Compiled model

    /// One (sample, bin) with a non-zero yield.
    struct Term {
        var bin: Int
        var yield: Double
        var isSignal: Bool
        var modifierStart: Int
        var modifierEnd: Int
    }

    struct CompiledModifier {
        var parameter: Int      // index into x
        var kind: UInt8         // 0 exponential, 1 linear, 2 scale, 3 pyhf code4, 4 pyhf code4p
        var upCoefficient: Double
        var downCoefficient: Double
        /// code4: polynomial coefficients a_1 ... a_6 (kinds 3 and 4 only).
        var polynomial: SIMD8<Double> = .zero
    }

    public let model: CountingModel
    public let parameterCount: Int
    public private(set) var lowerBounds: [Double]
    public private(set) var upperBounds: [Double]

    var terms: [Term] = []
    var termModifiers: [Int] = []
    var modifiers: [CompiledModifier] = []
    /// Parameters whose response has a kink at theta = 0 (piecewise exponential or linear with
    /// different up and down slopes): the fitter treats theta = 0 as a breakpoint.
    var hasKink: [Bool] = []
    /// Which branch the derivatives use at exactly theta = 0 (+1 up, -1 down), per x index.
    var kinkSide: [Int8] = []
    var constraintKind: [UInt8]   // 0 normal, 1 poisson, 2 free (per x index; x[0] free)
    var constraintWidth: [Double]
    var constraintTau: [Double]
    var logGammaAuxiliary: [Double]

    /// Observed counts and auxiliary measurements the likelihood is evaluated on.
    public private(set) var counts: [Double]
    public private(set) var auxiliary: [Double]
    var logGammaCounts: [Double]

    // MARK: Scratch

    var factor: [Double]
    var dLog: [Double]
    var d2Log: [Double]
    var nu: [Double]
    public private(set) var gradient: [Double]
    public private(set) var hessian: [Double]
    var binGradient: [Double]
    var touched: [Int]
    var isTouched: [Bool]
    var termGradient: [Double]
    var termTouched: [Int]
    private var trial: [Double]
    private var step: [Double]
    private var stepLower: [Double]
    private var stepUpper: [Double]
    private var activeIndex: [Int]
    private var matrix: [Double]

    /// Upper bound used for mu in fits where it floats.
    public var signalStrengthUpperBound: Double

    public init(model: CountingModel) {
        self.model = model
        parameterCount = 1 + model.parameters.count
        let n = parameterCount
        lowerBounds = [0] + model.parameters.map(\.lowerBound)
        upperBounds = [Double.greatestFiniteMagnitude] + model.parameters.map(\.upperBound)
        signalStrengthUpperBound = 1e12
        constraintKind = [2]
        constraintWidth = [1]
        constraintTau = [1]
        for parameter in model.parameters {
            switch parameter.constraint {
            case let .normal(_, width): constraintKind.append(0); constraintWidth.append(width); constraintTau.append(1)
            case let .poisson(tau): constraintKind.append(1); constraintWidth.append(1); constraintTau.append(tau)
            case .free: constraintKind.append(2); constraintWidth.append(1); constraintTau.append(1)
            }
        }
        counts = model.observed
        auxiliary = [0] + model.parameters.map(\.nominalAuxiliary)
        logGammaCounts = []
        logGammaAuxiliary = []
        factor = []
        dLog = []
        d2Log = []
        nu = Array(repeating: 0, count: model.binCount)
        gradient = Array(repeating: 0, count: n)
        hessian = Array(repeating: 0, count: n * n)
        binGradient = Array(repeating: 0, count: n)
        touched = []
        touched.reserveCapacity(n)
        isTouched = Array(repeating: false, count: n)
        termGradient = Array(repeating: 0, count: n)
        termTouched = []
        termTouched.reserveCapacity(n)
        trial = Array(repeating: 0, count: n)
        step = Array(repeating: 0, count: n)
        stepLower = Array(repeating: 0, count: n)
        stepUpper = Array(repeating: 0, count: n)
        activeIndex = []
        activeIndex.reserveCapacity(n)
        matrix = Array(repeating: 0, count: n * n)
        compile()
        setData(counts: model.observed, auxiliary: auxiliary)
    }

    private mutating func compile() {
        for sample in model.samples {
            for bin in 0..<model.binCount where sample.yields[bin] > 0 {
                let start = termModifiers.count
                for modifier in sample.modifiers where modifier.bin == nil || modifier.bin == bin {
                    termModifiers.append(compiledIndex(for: modifier))
                }
                terms.append(Term(bin: bin, yield: sample.yields[bin], isSignal: sample.isSignal,
                                  modifierStart: start, modifierEnd: termModifiers.count))
            }
        }
        // The bin loop of `evaluateDerivatives` walks the terms bin by bin.
        terms.sort { $0.bin < $1.bin }
        hasKink = Array(repeating: false, count: parameterCount)
        kinkSide = Array(repeating: 1, count: parameterCount)
        for modifier in modifiers where modifier.kind <= 1 && modifier.upCoefficient != modifier.downCoefficient {
            hasKink[modifier.parameter] = true
        }
        factor = Array(repeating: 1, count: modifiers.count)
        dLog = Array(repeating: 0, count: modifiers.count)
        d2Log = Array(repeating: 0, count: modifiers.count)
    }

    private mutating func compiledIndex(for modifier: Modifier) -> Int {
        let compiled: CompiledModifier
        switch modifier.response {
        case let .exponential(up, down):
            compiled = CompiledModifier(parameter: modifier.parameter + 1, kind: 0,
                                        upCoefficient: Double.log(up), downCoefficient: -Double.log(down))
        case let .linear(up, down):
            compiled = CompiledModifier(parameter: modifier.parameter + 1, kind: 1,
                                        upCoefficient: up - 1, downCoefficient: 1 - down)
        case .scale:
            compiled = CompiledModifier(parameter: modifier.parameter + 1, kind: 2, upCoefficient: 0, downCoefficient: 0)
        case let .polynomialExponential(up, down):
            compiled = CompiledModifier(parameter: modifier.parameter + 1, kind: 3, upCoefficient: Double.log(up),
                                        downCoefficient: Double.log(down),
                                        polynomial: PyhfInterpolation.code4Coefficients(up: up, down: down))
        case let .polynomialLinear(up, down):
            compiled = CompiledModifier(parameter: modifier.parameter + 1, kind: 4, upCoefficient: up, downCoefficient: down)
        }
        modifiers.append(compiled)
        return modifiers.count - 1
    }

    // MARK: Data

    /// Sets the main counts and the auxiliary measurements (indexed like x; entry 0 unused).
    public mutating func setData(counts newCounts: [Double], auxiliary newAuxiliary: [Double]) {
        precondition(newCounts.count == model.binCount && newAuxiliary.count == parameterCount)
        counts = newCounts
        auxiliary = newAuxiliary
        if logGammaCounts.count != counts.count { logGammaCounts = Array(repeating: 0, count: counts.count) }
        for i in counts.indices { logGammaCounts[i] = Double.logGamma(counts[i] + 1) }
        if logGammaAuxiliary.count != parameterCount { logGammaAuxiliary = Array(repeating: 0, count: parameterCount) }
        for p in 0..<parameterCount { logGammaAuxiliary[p] = constraintKind[p] == 1 ? Double.logGamma(auxiliary[p] + 1) : 0 }
    }

    /// Restores the model's own observed counts and nominal auxiliary data.
    public mutating func setObservedData() {
        setData(counts: model.observed, auxiliary: [0] + model.parameters.map(\.nominalAuxiliary))
    }

    /// The nominal starting point: mu and every nuisance at its initial value.
    public func initialParameters(mu: Double) -> [Double] {
        [mu] + model.parameters.map(\.initial)
    }

    // MARK: Evaluation

    mutating func updateModifiers(_ x: [Double]) {
        for m in modifiers.indices {
            let modifier = modifiers[m]
            let theta = x[modifier.parameter]
            switch modifier.kind {
            case 0:
                let up = theta > 0 || (theta == 0 && kinkSide[modifier.parameter] > 0)
                let c = up ? modifier.upCoefficient : modifier.downCoefficient
                factor[m] = Double.exp(c * theta)
                dLog[m] = c
                d2Log[m] = 0
            case 1:
                let up = theta > 0 || (theta == 0 && kinkSide[modifier.parameter] > 0)
                let c = up ? modifier.upCoefficient : modifier.downCoefficient
                let f = 1 + c * theta
                factor[m] = f
                dLog[m] = c / f
                d2Log[m] = -(c / f) * (c / f)
            case 2:
                factor[m] = theta
                dLog[m] = 1 / theta
                d2Log[m] = -1 / (theta * theta)
            default:
                let (f, slope, curvature) = modifier.kind == 3
                    ? PyhfInterpolation.code4(theta, coefficients: modifier.polynomial,
                                              logUp: modifier.upCoefficient, logDown: modifier.downCoefficient)
                    : PyhfInterpolation.code4p(theta, up: modifier.upCoefficient, down: modifier.downCoefficient)
                factor[m] = f
                dLog[m] = slope / f
                d2Log[m] = curvature / f - (slope / f) * (slope / f)
            }
        }
    }

    /// Expected counts nu_i at x (into `expected`).
    public mutating func expectedCounts(_ x: [Double], into expected: inout [Double]) {
        updateModifiers(x)
        if expected.count != model.binCount { expected = Array(repeating: 0, count: model.binCount) }
        for i in expected.indices { expected[i] = 0 }
        for term in terms {
            var y = term.isSignal ? term.yield * x[0] : term.yield
            for k in term.modifierStart..<term.modifierEnd { y *= factor[termModifiers[k]] }
            expected[term.bin] += y
        }
    }

    /// The expected auxiliary measurements at x (for Asimov data).
    public func expectedAuxiliary(_ x: [Double]) -> [Double] {
        var result = [0.0]
        for (p, parameter) in model.parameters.enumerated() { result.append(parameter.expectedAuxiliary(at: x[p + 1])) }
        return result
    }

    /// NLL(x) including all constants (ln Gamma terms), so that values compare with pyhf's.
    public mutating func negativeLogLikelihood(_ x: [Double]) -> Double {
        var expected = nu
        nu = []  // hand the buffer over, so that it is modified in place without a copy
        expectedCounts(x, into: &expected)
        nu = expected
        return nllFromExpected(x)
    }

    func nllFromExpected(_ x: [Double]) -> Double {
        var total = 0.0
        for i in nu.indices {
            let n = counts[i], v = nu[i]
            if v <= 0 {
                if n > 0 { return .infinity }
                continue
            }
            total += v - (n > 0 ? n * Double.log(v) : 0) + logGammaCounts[i]
        }
        for p in 1..<parameterCount { total += constraintTerm(p, x[p]) }
        return total
    }

    func constraintTerm(_ p: Int, _ value: Double) -> Double {
        switch constraintKind[p] {
        case 0:
            let z = (value - auxiliary[p]) / constraintWidth[p]
            return 0.5 * z * z + Double.log(constraintWidth[p]) + 0.91893853320467274178
        case 1:
            let mean = value * constraintTau[p]
            let a = auxiliary[p]
            if mean <= 0 { return a > 0 ? .infinity : 0 }
            return mean - (a > 0 ? a * Double.log(mean) : 0) + logGammaAuxiliary[p]
        default:
            return 0
        }
    }

    /// NLL, gradient and Hessian at x (gradient and Hessian over every x index).
    @discardableResult
    public mutating func evaluateDerivatives(_ x: [Double]) -> Double {
        let n = parameterCount
        updateModifiers(x)
        for i in nu.indices { nu[i] = 0 }
        for term in terms {
            var y = term.isSignal ? term.yield * x[0] : term.yield
            for k in term.modifierStart..<term.modifierEnd { y *= factor[termModifiers[k]] }
            nu[term.bin] += y
        }
        let value = nllFromExpected(x)
        for k in 0..<n { gradient[k] = 0 }
        for k in 0..<(n * n) { hessian[k] = 0 }
        guard value.isFinite else { return value }
        // Bins: d NLL = (1 - n/nu) d nu;  d2 NLL = (1 - n/nu) d2 nu + (n/nu^2) d nu d nu.
        var termIndex = 0
        let termCount = terms.count
        for bin in 0..<nu.count {
            let v = nu[bin]
            let count = counts[bin]
            let w1 = v > 0 ? 1 - count / v : 1
            let w2 = v > 0 ? count / (v * v) : 0
            touched.removeAll(keepingCapacity: true)
            while termIndex < termCount && terms[termIndex].bin == bin {
                accumulateTerm(terms[termIndex], x, w1)
                termIndex += 1
            }
            if w2 != 0 {
                for a in touched {
                    let ga = binGradient[a]
                    for b in touched { hessian[a * n + b] += w2 * ga * binGradient[b] }
                }
            }
            for a in touched {
                gradient[a] += w1 * binGradient[a]
                binGradient[a] = 0
                isTouched[a] = false
            }
        }
        // Constraints.
        for p in 1..<n {
            switch constraintKind[p] {
            case 0:
                let inverseVariance = 1 / (constraintWidth[p] * constraintWidth[p])
                gradient[p] += (x[p] - auxiliary[p]) * inverseVariance
                hessian[p * n + p] += inverseVariance
            case 1:
                let gamma = x[p]
                gradient[p] += constraintTau[p] - auxiliary[p] / gamma
                hessian[p * n + p] += auxiliary[p] / (gamma * gamma)
            default:
                break
            }
        }
        return value
    }

    /// Adds one (sample, bin) term's first derivatives to the bin gradient and w1 times its
    /// second derivatives to the Hessian: for y = c(mu) Y prod f_m,
    /// dy/dtheta_p = y d_p and d2y/dtheta_p dtheta_q = y (d_p d_q + delta_pq e_p),
    /// with d_p = sum f'/f and e_p = sum (f''/f - (f'/f)^2) over the term's modifiers of p.
    mutating func accumulateTerm(_ term: Term, _ x: [Double], _ w1: Double) {
        let n = parameterCount
        var reduced = term.yield  // y without the mu factor
        for k in term.modifierStart..<term.modifierEnd { reduced *= factor[termModifiers[k]] }
        let y = term.isSignal ? reduced * x[0] : reduced
        termTouched.removeAll(keepingCapacity: true)
        for k in term.modifierStart..<term.modifierEnd {
            let m = termModifiers[k]
            let p = modifiers[m].parameter
            if !termTouched.contains(p) { termTouched.append(p) }
            termGradient[p] += dLog[m]
            hessian[p * n + p] += w1 * y * d2Log[m]
        }
        for a in termTouched {
            let da = termGradient[a]
            binGradient[a] += y * da
            if !isTouched[a] { isTouched[a] = true; touched.append(a) }
            for b in termTouched { hessian[a * n + b] += w1 * y * da * termGradient[b] }
            if term.isSignal {
                // d2y / dmu dtheta_a = Y prod f * d_a.
                hessian[a] += w1 * reduced * da
                hessian[a * n] += w1 * reduced * da
            }
        }
        if term.isSignal {
            binGradient[0] += reduced
            if !isTouched[0] { isTouched[0] = true; touched.append(0) }
        }
        for a in termTouched { termGradient[a] = 0 }
    }

    // MARK: Minimisation

    typealias Fit = Likelihood.Fit

    /// A line search that finds no descent counts as convergence when the Newton decrement
    /// (twice the predicted NLL decrease) is below this fraction of max(1, |NLL|): sqrt of the
    /// double-precision epsilon, where NLL differences stop being resolved.
    static let stallTolerance = 1.5e-8

    /// Minimises the NLL over the parameters marked free, starting from `start`, by Newton steps
    /// with a Levenberg shift when the Hessian is not positive definite, a backtracking line
    /// search, and bounds handled by projection with an active set.
    ///
    /// A kinked response (different up and down slopes at theta = 0) makes the NLL
    /// non-differentiable there, and the minimum often sits exactly on the kink (the Asimov fits
    /// do). Each iteration therefore confines kinked parameters to their current side of 0, as if
    /// 0 were a bound; at 0 the one-sided derivatives decide: a parameter whose right derivative
    /// is >= 0 and left derivative <= 0 stays pinned at the kink, otherwise it moves to the side
    /// that descends, with that side's derivatives.
    ///
    /// - Parameters:
    ///   - start: the starting point (x[0] = mu); fixed entries keep their value.
    ///   - floatSignalStrength: whether mu is fitted (bounded to [0, signalStrengthUpperBound]).
    public mutating func minimize(from start: [Double], floatSignalStrength: Bool, maxIterations: Int = 200) -> Fit {
        let n = parameterCount
        var x = start
        for p in 1..<n { x[p] = Swift.min(Swift.max(x[p], lowerBounds[p]), upperBounds[p]) }
        if floatSignalStrength { x[0] = Swift.min(Swift.max(x[0], 0), signalStrengthUpperBound) }
        var value = evaluateDerivatives(x)
        // A start where a bin with events expects none (no background, mu = 0) has NLL = +inf;
        // with mu free, raise mu until every such bin expects some signal.
        var raised = Swift.max(1, x[0])
        while !value.isFinite && floatSignalStrength && raised <= signalStrengthUpperBound {
            x[0] = raised
            value = evaluateDerivatives(x)
            raised *= 10
        }
        if !value.isFinite {
            return Fit(parameters: x, negativeLogLikelihood: value, iterations: 0, converged: false)
        }
        var iteration = 0
        var converged = false
        while iteration < maxIterations {
            iteration += 1
            value = chooseKinkSides(x, value: value)
            // Per-iteration box: the bounds, narrowed to the current side of each kink.
            for p in 0..<n {
                stepLower[p] = p == 0 ? 0 : lowerBounds[p]
                stepUpper[p] = p == 0 ? signalStrengthUpperBound : upperBounds[p]
                if hasKink[p] {
                    if x[p] > 0 || (x[p] == 0 && kinkSide[p] > 0) { stepLower[p] = Swift.max(stepLower[p], 0) }
                    else { stepUpper[p] = Swift.min(stepUpper[p], 0) }
                }
            }
            // Active set: free parameters not pinned at a bound (or kink) by the gradient.
            activeIndex.removeAll(keepingCapacity: true)
            for p in (floatSignalStrength ? 0 : 1)..<n {
                if x[p] <= stepLower[p] && gradient[p] > 0 { continue }
                if x[p] >= stepUpper[p] && gradient[p] < 0 { continue }
                activeIndex.append(p)
            }
            if activeIndex.isEmpty { converged = true; break }
            guard solveNewtonStep() else { break }
            // Newton decrement g . step (negative for a descent direction).
            var decrement = 0.0
            for (k, p) in activeIndex.enumerated() { decrement += gradient[p] * step[k] }
            if -decrement < 1e-13 * Swift.max(1, Swift.abs(value)) { converged = true; break }
            var t = 1.0
            var accepted = false
            for _ in 0..<60 {
                for p in 0..<n { trial[p] = x[p] }
                for (k, p) in activeIndex.enumerated() {
                    trial[p] = Swift.min(Swift.max(x[p] + t * step[k], stepLower[p]), stepUpper[p])
                }
                let trialValue = negativeLogLikelihood(trial)
                if trialValue.isFinite && trialValue <= value + 1e-4 * t * decrement {
                    accepted = true
                    break
                }
                t *= 0.5
            }
            // No descent within 60 halvings: converged only if Newton predicted a change that
            // double precision cannot resolve; otherwise the fit is stuck away from the minimum.
            if !accepted {
                converged = -decrement <= Self.stallTolerance * Swift.max(1, Swift.abs(value))
                break
            }
            let previous = value
            for p in 0..<n { x[p] = trial[p] }
            value = evaluateDerivatives(x)
            if Swift.abs(previous - value) < 1e-15 * Swift.max(1, Swift.abs(value)) && t < 1e-3 {
                converged = true
                break
            }
        }
        return Fit(parameters: x, negativeLogLikelihood: value, iterations: iteration, converged: converged)
    }

    /// For kinked parameters sitting exactly at 0, picks the branch whose derivatives the next
    /// step uses: the up side if the right derivative descends, else the down side (where a
    /// left derivative <= 0 pins the parameter, since the right one is >= 0). A side only changes
    /// its own parameter's row of the gradient and Hessian, so parameters are settled one by one.
    /// Returns the NLL (unchanged; the derivatives are left evaluated at x).
    private mutating func chooseKinkSides(_ x: [Double], value: Double) -> Double {
        var changed = false
        for p in 1..<parameterCount where hasKink[p] && x[p] == 0 && kinkSide[p] < 0 {
            kinkSide[p] = 1
            changed = true
        }
        if changed { _ = evaluateDerivatives(x) }
        for p in 1..<parameterCount where hasKink[p] && x[p] == 0 && gradient[p] >= 0 {
            kinkSide[p] = -1
            _ = evaluateDerivatives(x)
        }
        return value
    }

    /// Solves (H + lambda D) step = -g on the active parameters by Cholesky decomposition,
    /// raising lambda until the matrix is positive definite.
    private mutating func solveNewtonStep() -> Bool {
        let n = parameterCount
        let m = activeIndex.count
        var shift = 0.0
        for _ in 0..<40 {
            for a in 0..<m {
                for b in 0..<m { matrix[a * m + b] = hessian[activeIndex[a] * n + activeIndex[b]] }
                let diagonal = Swift.abs(matrix[a * m + a])
                matrix[a * m + a] += shift * Swift.max(diagonal, 1e-12)
            }
            if choleskyInPlace(m) {
                for a in 0..<m { step[a] = -gradient[activeIndex[a]] }
                choleskySolveInPlace(m)
                var finite = true
                for a in 0..<m where !step[a].isFinite { finite = false }
                if finite { return true }
            }
            shift = shift == 0 ? 1e-8 : shift * 10
        }
        return false
    }

    private mutating func choleskyInPlace(_ m: Int) -> Bool {
        for j in 0..<m {
            var diagonal = matrix[j * m + j]
            for k in 0..<j { diagonal -= matrix[j * m + k] * matrix[j * m + k] }
            guard diagonal > 0, diagonal.isFinite else { return false }
            let root = Double.sqrt(diagonal)
            matrix[j * m + j] = root
            for i in (j + 1)..<Swift.max(j + 1, m) {
                var sum = matrix[i * m + j]
                for k in 0..<j { sum -= matrix[i * m + k] * matrix[j * m + k] }
                matrix[i * m + j] = sum / root
            }
        }
        return true
    }

    private mutating func choleskySolveInPlace(_ m: Int) {
        for i in 0..<m {
            var sum = step[i]
            for k in 0..<i { sum -= matrix[i * m + k] * step[k] }
            step[i] = sum / matrix[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            var sum = step[i]
            for k in (i + 1)..<Swift.max(i + 1, m) { sum -= matrix[k * m + i] * step[k] }
            step[i] = sum / matrix[i * m + i]
        }
    }
}
