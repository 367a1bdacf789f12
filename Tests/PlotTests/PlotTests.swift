import CairoGraphics
import Foundation
import PlotCairo
import PublicationPlots
import RecastEngine
import RecastFigures
import Testing
import TestSupport

/// A figure with one straight curve from the bottom-left to the top-right corner of the frame
/// and, optionally, an exclusion along y = 0.5.
func testFigure(exclusion: Bool = false, band: Bool = false) -> Figure {
    var axes = Axes(x: .linear(lower: 0, upper: 1), y: .linear(lower: 0, upper: 1), xLabel: "$M_{A'}$ [GeV]", yLabel: "$g'$",
                    caption: ["test figure"])
    axes.add(.curve(Curve(xs: [0, 1], ys: [0, 1], style: LineStyle(width: 1), label: "diagonal")))
    if exclusion {
        axes.add(.exclusion(Exclusion(xs: [0.1, 0.9], ys: [0.5, 0.5], fill: Colour(red: 0, green: 0, blue: 1, alpha: 0.2),
                                      edge: LineStyle(width: 1))))
    }
    if band {
        axes.add(.band(Band(xs: [0, 1], lower: [0.2, 0.2], upper: [0.4, 0.4], colour: Colour(red: 1, green: 0, blue: 0))))
    }
    return Figure(size: .singleColumn, panels: [axes], title: "test", creationDate: "2022-12-01T00:00:00Z")
}

@Suite struct MathTextTests {
    @Test func scriptsPrimesAndGreek() {
        let text = MathText("$M_{A'}$ [GeV]")
        #expect(text.runs == [
            MathText.Run(text: "M", italic: true, level: 0),
            MathText.Run(text: "A\u{02B9}", italic: true, level: -1),
            MathText.Run(text: " [GeV]", italic: false, level: 0),
        ])
        #expect(MathText("$\\epsilon^2\\alpha_D$").plainText == "ε2αD")
        #expect(MathText("$\\mu^+\\mu^-$").runs.map(\.level) == [0, 1, 0, 1])
        #expect(MathText("$(g-2)_\\mu$").plainText == "(g\u{2009}−\u{2009}2)μ")
        #expect(MathText("$\\mathrm{BF}$").runs == [MathText.Run(text: "BF", italic: false, level: 0)])
        #expect(MathText("$10^{-3}$").runs.last == MathText.Run(text: "−3", italic: false, level: 1))
    }

    /// TeX's math italic: Latin and lowercase Greek italic, capital Greek, \mathrm and text
    /// outside $...$ (units) upright; a prime is the italic U+02B9 at every script level.
    @Test func mathItalicAndPrimesAtEveryLevel() {
        let greek = MathText("$\\chi \\Delta \\mathrm{inv} a$ GeV")
        #expect(greek.runs.map(\.italic) == [true, false, true, false])
        #expect(greek.runs.map(\.text) == ["χ", "Δinv", "a", " GeV"])
        for source in ["$g'$", "$M_{Z'}$", "$x^{A'}$", "$3g'$"] {
            let primes = MathText(source).runs.filter { $0.text.contains("\u{02B9}") }
            #expect(primes.count == 1 && primes.allSatisfy(\.italic), "\(source)")
        }
    }
}

@Suite struct TickTests {
    @Test func linearTicksAreRoundNumbers() {
        let majors = AxisScale.linear(lower: 0, upper: 6.5).ticks.filter(\.major)
        #expect(majors.map(\.value) == [0, 2, 4, 6])
        #expect(majors.compactMap(\.label).map(\.plainText) == ["0", "2", "4", "6"])
        let fine = AxisScale.linear(lower: 0, upper: 0.25).ticks.filter(\.major).compactMap(\.label).map(\.plainText)
        #expect(fine == ["0.00", "0.05", "0.10", "0.15", "0.20", "0.25"])
    }

    @Test func logTicksAreDecadesWithMinors() {
        let ticks = AxisScale.log(lower: 1e-3, upper: 10).ticks
        #expect(ticks.filter(\.major).compactMap(\.label).map(\.source) == ["$10^{-3}$", "$10^{-2}$", "$10^{-1}$", "1", "10"])
        #expect(ticks.filter { !$0.major }.count == 4 * 8)
        #expect(Tick.fixed(-0.5, decimals: 1) == "−0.5" && Tick.fixed(0.0001, decimals: 2) == "0.00")
    }
}

