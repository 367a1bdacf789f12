import ArgumentParser
import Foundation
import HEPDataTables
import PlotCairo
import PublicationPlots
import RecastEngine
import RecastFigures

/// `b2recast plot --model FILE.yaml`: a user's recast drawn over the published limits.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a user's recast (a model card) over the published limits, as PDF, SVG or PNG.",
        discussion: """
        The limits are those of `b2recast recast`: each search's published limit carried to the model \
        at equal signal rate, and the likelihood recast (observed, expected median, +-1 and +-2 sigma \
        bands) where a card has per-window counts. The format follows the extension of --output.
        """)

    @Option(help: "The model card (YAML).") var model: String
    @Option(help: "The figure to write (.pdf, .svg or .png).") var output: String
    @Option(help: "Figure size: single (3.4 in wide) or double (7 in); same as --style.") var size: String?
    @Option(help: "Column preset: single (3.4 x 3.2 in) or double (7 x 3.4 in). Default: double.") var style: String?
    @Option(help: "Resolution of a PNG, pixels per inch (36 to 1200).") var dpi = 300.0
    @Option(help: "Mass axis range LOW,HIGH in GeV (0 <= LOW < HIGH <= 11).") var xlim: String?
    @Option(help: "Coupling axis range LOW,HIGH (0 < LOW < HIGH, log axis).") var ylim: String?
    @Option(help: "Legend place: best, outside, upper-right, upper-left, lower-left, lower-right, centre-right, centre-left, upper-centre, lower-centre.")
    var legend = "best"
    @Option(help: "Title (first caption line) with the math subset, e.g. '$g_\\mu$ only'.") var title: String?
    @Option(help: "A CSV of your own curve: a header 'mass,LABEL' (LABEL, with the math subset, goes into the legend), then rows MASS_GeV,COUPLING. Repeatable.")
    var overlay: [String] = []
    @Flag(name: .customLong("use-extrapolation"), help: "Also use a reference's extrapolated region (marked in the card).")
    var useExtrapolation = false
    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = DataLocation.input("paper-data")
    @Option(name: .customLong("cross-sections"), help: "The cached cross-section tables.") var crossSections = DataLocation.input("results/cross-sections")
    @Option(name: .customLong("results"), help: "The results folder whose derived efficiency maps give eff_new / eff_ref for scalar and ALP recasts.")
    var resultsFolder = DataLocation.input("results")

    /// Everything the options say, checked before any work (ArgumentParser runs `validate`
    /// first, and a `ValidationError` exits 64 with nothing written).
    struct Settings {
        var format: FigureFormat
        var options: UserRecastFigure.Options
    }

    /// The figure presets: a single column is 3.4 in wide and taller than the journal's 3:4 so a
    /// legend below the axes leaves the data room; a double column is 7 in wide.
    static func preset(_ name: String, option: String) throws -> FigureSize {
        switch name {
        case "single": return .inches(width: 3.4, height: 3.2)
        case "double": return .inches(width: 7, height: 3.4)
        default: throw ValidationError("\(option) \(name): expected single or double")
        }
    }

    /// "LOW,HIGH" as two finite numbers with LOW < HIGH inside `allowed`.
    static func limits(_ text: String, option: String, allowed: ClosedRange<Double>, excludesLower: Bool, unit: String) throws -> ClosedRange<Double> {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let expected = "expected LOW,HIGH with \(String(format: "%g", allowed.lowerBound)) \(excludesLower ? "<" : "<=") LOW < HIGH <= \(String(format: "%g", allowed.upperBound))\(unit)"
        guard parts.count == 2, let low = Double(parts[0]), let high = Double(parts[1]), low.isFinite, high.isFinite else {
            throw ValidationError("\(option) \(text): \(expected)")
        }
        guard low < high, allowed.contains(low), allowed.contains(high), !(excludesLower && low == allowed.lowerBound) else {
            throw ValidationError("\(option) \(text): \(expected)")
        }
        return low...high
    }

    /// An overlay CSV: '#' comment lines, a header 'mass,LABEL', rows 'MASS,COUPLING' with
    /// 0 <= MASS <= 11 GeV increasing and 1e-30 <= COUPLING <= 1e30, at least two rows, at most 10000.
    static func readOverlay(_ path: String) throws -> UserRecastFigure.Overlay {
        let form = "expected a header 'mass,LABEL' then rows MASS_GeV,COUPLING (0 <= MASS <= 11, increasing; 1e-30 <= COUPLING <= 1e30)"
        guard let data = FileManager.default.contents(atPath: path), data.count <= 10_000_000,
              let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("--overlay \(path): cannot read the file as UTF-8 text of at most 10 MB")
        }
        var label: String?
        var masses: [Double] = [], couplings: [Double] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2 else { throw ValidationError("--overlay \(path), line \(number + 1): \(form)") }
            guard label != nil else {
                let name = fields[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                guard !name.isEmpty, Double(fields[0]) == nil else {
                    throw ValidationError("--overlay \(path), line \(number + 1): \(form); the header's second column is the legend label")
                }
                label = name
                continue
            }
            guard let mass = Double(fields[0]), let coupling = Double(fields[1]), mass.isFinite, coupling.isFinite,
                  mass >= 0, mass <= 11, coupling >= 1e-30, coupling <= 1e30, masses.last.map({ mass > $0 }) ?? true else {
                throw ValidationError("--overlay \(path), line \(number + 1): '\(line)': \(form)")
            }
            masses.append(mass)
            couplings.append(coupling)
            guard masses.count <= 10_000 else { throw ValidationError("--overlay \(path): more than 10000 rows (a curve needs far fewer)") }
        }
        guard let label, masses.count >= 2 else { throw ValidationError("--overlay \(path): \(form); at least two rows") }
        return UserRecastFigure.Overlay(label: label, masses: masses, couplings: couplings)
    }

    /// A title's math must be closed: an even number of unescaped '$' and balanced braces.
    static func checkTitle(_ title: String) throws {
        var dollars = 0, depth = 0, escaped = false
        for character in title {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "$": dollars += 1
            case "{": depth += 1
            case "}": depth -= 1
            default: break
            }
            guard depth >= 0 else { break }
        }
        guard !title.isEmpty, title.count <= 200, dollars % 2 == 0, depth == 0 else {
            throw ValidationError("--title \(title): expected 1 to 200 characters with closed $...$ math and balanced braces, e.g. '$g_\\mu$ only'")
        }
    }

    func settings() throws -> Settings {
        let format: FigureFormat
        switch URL(fileURLWithPath: output).pathExtension.lowercased() {
        case "pdf": format = .pdf
        case "svg": format = .svg
        case "png":
            guard dpi.isFinite, dpi >= 36, dpi <= 1200 else { throw ValidationError("--dpi \(dpi): expected 36 to 1200 pixels per inch") }
            format = .png(dpi: dpi)
        default: throw ValidationError("--output \(output): expected a file name ending in .pdf, .svg or .png")
        }
        var options = UserRecastFigure.Options()
        let sizeFromSize = try size.map { try Self.preset($0, option: "--size") }
        let sizeFromStyle = try style.map { try Self.preset($0, option: "--style") }
        if let sizeFromSize, let sizeFromStyle, sizeFromSize != sizeFromStyle {
            throw ValidationError("--size \(size ?? "") and --style \(style ?? ""): expected the same preset (they are synonyms)")
        }
        options.size = try sizeFromStyle ?? sizeFromSize ?? Self.preset("double", option: "--style")
        options.xLimits = try xlim.map { try Self.limits($0, option: "--xlim", allowed: 0...11, excludesLower: false, unit: " GeV") }
        options.yLimits = try ylim.map { try Self.limits($0, option: "--ylim", allowed: 1e-30...1e6, excludesLower: false, unit: "") }
        guard let placement = LegendPlacement(rawValue: legend) else {
            throw ValidationError("--legend \(legend): expected one of \(LegendPlacement.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        options.legend = placement
        if let title {
            try Self.checkTitle(title)
            options.title = title
        }
        options.overlays = try overlay.map(Self.readOverlay)
        return Settings(format: format, options: options)
    }

    func validate() throws {
        _ = try settings()
    }

    func run() throws {
        let settings = try settings()
        let staged = try StagedOutput(file: output, option: "output")
        let (card, searches, lookup) = try RecastInputs.load(model: model, paperData: paperData, crossSections: crossSections,
                                                             monteCarlo: false)
        var inputs: [UserRecastFigure.Input] = []
        do {
            for search in searches {
                let correction = try RecastInputs.efficiencyCorrection(search, card.model, results: resultsFolder)
                let recast = try SearchRecast.recast(search, onto: card.model, masses: card.masses, crossSection: lookup,
                                                     efficiencyRatio: correction, useExtrapolation: useExtrapolation)
                let likelihood = try LikelihoodRecast.recast(search, onto: card.model, method: LikelihoodRecast.publishedMethod(search),
                                                             crossSection: lookup, efficiencyRatio: correction)
                inputs.append(UserRecastFigure.Input(search: search, recast: recast, likelihood: likelihood))
            }
        } catch let error as InputFileError {
            throw CommandFailure(error.description)
        }
        do {
            let figure = try UserRecastFigure.make(model: card, inputs: inputs, options: settings.options)
            try FigureWriter.write(figure, format: settings.format, to: staged.temporaryURL().path, creator: FigureFiles.creator)
        } catch {
            throw CommandFailure("cannot draw \(output): \(error)")
        }
        try staged.commit()
        writeStandardOutput("written: \(output)\n")
    }
}
