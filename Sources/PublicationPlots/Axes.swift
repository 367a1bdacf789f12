import RealModule

/// A colour bar to the right of the axes, for a colour map.
public struct ColourBar: Sendable, Hashable {
    public var scale: ColourScale
    public var label: MathText
    public init(scale: ColourScale, label: MathText) {
        self.scale = scale
        self.label = label
    }
}

/// One panel: two axes, their labels, the artists drawn in them, a legend, captions above the
/// frame (left: what the figure is; right: data set), and an optional colour bar.
public struct Axes: Sendable, Hashable {
    public var x: AxisScale
    public var y: AxisScale
    public var xLabel: MathText
    public var yLabel: MathText
    public var artists: [Artist]
    public var legend: LegendPlacement?
    /// Lines above the frame, left-aligned (e.g. "Belle II data, recast with b2recast").
    public var caption: [MathText]
    /// One line above the frame, right-aligned (e.g. luminosity and sqrt(s)).
    public var rightCaption: MathText?
    public var colourBar: ColourBar?

    public init(x: AxisScale, y: AxisScale, xLabel: MathText, yLabel: MathText, artists: [Artist] = [],
                legend: LegendPlacement? = .best, caption: [MathText] = [], rightCaption: MathText? = nil,
                colourBar: ColourBar? = nil) {
        self.x = x
        self.y = y
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.artists = artists
        self.legend = legend
        self.caption = caption
        self.rightCaption = rightCaption
        self.colourBar = colourBar
    }

    public mutating func add(_ artist: Artist) { artists.append(artist) }

    // MARK: Layout

    /// The frame of the data area inside `slot`, leaving room for labels, captions and the
    /// colour bar, measured with the renderer's fonts.
    func frame<R: Renderer>(in slot: PageRect, style: PlotStyle, renderer: R) throws -> PageRect {
        try layout(in: slot, style: style, renderer: renderer).frame
    }

    /// The frame and the legend's box inside `slot`. A `best` legend goes to the first inside
    /// place that covers nothing drawn (`Overlap`), else outside; an outside legend goes right
    /// of the frame, or below the x-axis label when the frame would get too narrow. A legend
    /// that does not fit the slot is an error rather than a clipped figure.
    func layout<R: Renderer>(in slot: PageRect, style: PlotStyle, renderer: R) throws -> (frame: PageRect, legend: LegendBox?) {
        let entries = artists.compactMap(\.legendEntry)
        let base = try frame(in: slot, style: style, renderer: renderer, extraRight: 0, extraBottom: 0)
        guard let legend, !entries.isEmpty else { return (base, nil) }
        let font = Font(family: style.fontFamily, size: style.legendSize)
        let size = try LegendLayout.size(entries, font: font, renderer: renderer)
        let inset = style.majorTickLength + 2
        var placement = legend
        if placement == .best {
            placement = .outside
            let fits = size.width + 2 * inset <= base.width && size.height + 2 * inset <= base.height
            if fits {
                let (commands, notes) = try artistCommands(frame: base, style: style, renderer: renderer)
                if let clean = LegendPlacement.insideCandidates.first(where: { candidate in
                    let rect = LegendLayout.insideRect(candidate, frame: base, width: size.width, height: size.height, inset: inset)
                    return Overlap.of(rect, with: commands, textBoxes: notes).isZero
                }) {
                    placement = clean
                }
            }
        }
        guard placement == .outside else {
            return (base, LegendBox(rect: LegendLayout.insideRect(placement, frame: base, width: size.width, height: size.height, inset: inset),
                                    side: .inside))
        }
        let extraRight = size.width + LegendLayout.outsideGap
        if base.width - extraRight >= LegendLayout.minimumFrameShare * slot.width {
            let frame = try frame(in: slot, style: style, renderer: renderer, extraRight: extraRight, extraBottom: 0)
            if frame.y + size.height <= slot.maxY - style.outerPad {
                return (frame, LegendBox(rect: PageRect(x: slot.maxX - style.outerPad - size.width, y: frame.y, width: size.width, height: size.height),
                                         side: .right))
            }
        }
        guard size.width <= slot.width - 2 * style.outerPad else {
            throw PlotError("the legend (\(Int(size.width)) pt wide) does not fit the figure (\(Int(slot.width)) pt): use a wider size or shorter labels")
        }
        let frame = try frame(in: slot, style: style, renderer: renderer, extraRight: 0, extraBottom: size.height + LegendLayout.outsideGap)
        let left = min(frame.x, slot.maxX - style.outerPad - size.width)
        return (frame, LegendBox(rect: PageRect(x: left, y: slot.maxY - style.outerPad - size.height, width: size.width, height: size.height),
                                 side: .below))
    }

