import DarkSectorPhysics
import EventGeneration
import HEPDataTables
import LimitStatistics

/// The likelihood recast: where a card holds, per mass window, the signal efficiency, the expected
/// background and the observed events, the limit on a new model is computed directly from the
/// search's likelihood (`SearchLikelihood`, docs/statistics.md 6.7), observed and expected.
///
/// Per window: the upper limit on sigma x BF (fb) of the card's signal by `method` at the card's
/// level, divided by the efficiency ratio eff_new / eff_ref of the new model, then the coupling g
/// with sigma(g) BF(g) = that rate (`LimitRecast.coupling`), for the observed limit and each band
/// edge.
public enum LikelihoodRecast {
    public typealias Window = SearchLikelihood.Counts

    public struct Point: Sendable {
        public var mass: Double
        public var method: LimitMethod
        /// Upper limit on sigma x BF (fb) of the card's signal (efficiency ratio 1), observed and
        /// expected band: the parameter of interest of the window's likelihood.
        public var rateLimit: UpperLimit
        /// Signal events per fb of the card's signal in this window: L x efficiency.
        public var signalYield: Double
        /// Coupling limits: observed, then the band edges -2 ... +2 sigma.
        public var observed: Result<Double, RecastFailure>
        public var expected: [Result<Double, RecastFailure>]

        /// The limit in signal events: `rateLimit` times `signalYield`.
        public var yieldLimit: UpperLimit {
            var limit = rateLimit
            limit.observed *= signalYield
            limit.expected = limit.expected.map { ExpectedBand(ordered: $0.ordered.map { $0 * signalYield }) }
            return limit
        }
    }

    /// The window tables, if the card has efficiency, background and observed tables on the same masses.
    public static func windows(_ card: SearchCard) -> [Window]? { SearchLikelihood.counts(card) }

    /// The paper's method as the card states it: Bayesian, or hybrid CLs for the frequentist ones.
    public static func publishedMethod(_ card: SearchCard) -> LimitMethod { SearchLikelihood.publishedMethod(card) }

    /// Limits on `model` from every window with `method` at the card's level; nil when the card
    /// lacks the window tables. `efficiencyRatio(mass)` = eff_new / eff_ref scales the window's
    /// efficiency for a model whose kinematics differ from the signal the window's efficiency was
    /// made for (1 when nil).
    public static func recast(_ card: SearchCard, onto model: RecastModel, method: LimitMethod,
                              crossSection: CrossSectionLookup, options: LimitOptions = LimitOptions(),
                              efficiencyRatio: ((Double) -> Double)? = nil) throws -> [Point]? {
        guard let likelihood = try SearchLikelihood(card: card) else { return nil }
        return try recast(likelihood, card: card, onto: model, method: method, crossSection: crossSection, options: options,
                          efficiencyRatio: efficiencyRatio)
    }

    /// As above, from a likelihood already built from `card`.
    public static func recast(_ likelihood: SearchLikelihood, card: SearchCard, onto model: RecastModel, method: LimitMethod,
                              crossSection: CrossSectionLookup, options: LimitOptions = LimitOptions(),
                              efficiencyRatio: ((Double) -> Double)? = nil) throws -> [Point] {
        try likelihood.windows.map { window in
            let limit = try likelihood.upperLimit(window, method: method, options: options)
            let ratio = efficiencyRatio?(window.mass) ?? 1
            func coupling(rate: Double) throws -> Result<Double, RecastFailure> {
                let rateLimit = rate / ratio
                guard rateLimit.isFinite, rateLimit > 0, window.signalYield > 0 else { return .failure(RecastFailure(.noRate)) }
                return try LimitRecast.coupling(rateLimit: rateLimit) { g in
                    try model.model(mass: window.mass, coupling: g).signalRate(card.signature, sqrtS: card.sqrtS, crossSection: crossSection)
                }
            }
            return Point(mass: window.mass, method: method, rateLimit: limit, signalYield: window.signalYield,
                         observed: try coupling(rate: limit.observed),
                         expected: try (limit.expected?.ordered ?? []).map { try coupling(rate: $0) })
        }
    }
}
