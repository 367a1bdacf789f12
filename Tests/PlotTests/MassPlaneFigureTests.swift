import CairoGraphics
import Foundation
import PlotCairo
import PublicationPlots
import RecastEngine
import RecastFigures
import Testing
import TestSupport

/// The colour map of a limit over two masses (docs/two-mass-tables.md 5), drawn from the made-up
/// fixture table of Tests/Fixtures/paper-data-plane.
@Suite struct MassPlaneFigureTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tableFile = repository.appendingPathComponent("Tests/Fixtures/paper-data-plane/Fixture_DarkHiggs_plane/cross_section_limit.yaml")

    static func options() -> MassPlaneFigure.Options {
        var options = MassPlaneFigure.Options()
        options.title = "fixture limit over (M_A', M_h'), b2recast test"
        options.creationDate = "2022-12-01T00:00:00Z"
        return options
    }

    /// Read as a table of results/ is read (`ResultTableReader`), drawn with its labels, a blank
    /// where M_h' > M_A' (no published points there) and the colour of the interpolated limit
    /// elsewhere; the same figure as from the card's table.
    @Test func colourMapOfTheFixture() throws {
        let table = try ResultTableReader.parse(yaml: try String(contentsOf: Self.tableFile, encoding: .utf8), file: Self.tableFile.path)
        let figure = try MassPlaneFigure.make(table, options: Self.options())
        let card = try SearchCard.load(folder: Self.tableFile.deletingLastPathComponent())
        var list = DisplayList(), fromCard = DisplayList()
        try figure.draw(on: &list)
        try MassPlaneFigure.make(card.tables[0].data, options: Self.options()).draw(on: &fromCard)
        #expect(list.commands == fromCard.commands)
        #expect(list.texts.contains("sigma x BF upper limit [fb]"), "\(list.texts)")
        let axes = figure.panels[0]
        let bar = try #require(axes.colourBar)
        #expect(bar.label.plainText == "sigma x BF upper limit [fb]")
        #expect(axes.xLabel.source == "$M_{A'}$ [GeV]" && axes.yLabel.source == "$M_{h'}$ [GeV]")
        // The scale spans the published values (1.45 to 4.5 fb), snapped to 1 and 5.
        #expect(bar.scale.axis == .log(lower: 1, upper: 5))

        let folder = try TestProcess.temporaryFolder("plane-png")
        defer { try? FileManager.default.removeItem(at: folder) }
        let canvas = try Canvas(format: .png(dpi: 144), width: figure.size.points.width, height: figure.size.points.height,
                                path: folder.appendingPathComponent("plane.png").path)
        var renderer = CairoRenderer(canvas: canvas)
        let frame = try figure.frames(measuredBy: renderer)[0]
        try figure.draw(on: &renderer)
        func pixel(_ x: Double, _ y: Double) throws -> RGBA {
            let scale = 2.0  // 144 dpi
            return try #require(canvas.pixel(x: Int(scale * (frame.x + (x - 4) / 5 * frame.width)),
                                             y: Int(scale * (frame.maxY - (y - 0.5) / 7.5 * frame.height))))
        }
        let blank = try pixel(4.6, 7.2)
        #expect(blank.red > 0.99 && blank.green > 0.99 && blank.blue > 0.99)
        let plane = try #require(try card.tables[0].plane(.observed))
        // At the centres of sampled cells (120 x 100 over [4, 9] x [0.5, 8] GeV), away from the
        // antialiased seams between cells.
        for (i, j) in [(109, 22), (31, 10), (64, 52)] {
            let x = 4 + (Double(i) + 0.5) * 5 / 120, y = 0.5 + (Double(j) + 0.5) * 7.5 / 100
            let expected = try #require(bar.scale.colour(try plane.value(x: x, y: y).get()))
            let seen = try pixel(x, y)
            #expect(abs(seen.red - expected.red) < 0.03 && abs(seen.green - expected.green) < 0.03 && abs(seen.blue - expected.blue) < 0.03,
                    "(\(x), \(y)): \(seen) vs \(expected)")
        }
        try canvas.finish()
    }

    /// A table over one mass has no map; the error says why.
    @Test func aTableOverOneMassIsRefused() throws {
        let file = Self.repository.appendingPathComponent("Tests/Fixtures/paper-data/Fixture_Zp_invisible/efficiency.yaml")
        let table = try ResultTableReader.parse(yaml: try String(contentsOf: file, encoding: .utf8), file: file.path)
        do {
            _ = try MassPlaneFigure.make(table, options: Self.options())
            Issue.record("expected a PlotError")
        } catch let error as PlotError {
            #expect(error.description == "the map of dependent variable 0: a plane needs a table with two independent variables (two masses), got 1")
        }
    }
}
