import NumericalMethods
import RealModule

/// A Gaussian likelihood in one signal strength mu >= 0 (for example sigma x BF in fb),
///
///     L(mu) ∝ exp(-(mu - muHat)^2 / (2 sigma^2)),
///
/// the approximation the kit builds for a search that publishes, per mass, only its fitted signal
/// and that fit's error (docs/tautau-likelihood.md, section 1). The best fit muHat may be negative.
/// For a Gaussian the CLs limit and the asymptotic formulas of Cowan et al. (arXiv:1007.1727) are
/// exact, and the limits below have closed forms.
public struct GaussianLikelihood: Sendable, Hashable {
    /// The fitted signal strength muHat and its error sigma (> 0), in the units of mu.
    public let bestFit, error: Double

    public init(bestFit: Double, error: Double) throws(GaussianLikelihoodError) {
        guard bestFit.isFinite else { throw .notFinite("fitted value", bestFit) }
        guard error.isFinite, error > 0 else { throw .notFinite("error (must be > 0)", error) }
        self.bestFit = bestFit
        self.error = error
    }

    /// muHat / sigma.
    public var pull: Double { bestFit / error }

    /// The CLs upper limit on mu at `confidenceLevel`, with the test statistic q~_mu (which orders
    /// outcomes as muHat does): CLs = Phi((muHat - mu)/sigma) / Phi(muHat/sigma) = 1 - CL, so
    ///
    ///     mu_up = muHat - sigma Phi^-1((1 - CL) Phi(muHat/sigma))
    ///
    /// (docs/tautau-likelihood.md, equation 2). For a Gaussian this is also the Bayesian limit
    /// with a flat prior on mu >= 0 (equation 3), so the two readings of "90 % CL" agree.
    public func clsUpperLimit(confidenceLevel: Double = 0.9) -> Double {
        guard confidenceLevel > 0, confidenceLevel < 1 else { return .nan }
        return Self.clsLimit(pull: pull, alpha: 1 - confidenceLevel) * error
    }

    /// The expected CLs limit if the data were background only and muHat fell `band` standard
    /// deviations from zero: band 0 is the median, -1/+1 and -2/+2 the edges of the 68 % and
    /// 95 % bands (docs/tautau-likelihood.md, equation 4).
    public func expectedCLsUpperLimit(band: Double, confidenceLevel: Double = 0.9) -> Double {
        guard confidenceLevel > 0, confidenceLevel < 1 else { return .nan }
        return Self.clsLimit(pull: band, alpha: 1 - confidenceLevel) * error
    }

    /// The Bayesian upper limit with a flat prior on mu >= 0: the posterior mass above mu_up is
    /// 1 - `credibility` of the mass above 0 (equation 3). Found by bisection on the posterior
    /// tail S((mu - muHat)/sigma) / S(-muHat/sigma), S = 1 - Phi, rather than through the CLs
    /// formula, so a test can check that the two agree.
    public func bayesianUpperLimit(credibility: Double = 0.9) -> Double {
        guard credibility > 0, credibility < 1 else { return .nan }
        let norm = SpecialFunctions.normalSurvival(-pull)
        func tail(_ mu: Double) -> Double { SpecialFunctions.normalSurvival((mu - bestFit) / error) / norm }
        var low = 0.0, high = Swift.max(bestFit, 0) + error
        while tail(high) > 1 - credibility { high += error }
        for _ in 0 ..< 200 where high - low > 1e-14 * high {
            let middle = 0.5 * (low + high)
            if tail(middle) > 1 - credibility { low = middle } else { high = middle }
        }
        return 0.5 * (low + high)
    }

    /// -2 ln [L(mu) / L(max(muHat, 0))], the test statistic q~_mu of Cowan et al., equation 16.
    public func qTilde(_ mu: Double) -> Double {
        let reference = Swift.max(bestFit, 0)
        guard mu >= reference else { return 0 }
        return ((mu - bestFit) * (mu - bestFit) - (reference - bestFit) * (reference - bestFit)) / (error * error)
    }

    /// The one-sided local significance of an excess, Z = muHat / sigma (0 for a deficit): the
    /// discovery statistic q0 = Z^2 with its asymptotic p-value 1 - Phi(Z) (Cowan et al., eq. 12).
    public var localSignificance: Double { Swift.max(pull, 0) }

    /// The CLs limit in units of sigma for a given pull: z - Phi^-1(alpha Phi(z)).
    static func clsLimit(pull z: Double, alpha: Double) -> Double {
        z - SpecialFunctions.normalQuantile(alpha * SpecialFunctions.normalCDF(z))
    }
}

/// A Gaussian likelihood that cannot be built.
public enum GaussianLikelihoodError: Error, Sendable, Hashable, CustomStringConvertible {
    case notFinite(String, Double)

    public var description: String {
        switch self {
        case let .notFinite(what, value): "a Gaussian likelihood needs a finite \(what), got \(value)"
        }
    }
}

/// The look-elsewhere effect for a scan of local significances over a mass range.
public enum LookElsewhere {
    /// How often the scan `z` (ordered in mass) rises through `level`: the upcrossings N(u0) of
    /// Gross and Vitells (EPJC 70 (2010) 525, arXiv:1005.1891).
    public static func upcrossings(_ z: [Double], level: Double) -> Int {
        zip(z, z.dropFirst()).reduce(0) { count, pair in count + (pair.0 < level && pair.1 >= level ? 1 : 0) }
    }

    /// The global p-value of the largest local significance `maximum` in a scan with `upcrossings`
    /// upcrossings of `level` (both in units of Z), for a one-sided test with one degree of
    /// freedom (q0 = Z^2):
    ///
    ///     p_global ≈ p_local(Z_max) + N(u0) exp(-(Z_max^2 - u0^2) / 2)
    ///
    /// (Gross-Vitells, equation 7 with s = 1; docs/tautau-likelihood.md, equation 6). Capped at 1.
    public static func grossVitellsGlobalPValue(maximum: Double, upcrossings: Int, level: Double) -> Double {
        let local = SpecialFunctions.normalSurvival(maximum)
        let tail = Double(upcrossings) * Double.exp(-(maximum * maximum - level * level) / 2)
        return Swift.min(1, local + tail)
    }

    /// The one-sided significance Z of a p-value: Phi^-1(1 - p), 0 for p >= 1/2.
    public static func significance(pValue: Double) -> Double {
        pValue >= 0.5 ? 0 : -SpecialFunctions.normalQuantile(pValue)
    }
}
