import CairoGraphics
import Foundation
import PlotCairo
import PublicationPlots
import RecastEngine
import RecastFigures
import Testing
import TestSupport

/// The repository root (three levels above this file).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The figures `reproduce` makes, from the committed results/.
func reproductionFigures() throws -> [NamedFigure] {
    let cards = try SearchCard.loadAll(paperData: repositoryRoot.appendingPathComponent("paper-data"))
    var files: [ResultFile] = []
    let results = repositoryRoot.appendingPathComponent("results")
    for folder in cards.map(\.id) + ["LMuMinusLTau_combination"] {
        for name in try FileManager.default.contentsOfDirectory(atPath: results.appendingPathComponent(folder).path) {
            let path = "\(folder)/\(name)"
            files.append(ResultFile(path: path, contents: try String(contentsOf: results.appendingPathComponent(path), encoding: .utf8)))
        }
    }
    return try ReproductionFigures.make(cards: cards, results: files)
}

/// The figure of `b2recast plot --model examples/models/NAME` as the command builds it.
func userFigure(_ name: String, options: UserRecastFigure.Options) throws -> Figure {
    let card = try ModelCard.load(path: repositoryRoot.appendingPathComponent("examples/models/\(name)").path)
    let searches = try SearchCard.loadAll(paperData: repositoryRoot.appendingPathComponent("paper-data"))
    let lookup = try CrossSectionTables.load(folder: repositoryRoot.appendingPathComponent("results/cross-sections")).lookup
    var inputs: [UserRecastFigure.Input] = []
    for search in searches {
        let correction = try EfficiencyRatios.load(searchID: search.id, results: repositoryRoot.appendingPathComponent("results"))?
            .correction(for: card.model.family)
        let recast = try SearchRecast.recast(search, onto: card.model, masses: card.masses, crossSection: lookup, efficiencyRatio: correction)
        let likelihood = try LikelihoodRecast.recast(search, onto: card.model, method: LikelihoodRecast.publishedMethod(search),
                                                     crossSection: lookup, efficiencyRatio: correction)
        inputs.append(UserRecastFigure.Input(search: search, recast: recast, likelihood: likelihood))
    }
    return try UserRecastFigure.make(model: card, inputs: inputs, options: options)
}

/// Records what is drawn like `DisplayList`, but measures text with Cairo and Pango (the fonts
/// of the real figures), and keeps the page box of every text.
struct MeasuredList: Renderer {
    var list = DisplayList()
    let cairo: CairoRenderer
    var textBoxes: [(text: String, box: PageRect)] = []

    init(canvas: Canvas) { cairo = CairoRenderer(canvas: canvas) }

    mutating func fill(_ path: Path, colour: Colour) throws { try list.fill(path, colour: colour) }
    mutating func stroke(_ path: Path, style: LineStyle) throws { try list.stroke(path, style: style) }
    mutating func pushClip(_ rect: PageRect) throws { try list.pushClip(rect) }
    mutating func popClip() throws { try list.popClip() }
    func measure(_ text: MathText, font: Font) throws -> TextMetrics { try cairo.measure(text, font: font) }
    mutating func draw(_ text: MathText, font: Font, colour: Colour, origin: PagePoint, vertical: Bool) throws {
        try list.draw(text, font: font, colour: colour, origin: origin, vertical: vertical)
        let metrics = try measure(text, font: font)
        textBoxes.append((text.plainText, vertical ? PageRect(x: origin.x, y: origin.y - metrics.width, width: metrics.height, height: metrics.width)
                                                    : PageRect(x: origin.x, y: origin.y, width: metrics.width, height: metrics.height)))
    }
}

/// Draws `figure` with Cairo's text metrics and checks, for each panel, that its legend box
/// covers none of what the panel draws inside its frame (curves, bands, exclusions, markers,
/// colour maps, notes; `Overlap` samples every 1.5 pt, tolerance 0), and that every text and
/// legend lies on the page (tolerance 0.5 pt).
func checkLayout(_ figure: Figure, name: String, scratch: URL) throws {
    let canvas = try Canvas(format: .pdf, width: figure.size.points.width, height: figure.size.points.height,
                            path: scratch.appendingPathComponent("layout.pdf").path)
    var renderer = MeasuredList(canvas: canvas)
    let legends = try figure.legendBoxes(measuredBy: renderer)
    try figure.draw(on: &renderer)
    try canvas.finish()
    // The commands between each pushClip and popClip: what a panel draws in its frame.
    var blocks: [[DisplayList.Command]] = []
    var current: [DisplayList.Command]? = nil
    var textIndex = 0
    var notes: [[PageRect]] = []
    for command in renderer.list.commands {
        switch command {
        case .pushClip:
            current = []
            notes.append([])
        case .popClip:
            if let current { blocks.append(current) }
            current = nil
        case .text:
            if current != nil { notes[notes.count - 1].append(renderer.textBoxes[textIndex].box) }
            textIndex += 1
        default:
            current?.append(command)
        }
    }
    #expect(blocks.count == figure.panels.count, "\(name): one clipped block per panel")
    let (width, height) = figure.size.points
    for (index, legend) in legends.enumerated() {
        guard let legend else { continue }
        let overlap = Overlap.of(legend, with: blocks[index], textBoxes: notes[index])
        #expect(overlap.isZero, "\(name), panel \(index + 1): the legend covers \(overlap.strokedLength) pt of lines and \(overlap.filledArea) pt^2 of fills")
        #expect(legend.x >= -0.5 && legend.y >= -0.5 && legend.maxX <= width + 0.5 && legend.maxY <= height + 0.5,
                "\(name), panel \(index + 1): legend \(legend) outside the page \(width) x \(height)")
    }
    for (text, box) in renderer.textBoxes {
        #expect(box.x >= -0.5 && box.y >= -0.5 && box.maxX <= width + 0.5 && box.maxY <= height + 0.5,
                "\(name): '\(text)' at \(box) leaves the page \(width) x \(height)")
    }
}

