import HEPDataTables
import PublicationPlots
import RecastEngine

/// A table over two masses (a card table, or a table of results/) as a colour map with a
/// labelled colour bar (docs/two-mass-tables.md 5): the quantity is sampled on a fine grid of
/// cells through `MassPlane`, so the map shows exactly what the recast interpolates, and a cell
/// where the plane gives no value (outside the published points) stays blank. The published
/// points are marked.
public enum MassPlaneFigure {
    public struct Options: Sendable, Hashable {
        /// The dependent variable drawn.
        public var column = 0
        /// Axis and colour-bar labels; nil: from the table's names and units.
        public var xLabel: MathText?
        public var yLabel: MathText?
        public var colourLabel: MathText?
        /// Lines above the frame; nil: what the map is and that it is drawn by b2recast.
        public var caption: [MathText]?
        public var rightCaption: MathText?
        /// Cells of the sampled map along each axis.
        public var xCells = 120, yCells = 100
        public var size: FigureSize = .singleColumn
        /// The document's title and date (ISO 8601; from the inputs, never the clock).
        public var title = "limit over two masses, drawn by b2recast"
        public var creationDate = "2000-01-01T00:00:00Z"

        public init() {}
    }

    /// The colour map of `table` (two independent variables, a positive quantity). Throws a
    /// PlotError naming the column when the table has no plane to draw.
    public static func make(_ table: HEPDataTable, options: Options = Options()) throws -> Figure {
        let plane: MassPlane
        do {
            plane = try MassPlane(table, column: options.column)
        } catch {
            throw PlotError("the map of dependent variable \(options.column): \(error.reason)")
        }
        let column = table.dependent[options.column]
        guard (2...1000).contains(options.xCells), (2...1000).contains(options.yCells) else {
            throw PlotError("the map of dependent variable \(options.column): expected 2 to 1000 cells per axis, got \(options.xCells) x \(options.yCells)")
        }
        let xRange = (plane.xNodes[0], plane.xNodes[plane.xNodes.count - 1])
        let yRange = (plane.yNodes[0], plane.yNodes[plane.yNodes.count - 1])
        let xEdges = edges(xRange, options.xCells), yEdges = edges(yRange, options.yCells)
        var values: [Double] = []
        values.reserveCapacity(options.xCells * options.yCells)
        for j in 0..<options.yCells {
            for i in 0..<options.xCells {
                let x = (xEdges[i] + xEdges[i + 1]) / 2, y = (yEdges[j] + yEdges[j + 1]) / 2
                values.append((try? plane.value(x: x, y: y).get()) ?? .nan)
            }
        }
        // The published points and their values (the colour scale spans them).
        let xs = table.independent[0].values, ys = table.independent[1].values
        let published = xs.indices.filter { plane.published(x: xs[$0], y: ys[$0]) != nil }
        let scale = ColourScale(axis: ReproductionFigures.logRange(published.compactMap { plane.published(x: xs[$0], y: ys[$0]) }, marginDecades: 0))
        let colourLabel = options.colourLabel ?? label(column.name, units: column.units)
        var axes = Axes(x: .linear(lower: xRange.0, upper: xRange.1), y: .linear(lower: yRange.0, upper: yRange.1),
                        xLabel: options.xLabel ?? label(table.independent[0].name, units: table.independent[0].units),
                        yLabel: options.yLabel ?? label(table.independent[1].name, units: table.independent[1].units),
                        legend: nil,
                        caption: options.caption ?? [colourLabel, "dots: published points; blank: no value (b2recast)"],
                        rightCaption: options.rightCaption, colourBar: ColourBar(scale: scale, label: colourLabel))
        axes.add(.colourMesh(ColourMesh(xEdges: xEdges, yEdges: yEdges, values: values, scale: scale)))
        // No legend: it would hide part of the map; the caption says what the dots are.
        axes.add(.markers(Markers(xs: published.map { xs[$0] }, ys: published.map { ys[$0] }, size: 1.6, colour: .black)))
        return Figure(size: options.size, panels: [axes], title: options.title, creationDate: options.creationDate)
    }

    /// `count` equal cells over `range`.
    static func edges(_ range: (Double, Double), _ count: Int) -> [Double] {
        (0...count).map { range.0 + (range.1 - range.0) * Double($0) / Double(count) }
    }

    /// An axis label from a HEPData header: a one-word name with a subscript, "M_A'" or
    /// "M_{A'}", set as math; anything else as written; units in brackets.
    static func label(_ name: String, units: String?) -> MathText {
        var text = name
        if !name.contains("$"), !name.contains(" "), let underscore = name.firstIndex(of: "_") {
            let base = name[..<underscore], lowered = name[name.index(after: underscore)...]
            text = lowered.hasPrefix("{") ? "$\(name)$" : "$\(base)_{\(lowered)}$"
        }
        if let units, !units.isEmpty { text += " [\(units)]" }
        return MathText(text)
    }
}
