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
        The model card (format b2recast-model-card/2, /1 still read; examples in examples/models) fixes the family, \
        every parameter but the coupling, and the masses. Each search's published limit is carried to \
        the model at equal signal rate in the search's final state; searches without a limit table at \
        hand, or whose final state the model does not reach, are listed with the reason. Cross \
        sections come from results/cross-sections (log-interpolated) unless --monte-carlo is given. \
        A scalar or ALP is recast onto a vector reference (a coupling-limit table) with the efficiency \
        ratio of the search's derived efficiency map in --results, where reproduce wrote one; a \
        published sigma x BF limit is used as it is. Where the search publishes expected limits, the \
        expected median and +-1, +-2 sigma bands are recast too. Every point carries its validity \
        (Gamma/M, the largest vertex coupling, Lambda/C for an ALP, the decay length; \
        docs/recast-validity.md). --json prints one JSON document, --csv one row per search and mass.
        """)

    @Option(help: "The model card (YAML).") var model: String
    @Option(help: "Write the limits as a HEPData record (submission.yaml + tables) into this folder.") var output: String?
    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = DataLocation.input("paper-data")
    @Option(name: .customLong("cross-sections"), help: "The cached cross-section tables.") var crossSections = DataLocation.input("results/cross-sections")
    @Flag(name: .customLong("monte-carlo"), help: "Integrate the cross sections afresh instead of interpolating the tables.") var monteCarlo = false
    @Option(name: .customLong("results"), help: "The results folder whose derived efficiency maps give eff_new / eff_ref for scalar and ALP recasts.")
    var resultsFolder = DataLocation.input("results")
    @Flag(name: .customLong("use-extrapolation"), help: "Also use a reference's extrapolated region (a third party's extension beyond the paper's curve, marked in the card).")
    var useExtrapolation = false
    @Flag(help: "Print one JSON document (limits, CL, method, provenance, reasons, validity) instead of text.") var json = false
    @Flag(help: "Print the limits as CSV, one row per search and mass, instead of text.") var csv = false

    func validate() throws {
        if json && csv { throw ValidationError("--json and --csv: choose one output format") }
    }

    /// One search's outcome: its recast, or the reason it gives no limit.
    struct SearchOutcome {
        var search: SearchCard
        var result: RecastResult?
        var reason: String?
        var efficiencyNote: String?
    }

    func run() throws {
        // The output folder before any work.
        let staged = try output.map { try StagedOutput(folder: $0, option: "output") }
        let previousTables = try staged.map(Self.previousRecastTables) ?? []
        let (card, searches, lookup) = try RecastInputs.load(model: model, paperData: paperData, crossSections: crossSections,
                                                             monteCarlo: monteCarlo)
        var lines = ["\(card.name): \(card.model.description); limit on \(card.model.couplingName)"]
        var outcomes: [SearchOutcome] = []
        for search in searches {
            let ratio = try RecastInputs.efficiencyCorrection(search, card.model, results: resultsFolder)
            if !json && !csv { lines += try likelihoodLines(search, card: card, lookup: lookup, correction: ratio) }
            let result: RecastResult?
            do {
                result = try SearchRecast.recast(search, onto: card.model, masses: card.masses, crossSection: lookup, efficiencyRatio: ratio,
                                                 useExtrapolation: useExtrapolation)
            } catch let error as InputFileError {
                throw CommandFailure(error.description)
            }
            var outcome = SearchOutcome(search: search, result: result)
            if ratio != nil, result != nil {
                outcome.efficiencyNote = "signal efficiency relative to its vector reference from results/\(search.id)/derived_signal_efficiency.yaml (derived; 1 outside the map)"
            }
            if let result {
                outcome.reason = Self.reasonWithoutLimit(result, signature: search.signature, model: card.model)
            } else if LikelihoodRecast.windows(search) == nil {
                outcome.reason = "no limit table at hand (\(search.missing.first?.name ?? "see the card"))"
            }
            outcomes.append(outcome)
        }
        let limited = outcomes.filter { $0.result != nil && $0.reason == nil }
        if let output, let staged {
            let results = limited.compactMap { outcome in outcome.result.map { (outcome.search, $0) } }
            guard !results.isEmpty else {
                throw CommandFailure("no search gives a limit on \(card.name) at its masses, so there is no record to write; \(output) is unchanged")
            }
            let written = try write(results, card: card, to: staged)
            // The tables of an earlier recast in this folder that this record does not have.
            for stale in previousTables where !written.contains(stale) {
                ReproduceCommand.removeFile(stale, in: staged.folder)
            }
        }
        if json {
            writeStandardOutput(Self.json(card: card, outcomes: outcomes).rendered() + "\n")
            return
        }
        if csv {
            writeStandardOutput(Self.csv(card: card, outcomes: outcomes))
            return
        }
        for outcome in outcomes {
            let search = outcome.search
            if let reason = outcome.reason {
                lines.append("\(search.id): \(reason)")
                continue
            }
            guard let result = outcome.result else { continue }
            if let note = outcome.efficiencyNote { lines.append("\(search.id): \(note)") }
            lines.append("\(search.id), from '\(result.referenceTable)' (\(result.referenceProvenance.rawValue)); "
                + "\(search.statistics.interval), \(search.statistics.method); recast by b2recast at equal signal rate:")
            let hasExpected = result.points.contains { $0.expected != nil }
            var header = "  " + "M [GeV]".column(10) + "sigma x BF limit [fb]".column(23) + "observed".column(12)
            if hasExpected { header += "expected (-2s, -1s, median, +1s, +2s)".column(52) }
            lines.append(header + "Gamma/M".column(10) + "validity")
            for point in result.points {
                var row = "  " + Self.number(point.mass).column(10) + Self.number(point.rateLimit).column(23)
                switch point.coupling {
                case .success(let value): row += Self.number(value).column(12)
                case .failure(let failure):
                    lines.append(row + "none: " + Self.describe(failure, model: card.model, mass: point.mass, signature: search.signature))
                    continue
                }
                if hasExpected {
                    let expected = point.expected?.map { (try? $0.get()).map { Self.number($0) } ?? "-" } ?? []
                    row += expected.joined(separator: " ").column(52)
                }
                row += (point.validity.map { Self.number($0.widthOverMass, digits: 2) } ?? "-").column(10)
                lines.append(row + (point.validity?.summary ?? "-"))
            }
        }
        if let output {
            lines.append("written: \(output)/submission.yaml and \(limited.count) table(s)")
        }
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }

    /// Why a search gives no limit at any of the masses, each reason with the masses it holds for;
    /// nil when some mass has a limit.
    static func reasonWithoutLimit(_ result: RecastResult, signature: SearchSignature, model: RecastModel) -> String? {
        var reasons: [(String, [Double])] = []
        for point in result.points {
            guard case .failure(let failure) = point.coupling else { return nil }
            let text = describe(failure, model: model, mass: point.mass, signature: signature)
            if let index = reasons.firstIndex(where: { $0.0 == text }) { reasons[index].1.append(point.mass) } else { reasons.append((text, [point.mass])) }
        }
        guard !reasons.isEmpty else { return nil }
        if reasons.count == 1 { return "\(reasons[0].0) at every mass (\(signature.rawValue))" }
        return "no limit at any mass (\(signature.rawValue)): " + reasons.map { text, masses in
            let span = masses.count == 1 ? number(masses[0]) : "\(number(masses[0]))-\(number(masses[masses.count - 1]))"
            return "\(text) (M = \(span) GeV)"
        }.joined(separator: "; ")
    }

    /// A failure in words; "no rate" with the model's own reason where it has one (a visible h',
    /// no coupling to the lines that make the final state, a closed decay).
    static func describe(_ failure: RecastFailure, model: RecastModel, mass: Double, signature: SearchSignature) -> String {
        guard failure.reason == .noRate, let reason = model.model(mass: mass, coupling: 1e-3).noRateReason(signature) else { return failure.description }
        return "\(failure.description): \(reason)"
    }

    static func number(_ value: Double, digits: Int = 4) -> String {
        value.isNaN ? "-" : SignificantDigits.format(value, digits: digits)
    }

    /// The validity quantities of a point as JSON (docs/recast-validity.md).
    static func json(_ validity: RecastValidity) -> JSONText {
        var members: [(String, JSONText)] = [
            ("width_over_mass", .number(validity.widthOverMass, digits: 4)),
            ("largest_vertex_coupling", .number(validity.largestCoupling, digits: 4)),
        ]
        if let scale = validity.eftScale { members.append(("lambda_over_c_GeV", .number(scale, digits: 4))) }
        members += [("decay_length_cm", .number(validity.decayLength, digits: 4)),
                    ("valid", .bool(validity.isValid)), ("flags", .array(validity.flags.map { .string($0.rawValue) }))]
        return .object(members)
    }

    /// The whole recast as one JSON document: the model, then every search with its limits or its reason.
    static func json(card: ModelCard, outcomes: [SearchOutcome]) -> JSONText {
        let searches: [JSONText] = outcomes.map { outcome in
            let search = outcome.search
            var members: [(String, JSONText)] = [
                ("id", .string(search.id)), ("arxiv", .string(search.citation.arXiv)), ("signature", .string(search.signature.rawValue)),
                ("confidence_level", .string(search.statistics.interval)), ("method", .string(search.statistics.method)),
            ]
            if let reason = outcome.reason { members.append(("no_limit_reason", .string(reason))) }
            if let result = outcome.result {
                let table = search.tables.first { $0.name == result.referenceTable }
                var reference: [(String, JSONText)] = [("table", .string(result.referenceTable)), ("provenance", .string(result.referenceProvenance.rawValue))]
                if let table {
                    reference += [("file", .string("paper-data/\(search.id)/\(table.file)")), ("source", .string(table.source))]
                    if let origin = table.origin {
                        reference.append(("origin", .object([("repository", .string(origin.repository)), ("path", .string(origin.path)),
                                                              ("commit", .string(origin.commit)), ("sha256", .string(origin.sha256))])))
                    }
                }
                members.append(("reference", .object(reference)))
                members.append(("recast", .string("equal signal rate, by b2recast (not by the collaboration)")))
                if let note = outcome.efficiencyNote { members.append(("efficiency_ratio", .string(note))) }
                members.append(("points", .array(result.points.map { point in
                    var entry: [(String, JSONText)] = [("mass_GeV", .exact(point.mass))]
                    entry.append(("rate_limit_fb", point.rateLimit.isNaN ? .null : .number(point.rateLimit, digits: 6)))
                    switch point.coupling {
                    case .success(let value): entry.append(("observed", .number(value, digits: 6)))
                    case .failure(let failure):
                        entry += [("observed", .null), ("reason", .string(describe(failure, model: card.model, mass: point.mass, signature: search.signature)))]
                    }
                    if let expected = point.expected {
                        entry.append(("expected", .object(zip(["minus_2_sigma", "minus_1_sigma", "median", "plus_1_sigma", "plus_2_sigma"], expected).map { name, value in
                            (name, (try? value.get()).map { JSONText.number($0, digits: 6) } ?? .null)
                        })))
                    }
                    if let validity = point.validity { entry.append(("validity", json(validity))) }
                    return .object(entry)
                })))
            }
            return .object(members)
        }
        return .object([
            ("kit_version", .string(KitVersion.current)),
            ("model", .object([("name", .string(card.name)), ("family", .string(card.model.family.rawValue)),
                               ("description", .string(card.model.description)), ("coupling", .string(card.model.couplingName))])),
            ("searches", .array(searches)),
        ])
    }

    /// The limits as CSV: one row per search and mass; a search without a limit gets one row with its reason.
    static func csv(card: ModelCard, outcomes: [SearchOutcome]) -> String {
        let header = ["search", "mass_GeV", "rate_limit_fb", "observed", "expected_minus_2_sigma", "expected_minus_1_sigma", "expected_median",
                      "expected_plus_1_sigma", "expected_plus_2_sigma", "width_over_mass", "largest_vertex_coupling", "lambda_over_c_GeV",
                      "decay_length_cm", "validity", "reason"]
        var rows = ["# b2recast \(KitVersion.current) recast of " + CSVText.comment(card.name)
                        + "; limit on " + card.model.couplingName, CSVText.row(header)]
        let field = CSVText.field
        for outcome in outcomes {
            guard let result = outcome.result else {
                let cells = [outcome.search.id] + Array(repeating: "", count: header.count - 2) + [field(outcome.reason ?? "")]
                rows.append(cells.joined(separator: ","))
                continue
            }
            for point in result.points {
                var cells = [outcome.search.id, "\(point.mass)", number(point.rateLimit, digits: 6)]
                switch point.coupling {
                case .success(let value): cells.append(number(value, digits: 6))
                case .failure: cells.append("")
                }
                let expected = point.expected?.map { (try? $0.get()).map { number($0, digits: 6) } ?? "" } ?? Array(repeating: "", count: 5)
                cells += expected
                if let v = point.validity {
                    cells += [number(v.widthOverMass), number(v.largestCoupling), v.eftScale.map { number($0) } ?? "", number(v.decayLength),
                              field(v.summary)]
                } else {
                    cells += ["", "", "", "", ""]
                }
                if case .failure(let failure) = point.coupling {
                    cells.append(field(describe(failure, model: card.model, mass: point.mass, signature: outcome.search.signature)))
                } else {
                    cells.append("")
                }
                rows.append(cells.joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// The likelihood recast, where the card has per-window efficiency, background and observed
    /// counts: observed and median expected coupling limits with the paper's method, with hybrid
    /// CLs and with asymptotic CLs (q~_mu), and the observed sigma x BF limit of each window (fb):
    /// the asymptotic one is what pyhf gives on the workspace of `export pyhf` (docs/statistics.md 6.7).
    func likelihoodLines(_ search: SearchCard, card: ModelCard, lookup: CrossSectionLookup,
                         correction: ((Double) -> Double)?) throws -> [String] {
        guard LikelihoodRecast.windows(search) != nil else { return [] }
        var lines = ["\(search.id), likelihood rebuilt from its windows (with the card's systematics); recast by b2recast:"]
        let methods = Array(Set([LikelihoodRecast.publishedMethod(search), .cls, .clsAsymptotic])).sorted { $0.rawValue < $1.rawValue }
        for method in methods {
            guard let points = try LikelihoodRecast.recast(search, onto: card.model, method: method, crossSection: lookup,
                                                           efficiencyRatio: correction) else { continue }
            lines.append("  \(method.rawValue): " + "M [GeV]".column(10) + "sigma x BF limit [fb]".column(23) + "observed".column(14) + "expected median")
            for point in points {
                func text(_ result: Result<Double, RecastFailure>?) -> String {
                    switch result {
                    case .success(let value)?: return SignificantDigits.format(value, digits: 4)
                    case .failure(let failure)?: return "none: " + failure.description
                    case nil: return "-"
                    }
                }
                let rate = point.rateLimit.observed.isFinite ? SignificantDigits.format(point.rateLimit.observed, digits: 6) : "-"
                lines.append("  " + String(repeating: " ", count: method.rawValue.count + 2) + SignificantDigits.format(point.mass, digits: 4).column(10)
                    + rate.column(23) + text(point.observed).column(14) + text(point.expected.count == 5 ? point.expected[2] : nil))
            }
        }
        return lines
    }

    /// The limits as a HEPData record: one table per search (observed, expected with bands where
    /// the reference has them, and the validity quantities and flags), missing values '-'.
    /// Returns the names of the files written.
    @discardableResult
    func write(_ results: [(SearchCard, RecastResult)], card: ModelCard, to output: StagedOutput) throws -> Set<String> {
        var entries: [HEPDataRecord.Entry] = []
        for (search, result) in results {
            let stem = "\(search.id)_recast"
            let name = "\(card.model.couplingName) upper limit"
            let cl = search.statistics.interval
            var dependent = [HEPDataTable.Variable(name: name, units: "", qualifiers: ["CL": cl, "limit": "observed", "provenance": "derived"],
                                                   values: result.points.map { (try? $0.coupling.get()) ?? .nan })]
            if result.points.contains(where: { $0.expected != nil }) {
                for (index, band) in ["expected -2 sigma", "expected -1 sigma", "expected", "expected +1 sigma", "expected +2 sigma"].enumerated() {
                    dependent.append(HEPDataTable.Variable(name: name, units: "", qualifiers: ["CL": cl, "limit": band, "provenance": "derived"],
                                                           values: result.points.map { (try? $0.expected?[index].get()) ?? .nan }))
                }
            }
            let validity = result.points.map(\.validity)
            dependent.append(HEPDataTable.Variable(name: "Gamma / M", units: "", qualifiers: ["at": "observed limit"],
                                                   values: validity.map { $0?.widthOverMass ?? .nan }))
            dependent.append(HEPDataTable.Variable(name: "largest vertex coupling", units: "", qualifiers: ["at": "observed limit"],
                                                   values: validity.map { $0?.largestCoupling ?? .nan }))
            for flag in RecastValidity.Flag.allCases {
                dependent.append(HEPDataTable.Variable(name: "validity flag", units: "",
                                                       qualifiers: ["flag": flag.rawValue, "meaning": "1 = violated at the observed limit"],
                                                       values: validity.map { v in v.map { $0.flags.contains(flag) ? 1 : 0 } ?? .nan }))
            }
            let table = HEPDataTable(independent: [HEPDataTable.Variable(name: "mass", units: "GeV", values: result.points.map(\.mass))],
                                     dependent: dependent)
            let flagged = validity.compactMap { $0 }.filter { !$0.isValid }.count
            entries.append(HEPDataRecord.Entry(
                name: "\(card.model.couplingName) limit from \(search.id)",
                description: "\(card.name) (\(card.model.description)): '\(result.referenceTable)' of arXiv:\(search.citation.arXiv) "
                    + "recast by b2recast at equal signal rate, not by the collaboration. \(result.referenceStatement) "
                    + "\(flagged) of \(result.points.count) points are flagged by the validity checks (docs/recast-validity.md); they are kept.",
                keywords: [.init(name: "observables", values: [.text("UL")])], dataFile: stem + ".yaml", table: table))
        }
        let record = HEPDataRecord(information: [.init(key: "comment", value: .string("b2recast \(KitVersion.current) recast of \(card.name)"))],
                                   entries: entries)
        let files = HEPDataWriter.files(record, digits: 6)
        for (name, text) in files { try output.write(text, to: name) }
        try output.commit()
        return Set(files.map(\.name))
    }

    /// The data files of the record an earlier `recast --output` wrote into the folder (named by
    /// its submission.yaml); refuses a folder whose submission.yaml is someone else's record.
    static func previousRecastTables(_ output: StagedOutput) throws -> [String] {
        func text(_ value: YAMLValue) -> String? {
            if case let .string(string) = value { return string }
            return nil
        }
        let submission = output.folder.appendingPathComponent("submission.yaml")
        guard StagedOutput.exists(submission.path) else { return [] }
        let mine = "a HEPData record written by `b2recast recast` (its submission.yaml starts with 'comment: b2recast ... recast of'), "
            + "since recast replaces the record in the folder; choose another folder"
        guard let contents = try? YAMLInput.read(path: submission.path),
              let documents = try? YAMLReader.documents(contents, file: submission.path),
              case let .mapping(information)? = documents.first,
              information.contains(where: { $0.key == "comment" && (text($0.value) ?? "").hasPrefix("b2recast ") }) else {
            throw ValidationError("--output \(output.folder.path): expected an empty folder or \(mine)")
        }
        return documents.dropFirst().compactMap { document -> String? in
            guard case let .mapping(pairs) = document, let name = pairs.first(where: { $0.key == "data_file" }).flatMap({ text($0.value) }),
                  !name.contains("/"), !name.hasPrefix("."), name.hasSuffix(".yaml") else { return nil }
            return name
        }
    }
}

/// What `recast` and `plot` read: the user's model card, the search cards and the cross sections
/// (the cached tables, or a fresh Monte Carlo). A bad file is a usage error naming it.
enum RecastInputs {
    /// eff_new / eff_ref for `model` on `search` from the derived map in `results`, if any.
    /// Not for a search whose reference is a sigma x BF limit table: such a limit is given for any
    /// X (the tau-tau search converts the same sigma x BF limit into all three of its benchmarks),
    /// so there is no vector reference to correct from.
    static func efficiencyCorrection(_ search: SearchCard, _ model: RecastModel, results: String) throws -> ((Double) -> Double)? {
        guard RateLimitCurve(search) == nil else { return nil }
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
