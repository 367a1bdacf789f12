import RealModule

/// A failure of a bracketing root finder, with what was tried.
public enum RootFindingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// f(lower) and f(upper) have the same sign.
    case notBracketed(lower: Double, upper: Double, fLower: Double, fUpper: Double)
    /// The function returned NaN at x.
    case notANumber(at: Double)
    /// No sign change was found while expanding the bracket up to `limit`.
    case noSignChangeUpTo(limit: Double)

    public var description: String {
        switch self {
        case let .notBracketed(a, b, fa, fb):
            return "root not bracketed: f(\(a)) = \(fa) and f(\(b)) = \(fb) have the same sign"
        case let .notANumber(x):
            return "function is NaN at \(x)"
        case let .noSignChangeUpTo(limit):
            return "no sign change found up to \(limit)"
        }
    }
}

/// Bracketing root finders. They never evaluate outside the bracket they are given, so a
/// function that is undefined below zero (a signal strength, say) is never called there.
public enum RootFinding {
    /// Brent's method (Brent 1973, ch. 4): inverse quadratic interpolation safeguarded by bisection.
    ///
    /// - Parameters:
    ///   - lower, upper: a bracket with f(lower) f(upper) <= 0.
    ///   - absoluteTolerance, relativeTolerance: stop when the bracket is narrower than
    ///     `absoluteTolerance + relativeTolerance * |x|`.
    /// - Returns: the root.
    public static func brent(
        lower: Double, upper: Double,
        absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-10,
        maxIterations: Int = 200,
        _ f: (Double) throws -> Double
    ) throws -> Double {
        try brent(lower: lower, upper: upper, fLower: try f(lower), fUpper: try f(upper),
                  absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance,
                  maxIterations: maxIterations, f)
    }

    /// Brent's method when f at both ends is already known (saves two evaluations).
    public static func brent(
        lower: Double, upper: Double, fLower: Double, fUpper: Double,
        absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-10,
        maxIterations: Int = 200,
        _ f: (Double) throws -> Double
    ) throws -> Double {
        var a = lower, b = upper
        var fa = fLower, fb = fUpper
        if fa.isNaN { throw RootFindingError.notANumber(at: a) }
        if fb.isNaN { throw RootFindingError.notANumber(at: b) }
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard (fa < 0) != (fb < 0) else {
            throw RootFindingError.notBracketed(lower: a, upper: b, fLower: fa, fUpper: fb)
        }
        var c = a, fc = fa
        var d = b - a, e = d
        for _ in 0..<maxIterations {
            if (fb < 0) == (fc < 0) {
                c = a; fc = fa; d = b - a; e = d
            }
            if Swift.abs(fc) < Swift.abs(fb) {
                a = b; b = c; c = a
                fa = fb; fb = fc; fc = fa
            }
            let tolerance = 0.5 * (absoluteTolerance + relativeTolerance * Swift.abs(b))
            let half = 0.5 * (c - b)
            if Swift.abs(half) <= tolerance || fb == 0 { return b }
            if Swift.abs(e) >= tolerance && Swift.abs(fa) > Swift.abs(fb) {
                let s = fb / fa
                var p: Double, q: Double
                if a == c {
                    p = 2 * half * s
                    q = 1 - s
                } else {
                    let qa = fa / fc, r = fb / fc
                    p = s * (2 * half * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < Swift.min(3 * half * q - Swift.abs(tolerance * q), Swift.abs(e * q)) {
                    e = d; d = p / q
                } else {
                    d = half; e = d
                }
            } else {
                d = half; e = d
            }
            a = b; fa = fb
            b += Swift.abs(d) > tolerance ? d : (half > 0 ? tolerance : -tolerance)
            fb = try f(b)
            if fb.isNaN { throw RootFindingError.notANumber(at: b) }
        }
        return b
    }

    /// Finds the root of a function that changes sign once on [lower, infinity): the upper end
    /// starts at `guess` and grows by `factor` until the sign differs from f(lower), then Brent.
    ///
    /// Typical use: the upper limit on a signal strength, where f(0) > 0 and f -> negative.
    public static func rootAbove(
        lower: Double, guess: Double, factor: Double = 2, limit: Double = 1e12,
        absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-10,
        _ f: (Double) throws -> Double
    ) throws -> Double {
        let fLower = try f(lower)
        if fLower.isNaN { throw RootFindingError.notANumber(at: lower) }
        if fLower == 0 { return lower }
        var low = lower
        var high = Swift.max(guess, lower + absoluteTolerance)
        var fHigh = try f(high)
        while (fHigh < 0) == (fLower < 0) && fHigh != 0 {
            if fHigh.isNaN { throw RootFindingError.notANumber(at: high) }
            low = high
            high = lower + (high - lower) * factor
            if high > limit { throw RootFindingError.noSignChangeUpTo(limit: limit) }
            fHigh = try f(high)
        }
        return try brent(lower: low, upper: high, absoluteTolerance: absoluteTolerance,
                         relativeTolerance: relativeTolerance, f)
    }

    /// Finds the single sign change of f on [lower, infinity) starting from a good `guess`:
    /// steps of `step` x guess (doubling each time) away from the guess, up or down as the sign
    /// of f(guess) says, until the root is bracketed, then Brent with the known end values.
    /// `fLower` is f(lower), known to the caller (f is not evaluated at `lower` unless the
    /// bracket reaches it). With a guess within a few per cent this needs about 6 evaluations
    /// where `rootAbove` needs 12 or more.
    public static func rootNear(
        lower: Double, fLower: Double, guess: Double, step: Double = 0.05, limit: Double = 1e12,
        absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-10,
        _ f: (Double) throws -> Double
    ) throws -> Double {
        if fLower == 0 { return lower }
        precondition(!fLower.isNaN, "f(lower) must be a number")
        let floor = lower + Swift.max(absoluteTolerance, 1e-12 * Swift.abs(lower), 1e-300)
        let start = guess.isFinite ? Swift.max(guess, floor) : Swift.max(lower + 1, floor)
        let fStart = try f(start)
        if fStart.isNaN { throw RootFindingError.notANumber(at: start) }
        if fStart == 0 { return start }
        var near = start, fNear = fStart
        var width = step * (start - lower)
        if (fStart < 0) != (fLower < 0) {
            // Root below the guess: walk down towards `lower`.
            while true {
                let far = near - width
                if far <= lower {
                    return try brent(lower: lower, upper: near, fLower: fLower, fUpper: fNear,
                                     absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, f)
                }
                let fFar = try f(far)
                if fFar.isNaN { throw RootFindingError.notANumber(at: far) }
                if (fFar < 0) != (fNear < 0) || fFar == 0 {
                    return try brent(lower: far, upper: near, fLower: fFar, fUpper: fNear,
                                     absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, f)
                }
                near = far; fNear = fFar
                width *= 2
            }
        }
        // Root above the guess: walk up.
        while true {
            let far = near + width
            if far > limit { throw RootFindingError.noSignChangeUpTo(limit: limit) }
            let fFar = try f(far)
            if fFar.isNaN { throw RootFindingError.notANumber(at: far) }
            if (fFar < 0) != (fNear < 0) || fFar == 0 {
                return try brent(lower: near, upper: far, fLower: fNear, fUpper: fFar,
                                 absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, f)
            }
            near = far; fNear = fFar
            width *= 2
        }
    }
}