    /// What the artists draw in `frame` (renderer-independent commands), and the boxes of the
    /// notes among them, measured with the renderer: what a legend must not cover.
    func artistCommands<R: Renderer>(frame: PageRect, style: PlotStyle, renderer: R) throws -> ([DisplayList.Command], [PageRect]) {
        let map = PageMapping(x: x, y: y, frame: frame)
        var list = DisplayList()
        var notes: [PageRect] = []
        for artist in artists {
            if case .annotation(let note) = artist {
                if let box = try noteBox(note, map: map, style: style, renderer: renderer) { notes.append(box) }
            } else {
                try draw(artist, on: &list, map: map, style: style)
            }
        }
        return (list.commands, notes)
    }

    /// The page box of a note (horizontal notes; a vertical one is turned by a quarter turn).
    func noteBox<R: Renderer>(_ note: Annotation, map: PageMapping, style: PlotStyle, renderer: R) throws -> PageRect? {
        guard let point = notePoint(note, map: map) else { return nil }
        let metrics = try renderer.measure(note.text, font: Font(family: style.fontFamily, size: style.legendSize * note.scale))
        let along: Double
        switch note.anchor.horizontal {
        case .left: along = 0
        case .centre: along = metrics.width / 2
        case .right: along = metrics.width
        }
        let across: Double
        switch note.anchor.vertical {
        case .top: across = 0
        case .middle: across = metrics.height / 2
        case .baseline: across = metrics.baseline
        case .bottom: across = metrics.height
        }
        return note.vertical ? PageRect(x: point.x - across, y: point.y + along - metrics.width, width: metrics.height, height: metrics.width)
                             : PageRect(x: point.x - along, y: point.y - across, width: metrics.width, height: metrics.height)
    }

    func notePoint(_ note: Annotation, map: PageMapping) -> PagePoint? {
        switch note.position {
        case .data(let x, let y): return map.point(x, y)
        case .frame(let fx, let fy): return PagePoint(x: map.frame.x + fx * map.frame.width, y: map.frame.maxY - fy * map.frame.height)
        }
    }

    /// The frame with `extraRight` and `extraBottom` points kept free for an outside legend.
    func frame<R: Renderer>(in slot: PageRect, style: PlotStyle, renderer: R, extraRight: Double, extraBottom: Double) throws -> PageRect {
        let tickFont = Font(family: style.fontFamily, size: style.tickLabelSize)
        let labelFont = Font(family: style.fontFamily, size: style.axisLabelSize)
        let captionFont = Font(family: style.fontFamily, size: style.captionSize)
        let yTickWidth = try y.ticks.compactMap(\.label).map { try renderer.measure($0, font: tickFont).width }.max() ?? 0
        let tickHeight = try renderer.measure("0", font: tickFont).height
        let xLabelHeight = try renderer.measure(xLabel, font: labelFont).height
        let yLabelHeight = try renderer.measure(yLabel, font: labelFont).height
        let left = style.outerPad + yLabelHeight + style.axisLabelPad + yTickWidth + style.tickLabelPad
        let bottom = style.outerPad + xLabelHeight + style.axisLabelPad + tickHeight + style.tickLabelPad + extraBottom
        var right = style.outerPad + tickHeight + extraRight
        if let colourBar {
            let barTickWidth = try colourBar.scale.axis.ticks.compactMap(\.label)
                .map { try renderer.measure($0, font: tickFont).width }.max() ?? 0
            let barLabelHeight = try renderer.measure(colourBar.label, font: labelFont).height
            right = style.outerPad + Self.barGap + Self.barWidth + style.tickLabelPad + barTickWidth + style.axisLabelPad + barLabelHeight
                + extraRight
        }
        // The captions' lines depend on the frame width, which does not depend on them.
        let captionLines = try captionLineCount(width: slot.width - left - right, renderer: renderer, font: captionFont)
        let captionHeight = try renderer.measure("0", font: captionFont).height * Double(captionLines)
        let top = style.outerPad + max(captionHeight + 2, tickHeight / 2)
        let frame = PageRect(x: slot.x + left, y: slot.y + top, width: slot.width - left - right, height: slot.height - top - bottom)
        guard frame.width > 20, frame.height > 20 else {
            throw PlotError("the figure is too small for its labels: \(Int(frame.width)) x \(Int(frame.height)) pt left for the data")
        }
        return frame
    }

