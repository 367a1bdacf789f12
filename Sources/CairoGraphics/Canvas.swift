internal import CCairo
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Cairo or Pango call that failed, with what the library reported.
public struct CairoError: Error, Sendable, CustomStringConvertible {
    /// What the kit was doing.
    public var operation: String
    /// The library's own message (cairo_status_to_string), or the kit's when Pango gives none.
    public var message: String

    public var description: String { "\(operation): \(message)" }

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    init(_ operation: String, status: cairo_status_t) {
        self.init(operation: operation, message: String(cString: cairo_status_to_string(status)))
    }
}

/// The Cairo and Pango libraries the kit is linked against.
public enum CairoLibrary {
    /// Run-time Cairo version, e.g. "1.16.0". The corresponding C function is cairo_version_string.
    public static var version: String { String(cString: cairo_version_string()) }
    /// Run-time Pango version. The corresponding C function is pango_version_string.
    public static var pangoVersion: String { String(cString: pango_version_string()) }
}

/// A colour with components in [0, 1].
public struct RGBA: Sendable, Hashable {
    public var red, green, blue, alpha: Double
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }
}

/// What a canvas writes.
public enum CanvasFormat: Sendable, Hashable {
    /// Vector PDF, one page.
    case pdf
    /// Vector SVG with point units.
    case svg
    /// Raster PNG at `dpi` pixels per inch.
    case png(dpi: Double)
}

/// Document metadata written into PDF files (ignored by SVG and PNG).
public struct DocumentMetadata: Sendable, Hashable {
    public var title: String
    public var creator: String
    /// ISO 8601 date, e.g. "2023-06-21T00:00:00Z". Taken from the inputs, never from the clock,
    /// so the same inputs give the same bytes.
    public var creationDate: String

    public init(title: String, creator: String, creationDate: String) {
        self.title = title
        self.creator = creator
        self.creationDate = creationDate
    }
}

/// The size of a laid-out text, in points.
public struct TextBox: Sendable, Hashable {
    /// Logical width (advance).
    public var width: Double
    /// Logical height (line box).
    public var height: Double
    /// Distance from the top of the logical box to the baseline.
    public var baseline: Double
}

/// How stroked lines end and join.
public struct StrokeStyle: Sendable, Hashable {
    public var width: Double
    /// On-off lengths in points; empty for a solid line.
    public var dash: [Double]
    /// Round caps and joins (for data curves) or butt caps and mitre joins (for frames and ticks).
    public var round: Bool

    public init(width: Double, dash: [Double] = [], round: Bool = true) {
        self.width = width
        self.dash = dash
        self.round = round
    }
}

/// One drawing surface and its context, in points (1/72 inch) from the top-left corner, written
/// to a file by `finish()`. PDF and SVG go to a temporary file beside the target and are renamed
/// into place only when Cairo reports success, so a failure leaves nothing behind. Every call
/// checks Cairo's status; handles are released when the value is freed.
public final class Canvas {
    public let format: CanvasFormat
    /// Page size in points.
    public let width: Double
    public let height: Double
    private let path: String
    private let temporaryPath: String
    private let surface: OpaquePointer
    private let context: OpaquePointer
    private let fontOptions: OpaquePointer
    private var finished = false

