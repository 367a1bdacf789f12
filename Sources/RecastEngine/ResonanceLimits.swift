import DarkSectorPhysics
import HEPDataTables
import LimitStatistics
import NumericalMethods

/// A resonance search that publishes, per mass, its fitted signal sigma x BF with an error and its
/// sigma x BF limits (observed, expected median and bands): the approximate likelihood built from
/// the fit, the limits recomputed from it, the local and global significance of the largest
/// excess, and the comparison with the published limits (docs/tautau-likelihood.md).
public struct ResonanceLimits: Sendable {
    /// The card's grid, GeV.
    public let masses: [Double]
    /// The published limits (`RateLimitCurve`).
    public let published: RateLimitCurve
    /// The Gaussian likelihood per mass with the fit's error (equation 1).
    public let likelihoods: [GaussianLikelihood]
    /// The Gaussian width that reproduces the published expected median at each mass: the median
    /// CLs limit is -Phi^-1(alpha/2) sigma (1.645 sigma at 90 % CL), so
    /// sigma_cal = expected median / (-Phi^-1(alpha/2)) (equation 5).
    public let calibratedErrors: [Double]
    /// 1 - CL of the search (0.1 for 90 % CL).
    public let alpha: Double

    /// Builds it from the card's `cross_section_limit` and `fitted_cross_section` tables, which
    /// must share their masses; nil when the card lacks either.
    public init?(_ card: SearchCard, confidenceLevel: Double = 0.9) throws {
        guard let published = RateLimitCurve(card), let expected = published.expected,
              let fitted = card.tables.first(where: { $0.quantity == .fittedCrossSection }) else { return nil }
        let file = "paper-data/\(card.id)/\(fitted.file)"
        guard fitted.data.independent[0].values == published.masses else {
            throw InputFileError(file: file, field: "independent_variables[0]", expected: "the masses of \(published.table.file)")
        }
        guard let errors = fitted.data.dependent.first?.errors, let values = fitted.data.dependent.first?.values else {
            throw InputFileError(file: file, field: "dependent_variables[0]", expected: "a fitted value with a symerror at every mass")
        }
        masses = published.masses
        self.published = published
        alpha = 1 - confidenceLevel
        let likelihoods = try zip(values, errors).enumerated().map { index, pair in
            do {
                return try GaussianLikelihood(bestFit: pair.0, error: pair.1)
            } catch {
                throw InputFileError(file: file, field: "dependent_variables[0].values[\(index)]", expected: "\(error)")
            }
        }
        let medianInSigma = -SpecialFunctions.normalQuantile(alpha * 0.5)
        let widths = expected[2].map { $0 / medianInSigma }
        // Computed once: the report and the results tables read them several times.
        let level = confidenceLevel
        self.likelihoods = likelihoods
        calibratedErrors = widths
        observed = likelihoods.map { $0.clsUpperLimit(confidenceLevel: level) }
        self.expected = [-2.0, -1, 0, 1, 2].map { band in likelihoods.map { $0.expectedCLsUpperLimit(band: band, confidenceLevel: level) } }
        observedCalibrated = zip(likelihoods, widths).map { likelihood, width in
            (try? GaussianLikelihood(bestFit: likelihood.bestFit, error: width).clsUpperLimit(confidenceLevel: level)) ?? .nan
        }
    }

    /// The observed CLs limit per mass from the fit's Gaussian (equation 2).
    public let observed: [Double]
    /// The expected CLs limits per mass, -2 sigma to +2 sigma (equation 4).
    public let expected: [[Double]]
    /// The observed CLs limit with the calibrated width (equation 5).
    public let observedCalibrated: [Double]

    /// The largest local excess and its global significance by Gross-Vitells upcrossings at
    /// `level` (equation 6).
    public struct Excess: Sendable, Hashable {
        public var mass, localSignificance, globalPValue, globalSignificance, level: Double
        public var upcrossings: Int
    }

    public func largestExcess(level: Double) -> Excess {
        let z = likelihoods.map(\.pull)
        let index = z.indices.max { z[$0] < z[$1] } ?? 0
        let count = LookElsewhere.upcrossings(z, level: level)
        let p = LookElsewhere.grossVitellsGlobalPValue(maximum: z[index], upcrossings: count, level: level)
        return Excess(mass: masses[index], localSignificance: Swift.max(z[index], 0), globalPValue: p,
                      globalSignificance: LookElsewhere.significance(pValue: p), level: level, upcrossings: count)
    }
}

/// Quantiles of a list of ratios, for the validation report.
struct RatioSummary {
    var median, low5, high95, smallest, largest: Double
    var smallestAt, largestAt: Double

    init?(_ ratios: [Double], masses: [Double]) {
        let pairs = zip(ratios, masses).filter { $0.0.isFinite }.sorted { $0.0 < $1.0 }
        guard let first = pairs.first, let last = pairs.last else { return nil }
        func quantile(_ q: Double) -> Double { pairs[Int((q * Double(pairs.count - 1)).rounded())].0 }
        median = quantile(0.5)
        low5 = quantile(0.05)
        high95 = quantile(0.95)
        smallest = first.0
        largest = last.0
        smallestAt = first.1
        largestAt = last.1
    }
}