    static let barGap = 6.0, barWidth = 8.0

    /// Whether the right caption fits beside the first caption line in `width`.
    func rightCaptionFits<R: Renderer>(width: Double, renderer: R, font: Font) throws -> Bool {
        guard let rightCaption, let first = caption.first else { return true }
        return try renderer.measure(first, font: font).width + renderer.measure(rightCaption, font: font).width + 8 <= width
    }

    /// Lines of caption above a frame `width` wide: the left captions, plus one when the right
    /// caption does not fit beside the first of them.
    func captionLineCount<R: Renderer>(width: Double, renderer: R, font: Font) throws -> Int {
        let sharing = try rightCaptionFits(width: width, renderer: renderer, font: font)
        return max(caption.count, rightCaption == nil ? 0 : 1) + (sharing || caption.isEmpty ? 0 : 1)
    }

    // MARK: Drawing

    /// Draws the panel into `frame`, with its legend in `legendBox` (both from `layout(in:)`).
    func draw<R: Renderer>(on renderer: inout R, frame: PageRect, legendBox: LegendBox?, style: PlotStyle) throws {
        try x.validate("x")
        try y.validate("y")
        let map = PageMapping(x: x, y: y, frame: frame)
        try renderer.pushClip(frame)
        for artist in artists {
            try draw(artist, on: &renderer, map: map, style: style)
        }
        try renderer.popClip()
        try drawFrameAndTicks(on: &renderer, frame: frame, style: style)
        try drawLabels(on: &renderer, frame: frame, style: style)
        if let legendBox { try drawLegend(in: legendBox.rect, on: &renderer, style: style) }
        if let colourBar { try drawColourBar(colourBar, on: &renderer, frame: frame, style: style) }
    }

    func draw<R: Renderer>(_ artist: Artist, on renderer: inout R, map: PageMapping, style: PlotStyle) throws {
        switch artist {
        case .curve(let curve):
            for piece in map.polylines(curve.xs, curve.ys) {
                try renderer.stroke(Path(polyline: piece), style: curve.style)
            }
        case .band(let band):
            for (low, high) in map.bandPieces(band.xs, band.lower, band.upper) {
                try renderer.fill(Path(polygon: low + high.reversed()), colour: band.colour)
            }
        case .exclusion(let region):
            try drawExclusion(region, on: &renderer, map: map)
        case .markers(let markers):
            try drawMarkers(markers, on: &renderer, map: map)
        case .colourMesh(let mesh):
            try drawMesh(mesh, on: &renderer, map: map)
        case .contour(let contour):
            var path = Path()
            for segment in contour.segments() {
                guard let a = map.point(segment.from.x, segment.from.y), let b = map.point(segment.to.x, segment.to.y) else { continue }
                path.move(to: a)
                path.line(to: b)
            }
            if !path.isEmpty { try renderer.stroke(path, style: contour.style) }
        case .annotation(let note):
            guard let point = notePoint(note, map: map) else { return }
            try renderer.draw(note.text, font: Font(family: style.fontFamily, size: style.legendSize * note.scale),
                              colour: note.colour, at: point, anchor: note.anchor, vertical: note.vertical)
        }
    }

