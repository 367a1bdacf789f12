import ArgumentParser
import Foundation
import HEPDataTables
import RecastEngine

/// `b2recast export likelihood SEARCH`: the per-mass Gaussian approximation of a resonance
/// search's likelihood as JSON, for a user's own fitter (docs/tautau-likelihood.md).
struct ExportLikelihood: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "likelihood", abstract: "A resonance search's approximate likelihood per mass (Gaussian in sigma x BF) as JSON.",
        discussion: """
        Needs a card with a per-mass fitted sigma x BF (with its error) and sigma x BF limits \
        (observed and expected). Per mass: -2 ln L(mu) = (mu - mu_hat)^2 / sigma^2 for mu >= 0 in fb, \
        with sigma the published fit error, and sigma_calibrated, the width whose expected CLs limit \
        equals the published expected median. The masses are independent (the correlations between \
        neighbouring masses are not published). pyhf cannot hold a Gaussian main measurement, so \
        no pyhf workspace is written for it.
        """)

    @Argument(help: "The search id (a folder of --paper-data).") var search: String
    @Option(help: "Write the JSON to this file instead of standard output.") var output: String?
    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = DataLocation.input("paper-data")

    func run() throws {
        let staged = try output.map { try StagedOutput(file: $0, option: "output") }
        let card: SearchCard
        let limits: ResonanceLimits
        let folder = URL(fileURLWithPath: paperData).appendingPathComponent(search)
        guard !search.contains("/"), FileManager.default.fileExists(atPath: folder.appendingPathComponent("card.yaml").path) else {
            let known = (try? SearchCard.loadAll(paperData: URL(fileURLWithPath: paperData)).map(\.id)) ?? []
            throw ValidationError("\(search): no such search in \(paperData) (expected one of \(known.joined(separator: ", ")))")
        }
        do {
            card = try SearchCard.load(folder: folder)
            guard let built = try ResonanceLimits(card) else {
                throw ValidationError("\(search) has no per-mass fitted sigma x BF with errors and sigma x BF limits in its card, "
                    + "so there is no Gaussian likelihood to export (see `b2recast searches`).")
            }
            limits = built
        } catch let error as InputFileError {
            throw ValidationError(error.description)
        }
        let table = limits.published.table
        var source: [(String, JSONText)] = [("table", .string(table.name)), ("provenance", .string(table.provenance.rawValue)),
                                            ("file", .string("paper-data/\(card.id)/\(table.file)"))]
        if let origin = table.origin {
            source += [("repository", .string(origin.repository)), ("path", .string(origin.path)), ("commit", .string(origin.commit)),
                       ("sha256", .string(origin.sha256))]
        }
        let document = JSONText.object([
            ("format", .string("b2recast-gaussian-likelihood/1")),
            ("kit_version", .string(KitVersion.current)),
            ("search", .string(card.id)), ("arxiv", .string(card.citation.arXiv)),
            ("parameter", .string("mu = sigma x BF of the search's signal (\(card.process), \(card.decay)), fb, mu >= 0")),
            ("likelihood", .string("-2 ln L(mu) = (mu - mu_hat)^2 / sigma^2 at each mass, masses independent; an approximation (docs/tautau-likelihood.md)")),
            ("confidence_level", .number(1 - limits.alpha, digits: 3)),
            ("source", .object(source)),
            ("mass_GeV", .array(limits.masses.map { .exact($0) })),
            ("mu_hat_fb", .array(limits.likelihoods.map { .exact($0.bestFit) })),
            ("sigma_fb", .array(limits.likelihoods.map { .exact($0.error) })),
            ("sigma_calibrated_fb", .array(limits.calibratedErrors.map { .number($0, digits: 6) })),
            ("published_observed_limit_fb", .array(limits.published.observed.map { .exact($0) })),
            ("kit_cls_observed_limit_fb", .array(limits.observed.map { .number($0, digits: 6) })),
        ])
        let text = document.rendered() + "\n"
        if let output, let staged {
            try staged.write(text)
            try staged.commit()
            writeStandardOutput("wrote \(output): the Gaussian likelihood of \(card.id) at \(limits.masses.count) masses\n")
        } else {
            writeStandardOutput(text)
        }
    }
}
