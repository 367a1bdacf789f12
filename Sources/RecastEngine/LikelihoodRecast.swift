import DarkSectorPhysics
import EventGeneration
import HEPDataTables
import LimitStatistics

/// The likelihood recast: where a card holds, per mass window, the signal efficiency, the expected
/// background and the observed events, the counting likelihood of each window is rebuilt with the
/// talk's systematics and the limit on the new model is computed directly, observed and expected.
///
/// Per window: the upper limit s_UL on the signal yield (events) by `method`, then the coupling g
/// with L sigma(g) BF(g) eff = s_UL (`LimitRecast.coupling`), for the observed limit and each band
/// edge. Systematics from the card: each entry acts on the target the talk names ("signal", "BKG",
/// both); an entry without a target acts on the background if its source names a background, on
/// the signal otherwise; a range "a - b" counts as b, and a table split by mass region (whose
/// boundaries the talk does not give) counts with its largest value: conservative choices, summed
/// in quadrature into one signal and one background uncertainty. A "Total" row is skipped.
public enum LikelihoodRecast {
    public struct Window: Sendable, Hashable {
        public var mass, efficiency, background, observed: Double
    }

    public struct Point: Sendable {
        public var mass: Double
        public var method: LimitMethod
        /// Upper limit on the signal yield in events, observed and expected band.
        public var yieldLimit: UpperLimit
        /// Coupling limits: observed, then the band edges -2 ... +2 sigma.
        public var observed: Result<Double, RecastFailure>
        public var expected: [Result<Double, RecastFailure>]
    }

    /// The windows, if the card has efficiency, background and observed tables on the same masses.
    public static func windows(_ card: SearchCard) -> [Window]? {
        func column(_ quantity: TableQuantity) -> HEPDataTable? { card.tables.first { $0.quantity == quantity }?.data }
        guard let efficiency = column(.efficiency), let background = column(.background), let observed = column(.observed) else { return nil }
        let masses = efficiency.independent[0].values
        guard background.independent[0].values == masses, observed.independent[0].values == masses else { return nil }
        return masses.indices.map {
            Window(mass: masses[$0], efficiency: efficiency.dependent[0].values[$0], background: background.dependent[0].values[$0],
                   observed: observed.dependent[0].values[$0])
        }
    }

    /// One entry of the card's systematics table as the likelihood uses it.
    public struct SystematicSource: Sendable, Hashable {
        public var name: String
        /// Relative size (0.1 = 10 %).
        public var size: Double
        public var onSignal, onBackground: Bool
    }

    /// The card's systematics entries with their size and targets (see above); "Total" skipped.
    public static func systematicSources(_ card: SearchCard) -> [SystematicSource] {
        card.systematics.filter { $0.source.lowercased() != "total" }.map { entry in
            let size = (entry.percent.values.map(\.high).max() ?? 0) / 100
            let target = (entry.target ?? entry.source).lowercased()
            let onBackground = target.contains("bkg") || target.contains("background")
            let onSignal = entry.target.map { $0.lowercased().contains("signal") } ?? !onBackground
            return SystematicSource(name: entry.source, size: size, onSignal: onSignal, onBackground: onBackground)
        }
    }

    /// Relative signal and background uncertainties: the sources summed in quadrature.
    public static func relativeUncertainties(_ card: SearchCard) -> (signal: Double, background: Double) {
        var signal = 0.0, background = 0.0
        for source in systematicSources(card) {
            if source.onSignal { signal += source.size * source.size }
            if source.onBackground { background += source.size * source.size }
        }
        return (signal.squareRoot(), background.squareRoot())
    }

    /// The paper's method as the card states it: Bayesian, or hybrid CLs for the frequentist ones.
    public static func publishedMethod(_ card: SearchCard) -> LimitMethod {
        card.statistics.method.lowercased().contains("bayes") ? .bayes : .cls
    }

    /// Limits on `model` from every window with `method`; nil when the card lacks the window tables.
    /// `efficiencyRatio(mass)` = eff_new / eff_ref scales the window's efficiency for a model whose
    /// kinematics differ from the signal the window's efficiency was made for (1 when nil).
    public static func recast(_ card: SearchCard, onto model: RecastModel, method: LimitMethod,
                              crossSection: CrossSectionLookup, options: LimitOptions = LimitOptions(),
                              efficiencyRatio: ((Double) -> Double)? = nil) throws -> [Point]? {
        guard let windows = windows(card) else { return nil }
        let uncertainty = relativeUncertainties(card)
        var systematics: [Systematic] = []
        if uncertainty.signal > 0 { systematics.append(Systematic(name: "signal", target: .signal, relative: [uncertainty.signal])) }
        if uncertainty.background > 0 {
            systematics.append(Systematic(name: "background", target: .background, relative: [uncertainty.background]))
        }
        var points: [Point] = []
        for window in windows {
            let counting = try CountingModel(bins: [CountingBin(observed: window.observed, signal: 1, background: window.background)],
                                             systematics: systematics)
            let limit = try LimitCalculator.upperLimit(counting, method: method, options: options)
            let efficiency = window.efficiency * (efficiencyRatio?(window.mass) ?? 1)
            func coupling(events: Double) throws -> Result<Double, RecastFailure> {
                guard events.isFinite, events > 0, efficiency > 0 else { return .failure(RecastFailure(.noRate)) }
                return try LimitRecast.coupling(rateLimit: events / (card.luminosity * efficiency)) { g in
                    try model.model(mass: window.mass, coupling: g).signalRate(card.signature, sqrtS: card.sqrtS, crossSection: crossSection)
                }
            }
            let observed = try coupling(events: limit.observed)
            let expected = try (limit.expected?.ordered ?? []).map { try coupling(events: $0) }
            points.append(Point(mass: window.mass, method: method, yieldLimit: limit, observed: observed, expected: expected))
        }
        return points
    }
}
