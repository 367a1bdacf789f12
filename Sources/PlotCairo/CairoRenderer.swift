import CairoGraphics
import PublicationPlots

/// The PublicationPlots renderer that draws with Cairo and lays out text with Pango.
public struct CairoRenderer: Renderer {
    public let canvas: Canvas

    public init(canvas: Canvas) {
        self.canvas = canvas
    }

    public mutating func fill(_ path: Path, colour: Colour) throws {
        trace(path)
        canvas.setColour(RGBA(colour))
        try canvas.fill()
    }

    public mutating func stroke(_ path: Path, style: LineStyle) throws {
        trace(path)
        canvas.setColour(RGBA(style.colour))
        try canvas.stroke(StrokeStyle(width: style.width, dash: style.dash))
    }

    public mutating func pushClip(_ rect: PageRect) throws {
        canvas.save()
        trace(Path(rect: rect))
        try canvas.clip()
    }

    public mutating func popClip() throws {
        try canvas.restore()
    }

    public func measure(_ text: MathText, font: Font) throws -> TextMetrics {
        let box = try canvas.measure(markup: Self.markup(text, size: font.size), family: font.family, size: font.size)
        return TextMetrics(width: box.width, height: box.height, baseline: box.baseline)
    }

    public mutating func draw(_ text: MathText, font: Font, colour: Colour, origin: PagePoint, vertical: Bool) throws {
        try canvas.draw(markup: Self.markup(text, size: font.size), family: font.family, size: font.size, colour: RGBA(colour),
                        x: origin.x, y: origin.y, angle: vertical ? .pi / 2 : 0)
    }

    private func trace(_ path: Path) {
        canvas.newPath()
        for element in path.elements {
            switch element {
            case .move(let point): canvas.move(to: point.x, point.y)
            case .line(let point): canvas.line(to: point.x, point.y)
            case .close: canvas.closePath()
            }
        }
    }

    /// Pango markup for the runs of `text`: one span per run with its size (1024ths of a point),
    /// rise and style. Pango lays out at 72 dpi here, so a point is a unit of the page.
    static func markup(_ text: MathText, size: Double) -> String {
        text.runs.map { run in
            let runSize = Int((size * MathText.sizeFactor(level: run.level) * 1024).rounded())
            let rise = Int((size * MathText.rise(level: run.level) * 1024).rounded())
            let style = run.italic ? " style=\"italic\"" : ""
            return "<span size=\"\(runSize)\" rise=\"\(rise)\"\(style)>\(escape(run.text))</span>"
        }.joined()
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}

extension RGBA {
    init(_ colour: Colour) {
        self.init(red: colour.red, green: colour.green, blue: colour.blue, alpha: colour.alpha)
    }
}

/// The file formats a figure is written in.
public enum FigureFormat: Sendable, Hashable {
    case pdf, svg
    case png(dpi: Double)

    public var fileExtension: String {
        switch self {
        case .pdf: return "pdf"
        case .svg: return "svg"
        case .png: return "png"
        }
    }
}

/// Writes figures to files through Cairo.
public enum FigureWriter {
    /// Draws `figure` and writes it to `path` (atomically: temporary file, then rename). PDF
    /// metadata: the figure's title, the creator (kit version and style version) and the
    /// figure's creation date.
    public static func write(_ figure: Figure, format: FigureFormat, to path: String, creator: String) throws {
        let (width, height) = figure.size.points
        let canvasFormat: CanvasFormat
        switch format {
        case .pdf: canvasFormat = .pdf
        case .svg: canvasFormat = .svg
        case .png(let dpi): canvasFormat = .png(dpi: dpi)
        }
        let canvas = try Canvas(format: canvasFormat, width: width, height: height, path: path,
                                metadata: DocumentMetadata(title: figure.title, creator: "\(creator), \(figure.style.version)",
                                                           creationDate: figure.creationDate))
        var renderer = CairoRenderer(canvas: canvas)
        try figure.draw(on: &renderer)
        try canvas.finish()
    }
}