    func drawExclusion<R: Renderer>(_ region: Exclusion, on renderer: inout R, map: PageMapping) throws {
        let edgeY = region.side == .above ? map.frame.y - 10 : map.frame.maxY + 10
        for piece in map.polylines(region.xs, region.ys) where piece.count >= 2 {
            var polygon = piece
            polygon.append(PagePoint(x: piece[piece.count - 1].x, y: edgeY))
            polygon.append(PagePoint(x: piece[0].x, y: edgeY))
            if region.fill.alpha > 0 { try renderer.fill(Path(polygon: polygon), colour: region.fill) }
            if region.hatched {
                var hatchStyle = region.edge
                hatchStyle.dash = []
                hatchStyle.width = max(0.5, region.edge.width * 0.6)
                let hatches = Self.hatches(along: piece, side: region.side)
                if !hatches.isEmpty { try renderer.stroke(hatches, style: hatchStyle) }
            }
            try renderer.stroke(Path(polyline: piece), style: region.edge)
        }
    }

    /// Short strokes every `Exclusion.hatchSpacing` points along a polyline, leaning 45 degrees
    /// forward into the excluded side. Travelling left to right, "above" is to the left of the
    /// direction of travel: (dy, -dx) on a page whose y grows downwards.
    static func hatches(along points: [PagePoint], side: Exclusion.Side) -> Path {
        var path = Path()
        var carried = 0.0
        for index in 0..<(points.count - 1) {
            let a = points[index], b = points[index + 1]
            let dx = b.x - a.x, dy = b.y - a.y
            let length = (dx * dx + dy * dy).squareRoot()
            guard length > 0 else { continue }
            let ux = dx / length, uy = dy / length
            let nx = side == .above ? uy : -uy, ny = side == .above ? -ux : ux
            let hx = (nx + ux) / 2.0.squareRoot() * Exclusion.hatchLength
            let hy = (ny + uy) / 2.0.squareRoot() * Exclusion.hatchLength
            var position = carried
            while position < length {
                let start = PagePoint(x: a.x + ux * position, y: a.y + uy * position)
                path.move(to: start)
                path.line(to: PagePoint(x: start.x + hx, y: start.y + hy))
                position += Exclusion.hatchSpacing
            }
            carried = position - length
        }
        return path
    }

    func drawMarkers<R: Renderer>(_ markers: Markers, on renderer: inout R, map: PageMapping) throws {
        let barStyle = LineStyle(width: 0.8, colour: markers.colour)
        for index in markers.xs.indices {
            guard let centre = map.point(markers.xs[index], markers.ys[index]) else { continue }
            if let low = markers.yLow?[index], let high = markers.yHigh?[index],
               let bottom = map.point(markers.xs[index], low), let top = map.point(markers.xs[index], high) {
                try renderer.stroke(Path(polyline: [bottom, top]), style: barStyle)
            }
            try renderer.fill(Self.markerPath(markers.shape, centre: centre, size: markers.size), colour: markers.colour)
        }
    }

    static func markerPath(_ shape: Markers.Shape, centre: PagePoint, size: Double) -> Path {
        let r = size / 2
        func polygon(_ angles: [Double], radius: Double) -> Path {
            Path(polygon: angles.map { PagePoint(x: centre.x + radius * Double.cos($0), y: centre.y - radius * Double.sin($0)) })
        }
        switch shape {
        case .circle: return polygon((0..<24).map { Double($0) * .pi / 12 }, radius: r)
        case .square: return Path(rect: PageRect(x: centre.x - r * 0.85, y: centre.y - r * 0.85, width: 1.7 * r, height: 1.7 * r))
        case .triangle: return polygon([.pi / 2, .pi * 7 / 6, .pi * 11 / 6], radius: r * 1.2)
        case .diamond: return polygon([0, .pi / 2, .pi, .pi * 3 / 2], radius: r * 1.15)
        }
    }

