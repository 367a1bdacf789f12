import RealModule

/// Special functions for the statistics engine: the normal distribution, the regularised
/// incomplete gamma function and the Poisson distribution.
///
/// Everything is in `Double`; accuracy targets are stated per function and tested in
/// `NumericalMethodsTests` against values computed with scipy (see each test's comment).
public enum SpecialFunctions {
    /// Standard normal cumulative distribution Phi(x) = erfc(-x / sqrt 2) / 2.
    ///
    /// Uses `erfc` so that the lower tail keeps full relative precision down to about 1e-300.
    @inlinable
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * Double.erfc(-x * 0.70710678118654752440)
    }

    /// Upper tail 1 - Phi(x), computed without cancellation.
    @inlinable
    public static func normalSurvival(_ x: Double) -> Double {
        0.5 * Double.erfc(x * 0.70710678118654752440)
    }

    /// Standard normal density phi(x).
    @inlinable
    public static func normalPDF(_ x: Double) -> Double {
        0.39894228040143267794 * Double.exp(-0.5 * x * x)
    }

    /// Inverse of the standard normal CDF, Phi^-1(p), to about 1e-15 relative.
    ///
    /// Starts from Abramowitz & Stegun 26.2.23 (error < 4.5e-4) and polishes with Halley
    /// steps on Phi(x) - p, evaluated through `erfc` in the tail nearer to p.
    /// Returns -inf for p = 0, +inf for p = 1 and NaN outside [0, 1].
    public static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p > 0.5 { return -normalQuantile(1 - p) }
        // A&S 26.2.23 for the lower tail.
        let t = Double.sqrt(-2 * Double.log(p))
        let numerator = 2.515517 + t * (0.802853 + t * 0.010328)
        let denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
        var x = -(t - numerator / denominator)
        for _ in 0..<3 {
            let error = normalCDF(x) - p
            let u = error * 2.50662827463100050242 * Double.exp(0.5 * x * x)
            x -= u / (1 + 0.5 * x * u)
        }
        return x
    }

    /// Regularised lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a), for a > 0, x >= 0.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0, "regularizedGammaP needs a > 0")
        if x <= 0 { return 0 }
        if x.isInfinite { return 1 }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x)
    }

    /// Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x), without cancellation in the tail.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0, "regularizedGammaQ needs a > 0")
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x)
    }

    /// Series sum_{k>=0} x^k / (a (a+1) ... (a+k)) times x^a e^-x / Gamma(a): converges for x < a + 1.
    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var term = 1 / a
        var sum = term
        var ap = a
        for _ in 0..<10_000 {
            ap += 1
            term *= x / ap
            sum += term
            if Swift.abs(term) < Swift.abs(sum) * 1e-17 { break }
        }
        return sum * Double.exp(-x + a * Double.log(x) - Double.logGamma(a))
    }

    /// Continued fraction for Q(a, x) (modified Lentz), converging for x > a + 1.
    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 10_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if Swift.abs(d) < tiny { d = tiny }
            c = b + an / c
            if Swift.abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if Swift.abs(delta - 1) < 1e-16 { break }
            i += 1
        }
        return Double.exp(-x + a * Double.log(x) - Double.logGamma(a)) * h
    }

    /// Poisson log-probability ln Pois(n; lambda) = n ln(lambda) - lambda - ln Gamma(n + 1).
    ///
    /// `n` may be non-integer (Asimov data), as in pyhf's continuous Poisson. For lambda = 0 the
    /// result is 0 when n = 0 and -inf otherwise.
    @inlinable
    public static func logPoisson(_ n: Double, mean lambda: Double) -> Double {
        if n == 0 { return -lambda }
        if lambda <= 0 { return -.infinity }
        return n * Double.log(lambda) - lambda - Double.logGamma(n + 1)
    }

    /// Poisson cumulative probability P(N <= n | lambda) = Q(n + 1, lambda), for integer n >= 0.
    public static func poissonCDF(_ n: Int, mean lambda: Double) -> Double {
        if n < 0 { return 0 }
        if lambda <= 0 { return 1 }
        return regularizedGammaQ(Double(n) + 1, lambda)
    }
}
