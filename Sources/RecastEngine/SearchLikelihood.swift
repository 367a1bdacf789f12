import Foundation
import HEPDataTables
import LimitStatistics

/// The likelihood of a search, built once from its card and used by everything that needs it:
/// the likelihood recast (`LikelihoodRecast`), `limit --search`, `export pyhf` and the luminosity
/// projection (docs/statistics.md 6.7).
///
/// Where the card has the window tables (signal efficiency, expected background, observed events
/// on the same masses), each mass window is a one-bin counting model:
///
/// * the signal sample is L x efficiency events per fb, so that the parameter of interest mu is
///   sigma x BF in fb;
/// * the background sample is the window's expected background;
/// * every entry of the card's systematics table ("Total" skipped) is one nuisance parameter
///   with a unit normal constraint and pyhf's default `normsys` response (code4, factor 1 + sigma
///   at theta = +1 and 1 - sigma at -1, bounds +-5), acting on the samples its target names,
///   one parameter shared by both samples when the target names both.
///
/// The size of an entry: a range "a - b" counts as b, and a table split by mass region (whose
/// boundaries the talk does not give) counts with its largest value; conservative choices.
public struct SearchLikelihood: Sendable, Hashable {
    /// A window's counts as the card's tables give them.
    public struct Counts: Sendable, Hashable {
        public var mass, efficiency, background, observed: Double
    }

    /// One mass window: its counts and its counting model (signal L x efficiency, mu in fb).
    public struct Window: Sendable, Hashable {
        public var counts: Counts
        public var model: CountingModel
        public var mass: Double { counts.mass }
        /// Signal events per fb of sigma x BF: L x efficiency.
        public var signalYield: Double { model.nominalSignal }
    }

    /// One entry of the card's systematics table as a nuisance parameter.
    public struct Source: Sendable, Hashable {
        /// The card's name of the source.
        public var name: String
        /// The parameter's name in the model and in pyhf (lower case letters, digits, '_').
        public var parameter: String
        /// Relative size (0.1 = 10 %).
        public var size: Double
        public var onSignal, onBackground: Bool
    }

    public var searchID: String
    /// Integrated luminosity, fb^-1.
    public var luminosity: Double
    /// The card's confidence (or credibility) level (`statistics.interval`, e.g. "90% CL").
    public var confidenceLevel: Double
    /// The paper's method as the card states it: Bayesian, or hybrid CLs for the frequentist ones.
    public var publishedMethod: LimitMethod
    public var sources: [Source]
    public var windows: [Window]

    /// The window tables of a card, if it has efficiency, background and observed tables on the
    /// same masses (no check of the counts).
    public static func counts(_ card: SearchCard) -> [Counts]? {
        func column(_ quantity: TableQuantity) -> HEPDataTable? { card.tables.first { $0.quantity == quantity }?.data }
        guard let efficiency = column(.efficiency), let background = column(.background), let observed = column(.observed),
              !efficiency.independent.isEmpty, !background.independent.isEmpty, !observed.independent.isEmpty,
              !efficiency.dependent.isEmpty, !background.dependent.isEmpty, !observed.dependent.isEmpty else { return nil }
        let masses = efficiency.independent[0].values
        guard background.independent[0].values == masses, observed.independent[0].values == masses,
              efficiency.dependent[0].values.count == masses.count, background.dependent[0].values.count == masses.count,
              observed.dependent[0].values.count == masses.count else { return nil }
        return masses.indices.map {
            Counts(mass: masses[$0], efficiency: efficiency.dependent[0].values[$0], background: background.dependent[0].values[$0],
                   observed: observed.dependent[0].values[$0])
        }
    }

    /// The paper's method as the card states it: Bayesian, or hybrid CLs for the frequentist ones.
    public static func publishedMethod(_ card: SearchCard) -> LimitMethod {
        card.statistics.method.lowercased().contains("bayes") ? .bayes : .cls
    }

