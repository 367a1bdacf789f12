/// A point on the page, in points (1/72 inch) from the top-left corner, y downwards.
public struct PagePoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A rectangle on the page, in points; `y` is its top edge.
public struct PageRect: Sendable, Hashable {
    public var x, y, width, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
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

    /// A colour from a 24-bit hex value, e.g. 0x1F4E9C.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    /// The same colour with another opacity.
    public func withAlpha(_ alpha: Double) -> Colour { Colour(red: red, green: green, blue: blue, alpha: alpha) }

    public static let black = Colour(red: 0, green: 0, blue: 0)
    public static let white = Colour(red: 1, green: 1, blue: 1)
}

/// How a line is stroked: width in points, dash pattern (on-off lengths in points, empty for
/// solid) and colour.
public struct LineStyle: Sendable, Hashable {
    public var width: Double
    public var dash: [Double]
    public var colour: Colour

    public init(width: Double = 1, dash: [Double] = [], colour: Colour = .black) {
        self.width = width
        self.dash = dash
        self.colour = colour
    }
}

/// A path on the page: subpaths of straight segments, each optionally closed.
public struct Path: Sendable, Hashable {
    public enum Element: Sendable, Hashable {
        case move(PagePoint)
        case line(PagePoint)
        case close
    }

    public var elements: [Element] = []

    public init() {}

    /// An open polyline through `points`.
    public init(polyline points: [PagePoint]) {
        guard let first = points.first else { return }
        elements.append(.move(first))
        for point in points.dropFirst() { elements.append(.line(point)) }
    }

    /// A closed polygon through `points`.
    public init(polygon points: [PagePoint]) {
        self.init(polyline: points)
        if !points.isEmpty { elements.append(.close) }
    }

    /// A closed rectangle.
    public init(rect: PageRect) {
        self.init(polygon: [PagePoint(x: rect.x, y: rect.y), PagePoint(x: rect.maxX, y: rect.y),
                            PagePoint(x: rect.maxX, y: rect.maxY), PagePoint(x: rect.x, y: rect.maxY)])
    }

    public mutating func move(to point: PagePoint) { elements.append(.move(point)) }
    public mutating func line(to point: PagePoint) { elements.append(.line(point)) }
    public mutating func close() { elements.append(.close) }
    public var isEmpty: Bool { elements.isEmpty }
}
