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
    @Option(help: "Figure size: single (3.4 in wide) or double (7 in).") var size = "double"
    @Option(help: "Resolution of a PNG, pixels per inch.") var dpi = 300.0
    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = "paper-data"
    @Option(name: .customLong("cross-sections"), help: "The cached cross-section tables.") var crossSections = "results/cross-sections"
    @Option(name: .customLong("results"), help: "The results folder whose derived efficiency maps give eff_new / eff_ref for scalar and ALP recasts.")
    var resultsFolder = "results"

    func run() throws {
        let format: FigureFormat
        switch URL(fileURLWithPath: output).pathExtension.lowercased() {
        case "pdf": format = .pdf
        case "svg": format = .svg
        case "png": format = .png(dpi: dpi)
        default: throw ValidationError("--output \(output): expected a file name ending in .pdf, .svg or .png")
        }
        let figureSize: FigureSize
        switch size {
        case "single": figureSize = .singleColumn
        case "double": figureSize = .inches(width: 7, height: 3.4)
        default: throw ValidationError("--size \(size): expected single or double")
        }
        let staged = try StagedOutput(file: output, option: "output")
        let (card, searches, lookup) = try RecastInputs.load(model: model, paperData: paperData, crossSections: crossSections,
                                                             monteCarlo: false)
        var inputs: [UserRecastFigure.Input] = []
        do {
            for search in searches {
                let correction = try RecastInputs.efficiencyCorrection(search, card.model, results: resultsFolder)
                let recast = try SearchRecast.recast(search, onto: card.model, masses: card.masses, crossSection: lookup,
                                                     efficiencyRatio: correction)
                let likelihood = try LikelihoodRecast.recast(search, onto: card.model, method: LikelihoodRecast.publishedMethod(search),
                                                             crossSection: lookup, efficiencyRatio: correction)
                inputs.append(UserRecastFigure.Input(search: search, recast: recast, likelihood: likelihood))
            }
        } catch let error as InputFileError {
            throw CommandFailure(error.description)
        }
        do {
            let figure = try UserRecastFigure.make(model: card, inputs: inputs, size: figureSize)
            try FigureWriter.write(figure, format: format, to: staged.temporaryURL().path, creator: FigureFiles.creator)
        } catch {
            throw CommandFailure("cannot draw \(output): \(error)")
        }
        try staged.commit()
        writeStandardOutput("written: \(output)\n")
    }
}