@Suite struct GeometryTests {
    @Test func curveMapsDataCornersOntoTheFrame() throws {
        let figure = testFigure()
        var list = DisplayList()
        let frame = try figure.frames(measuredBy: list)[0]
        try figure.draw(on: &list)
        let strokes = list.commands.compactMap { command -> Path? in
            if case .stroke(let path, let style) = command, style.width == 1, style.colour == .black, path.elements.count == 2 { return path }
            return nil
        }
        let diagonal = try #require(strokes.first)
        #expect(diagonal.elements == [.move(PagePoint(x: frame.x, y: frame.maxY)), .line(PagePoint(x: frame.maxX, y: frame.y))])
        // Axis labels, tick labels, caption and legend are all drawn.
        #expect(list.texts.contains("MA\u{02B9} [GeV]"))
        #expect(list.texts.contains("test figure") && list.texts.contains("diagonal") && list.texts.contains("0.4"))
        // Drawing is clipped to the frame while the artists are drawn.
        #expect(list.commands.contains(.pushClip(frame)))
    }

    @Test func hatchesLieOnTheExcludedSide() throws {
        let figure = testFigure(exclusion: true)
        var list = DisplayList()
        let frame = try figure.frames(measuredBy: list)[0]
        try figure.draw(on: &list)
        let edgeY = frame.maxY - 0.5 * frame.height
        let hatchPaths = list.commands.compactMap { command -> Path? in
            if case .stroke(let path, _) = command, path.elements.count > 20 { return path }
            return nil
        }
        let hatches = try #require(hatchPaths.first)
        var ends: [PagePoint] = []
        for case .line(let point) in hatches.elements { ends.append(point) }
        #expect(ends.count > 20)
        // "Above" on the page is smaller y; every hatch ends 4 / sqrt(2) points above the edge.
        #expect(ends.allSatisfy { abs($0.y - (edgeY - 4 / 2.0.squareRoot())) < 1e-9 })
    }

    @Test func contourOfALinearFieldIsAStraightLine() {
        let xs = [0.0, 1, 2, 3], ys = [0.0, 1, 2]
        let values = ys.flatMap { _ in xs }  // value = x
        let segments = Contour(xs: xs, ys: ys, values: values, level: 1.5, style: LineStyle()).segments()
        #expect(segments.count == 2)
        #expect(segments.allSatisfy { abs($0.from.x - 1.5) < 1e-12 && abs($0.to.x - 1.5) < 1e-12 })
    }

    @Test func viridisEndsAndNaNIsBlank() {
        let scale = ColourScale(axis: .log(lower: 1e-9, upper: 1e-6))
        #expect(scale.colour(1e-9) == Colour(hex: 0x440154) && scale.colour(1e-6) == Colour(hex: 0xFDE725))
        #expect(scale.colour(.nan) == nil)
    }

    @Test func tooSmallAFigureIsAnError() {
        var figure = testFigure()
        figure.size = .inches(width: 0.5, height: 0.5)
        #expect(throws: PlotError.self) { try figure.frames(measuredBy: DisplayList()) }
    }
}

