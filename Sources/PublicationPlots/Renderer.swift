/// The size of a laid-out text, in points.
public struct TextMetrics: Sendable, Hashable {
    /// Advance width.
    public var width: Double
    /// Height of the line box.
    public var height: Double
    /// Distance from the top of the line box to the baseline.
    public var baseline: Double

    public init(width: Double, height: Double, baseline: Double) {
        self.width = width
        self.height = height
        self.baseline = baseline
    }
}

/// A font: family and size in points.
public struct Font: Sendable, Hashable {
    public var family: String
    public var size: Double
    public init(family: String, size: Double) {
        self.family = family
        self.size = size
    }
}

/// What figures draw through. Artists speak to this protocol only: PlotCairo implements it with
/// Cairo and Pango, `DisplayList` records the calls for tests.
public protocol Renderer {
    /// Fills a path (non-zero winding).
    mutating func fill(_ path: Path, colour: Colour) throws
    /// Strokes a path.
    mutating func stroke(_ path: Path, style: LineStyle) throws
    /// Restricts drawing to a rectangle until the matching `popClip`.
    mutating func pushClip(_ rect: PageRect) throws
    mutating func popClip() throws
    /// The size `text` takes in `font`.
    func measure(_ text: MathText, font: Font) throws -> TextMetrics
    /// Draws `text` with the top-left corner of its box at `origin`, turned counter-clockwise by
    /// a quarter turn when `vertical` (reading upwards).
    mutating func draw(_ text: MathText, font: Font, colour: Colour, origin: PagePoint, vertical: Bool) throws
}

/// Where a text's anchor point sits on its box.
public struct TextAnchor: Sendable, Hashable {
    public enum Horizontal: Sendable, Hashable { case left, centre, right }
    public enum Vertical: Sendable, Hashable { case top, middle, baseline, bottom }
    public var horizontal: Horizontal
    public var vertical: Vertical
    public init(_ horizontal: Horizontal, _ vertical: Vertical) {
        self.horizontal = horizontal
        self.vertical = vertical
    }
}

extension Renderer {
    /// Draws `text` so that its anchor sits at `point` (for vertical text the anchor refers to
    /// the text's own reading direction).
    public mutating func draw(_ text: MathText, font: Font, colour: Colour, at point: PagePoint,
                              anchor: TextAnchor, vertical: Bool = false) throws {
        let metrics = try measure(text, font: font)
        let along: Double
        switch anchor.horizontal {
        case .left: along = 0
        case .centre: along = metrics.width / 2
        case .right: along = metrics.width
        }
        let across: Double
        switch anchor.vertical {
        case .top: across = 0
        case .middle: across = metrics.height / 2
        case .baseline: across = metrics.baseline
        case .bottom: across = metrics.height
        }
        // Layout (u, v) maps to the page as (x + u, y + v), or (x + v, y - u) turned upwards.
        let origin = vertical ? PagePoint(x: point.x - across, y: point.y + along)
                              : PagePoint(x: point.x - along, y: point.y - across)
        try draw(text, font: font, colour: colour, origin: origin, vertical: vertical)
    }
}
