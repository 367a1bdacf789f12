/// A curve through data points; non-finite points (or non-positive ones on a log axis) break it.
public struct Curve: Sendable, Hashable {
    public var xs: [Double]
    public var ys: [Double]
    public var style: LineStyle
    public var label: MathText?

    public init(xs: [Double], ys: [Double], style: LineStyle, label: MathText? = nil) {
        self.xs = xs
        self.ys = ys
        self.style = style
        self.label = label
    }
}

/// A filled band between two curves over the same x values (an expected-limit band, a
/// (g-2) band).
public struct Band: Sendable, Hashable {
    public var xs: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var colour: Colour
    public var label: MathText?

    public init(xs: [Double], lower: [Double], upper: [Double], colour: Colour, label: MathText? = nil) {
        self.xs = xs
        self.lower = lower
        self.upper = upper
        self.colour = colour
        self.label = label
    }
}

/// An excluded region bounded by a limit curve: filled from the curve to the top (or bottom) of
/// the axes, with the curve drawn as its edge and, optionally, short hatches on the excluded
/// side of the edge.
public struct Exclusion: Sendable, Hashable {
    public enum Side: Sendable, Hashable { case above, below }
    public var xs: [Double]
    public var ys: [Double]
    public var side: Side
    public var fill: Colour
    public var edge: LineStyle
    public var hatched: Bool
    public var label: MathText?

    public init(xs: [Double], ys: [Double], side: Side = .above, fill: Colour, edge: LineStyle, hatched: Bool = true,
                label: MathText? = nil) {
        self.xs = xs
        self.ys = ys
        self.side = side
        self.fill = fill
        self.edge = edge
        self.hatched = hatched
        self.label = label
    }

    /// Hatch spacing and length along the edge, in points.
    static let hatchSpacing = 3.0, hatchLength = 4.0
}

/// Points with optional vertical error bars (low and high ends).
public struct Markers: Sendable, Hashable {
    public enum Shape: Sendable, Hashable { case circle, square, triangle, diamond }
    public var xs: [Double]
    public var ys: [Double]
    /// Ends of the error bars, when given (same count as the points).
    public var yLow: [Double]?
    public var yHigh: [Double]?
    public var shape: Shape
    /// Diameter in points.
    public var size: Double
    public var colour: Colour
    public var label: MathText?

    public init(xs: [Double], ys: [Double], yLow: [Double]? = nil, yHigh: [Double]? = nil, shape: Shape = .circle,
                size: Double = 4, colour: Colour = .black, label: MathText? = nil) {
        self.xs = xs
        self.ys = ys
        self.yLow = yLow
        self.yHigh = yHigh
        self.shape = shape
        self.size = size
        self.colour = colour
        self.label = label
    }
}

/// A 2D colour map on a grid of cells: `values[j * (xEdges.count - 1) + i]` fills the cell
/// between xEdges[i], xEdges[i+1] and yEdges[j], yEdges[j+1]. NaN cells stay blank.
public struct ColourMesh: Sendable, Hashable {
    public var xEdges: [Double]
    public var yEdges: [Double]
    public var values: [Double]
    public var scale: ColourScale

    public init(xEdges: [Double], yEdges: [Double], values: [Double], scale: ColourScale) {
        self.xEdges = xEdges
        self.yEdges = yEdges
        self.values = values
        self.scale = scale
    }
}

/// A contour line at `level` of values on a grid of points (`values[j * xs.count + i]` at
/// xs[i], ys[j]), by marching squares with linear interpolation along cell edges.
public struct Contour: Sendable, Hashable {
    public var xs: [Double]
    public var ys: [Double]
    public var values: [Double]
    public var level: Double
    public var style: LineStyle
    public var label: MathText?

    public init(xs: [Double], ys: [Double], values: [Double], level: Double, style: LineStyle, label: MathText? = nil) {
        self.xs = xs
        self.ys = ys
        self.values = values
        self.level = level
        self.style = style
        self.label = label
    }