@Suite struct CairoOutputTests {
    @Test func pngPixelsShowTheBandAndTheBackground() throws {
        let folder = try TestProcess.temporaryFolder("plot-png")
        defer { try? FileManager.default.removeItem(at: folder) }
        let figure = testFigure(band: true)
        let canvas = try Canvas(format: .png(dpi: 72), width: figure.size.points.width, height: figure.size.points.height,
                                path: folder.appendingPathComponent("band.png").path)
        var renderer = CairoRenderer(canvas: canvas)
        let frame = try figure.frames(measuredBy: renderer)[0]
        try figure.draw(on: &renderer)
        // Inside the band (y = 0.3, x = 0.7): red. Above it (y = 0.8, x = 0.2): white.
        let inBand = try #require(canvas.pixel(x: Int(frame.x + 0.7 * frame.width), y: Int(frame.maxY - 0.3 * frame.height)))
        #expect(inBand.red > 0.95 && inBand.green < 0.05 && inBand.blue < 0.05)
        let outside = try #require(canvas.pixel(x: Int(frame.x + 0.2 * frame.width), y: Int(frame.maxY - 0.8 * frame.height)))
        #expect(outside.red > 0.99 && outside.green > 0.99 && outside.blue > 0.99)
        try canvas.finish()
        let bytes = try Data(contentsOf: folder.appendingPathComponent("band.png"))
        #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }

    @Test func pdfOpensWithItsMetadataAndIsByteIdenticalOnRerun() throws {
        let folder = try TestProcess.temporaryFolder("plot-pdf")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a.pdf").path, second = folder.appendingPathComponent("b.pdf").path
        try FigureWriter.write(testFigure(exclusion: true), format: .pdf, to: first, creator: "b2recast test")
        try FigureWriter.write(testFigure(exclusion: true), format: .pdf, to: second, creator: "b2recast test")
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        let info = try TestProcess.run(tool: "pdfinfo", [first])
        #expect(info.status == 0)
        #expect(info.standardOutput.contains("Pages:           1"))
        #expect(info.standardOutput.contains("Page size:       244.8 x 183.6 pts"))
        #expect(info.standardOutput.contains("Creator:         b2recast test, b2recast-style/1"))
        #expect(info.standardOutput.contains("CreationDate:    Thu Dec  1 00:00:00 2022"))
        // pdftoppm renders it; the page is not blank.
        let raster = try TestProcess.run(tool: "pdftoppm", ["-r", "36", "-gray", first, folder.appendingPathComponent("page").path])
        #expect(raster.status == 0)
        let pgm = try Data(contentsOf: folder.appendingPathComponent("page-1.pgm"))
        #expect(pgm.suffix(1000).contains { $0 < 128 })
        let fonts = try TestProcess.run(tool: "pdffonts", [first])
        #expect(fonts.standardOutput.contains("CMUSerif"))
    }

    @Test func svgIsWrittenAndABadPathIsAnErrorWithNothingLeft() throws {
        let folder = try TestProcess.temporaryFolder("plot-svg")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("f.svg").path
        try FigureWriter.write(testFigure(), format: .svg, to: good, creator: "b2recast test")
        #expect(try String(contentsOfFile: good, encoding: .utf8).contains("<svg"))
        let bad = folder.appendingPathComponent("missing/f.pdf").path
        #expect(throws: CairoError.self) { try FigureWriter.write(testFigure(), format: .pdf, to: bad, creator: "b2recast test") }
        #expect(!FileManager.default.fileExists(atPath: bad + ".partial"))
        #expect(throws: CairoError.self) { try Canvas(format: .png(dpi: 1), width: 10, height: 10, path: good) }
    }
}

@Suite struct ReproductionFigureTests {
    /// The figures built from the committed results/ say what they are.
    @Test func figuresFromTheCommittedResults() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cards = try SearchCard.loadAll(paperData: root.appendingPathComponent("paper-data"))
        var files: [ResultFile] = []
        let results = root.appendingPathComponent("results")
        for folder in cards.map(\.id) + ["LMuMinusLTau_combination"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: results.appendingPathComponent(folder).path) {
                let path = "\(folder)/\(name)"
                files.append(ResultFile(path: path, contents: try String(contentsOf: results.appendingPathComponent(path), encoding: .utf8)))
            }
        }
        let figures = try ReproductionFigures.make(cards: cards, results: files)
        #expect(Set(figures.map(\.stem)) == ["BelleII_Zp_invisible_2018_rate_limit", "BelleII_Zp_invisible_2022_signal_rate",
                                             "BelleII_DarkHiggsstrahlung_2022_eps2_alphaD", "BelleII_TauTauResonance_2023_couplings",
                                             "lmu_ltau_g_prime", "derived_signal_efficiencies", "projected_reach", "lmu_ltau_combination"])
        for named in figures {
            var list = DisplayList()
            try named.figure.draw(on: &list)
            #expect(list.texts.contains { $0.contains("b2recast") }, "\(named.stem) must say it is the kit's")
            #expect(named.figure.title.contains("b2recast"))
        }
        // The 2018 reference is marked as digitized wherever it is drawn.
        let summary = try #require(figures.first { $0.stem == "lmu_ltau_g_prime" })
        var list = DisplayList()
        try summary.figure.draw(on: &list)
        #expect(list.texts.contains { $0.contains("digitized") })
    }
}