    /// The likelihood of `card`, or nil when the card lacks the window tables. `folder` (the
    /// card's folder) names the files in errors: an observed count that is not a whole number, a
    /// level that `statistics.interval` does not state, a systematic whose target names neither
    /// the signal nor the background, or one of 100 % or more.
    public init?(card: SearchCard, folder: String? = nil) throws {
        guard let counts = Self.counts(card) else { return nil }
        let place = folder ?? card.id
        let cardFile = "\(place)/card.yaml"
        let observedFile = card.tables.first { $0.quantity == .observed }.map { "\(place)/\($0.file)" } ?? cardFile
        for window in counts where !(window.observed >= 0 && window.observed <= 9_007_199_254_740_992 && window.observed == window.observed.rounded()) {
            throw InputFileError(file: observedFile, field: "observed events at \(window.mass) GeV",
                                 expected: "a whole number of events >= 0, got \(window.observed)")
        }
        searchID = card.id
        luminosity = card.luminosity
        confidenceLevel = try Self.level(card.statistics.interval, file: cardFile)
        publishedMethod = Self.publishedMethod(card)
        sources = try Self.sources(card, file: cardFile)
        let systematics = sources.map { source in
            Systematic(name: source.parameter, target: source.onSignal && source.onBackground ? .all : source.onSignal ? .signal : .background,
                       relative: [source.size], shape: .normsys)
        }
        let luminosity = card.luminosity
        windows = try counts.map { window in
            let bin = CountingBin(observed: window.observed, signal: luminosity * window.efficiency, background: window.background)
            do {
                return Window(counts: window, model: try CountingModel(bins: [bin], systematics: systematics))
            } catch let error as ModelError {
                throw InputFileError(file: cardFile, field: "the window at \(window.mass) GeV", expected: error.description)
            }
        }
    }

    /// The card's systematics as nuisance parameters (see the type's comment); sources of size 0
    /// are left out, and names are made unique.
    static func sources(_ card: SearchCard, file: String) throws -> [Source] {
        var names: Set<String> = ["mu", "lumi"]
        var sources: [Source] = []
        for (index, entry) in card.systematics.enumerated() where entry.source.lowercased() != "total" {
            let field = "systematics[\(index)] (\(entry.source))"
            let size = (entry.percent.values.map(\.high).max() ?? 0) / 100
            guard size >= 0, size < 1 else {
                throw InputFileError(file: file, field: field + ".percent", expected: "a size from 0 to below 100 %, got \(size * 100) %")
            }
            let target = (entry.target ?? entry.source).lowercased()
            let onBackground = target.contains("bkg") || target.contains("background")
            let onSignal = entry.target.map { $0.lowercased().contains("signal") } ?? !onBackground
            guard onSignal || onBackground else {
                throw InputFileError(file: file, field: field + ".target",
                                     expected: "a target naming the signal, the background (BKG) or both, got \"\(entry.target ?? "")\"")
            }
            guard size > 0 else { continue }
            var name = parameterName(entry.source)
            while !names.insert(name).inserted { name += "_" }
            sources.append(Source(name: entry.source, parameter: name, size: size, onSignal: onSignal, onBackground: onBackground))
        }
        return sources
    }

    /// The level of an interval such as "90% CL" or "95 % credibility": the number before '%'.
    static func level(_ interval: String, file: String) throws -> Double {
        let prefix = interval.prefix { $0 != "%" }
        let number = prefix.reversed().drop { $0 == " " }.prefix { $0.isNumber || $0 == "." }
        guard prefix.count < interval.count, let percent = Double(String(number.reversed())), percent > 0, percent < 100 else {
            throw InputFileError(file: file, field: "statistics.interval",
                                 expected: "a level in percent, such as \"90% CL\", got \"\(interval)\"")
        }
        return percent / 100
    }

    /// A pyhf parameter name: lower case letters, digits and '_'.
    static func parameterName(_ source: String) -> String {
        let mapped = source.lowercased().unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_" }
        let name = String(mapped).split(separator: "_").joined(separator: "_")
        return name.isEmpty ? "systematic" : name
    }

    /// The upper limit on mu (sigma x BF, fb) in `window` by `method` at the card's level (the
    /// level of `options` is replaced).
    public func upperLimit(_ window: Window, method: LimitMethod, options: LimitOptions = LimitOptions(),
                           progress: ((Int) -> Void)? = nil) throws -> UpperLimit {
        var options = options
        options.confidenceLevel = confidenceLevel
        return try LimitCalculator.upperLimit(window.model, method: method, options: options, progress: progress)
    }

    /// The window whose mass lies within half the spacing to its neighbours of `mass` (half the
    /// first or last spacing at the ends); nil outside, so that a mass outside the scanned range
    /// is refused instead of silently taking the edge window.
    public func window(at mass: Double) -> Window? {
        let sorted = windows.sorted { $0.mass < $1.mass }
        for (index, window) in sorted.enumerated() {
            let below = index > 0 ? window.mass - sorted[index - 1].mass : (index + 1 < sorted.count ? sorted[index + 1].mass - window.mass : 0)
            let above = index + 1 < sorted.count ? sorted[index + 1].mass - window.mass : below
            if mass >= window.mass - below / 2 && mass <= window.mass + above / 2 { return window }
        }
        return nil
    }
}
