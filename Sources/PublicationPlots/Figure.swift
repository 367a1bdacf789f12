/// A figure: a page of a given size with one or more panels side by side, drawn in a frozen
/// style. `title` and `creationDate` go into the document's metadata; the date comes from the
/// inputs (never the clock), so the same inputs give the same bytes.
public struct Figure: Sendable, Hashable {
    public var size: FigureSize
    public var style: PlotStyle
    public var panels: [Axes]
    /// Relative widths of the panels (equal when nil).
    public var panelWeights: [Double]?
    public var title: String
    /// ISO 8601, e.g. "2022-12-01T00:00:00Z".
    public var creationDate: String

    public init(size: FigureSize, style: PlotStyle = .current, panels: [Axes], panelWeights: [Double]? = nil,
                title: String, creationDate: String) {
        self.size = size
        self.style = style
        self.panels = panels
        self.panelWeights = panelWeights
        self.title = title
        self.creationDate = creationDate
    }

    /// The data frames of the panels on the page.
    public func frames<R: Renderer>(measuredBy renderer: R) throws -> [PageRect] {
        try layouts(measuredBy: renderer).map(\.frame)
    }

    /// The legend boxes of the panels on the page (nil for a panel without a legend).
    public func legendBoxes<R: Renderer>(measuredBy renderer: R) throws -> [PageRect?] {
        try layouts(measuredBy: renderer).map { $0.legend?.rect }
    }

    func layouts<R: Renderer>(measuredBy renderer: R) throws -> [(frame: PageRect, legend: LegendBox?)] {
        guard !panels.isEmpty else { throw PlotError("figure '\(title)': no panels") }
        let weights = panelWeights ?? Array(repeating: 1, count: panels.count)
        guard weights.count == panels.count, weights.allSatisfy({ $0 > 0 }) else {
            throw PlotError("figure '\(title)': expected one positive weight per panel")
        }
        let (width, height) = size.points
        let total = weights.reduce(0, +)
        var x = 0.0
        var layouts: [(frame: PageRect, legend: LegendBox?)] = []
        for (panel, weight) in zip(panels, weights) {
            let slot = PageRect(x: x, y: 0, width: width * weight / total, height: height)
            layouts.append(try panel.layout(in: slot, style: style, renderer: renderer))
            x += slot.width
        }
        return layouts
    }

    /// Draws the whole page: a white background, then each panel.
    public func draw<R: Renderer>(on renderer: inout R) throws {
        let (width, height) = size.points
        try renderer.fill(Path(rect: PageRect(x: 0, y: 0, width: width, height: height)), colour: .white)
        for (panel, layout) in zip(panels, try layouts(measuredBy: renderer)) {
            try panel.draw(on: &renderer, frame: layout.frame, legendBox: layout.legend, style: style)
        }
    }
}

/// A renderer that records what is drawn, for tests of geometry: every fill, stroke, clip and
/// text with its page coordinates. Text is measured with a fixed approximate metric (half the
/// font size per character, scripts smaller), so layouts are reproducible without fonts.
public struct DisplayList: Renderer, Sendable {
    public enum Command: Sendable, Hashable {
        case fill(Path, Colour)
        case stroke(Path, LineStyle)
        case pushClip(PageRect)
        case popClip
        case text(String, Font, Colour, origin: PagePoint, vertical: Bool)
    }

    public private(set) var commands: [Command] = []
    /// Every text drawn, with its styles, in order (the commands keep the plain text only), so
    /// tests can render exactly the labels a figure draws.
    public private(set) var mathTexts: [MathText] = []

    public init() {}

    public mutating func fill(_ path: Path, colour: Colour) throws { commands.append(.fill(path, colour)) }
    public mutating func stroke(_ path: Path, style: LineStyle) throws { commands.append(.stroke(path, style)) }
    public mutating func pushClip(_ rect: PageRect) throws { commands.append(.pushClip(rect)) }
    public mutating func popClip() throws { commands.append(.popClip) }

    public func measure(_ text: MathText, font: Font) throws -> TextMetrics {
        let width = text.runs.reduce(0.0) { $0 + Double($1.text.count) * 0.5 * font.size * MathText.sizeFactor(level: $1.level) }
        return TextMetrics(width: width, height: 1.2 * font.size, baseline: 0.95 * font.size)
    }

    public mutating func draw(_ text: MathText, font: Font, colour: Colour, origin: PagePoint, vertical: Bool) throws {
        commands.append(.text(text.plainText, font, colour, origin: origin, vertical: vertical))
        mathTexts.append(text)
    }

    /// The texts drawn, in order.
    public var texts: [String] {
        commands.compactMap { if case .text(let text, _, _, _, _) = $0 { return text } else { return nil } }
    }
}
