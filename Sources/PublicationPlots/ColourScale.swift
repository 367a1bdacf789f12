import RealModule

/// Maps values to colours for colour maps and their colour bar.
public struct ColourScale: Sendable, Hashable {
    public var axis: AxisScale
    /// Colours at equally spaced positions from the lower to the upper limit.
    public var stops: [Colour]

    /// The viridis map (perceptually uniform, readable in grey and by colour-blind readers),
    /// sampled at 11 points; colours in between are interpolated linearly.
    public static let viridis: [Colour] = [0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C,
                                           0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725].map { Colour(hex: $0) }

    public init(axis: AxisScale, stops: [Colour] = ColourScale.viridis) {
        precondition(stops.count >= 2, "a colour scale needs two colours")
        self.axis = axis
        self.stops = stops
    }

    /// The colour of `value` (clamped to the limits); nil for NaN, which is left blank.
    public func colour(_ value: Double) -> Colour? {
        guard !value.isNaN else { return nil }
        let t = min(max(axis.normalized(value), 0), 1)
        return colour(atFraction: t)
    }

    /// The colour at fraction `t` in [0, 1] of the scale.
    public func colour(atFraction t: Double) -> Colour {
        let position = t * Double(stops.count - 1)
        let index = min(Int(position), stops.count - 2)
        let f = position - Double(index)
        let a = stops[index], b = stops[index + 1]
        return Colour(red: a.red + f * (b.red - a.red), green: a.green + f * (b.green - a.green),
                      blue: a.blue + f * (b.blue - a.blue))
    }
}