    /// The contour as segments in data coordinates. Saddle cells are resolved by the cell's
    /// mean value.
    public func segments() -> [(from: (x: Double, y: Double), to: (x: Double, y: Double))] {
        let nx = xs.count, ny = ys.count
        guard nx >= 2, ny >= 2, values.count == nx * ny else { return [] }
        var result: [(from: (x: Double, y: Double), to: (x: Double, y: Double))] = []
        func value(_ i: Int, _ j: Int) -> Double { values[j * nx + i] }
        for j in 0..<(ny - 1) {
            for i in 0..<(nx - 1) {
                // Corners counter-clockwise from bottom-left.
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
                let v = corners.map { value($0.0, $0.1) }
                guard v.allSatisfy(\.isFinite) else { continue }
                var crossings: [(x: Double, y: Double)] = []
                var edges: [Int] = []
                for edge in 0..<4 {
                    let a = edge, b = (edge + 1) % 4
                    if (v[a] < level) != (v[b] < level) {
                        let t = (level - v[a]) / (v[b] - v[a])
                        let (ia, ja) = corners[a], (ib, jb) = corners[b]
                        crossings.append((xs[ia] + t * (xs[ib] - xs[ia]), ys[ja] + t * (ys[jb] - ys[ja])))
                        edges.append(edge)
                    }
                }
                if crossings.count == 2 {
                    result.append((crossings[0], crossings[1]))
                } else if crossings.count == 4 {
                    let centreAbove = v.reduce(0, +) / 4 >= level
                    let firstAbove = v[0] >= level
                    // Join the crossings around the corners that are alone on their side.
                    if centreAbove == firstAbove {
                        result.append((crossings[0], crossings[1]))
                        result.append((crossings[2], crossings[3]))
                    } else {
                        result.append((crossings[3], crossings[0]))
                        result.append((crossings[1], crossings[2]))
                    }
                }
            }
        }
        return result
    }
}

/// A text placed on the axes.
public struct Annotation: Sendable, Hashable {
    public enum Position: Sendable, Hashable {
        /// In data coordinates.
        case data(x: Double, y: Double)
        /// As fractions of the axes frame from its bottom-left corner.
        case frame(x: Double, y: Double)
    }
    public var text: MathText
    public var position: Position
    public var anchor: TextAnchor
    public var colour: Colour
    /// Font size relative to the style's legend size.
    public var scale: Double
    public var vertical: Bool

    public init(_ text: MathText, at position: Position, anchor: TextAnchor = TextAnchor(.left, .baseline),
                colour: Colour = .black, scale: Double = 1, vertical: Bool = false) {
        self.text = text
        self.position = position
        self.anchor = anchor
        self.colour = colour
        self.scale = scale
        self.vertical = vertical
    }
}

/// Anything drawn inside the axes, in the order given.
public enum Artist: Sendable, Hashable {
    case curve(Curve)
    case band(Band)
    case exclusion(Exclusion)
    case markers(Markers)
    case colourMesh(ColourMesh)
    case contour(Contour)
    case annotation(Annotation)

    /// The legend entry, if the artist has a label.
    var legendEntry: LegendEntry? {
        switch self {
        case .curve(let curve): return curve.label.map { LegendEntry(label: $0, handle: .line(curve.style)) }
        case .band(let band): return band.label.map { LegendEntry(label: $0, handle: .box(fill: band.colour, edge: nil)) }
        case .exclusion(let region):
            return region.label.map { LegendEntry(label: $0, handle: .box(fill: region.fill, edge: region.edge)) }
        case .markers(let markers):
            return markers.label.map { LegendEntry(label: $0, handle: .marker(markers.shape, markers.colour, markers.size)) }
        case .contour(let contour): return contour.label.map { LegendEntry(label: $0, handle: .line(contour.style)) }
        case .colourMesh, .annotation: return nil
        }
    }
}

/// One row of a legend.
struct LegendEntry: Sendable, Hashable {
    enum Handle: Sendable, Hashable {
        case line(LineStyle)
        case box(fill: Colour, edge: LineStyle?)
        case marker(Markers.Shape, Colour, Double)
    }
    var label: MathText
    var handle: Handle
}
