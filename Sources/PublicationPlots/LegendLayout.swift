/// Where a legend goes: a corner or edge of the axes frame, the place inside the frame that
/// covers the least data (`best`), or outside the frame (`outside`).
public enum LegendPlacement: String, Sendable, Hashable, CaseIterable {
    case upperRight = "upper-right", upperLeft = "upper-left", lowerLeft = "lower-left", lowerRight = "lower-right"
    case centreRight = "centre-right", centreLeft = "centre-left", upperCentre = "upper-centre", lowerCentre = "lower-centre"
    /// Inside the frame where it covers no drawn curve, band, marker or note, as matplotlib's
    /// "best"; outside the frame when every place inside covers something.
    case best
    /// Right of the frame, or below the x-axis label when the frame would keep less than
    /// `LegendLayout.minimumFrameShare` of the panel's width.
    case outside

    /// The places `best` tries inside the frame, in matplotlib's order (first wins a tie).
    static let insideCandidates: [LegendPlacement] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight, .centreRight, .centreLeft,
                                                       .lowerCentre, .upperCentre]
}

/// The legend's box on the page once placed, and how it was placed.
struct LegendBox: Sendable, Hashable {
    enum Side: Sendable, Hashable { case inside, right, below }
    var rect: PageRect
    var side: Side
}

/// How much of a rectangle the drawn artists cover, from the renderer-independent drawing
/// commands: stroked length inside (points) plus filled area inside (square points, sampled on
/// a grid of `LegendLayout.sampleStep`).
public struct Overlap: Sendable, Hashable {
    public var strokedLength: Double
    public var filledArea: Double
    public var isZero: Bool { strokedLength == 0 && filledArea == 0 }

    /// The overlap of `rect` with the fills and strokes of `commands` (clips are ignored: the
    /// commands are those drawn inside one frame). Fully transparent fills do not count.
    public static func of(_ rect: PageRect, with commands: [DisplayList.Command], textBoxes: [PageRect] = []) -> Overlap {
        let step = LegendLayout.sampleStep
        var length = 0.0
        var area = 0.0
        func inside(_ point: PagePoint) -> Bool {
            point.x > rect.x && point.x < rect.maxX && point.y > rect.y && point.y < rect.maxY
        }
        var fills: [[[PagePoint]]] = []
        for command in commands {
            switch command {
            case .stroke(let path, _):
                for polyline in path.subpaths {
                    for (a, b) in zip(polyline, polyline.dropFirst()) {
                        let dx = b.x - a.x, dy = b.y - a.y
                        let segment = (dx * dx + dy * dy).squareRoot()
                        guard segment > 0 else { continue }
                        let samples = max(1, Int((segment / step).rounded(.up)))
                        for index in 0..<samples {
                            let t = (Double(index) + 0.5) / Double(samples)
                            if inside(PagePoint(x: a.x + t * dx, y: a.y + t * dy)) { length += segment / Double(samples) }
                        }
                    }
                }
            case .fill(let path, let colour) where colour.alpha > 0:
                let polygons = path.subpaths
                let bounds = polygons.flatMap { $0 }
                guard let minX = bounds.map(\.x).min(), let maxX = bounds.map(\.x).max(),
                      let minY = bounds.map(\.y).min(), let maxY = bounds.map(\.y).max(),
                      maxX > rect.x, minX < rect.maxX, maxY > rect.y, minY < rect.maxY else { continue }
                fills.append(polygons)
            default:
                continue
            }
        }
        guard !fills.isEmpty || !textBoxes.isEmpty else { return Overlap(strokedLength: length, filledArea: 0) }
        var y = rect.y + step / 2
        while y < rect.maxY {
            var x = rect.x + step / 2
            while x < rect.maxX {
                let point = PagePoint(x: x, y: y)
                if textBoxes.contains(where: { x >= $0.x && x <= $0.maxX && y >= $0.y && y <= $0.maxY })
                    || fills.contains(where: { Self.winding(point, $0) != 0 }) {
                    area += step * step
                }
                x += step
            }
            y += step
        }
        return Overlap(strokedLength: length, filledArea: area)
    }

    /// Non-zero winding number of closed polygons around a point.
    static func winding(_ point: PagePoint, _ polygons: [[PagePoint]]) -> Int {
        var total = 0
        for polygon in polygons where polygon.count >= 3 {
            for (index, a) in polygon.enumerated() {
                let b = polygon[(index + 1) % polygon.count]
                let cross = (b.x - a.x) * (point.y - a.y) - (point.x - a.x) * (b.y - a.y)
                if a.y <= point.y {
                    if b.y > point.y, cross > 0 { total += 1 }
                } else if b.y <= point.y, cross < 0 {
                    total -= 1
                }
            }
        }
        return total
    }
}

/// Sizes and placement of legends.
enum LegendLayout {
    static let handleWidth = 14.0, gap = 4.0, pad = 4.0
    /// Gap between the frame (or colour bar) and a legend outside it, in points.
    static let outsideGap = 6.0
    /// Sampling step of the overlap measure, in points.
    static let sampleStep = 1.5
    /// An outside legend goes below the axes when, on the right, it would leave the frame less
    /// than this share of the panel's width (single-column figures with long labels).
    static let minimumFrameShare = 0.6

    /// Width and height of the legend of `entries`, with the metrics of each label.
    static func size<R: Renderer>(_ entries: [LegendEntry], font: Font, renderer: R) throws
        -> (width: Double, height: Double, rowHeight: Double, metrics: [TextMetrics]) {
        let metrics = try entries.map { try renderer.measure($0.label, font: font) }
        let rowHeight = (metrics.map(\.height).max() ?? 0) * 1.05
        let width = handleWidth + gap + (metrics.map(\.width).max() ?? 0) + 2 * pad
        let height = rowHeight * Double(entries.count) + 2 * pad - (rowHeight - (metrics.last?.height ?? 0))
        return (width, height, rowHeight, metrics)
    }

    /// The box of a legend `width` x `height` at an inside placement of `frame`.
    static func insideRect(_ placement: LegendPlacement, frame: PageRect, width: Double, height: Double, inset: Double) -> PageRect {
        let left: Double, top: Double
        switch placement {
        case .upperLeft, .lowerLeft, .centreLeft: left = frame.x + inset
        case .upperCentre, .lowerCentre: left = frame.x + (frame.width - width) / 2
        default: left = frame.maxX - inset - width
        }
        switch placement {
        case .upperLeft, .upperRight, .upperCentre: top = frame.y + inset
        case .centreLeft, .centreRight: top = frame.y + (frame.height - height) / 2
        default: top = frame.maxY - inset - height
        }
        return PageRect(x: left, y: top, width: width, height: height)
    }
}

extension Path {
    /// The subpaths as point lists (a closed subpath is not repeated at its start).
    var subpaths: [[PagePoint]] {
        var result: [[PagePoint]] = []
        var current: [PagePoint] = []
        for element in elements {
            switch element {
            case .move(let point):
                if !current.isEmpty { result.append(current) }
                current = [point]
            case .line(let point):
                current.append(point)
            case .close:
                if !current.isEmpty { result.append(current) }
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