    func drawMesh<R: Renderer>(_ mesh: ColourMesh, on renderer: inout R, map: PageMapping) throws {
        let nx = mesh.xEdges.count - 1, ny = mesh.yEdges.count - 1
        guard nx >= 1, ny >= 1, mesh.values.count == nx * ny else {
            throw PlotError("colour map: expected \((mesh.xEdges.count - 1) * (mesh.yEdges.count - 1)) values for the grid, got \(mesh.values.count)")
        }
        // Cells overlap by a quarter point so that viewers show no hairline seams between them.
        let overlap = 0.25
        for j in 0..<ny {
            for i in 0..<nx {
                guard let colour = mesh.scale.colour(mesh.values[j * nx + i]),
                      let a = map.point(mesh.xEdges[i], mesh.yEdges[j]), let b = map.point(mesh.xEdges[i + 1], mesh.yEdges[j + 1]) else { continue }
                let rect = PageRect(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(b.x - a.x) + overlap, height: abs(b.y - a.y) + overlap)
                try renderer.fill(Path(rect: rect), colour: colour)
            }
        }
    }

    func drawFrameAndTicks<R: Renderer>(on renderer: inout R, frame: PageRect, style: PlotStyle) throws {
        let tickStyle = LineStyle(width: style.frameWidth * 0.9)
        var ticks = Path()
        for tick in x.ticks {
            let position = frame.x + x.normalized(tick.value) * frame.width
            guard position >= frame.x - 0.01, position <= frame.maxX + 0.01 else { continue }
            let length = tick.major ? style.majorTickLength : style.minorTickLength
            ticks.move(to: PagePoint(x: position, y: frame.maxY))
            ticks.line(to: PagePoint(x: position, y: frame.maxY - length))
            ticks.move(to: PagePoint(x: position, y: frame.y))
            ticks.line(to: PagePoint(x: position, y: frame.y + length))
        }
        for tick in y.ticks {
            let position = frame.maxY - y.normalized(tick.value) * frame.height
            guard position >= frame.y - 0.01, position <= frame.maxY + 0.01 else { continue }
            let length = tick.major ? style.majorTickLength : style.minorTickLength
            ticks.move(to: PagePoint(x: frame.x, y: position))
            ticks.line(to: PagePoint(x: frame.x + length, y: position))
            ticks.move(to: PagePoint(x: frame.maxX, y: position))
            ticks.line(to: PagePoint(x: frame.maxX - length, y: position))
        }
        try renderer.stroke(ticks, style: tickStyle)
        try renderer.stroke(Path(rect: frame), style: LineStyle(width: style.frameWidth))
    }

