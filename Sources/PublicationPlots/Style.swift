/// A frozen plotting style. A style's values never change once released: a new look is a new
/// version, so a figure made with `v1` looks the same with every later release of the kit.
public struct PlotStyle: Sendable, Hashable {
    /// Name and version, written into every figure's metadata.
    public let version: String
    public let fontFamily: String
    /// Font sizes in points.
    public let axisLabelSize, tickLabelSize, legendSize, captionSize: Double
    /// Line widths and lengths in points.
    public let frameWidth, majorTickLength, minorTickLength, tickLabelPad, axisLabelPad, outerPad: Double
    public let curveWidth: Double
    /// Colours for data series, in order.
    public let palette: [Colour]
    /// Expected-limit bands (+-1 sigma green, +-2 sigma yellow by default).
    public let oneSigmaBand, twoSigmaBand: Colour

    /// The first style (b2recast 0.5): Computer Modern Unicode serif text, ticks inside on all
    /// four sides, axis labels at the ends of the axes.
    public static let v1 = PlotStyle(
        version: "b2recast-style/1", fontFamily: "CMU Serif",
        axisLabelSize: 10, tickLabelSize: 9, legendSize: 7.5, captionSize: 7.5,
        frameWidth: 0.6, majorTickLength: 4, minorTickLength: 2, tickLabelPad: 3, axisLabelPad: 3, outerPad: 3,
        curveWidth: 1.2,
        palette: [Colour(hex: 0x1F4E9C), Colour(hex: 0xC0392B), Colour(hex: 0xE08E0B), Colour(hex: 0x2E8B57),
                  Colour(hex: 0x7D3C98), Colour(hex: 0x555555)],
        oneSigmaBand: Colour(hex: 0x00CC00), twoSigmaBand: Colour(hex: 0xFFCC00))

    /// The style new figures use.
    public static let current = v1
}

/// A figure's size on paper.
public enum FigureSize: Sendable, Hashable {
    /// One column of a two-column journal (3.4 in wide, 3:4 high).
    case singleColumn
    /// The full width of a two-column journal page (7 in wide).
    case doubleColumn
    /// Any size in inches.
    case inches(width: Double, height: Double)

    /// Width and height in points.
    public var points: (width: Double, height: Double) {
        switch self {
        case .singleColumn: return (3.4 * 72, 3.4 * 72 * 0.75)
        case .doubleColumn: return (7 * 72, 7 * 72 * 0.4)
        case .inches(let width, let height): return (width * 72, height * 72)
        }
    }
}