    /// Opens a page of `width` x `height` points that `finish()` writes to `path`. The
    /// corresponding C functions are cairo_pdf_surface_create, cairo_svg_surface_create and
    /// cairo_image_surface_create, then cairo_create.
    public init(format: CanvasFormat, width: Double, height: Double, path: String, metadata: DocumentMetadata? = nil) throws {
        guard width > 0, height > 0, width < 14_400, height < 14_400 else {
            throw CairoError(operation: "page of \(width) x \(height) pt", message: "expected a positive size below 200 in")
        }
        self.format = format
        self.width = width
        self.height = height
        self.path = path
        temporaryPath = path + ".partial"
        let surface: OpaquePointer
        var scale = 1.0
        switch format {
        case .pdf:
            surface = cairo_pdf_surface_create(temporaryPath, width, height)
        case .svg:
            surface = cairo_svg_surface_create(temporaryPath, width, height)
        case .png(let dpi):
            guard dpi >= 10, dpi <= 2400 else {
                throw CairoError(operation: "PNG at \(dpi) dpi", message: "expected a resolution between 10 and 2400 dpi")
            }
            scale = dpi / 72
            surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((width * scale).rounded()), Int32((height * scale).rounded()))
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            unlink(temporaryPath)
            throw CairoError("open \(path)", status: status)
        }
        if case .svg = format { cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT) }
        if case .pdf = format, let metadata {
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, metadata.creationDate)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, metadata.creationDate)
        }
        let context = cairo_create(surface)!
        let contextStatus = cairo_status(context)
        guard contextStatus == CAIRO_STATUS_SUCCESS else {
            cairo_destroy(context)
            cairo_surface_destroy(surface)
            unlink(temporaryPath)
            throw CairoError("drawing context for \(path)", status: contextStatus)
        }
        cairo_scale(context, scale, scale)
        // Unhinted outlines. (Unhinted metrics, CAIRO_HINT_METRICS_OFF, would make PNG and PDF
        // layouts agree to the sub-pixel, but Pango 1.50 then drops glyphs of raised small runs:
        // the prime of M_{Z'} vanished.)
        let options = cairo_font_options_create()!
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        self.surface = surface
        self.context = context
        fontOptions = options
    }

    deinit {
        cairo_font_options_destroy(fontOptions)
        cairo_destroy(context)
        cairo_surface_destroy(surface)
        if !finished { unlink(temporaryPath) }
    }

    // MARK: Paths and painting

    /// The corresponding C function is cairo_set_source_rgba.
    public func setColour(_ colour: RGBA) {
        cairo_set_source_rgba(context, colour.red, colour.green, colour.blue, colour.alpha)
    }

    /// Starts a new path. The corresponding C function is cairo_new_path.
    public func newPath() { cairo_new_path(context) }
    /// The corresponding C function is cairo_move_to.
    public func move(to x: Double, _ y: Double) { cairo_move_to(context, x, y) }
    /// The corresponding C function is cairo_line_to.
    public func line(to x: Double, _ y: Double) { cairo_line_to(context, x, y) }
    /// The corresponding C function is cairo_close_path.
    public func closePath() { cairo_close_path(context) }
    /// The corresponding C function is cairo_rectangle.
    public func rectangle(x: Double, y: Double, width: Double, height: Double) {
        cairo_rectangle(context, x, y, width, height)
    }

    /// Fills the current path with the current colour (non-zero winding) and clears it. The
    /// corresponding C function is cairo_fill.
    public func fill() throws {
        cairo_fill(context)
        try check("fill")
    }

    /// Strokes the current path and clears it. The corresponding C function is cairo_stroke.
    public func stroke(_ style: StrokeStyle) throws {
        cairo_set_line_width(context, style.width)
        cairo_set_line_cap(context, style.round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        cairo_set_line_join(context, style.round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER)
        style.dash.withUnsafeBufferPointer { cairo_set_dash(context, $0.baseAddress, Int32($0.count), 0) }
        cairo_stroke(context)
        try check("stroke")
    }

    /// Restricts drawing to the current path (intersected with any earlier clip) and clears the
    /// path. Undone by `restore()`. The corresponding C function is cairo_clip.
    public func clip() throws {
        cairo_clip(context)
        try check("clip")
    }

    /// The corresponding C function is cairo_save.
    public func save() { cairo_save(context) }
    /// The corresponding C function is cairo_restore.
    public func restore() throws {
        cairo_restore(context)
        try check("restore")
    }

    // MARK: Text

    /// Lays out Pango markup in `family` at `size` points and returns its box. The corresponding
    /// C functions are pango_cairo_create_layout and pango_layout_get_extents.
    public func measure(markup: String, family: String, size: Double) throws -> TextBox {
        try withLayout(markup: markup, family: family, size: size) { layout in box(of: layout) }
    }

    /// Draws Pango markup with the top-left corner of its logical box at (x, y), turned by
    /// `angle` radians (counter-clockwise on the page) about that corner. The corresponding C
    /// function is pango_cairo_show_layout.
    public func draw(markup: String, family: String, size: Double, colour: RGBA, x: Double, y: Double, angle: Double = 0) throws {
        try withLayout(markup: markup, family: family, size: size) { layout in
            cairo_save(context)
            setColour(colour)
            cairo_translate(context, x, y)
            cairo_rotate(context, -angle)
            cairo_move_to(context, 0, 0)
            pango_cairo_update_layout(context, layout)
            pango_cairo_show_layout(context, layout)
            cairo_restore(context)
        }
        try check("draw text")
    }

    private func withLayout<T>(markup: String, family: String, size: Double, _ body: (OpaquePointer) throws -> T) throws -> T {
        guard pango_parse_markup(markup, -1, 0, nil, nil, nil, nil) != 0 else {
            throw CairoError(operation: "text layout", message: "invalid Pango markup: \(markup)")
        }
        let layout = pango_cairo_create_layout(context)!
        defer { b2recast_release_object(UnsafeMutableRawPointer(layout)) }
        // 72 dpi: a point of the font is a unit of the page, for the description and the markup.
        let pangoContext = pango_layout_get_context(layout)
        pango_cairo_context_set_font_options(pangoContext, fontOptions)
        pango_cairo_context_set_resolution(pangoContext, 72)
        pango_layout_context_changed(layout)
        let font = pango_font_description_new()!
        defer { pango_font_description_free(font) }
        pango_font_description_set_family(font, family)
        pango_font_description_set_size(font, Int32((size * Double(PANGO_SCALE)).rounded()))
        pango_layout_set_font_description(layout, font)
        pango_layout_set_markup(layout, markup, -1)
        return try body(layout)
    }

    private func box(of layout: OpaquePointer) -> TextBox {
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        let unit = Double(PANGO_SCALE)
        return TextBox(width: Double(logical.width) / unit, height: Double(logical.height) / unit,
                       baseline: Double(pango_layout_get_baseline(layout) - logical.y) / unit)
    }

    // MARK: Output

    /// Writes the page to its path (temporary file, then rename). The corresponding C functions
    /// are cairo_surface_finish and cairo_surface_write_to_png.
    public func finish() throws {
        guard !finished else { throw CairoError(operation: "finish \(path)", message: "the page was already written") }
        finished = true
        switch format {
        case .pdf, .svg:
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            guard status == CAIRO_STATUS_SUCCESS else {
                unlink(temporaryPath)
                throw CairoError("write \(path)", status: status)
            }
        case .png:
            cairo_surface_flush(surface)
            let status = cairo_surface_write_to_png(surface, temporaryPath)
            guard status == CAIRO_STATUS_SUCCESS else {
                unlink(temporaryPath)
                throw CairoError("write \(path)", status: status)
            }
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw CairoError(operation: "rename \(temporaryPath) to \(path)", message: reason)
        }
    }

    /// Size in pixels of a PNG canvas.
    public var pixelSize: (width: Int, height: Int)? {
        guard case .png = format else { return nil }
        return (Int(cairo_image_surface_get_width(surface)), Int(cairo_image_surface_get_height(surface)))
    }

    /// The colour of pixel (x, y) of a PNG canvas (un-premultiplied), for tests. The
    /// corresponding C function is cairo_image_surface_get_data.
    public func pixel(x: Int, y: Int) -> RGBA? {
        guard let size = pixelSize, x >= 0, y >= 0, x < size.width, y < size.height else { return nil }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        let base = y * stride + 4 * x
        let word = UInt32(data[base]) | UInt32(data[base + 1]) << 8 | UInt32(data[base + 2]) << 16 | UInt32(data[base + 3]) << 24
        let alpha = Double(word >> 24) / 255
        let unpremultiply = alpha > 0 ? 1 / alpha : 0
        return RGBA(red: Double((word >> 16) & 0xFF) / 255 * unpremultiply,
                    green: Double((word >> 8) & 0xFF) / 255 * unpremultiply,
                    blue: Double(word & 0xFF) / 255 * unpremultiply, alpha: alpha)
    }

    private func check(_ operation: String) throws {
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else { throw CairoError("\(operation) (\(path))", status: status) }
    }
}
