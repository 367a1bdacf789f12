internal import CCairo
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Cairo call that failed, with the status Cairo reported.
public struct CairoError: Error, Sendable, CustomStringConvertible {
    /// What the kit was doing.
    public var operation: String
    /// Cairo's own message for the status (cairo_status_to_string).
    public var message: String

    public var description: String { "\(operation): \(message)" }

    init(_ operation: String, status: cairo_status_t) {
        self.operation = operation
        message = String(cString: cairo_status_to_string(status))
    }
}

/// The Cairo library the kit is linked against.
public enum CairoLibrary {
    /// Run-time version string, e.g. "1.16.0". The corresponding C function is cairo_version_string.
    public static var version: String { String(cString: cairo_version_string()) }
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

/// An ARGB32 raster surface with one drawing context, released when the value is freed.
/// Every call checks Cairo's status and throws `CairoError` on failure.
public final class ImageSurface {
    private let surface: OpaquePointer
    private let context: OpaquePointer
    public let width: Int
    public let height: Int

    /// Creates a `width` x `height` pixel surface. The corresponding C functions are
    /// cairo_image_surface_create and cairo_create.
    public init(width: Int, height: Int) throws {
        guard width > 0, height > 0, width <= 32_767, height <= 32_767 else {
            throw CairoError("image surface \(width)x\(height)", status: CAIRO_STATUS_INVALID_SIZE)
        }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw CairoError("image surface \(width)x\(height)", status: status)
        }
        let context = cairo_create(surface)!
        let contextStatus = cairo_status(context)
        guard contextStatus == CAIRO_STATUS_SUCCESS else {
            cairo_destroy(context)
            cairo_surface_destroy(surface)
            throw CairoError("drawing context", status: contextStatus)
        }
        self.surface = surface
        self.context = context
        self.width = width
        self.height = height
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Fills the whole surface with a colour. The corresponding C function is cairo_paint.
    public func fill(_ colour: RGBA) throws {
        cairo_set_source_rgba(context, colour.red, colour.green, colour.blue, colour.alpha)
        cairo_paint(context)
        try check("fill")
    }

    /// Strokes a polyline through `points` (pixels). The corresponding C function is cairo_stroke.
    public func strokePolyline(_ points: [(x: Double, y: Double)], width lineWidth: Double, colour: RGBA) throws {
        guard let first = points.first else { return }
        cairo_set_source_rgba(context, colour.red, colour.green, colour.blue, colour.alpha)
        cairo_set_line_width(context, lineWidth)
        cairo_move_to(context, first.x, first.y)
        for point in points.dropFirst() { cairo_line_to(context, point.x, point.y) }
        cairo_stroke(context)
        try check("stroke")
    }

    /// The colour of pixel (x, y), for tests. The corresponding C function is
    /// cairo_image_surface_get_data.
    public func pixel(x: Int, y: Int) -> RGBA {
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

    /// Writes the surface as PNG to a temporary file beside `path`, then renames it, so a failed
    /// write leaves nothing behind. The corresponding C function is cairo_surface_write_to_png.
    public func writePNG(to path: String) throws {
        let temporary = path + ".partial"
        let status = cairo_surface_write_to_png(surface, temporary)
        guard status == CAIRO_STATUS_SUCCESS else {
            unlink(temporary)
            throw CairoError("write PNG \(path)", status: status)
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CairoError("rename \(temporary) to \(path)", status: CAIRO_STATUS_WRITE_ERROR)
        }
    }

    private func check(_ operation: String) throws {
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else { throw CairoError(operation, status: status) }
    }
}
