import ArgumentParser
import Foundation
import HEPDataTables
import RecastEngine

/// `b2recast recast --model FILE.yaml`: a user's model onto every search that has a limit at hand.
struct RecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recast",
        abstract: "Limits on a user's model (a model card) from every applicable search.",
        discussion: """
        The model card (format b2recast-model-card/1; examples in examples/models) fixes the family, \
        every parameter but the coupling, and the masses. Each search's published limit is carried to \
        the model at equal signal rate in the search's final state; searches without a limit table at \
        hand, or whose final state the model does not reach, are listed with the reason. Cross \
        sections come from results/cross-sections (log-interpolated) unless --monte-carlo is given. \
        A scalar or ALP is recast onto a vector reference with the efficiency ratio of the search's \
        derived efficiency map in --results, where reproduce wrote one.
        """)

    @Option(help: "The model card (YAML).") var model: String
    @Option(help: "Write the limits as a HEPData record (submission.yaml + tables) into this folder.") var output: String?
    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = "paper-data"
    @Option(name: .customLong("cross-sections"), help: "The cached cross-section tables.") var crossSections = "results/cross-sections"
    @Flag(name: .customLong("monte-carlo"), help: "Integrate the cross sections afresh instead of interpolating the tables.") var monteCarlo = false
    @Option(name: .customLong("results"), help: "The results folder whose derived efficiency maps give eff_new / eff_ref for scalar and ALP recasts.")
    var resultsFolder = "results"

    func run() throws {
        let (card, searches, lookup) = try RecastInputs.load(model: model, paperData: paperData, crossSections: crossSections,
                                                             monteCarlo: monteCarlo)
        var lines = ["\(card.name): \(card.model.description); limit on \(card.model.couplingName)"]
        var results: [(SearchCard, RecastResult)] = []
        for search in searches {
            let ratio = try RecastInputs.efficiencyCorrection(search, card.model, results: resultsFolder)
            lines += try likelihoodLines(search, card: card, lookup: lookup, correction: ratio)
            let result: RecastResult?
            do {
                result = try SearchRecast.recast(search, onto: card.model, masses: card.masses, crossSection: lookup, efficiencyRatio: ratio)
                if ratio != nil, result != nil {
                    lines.append("\(search.id): signal efficiency relative to its vector reference from results/\(search.id)/derived_signal_efficiency.yaml (derived; 1 outside the map)")
                }
            } catch let error as InputFileError {
                throw CommandFailure(error.description)
            }
            guard let result else {
                if LikelihoodRecast.windows(search) == nil {
                    lines.append("\(search.id): no limit table at hand (\(search.missing.first?.name ?? "see the card"))")
                }
                continue
            }
            guard !result.points.isEmpty else {
                lines.append("\(search.id): none of the masses lies inside its limit table")
                continue
            }
            if case .failure(let first) = result.points[0].coupling, result.points.allSatisfy({
                   if case .failure(let failure) = $0.coupling { return failure == first } else { return false }
               }) {
                lines.append("\(search.id): \(first.description) at every mass (\(search.signature.rawValue))")
                continue
            }
            results.append((search, result))
            lines.append("\(search.id), from '\(result.referenceTable)' (\(result.referenceProvenance.rawValue)); recast by b2recast:")
            lines.append("  " + "M [GeV]".column(10) + "sigma x BF limit [fb]".column(24) + "\(card.model.couplingName) limit")
            for point in result.points {
                let coupling: String
                switch point.coupling {
                case .success(let value): coupling = SignificantDigits.format(value, digits: 4)
                case .failure(let failure): coupling = "none: " + failure.description
                }
                lines.append("  " + SignificantDigits.format(point.mass, digits: 4).column(10)
                    + SignificantDigits.format(point.rateLimit, digits: 4).column(24) + coupling)
            }
        }
        if let output {
            try write(results, card: card, to: URL(fileURLWithPath: output))
            lines.append("written: \(output)/submission.yaml and \(results.count) table(s)")
        }
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }

    /// The likelihood recast, where the card has per-window efficiency, background and observed
    /// counts: observed and median expected coupling limits with the paper's method and with CLs.
    func likelihoodLines(_ search: SearchCard, card: ModelCard, lookup: CrossSectionLookup,
                         correction: ((Double) -> Double)?) throws -> [String] {
        guard LikelihoodRecast.windows(search) != nil else { return [] }
        var lines = ["\(search.id), likelihood rebuilt from its windows (with the card's systematics); recast by b2recast:"]
        let methods = Array(Set([LikelihoodRecast.publishedMethod(search), .cls])).sorted { $0.rawValue < $1.rawValue }
        for method in methods {
            guard let points = try LikelihoodRecast.recast(search, onto: card.model, method: method, crossSection: lookup,
                                                           efficiencyRatio: correction) else { continue }
            lines.append("  \(method.rawValue): " + "M [GeV]".column(10) + "observed".column(14) + "expected median")
            for point in points {
                func text(_ result: Result<Double, RecastFailure>?) -> String {
                    switch result {
                    case .success(let value)?: return SignificantDigits.format(value, digits: 4)
                    case .failure(let failure)?: return "none: " + failure.description
                    case nil: return "-"
                    }
                }
                lines.append("  " + String(repeating: " ", count: method.rawValue.count + 2) + SignificantDigits.format(point.mass, digits: 4).column(10)
                    + text(point.observed).column(14) + text(point.expected.count == 5 ? point.expected[2] : nil))
            }
        }
        return lines
    }

    /// The limits as a HEPData record: one table per search, missing values '-'.
    func write(_ results: [(SearchCard, RecastResult)], card: ModelCard, to folder: URL) throws {
        var entries: [HEPDataRecord.Entry] = []
        for (search, result) in results {
            let stem = "\(search.id)_recast"
            let table = HEPDataTable(
                independent: [HEPDataTable.Variable(name: "mass", units: "GeV", values: result.points.map(\.mass))],
                dependent: [HEPDataTable.Variable(name: "\(card.model.couplingName) upper limit", units: "",
                                                  qualifiers: ["CL": search.statistics.interval, "provenance": "derived"],
                                                  values: result.points.map { (try? $0.coupling.get()) ?? .nan })])
            entries.append(HEPDataRecord.Entry(
                name: "\(card.model.couplingName) limit from \(search.id)",
                description: "\(card.name) (\(card.model.description)): '\(result.referenceTable)' of arXiv:\(search.citation.arXiv) "
                    + "recast by b2recast at equal signal rate, not by the collaboration. \(result.referenceStatement)",
                keywords: [.init(name: "observables", values: [.text("UL")])], dataFile: stem + ".yaml", table: table))
        }
        let record = HEPDataRecord(information: [.init(key: "comment", value: .string("b2recast \(KitVersion.current) recast of \(card.name)"))],
                                   entries: entries)
        let files = HEPDataWriter.files(record, digits: 6)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try AtomicFile.write(text, to: folder.appendingPathComponent(name)) }
    }
}

/// What `recast` and `plot` read: the user's model card, the search cards and the cross sections
/// (the cached tables, or a fresh Monte Carlo). A bad file is a usage error naming it.
enum RecastInputs {
    /// eff_new / eff_ref for `model` on `search` from the derived map in `results`, if any.
    static func efficiencyCorrection(_ search: SearchCard, _ model: RecastModel, results: String) throws -> ((Double) -> Double)? {
        do {
            return try EfficiencyRatios.load(searchID: search.id, results: URL(fileURLWithPath: results))?.correction(for: model.family)
        } catch let error as InputFileError {
            throw CommandFailure(error.description)
        }
    }

    static func load(model: String, paperData: String, crossSections: String, monteCarlo: Bool)
        throws -> (card: ModelCard, searches: [SearchCard], lookup: CrossSectionLookup) {
        do {
            let card = try ModelCard.load(path: model)
            let searches = try SearchCard.loadAll(paperData: URL(fileURLWithPath: paperData))
            let lookup = monteCarlo ? MonteCarloCrossSections().lookup
                : try CrossSectionTables.load(folder: URL(fileURLWithPath: crossSections)).lookup
            return (card, searches, lookup)
        } catch let error as InputFileError {
            throw ValidationError(error.description)
        }
    }
}
