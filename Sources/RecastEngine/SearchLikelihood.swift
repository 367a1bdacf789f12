import HEPDataTables
import LimitStatistics

/// A search's likelihood per mass window, for export to pyhf: where a card has the window tables
/// (efficiency, background, observed), each window is a one-bin counting model whose signal
/// sample is L x efficiency, so that the parameter of interest mu is sigma x BF in fb. Every
/// entry of the talk's systematics table is its own nuisance parameter with a normal constraint
/// and pyhf's default normsys interpolation (code4): factor 1 + sigma up, 1 - sigma down, on the
/// samples `LikelihoodRecast.systematicSources` says it acts on.
public enum SearchLikelihood {
    public struct Window: Sendable {
        public var mass: Double
        public var model: CountingModel
    }

    /// The windows, or nil when the card lacks the window tables.
    public static func windows(_ card: SearchCard) throws -> [Window]? {
        guard let windows = LikelihoodRecast.windows(card) else { return nil }
        var names: Set<String> = ["mu", "lumi"]
        var parameters: [NuisanceParameter] = []
        var signalModifiers: [Modifier] = [], backgroundModifiers: [Modifier] = []
        for source in LikelihoodRecast.systematicSources(card) where source.size > 0 && (source.onSignal || source.onBackground) {
            var name = parameterName(source.name)
            while !names.insert(name).inserted { name += "_" }
            parameters.append(NuisanceParameter(name: name, initial: 0, lowerBound: -5, upperBound: 5, constraint: .normal(auxiliary: 0, width: 1)))
            let modifier = Modifier(parameter: parameters.count - 1, response: .polynomialExponential(up: 1 + source.size, down: max(1 - source.size, 1e-3)))
            if source.onSignal { signalModifiers.append(modifier) }
            if source.onBackground { backgroundModifiers.append(modifier) }
        }
        return try windows.map { window in
            let model = try CountingModel(observed: [window.observed], samples: [
                Sample(name: "signal", yields: [card.luminosity * window.efficiency], isSignal: true, modifiers: signalModifiers),
                Sample(name: "background", yields: [window.background], isSignal: false, modifiers: backgroundModifiers),
            ], parameters: parameters)
            return Window(mass: window.mass, model: model)
        }
    }

    /// A pyhf parameter name: lower case letters, digits and '_'.
    static func parameterName(_ source: String) -> String {
        let mapped = source.lowercased().unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_" }
        let name = String(mapped).split(separator: "_").joined(separator: "_")
        return name.isEmpty ? "systematic" : name
    }
}
