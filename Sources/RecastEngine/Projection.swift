import Foundation
import HEPDataTables
import LimitStatistics
import RealModule

/// Expected limits of a search at another integrated luminosity.
///
/// Where a card has the window tables (efficiency, background, observed), each window's counting
/// model (`SearchLikelihood`) is projected: signal L' x efficiency, background b L'/L, the talk's
/// systematics either held at their relative size or scaled by sqrt(L/L') (as if statistically
/// limited); the median expected 90 % CL_s limit (asymptotic, Asimov) and Punzi's minimum
/// detectable cross section (docs/physics.md section 7) follow at L'.
///
/// Where the windows are not at hand (every search today, until its record is imported), the
/// published limit can only be scaled: by L/L' if the search has no background, by sqrt(L/L') if
/// its background dominates and systematics do not; held systematics make the reach flatten
/// beyond that, at a luminosity that needs the background, which is not at hand.
public enum Projection {
    /// What happens to the systematic uncertainties at the new luminosity.
    public enum Systematics: String, Sendable, CaseIterable {
        /// Same relative sizes.
        case hold
        /// Relative sizes times sqrt(L/L').
        case scale
    }

    public struct WindowProjection: Sendable, Hashable {
        public var mass: Double
        /// Median expected sigma x BF limit (fb) at the card's luminosity and at the new one.
        public var expectedAtPublished: Double
        public var expectedAtNew: Double
        /// Punzi sigma_min (fb) at the new luminosity, with the background scaled.
        public var punziAtNew: Double
    }

    /// The window-by-window projection, or nil when the card lacks the window tables.
    public static func windows(_ card: SearchCard, luminosity: Double, systematics: Systematics) throws -> [WindowProjection]? {
        guard let likelihood = try SearchLikelihood(card: card) else { return nil }
        let scale = luminosity / card.luminosity
        var options = LimitOptions()
        options.computeExpected = true
        return try likelihood.windows.map { window in
            let count = window.counts
            let published = try LimitCalculator.upperLimit(window.model, method: .clsAsymptotic, options: options)
            let projected = try LimitCalculator.upperLimit(project(window.model, scale: scale, systematics: systematics),
                                                           method: .clsAsymptotic, options: options)
            return WindowProjection(mass: window.mass, expectedAtPublished: published.expected?.median ?? .nan,
                                    expectedAtNew: projected.expected?.median ?? .nan,
                                    punziAtNew: Punzi.minimumCrossSection(efficiency: count.efficiency,
                                                                          background: count.background * scale, luminosity: luminosity))
        }
    }

    /// The counting model at `scale` times the luminosity: yields scaled, observed set to the
    /// scaled background (the limits used are the expected ones), normsys modifiers (the ones
    /// `SearchLikelihood` makes) held or shrunk by sqrt(1/scale); other modifiers are held.
    public static func project(_ model: CountingModel, scale: Double, systematics: Systematics) throws -> CountingModel {
        let shrink = systematics == .scale ? 1 / Double.sqrt(scale) : 1
        let samples = model.samples.map { sample in
            Sample(name: sample.name, yields: sample.yields.map { $0 * scale }, isSignal: sample.isSignal,
                   modifiers: sample.modifiers.map { modifier in
                       guard shrink != 1, case let .polynomialExponential(up, down) = modifier.response else { return modifier }
                       return Modifier(parameter: modifier.parameter, bin: modifier.bin,
                                       response: .polynomialExponential(up: 1 + (up - 1) * shrink, down: 1 - (1 - down) * shrink))
                   })
        }
        let background = model.observed.indices.map { bin in
            model.samples.filter { !$0.isSignal }.reduce(0) { $0 + $1.yields[bin] } * scale
        }
        return try CountingModel(observed: background, samples: samples, parameters: model.parameters)
    }

    /// A published limit to scale: its best (smallest) value, how the limited quantity grows with
    /// the signal cross section (exponent 1 for a cross section or eps^2 alpha_D, 1/2 for a
    /// coupling g'), and the luminosity it was obtained with.
    public struct Anchor: Sendable, Hashable {
        public var quantity: String
        public var limit: Double
        public var units: String
        public var exponent: Double
        public var luminosity: Double
        public var source: String

        public init(quantity: String, limit: Double, units: String, exponent: Double, luminosity: Double, source: String) {
            self.quantity = quantity
            self.limit = limit
            self.units = units
            self.exponent = exponent
            self.luminosity = luminosity
            self.source = source
        }
    }

    /// The card's published limits that can be scaled: its abstract values that are cross
    /// sections, eps^2 alpha_D or g'.
    public static func anchors(_ card: SearchCard) -> [Anchor] {
        card.abstractValues.compactMap { value in
            let exponent: Double
            if value.units == "fb" { exponent = 1 }
            else if value.quantity.hasPrefix("eps^2 alpha_D") { exponent = 1 }
            else if value.quantity.hasPrefix("g'") { exponent = 0.5 }
            else { return nil }
            return Anchor(quantity: value.quantity, limit: value.low, units: value.units, exponent: exponent,
                          luminosity: card.luminosity, source: "\(value.source), smallest value (\(value.condition))")
        }
    }

    /// The anchor's limit at `luminosity`: (background free, background dominated without systematics).
    public static func reach(_ anchor: Anchor, at luminosity: Double) -> (backgroundFree: Double, backgroundDominated: Double) {
        let band = scalingBand(from: anchor.luminosity, to: luminosity)
        return (anchor.limit * Double.pow(band.backgroundFree, anchor.exponent),
                anchor.limit * Double.pow(band.backgroundDominated, anchor.exponent))
    }

    /// Luminosities of the projection tables, fb^-1: from 1 fb^-1 to the 50 ab^-1 Belle II plans,
    /// with the 424 fb^-1 recorded by 2022 (both from the PASCOS 2022 talk).
    public static let standardLuminosities: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 424, 1000, 2000, 5000, 10_000, 20_000, 50_000]

    /// Factor on a cross-section limit from luminosity L to L': (L/L')^(1/2) with a dominant
    /// background and no systematics, L/L' without background.
    public static func scalingBand(from published: Double, to new: Double) -> (backgroundFree: Double, backgroundDominated: Double) {
        (published / new, Double.sqrt(published / new))
    }

    /// An integrated luminosity such as "50ab-1", "424 fb-1", "276pb-1" or "8.34" (fb^-1), in fb^-1.
    public static func parseLuminosity(_ text: String) -> Double? {
        let compact = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "^", with: "")
        let units: [(suffix: String, factor: Double)] = [("ab-1", 1000), ("fb-1", 1), ("pb-1", 1e-3)]
        for unit in units where compact.hasSuffix(unit.suffix) {
            guard let value = Double(compact.dropLast(unit.suffix.count)), value > 0, value.isFinite else { return nil }
            return value * unit.factor
        }
        guard let value = Double(compact), value > 0, value.isFinite else { return nil }
        return value
    }
}
