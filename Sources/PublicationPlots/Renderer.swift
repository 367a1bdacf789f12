/// A point on the page, in points (1/72 inch) from the top-left corner.
public struct PagePoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A colour with components in [0, 1].
public struct Colour: Sendable, Hashable {
    public var red, green, blue, alpha: Double
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    public static let black = Colour(red: 0, green: 0, blue: 0)
    public static let white = Colour(red: 1, green: 1, blue: 1)
}

/// What figures draw through. Artists speak to this protocol only; PlotCairo implements it
/// with Cairo, and tests can implement it with a recorder of display lists.
public protocol Renderer {
    /// Fills the whole page.
    mutating func fillPage(_ colour: Colour) throws
    /// Strokes a polyline.
    mutating func strokePolyline(_ points: [PagePoint], width: Double, colour: Colour) throws
}

/// Draws a data series through a pair of scales onto a plotting rectangle of the page.
public struct LineArtist: Sendable {
    public var xs: [Double]
    public var ys: [Double]
    public var width: Double
    public var colour: Colour

    public init(xs: [Double], ys: [Double], width: Double = 1, colour: Colour = .black) {
        precondition(xs.count == ys.count, "a line needs as many x as y values")
        self.xs = xs
        self.ys = ys
        self.width = width
        self.colour = colour
    }

    /// Maps the series into the rectangle (origin top-left, y downwards) and strokes it.
    public func draw<R: Renderer>(on renderer: inout R, xScale: some Scale, yScale: some Scale,
                                  origin: PagePoint, size: (width: Double, height: Double)) throws {
        let points = zip(xs, ys).map { x, y in
            PagePoint(x: origin.x + xScale.normalized(x) * size.width,
                      y: origin.y + (1 - yScale.normalized(y)) * size.height)
        }
        try renderer.strokePolyline(points, width: width, colour: colour)
    }
}