    func drawLabels<R: Renderer>(on renderer: inout R, frame: PageRect, style: PlotStyle) throws {
        let tickFont = Font(family: style.fontFamily, size: style.tickLabelSize)
        let labelFont = Font(family: style.fontFamily, size: style.axisLabelSize)
        let captionFont = Font(family: style.fontFamily, size: style.captionSize)
        var tickHeight = 0.0
        for tick in x.ticks {
            guard let label = tick.label else { continue }
            let position = frame.x + x.normalized(tick.value) * frame.width
            guard position >= frame.x - 0.01, position <= frame.maxX + 0.01 else { continue }
            tickHeight = max(tickHeight, try renderer.measure(label, font: tickFont).height)
            try renderer.draw(label, font: tickFont, colour: .black, at: PagePoint(x: position, y: frame.maxY + style.tickLabelPad),
                              anchor: TextAnchor(.centre, .top))
        }
        var tickWidth = 0.0
        for tick in y.ticks {
            guard let label = tick.label else { continue }
            let position = frame.maxY - y.normalized(tick.value) * frame.height
            guard position >= frame.y - 0.01, position <= frame.maxY + 0.01 else { continue }
            tickWidth = max(tickWidth, try renderer.measure(label, font: tickFont).width)
            try renderer.draw(label, font: tickFont, colour: .black, at: PagePoint(x: frame.x - style.tickLabelPad, y: position),
                              anchor: TextAnchor(.right, .middle))
        }
        if tickHeight == 0 { tickHeight = try renderer.measure("0", font: tickFont).height }
        // Axis labels at the ends of the axes.
        try renderer.draw(xLabel, font: labelFont, colour: .black,
                          at: PagePoint(x: frame.maxX, y: frame.maxY + style.tickLabelPad + tickHeight + style.axisLabelPad),
                          anchor: TextAnchor(.right, .top))
        try renderer.draw(yLabel, font: labelFont, colour: .black,
                          at: PagePoint(x: frame.x - style.tickLabelPad - tickWidth - style.axisLabelPad, y: frame.y),
                          anchor: TextAnchor(.right, .bottom), vertical: true)
        // Captions above the frame, the last line just above it; the right caption on the first line.
        var bottomY = frame.y - 2
        var firstLineBottom = bottomY
        for line in caption.reversed() {
            try renderer.draw(line, font: captionFont, colour: .black, at: PagePoint(x: frame.x, y: bottomY), anchor: TextAnchor(.left, .bottom))
            firstLineBottom = bottomY
            bottomY -= try renderer.measure(line, font: captionFont).height
        }
        if let rightCaption {
            let fits = try rightCaptionFits(width: frame.width, renderer: renderer, font: captionFont)
            let bottom = caption.isEmpty ? frame.y - 2 : (fits ? firstLineBottom : bottomY)
            try renderer.draw(rightCaption, font: captionFont, colour: .black, at: PagePoint(x: frame.maxX, y: bottom),
                              anchor: TextAnchor(.right, .bottom))
        }
    }

    /// The legend's background: tests find the legend box in a display list by this colour.
    public static let legendBackground = Colour.white.withAlpha(0.85)

    func drawLegend<R: Renderer>(in box: PageRect, on renderer: inout R, style: PlotStyle) throws {
        let entries = artists.compactMap(\.legendEntry)
        guard !entries.isEmpty else { return }
        let font = Font(family: style.fontFamily, size: style.legendSize)
        let handleWidth = LegendLayout.handleWidth, gap = LegendLayout.gap, pad = LegendLayout.pad
        let (_, _, rowHeight, metrics) = try LegendLayout.size(entries, font: font, renderer: renderer)
        let left = box.x, top = box.y
        try renderer.fill(Path(rect: box), colour: Self.legendBackground)
        for (index, entry) in entries.enumerated() {
            let rowTop = top + pad + Double(index) * rowHeight
            let middle = rowTop + metrics[index].height / 2
            let x0 = left + pad
            switch entry.handle {
            case .line(let line):
                try renderer.stroke(Path(polyline: [PagePoint(x: x0, y: middle), PagePoint(x: x0 + handleWidth, y: middle)]), style: line)
            case .box(let fill, let edge):
                let box = PageRect(x: x0, y: middle - 3.5, width: handleWidth, height: 7)
                try renderer.fill(Path(rect: box), colour: fill)
                if let edge {
                    var solid = edge
                    solid.width = min(edge.width, 1.2)
                    try renderer.stroke(Path(polyline: [PagePoint(x: x0, y: box.maxY), PagePoint(x: box.maxX, y: box.maxY)]), style: solid)
                }
            case .marker(let shape, let colour, let size):
                try renderer.fill(Self.markerPath(shape, centre: PagePoint(x: x0 + handleWidth / 2, y: middle), size: size), colour: colour)
            }
            try renderer.draw(entry.label, font: font, colour: .black, origin: PagePoint(x: x0 + handleWidth + gap, y: rowTop), vertical: false)
        }
    }

