import CairoGraphics
import PublicationPlots

/// The PublicationPlots renderer that draws onto a Cairo raster surface (one point = one pixel).
public struct CairoRasterRenderer: Renderer {
    public let surface: ImageSurface

    public init(width: Int, height: Int) throws {
        surface = try ImageSurface(width: width, height: height)
    }

    public mutating func fillPage(_ colour: Colour) throws {
        try surface.fill(RGBA(colour))
    }

    public mutating func strokePolyline(_ points: [PagePoint], width: Double, colour: Colour) throws {
        try surface.strokePolyline(points.map { ($0.x, $0.y) }, width: width, colour: RGBA(colour))
    }

    /// Writes the page as PNG (atomically: temporary file, then rename).
    public func writePNG(to path: String) throws {
        try surface.writePNG(to: path)
    }
}

extension RGBA {
    init(_ colour: Colour) {
        self.init(red: colour.red, green: colour.green, blue: colour.blue, alpha: colour.alpha)
    }
}