@Suite struct FigureLayoutTests {
    @Test func noLegendOverDataAndNothingOffThePageInFigures() throws {
        let scratch = try TestProcess.temporaryFolder("layout")
        defer { try? FileManager.default.removeItem(at: scratch) }
        for named in try reproductionFigures() {
            try checkLayout(named.figure, name: named.stem, scratch: scratch)
        }
    }

    @Test(arguments: ["lmu-ltau-dirac-dark-matter.yaml", "leptophilic-scalar.yaml"])
    func noLegendOverDataInPlotAtBothSizes(model: String) throws {
        let scratch = try TestProcess.temporaryFolder("layout-plot")
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (name, size) in [("single", FigureSize.inches(width: 3.4, height: 3.2)), ("double", .inches(width: 7, height: 3.4))] {
            var options = UserRecastFigure.Options()
            options.size = size
            try checkLayout(try userFigure(model, options: options), name: "plot \(model) --style \(name)", scratch: scratch)
        }
    }

    /// A `best` legend avoids a curve through the upper right; an `outside` one leaves the frame.
    @Test func bestAvoidsDataAndOutsideLeavesTheFrame() throws {
        var figure = testFigure(band: true)
        let list = DisplayList()
        let best = try #require(try figure.legendBoxes(measuredBy: list)[0])
        let frame = try figure.frames(measuredBy: list)[0]
        #expect(best.x < frame.x + frame.width / 2 && best.y < frame.y + frame.height / 2, "upper left, away from the diagonal")
        figure.panels[0].legend = .outside
        let outside = try #require(try figure.legendBoxes(measuredBy: list)[0])
        let shrunk = try figure.frames(measuredBy: list)[0]
        #expect(outside.x >= shrunk.maxX || outside.y >= shrunk.maxY)
    }
}

/// Renders every label of a figure on its own line of a PDF and reads the text layer back with
/// pdftotext: the glyph sequence of each line (whitespace removed) must be the label's.
@Suite struct LabelGlyphTests {
    func normalised(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "\u{200A}" }.map(Character.init))
    }

    @Test func everyLabelOfEveryFigureSurvivesInThePDFTextLayer() throws {
        let scratch = try TestProcess.temporaryFolder("labels")
        defer { try? FileManager.default.removeItem(at: scratch) }
        for named in try reproductionFigures() {
            var list = DisplayList()
            try named.figure.draw(on: &list)
            var seen = Set<String>()
            let labels = list.mathTexts.filter { !normalised($0.plainText).isEmpty && seen.insert($0.source).inserted }
            let path = scratch.appendingPathComponent("\(named.stem).pdf").path
            let lineHeight = 24.0
            let canvas = try Canvas(format: .pdf, width: 800, height: lineHeight * Double(labels.count + 1), path: path)
            var renderer = CairoRenderer(canvas: canvas)
            for (index, label) in labels.enumerated() {
                try renderer.draw(label, font: Font(family: "CMU Serif", size: 10), colour: .black,
                                  origin: PagePoint(x: 10, y: 6 + lineHeight * Double(index)), vertical: false)
            }
            try canvas.finish()
            let text = try TestProcess.run(tool: "pdftotext", [path, "-"])
            #expect(text.status == 0)
            let lines = text.standardOutput.split(separator: "\n").map { normalised(String($0)) }.filter { !$0.isEmpty && $0 != "\u{0C}" }
            #expect(lines == labels.map { normalised($0.plainText) }, "\(named.stem)")
        }
    }

    /// The committed figure shows the primes of M_Z' (also in m_chi = M_Z'/3), and calls the
    /// 2018 limit a credibility limit.
    @Test func committedSummaryFigureHasItsPrimes() throws {
        let text = try TestProcess.run(tool: "pdftotext", [repositoryRoot.appendingPathComponent("figures/lmu_ltau_g_prime.pdf").path, "-"])
        let flat = normalised(text.standardOutput)
        #expect(flat.contains("MZ\u{02B9}[GeV]"))
        #expect(flat.contains("mχ=MZ\u{02B9}/3"))
        #expect(flat.contains("3g\u{02B9}"))
        #expect(flat.contains("90%credibilitylimit"))
    }

    /// No figure calls a credibility limit "CL": the texts drawn for the 2018 and
    /// dark-Higgsstrahlung searches say "credibility".
    @Test func credibilityLimitsAreNeverCalledCL() throws {
        for named in try reproductionFigures() {
            var list = DisplayList()
            try named.figure.draw(on: &list)
            for text in list.texts where text.contains("Belle II 2020") || named.stem.contains("2018") || named.stem.contains("DarkHiggs") {
                #expect(!text.contains("CL"), "\(named.stem): '\(text)'")
            }
        }
    }
}