    func drawColourBar<R: Renderer>(_ bar: ColourBar, on renderer: inout R, frame: PageRect, style: PlotStyle) throws {
        try bar.scale.axis.validate("colour bar")
        let rect = PageRect(x: frame.maxX + Self.barGap, y: frame.y, width: Self.barWidth, height: frame.height)
        let slices = 128
        for slice in 0..<slices {
            let t = (Double(slice) + 0.5) / Double(slices)
            let top = rect.maxY - Double(slice + 1) * rect.height / Double(slices)
            try renderer.fill(Path(rect: PageRect(x: rect.x, y: top, width: rect.width, height: rect.height / Double(slices) + 0.25)),
                              colour: bar.scale.colour(atFraction: t))
        }
        let tickFont = Font(family: style.fontFamily, size: style.tickLabelSize)
        var ticks = Path()
        var widest = 0.0
        for tick in bar.scale.axis.ticks {
            let position = rect.maxY - bar.scale.axis.normalized(tick.value) * rect.height
            guard position >= rect.y - 0.01, position <= rect.maxY + 0.01 else { continue }
            let length = tick.major ? style.majorTickLength * 0.75 : style.minorTickLength * 0.75
            ticks.move(to: PagePoint(x: rect.maxX, y: position))
            ticks.line(to: PagePoint(x: rect.maxX - length, y: position))
            if let label = tick.label {
                widest = max(widest, try renderer.measure(label, font: tickFont).width)
                try renderer.draw(label, font: tickFont, colour: .black, at: PagePoint(x: rect.maxX + style.tickLabelPad, y: position),
                                  anchor: TextAnchor(.left, .middle))
            }
        }
        try renderer.stroke(ticks, style: LineStyle(width: style.frameWidth * 0.9))
        try renderer.stroke(Path(rect: rect), style: LineStyle(width: style.frameWidth))
        try renderer.draw(bar.label, font: Font(family: style.fontFamily, size: style.axisLabelSize), colour: .black,
                          at: PagePoint(x: rect.maxX + style.tickLabelPad + widest + style.axisLabelPad, y: rect.y),
                          anchor: TextAnchor(.right, .top), vertical: true)
    }
}

/// Data coordinates to page coordinates inside a frame.
struct PageMapping {
    let x: AxisScale
    let y: AxisScale
    let frame: PageRect

    /// Normalised positions beyond this are clamped, keeping page coordinates in Cairo's range.
    static let limit = 1e4

    func point(_ xValue: Double, _ yValue: Double) -> PagePoint? {
        let u = x.normalized(xValue), v = y.normalized(yValue)
        guard u.isFinite, v.isFinite else { return nil }
        let cu = min(max(u, -Self.limit), Self.limit), cv = min(max(v, -Self.limit), Self.limit)
        return PagePoint(x: frame.x + cu * frame.width, y: frame.maxY - cv * frame.height)
    }

    /// The polylines of a series, broken where a point cannot be placed.
    func polylines(_ xs: [Double], _ ys: [Double]) -> [[PagePoint]] {
        var pieces: [[PagePoint]] = []
        var current: [PagePoint] = []
        for (xValue, yValue) in zip(xs, ys) {
            if let point = point(xValue, yValue) {
                current.append(point)
            } else if !current.isEmpty {
                pieces.append(current)
                current = []
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// The lower and upper edges of a band, broken where either cannot be placed.
    func bandPieces(_ xs: [Double], _ lower: [Double], _ upper: [Double]) -> [([PagePoint], [PagePoint])] {
        var pieces: [([PagePoint], [PagePoint])] = []
        var low: [PagePoint] = [], high: [PagePoint] = []
        for index in xs.indices where index < lower.count && index < upper.count {
            if let a = point(xs[index], lower[index]), let b = point(xs[index], upper[index]) {
                low.append(a)
                high.append(b)
            } else if !low.isEmpty {
                pieces.append((low, high))
                low = []
                high = []
            }
        }
        if !low.isEmpty { pieces.append((low, high)) }
        return pieces
    }
}
