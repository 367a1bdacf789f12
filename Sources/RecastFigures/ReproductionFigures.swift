import HEPDataTables
import PublicationPlots
import RecastEngine
import RealModule

/// A figure and the file stem it is written under in figures/.
public struct NamedFigure: Sendable {
    public var stem: String
    public var figure: Figure
}

/// The figures of `b2recast reproduce`, built only from the tables of results/ (the cards give
/// labels and captions, never numbers to draw). Every figure says what it is: the kit's
/// derivation from Belle II inputs, not a Belle II plot.
public enum ReproductionFigures {
    /// The figures of the tables that results/ holds, chosen by the tables each card's record has
    /// (never by a search id).
    public static func make(cards: [SearchCard], results: [ResultFile]) throws -> [NamedFigure] {
        let tables = try ResultTables(results)
        var figures: [NamedFigure] = []
        for card in cards {
            if tables.has(card.id, ResultName.rateLimit) { figures.append(try invisibleRateLimit(card, tables)) }
            if tables.has(card.id, ResultName.signalRatePerG2) { figures.append(try invisibleSignalRate(card, tables)) }
            // The bound map and the bracket need the abstract's sigma x BF and eps^2 alpha_D ranges.
            if tables.has(card.id, ResultName.eps2AlphaDBoundMap), card.abstractValues.contains(where: { $0.quantity.hasPrefix("eps^2") }) {
                figures.append(try darkHiggs(card, tables))
            }
            if tables.has(card.id, ResultName.eps2AlphaDLimitPlane) { figures.append(try darkHiggsLimitPlane(card, tables)) }
            let benchmarks = Reproduction.benchmarks(card)
            if !benchmarks.isEmpty, benchmarks.allSatisfy({ tables.has(card.id, ResultName.couplingLimits($0.stem)) }) {
                figures.append(try tauTauCouplings(card, benchmarks, tables))
            }
        }
        // The L_mu - L_tau summary: the first invisible search with recast g' limits, and the
        // abstract values of the other invisible searches.
        let closure = Reproduction.recastModels[0].stem
        if let reference = cards.first(where: { $0.signature == .muonPairInvisible && tables.has($0.id, closure) }) {
            let others = cards.filter { $0.signature == .muonPairInvisible && $0.id != reference.id }
            figures.append(try lMuMinusLTau(reference, others, tables))
        }
        if let efficiencies = try derivedEfficiencies(cards, tables) { figures.append(efficiencies) }
        if let reach = try projectedReach(cards, tables) { figures.append(reach) }
        if let combination = try lMuMinusLTauCombination(cards, tables) { figures.append(combination) }
        return figures
    }

    // MARK: Shared pieces

    static var style: PlotStyle { .current }

    /// The PDF creation date of a figure: the first day of the month of the newest arXiv
    /// submission among its inputs (arXiv ids are YYMM.NNNNN), so it follows the inputs only.
    static func creationDate(_ cards: [SearchCard]) -> String {
        let newest = cards.map(\.citation.arXiv).max() ?? "2200.00000"
        let year = newest.prefix(2), month = newest.dropFirst(2).prefix(2)
        return "20\(year)-\(month)-01T00:00:00Z"
    }

    static func luminosityCaption(_ card: SearchCard) -> MathText {
        let luminosity = card.luminosity >= 1 ? "\(Tick.fixed(card.luminosity, decimals: card.luminosity < 10 ? 2 : 1)) fb$^{-1}$"
                                              : "\(Tick.fixed(card.luminosity * 1000, decimals: 0)) pb$^{-1}$"
        return MathText("\(luminosity), $\\sqrt{s}$ = \(Tick.fixed(card.sqrtS, decimals: 2)) GeV")
    }

    /// A search as readers know it: the card's `plot_label`, else "Belle II 2020, 0.28 fb$^{-1}$"
    /// (experiment, year of the journal reference, else of the arXiv id, and integrated
    /// luminosity), never the card's id.
    public static func readerName(_ card: SearchCard) -> String {
        if let label = card.plotLabel { return label }
        return "Belle II \(publicationYear(card)), \(Tick.fixed(card.luminosity, decimals: card.luminosity < 10 ? 2 : 1)) fb$^{-1}$"
    }

    /// The year in the journal reference's final "(YYYY)", or 20YY from the arXiv id.
    static func publicationYear(_ card: SearchCard) -> String {
        let journal = card.citation.journal
        if journal.hasSuffix(")"), let open = journal.lastIndex(of: "(") {
            let year = journal[journal.index(after: open)..<journal.index(before: journal.endIndex)]
            if year.count == 4, year.allSatisfy(\.isNumber) { return String(year) }
        }
        return "20" + card.citation.arXiv.prefix(2)
    }

    /// The limit's interval as the card states it ("90% credibility", "90% CL"): a credibility
    /// limit is never called CL.
    static func interval(_ card: SearchCard) -> String { card.statistics.interval }

    /// The first mass of a digitized curve that is the paper's: the card's `extrapolated_below_GeV`
    /// (Darkcast's flat extension to 2 MeV is not drawn as the paper's curve). Nil when the card
    /// has no digitized table or marks no extrapolation.
    static func firstDigitizedMass(_ card: SearchCard) -> Double? {
        card.tables.first { $0.provenance == .digitized }?.extrapolatedBelow
    }

    /// "Fig. 3" from the digitized table's name, if it says.
    static func digitizedFigure(_ card: SearchCard) -> String? {
        guard let name = card.tables.first(where: { $0.provenance == .digitized })?.name,
              let range = name.range(of: "Fig. ") else { return nil }
        let number = name[range.upperBound...].prefix { $0.isNumber || $0.isLetter }
        return number.isEmpty ? nil : "Fig. \(number)"
    }

    /// "1.7$\\times 10^{-8}$" for 1.7e-8.
    static func exponentForm(_ value: Double) -> String {
        let exponent = Int(Double.log10(value).rounded(.down))
        let mantissa = value / Double.exp10(Double(exponent))
        let digits = abs(mantissa - mantissa.rounded()) < 1e-6 ? 0 : 1
        return "\(Tick.fixed(mantissa, decimals: digits))$\\times 10^{\(exponent)}$"
    }

    static func colour(_ index: Int) -> Colour { style.palette[index % style.palette.count] }

    /// Log-axis limits that hold `values` with a margin, snapped outwards to 1, 2 or 5 x 10^k.
    static func logRange(_ values: [Double], marginDecades: Double = 0.15) -> AxisScale {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let low = positive.min(), let high = positive.max() else { return .log(lower: 1, upper: 10) }
        func snap(_ value: Double, up: Bool) -> Double {
            let decade = Double.exp10(Double.log10(value).rounded(.down))
            let steps = [1.0, 2, 5, 10]
            return up ? decade * (steps.first { decade * $0 >= value * 0.9999 } ?? 10)
                      : decade * (steps.last { decade * $0 <= value * 1.0001 } ?? 1)
        }
        let factor = Double.exp10(marginDecades)
        return .log(lower: snap(low / factor, up: false), upper: snap(high * factor, up: true))
    }

    /// The axis label of a recast model's coupling.
    public static func couplingLabel(_ name: String) -> MathText {
        switch name {
        case "g'": return "$g'$"
        case "eps^2 alpha_D": return "$\\epsilon^2\\alpha_D$"
        case "xi": return "$\\xi$"
        case "g_S": return "$g_S$"
        case "C_mumu / Lambda [1/GeV]": return "$C_{\\mu\\mu}/\\Lambda$ [GeV$^{-1}$]"
        case "C_ll / Lambda [1/GeV]": return "$C_{\\ell\\ell}/\\Lambda$ [GeV$^{-1}$]"
        case "C_ll / Lambda [1/TeV]": return "$C_{\\ell\\ell}/\\Lambda$ [TeV$^{-1}$]"
        case "g_e": return "$g_e$"
        case "g_mu": return "$g_\\mu$"
        case "g_tau": return "$g_\\tau$"
        case "C_ee / Lambda [1/GeV]": return "$C_{ee}/\\Lambda$ [GeV$^{-1}$]"
        case "C_tautau / Lambda [1/GeV]": return "$C_{\\tau\\tau}/\\Lambda$ [GeV$^{-1}$]"
        default: return MathText(name.replacingDollars())
        }
    }

    // MARK: mu mu + invisible: the sigma x BF limit of a coupling-limit reference

    static func invisibleRateLimit(_ card: SearchCard, _ tables: ResultTables) throws -> NamedFigure {
        let limit = try tables.table(card.id, ResultName.rateLimit)
        // Below the first genuine digitized mass the curve is Darkcast's flat extension (one point
        // at 2 MeV): the straight line to the next point would be the digitizer's, not the
        // paper's, so it is not drawn.
        let extrapolatedBelow = firstDigitizedMass(card)
        let first = extrapolatedBelow ?? 0
        let kept = limit.independent[0].values.indices.filter { limit.independent[0].values[$0] >= first }
        let masses = kept.map { limit.independent[0].values[$0] }, rates = kept.map { limit.dependent[0].values[$0] }
        // The mass axis: the paper's range (1 to 6.5 GeV for the 2018 search), widened to the data.
        let xLow = Swift.min(1, (masses.first ?? 1).rounded(.down)), xHigh = Swift.max(6.5, (masses.last ?? 6.5).rounded(.up))
        let isDigitized = card.tables.contains { $0.provenance == .digitized && $0.quantity == .couplingLimit }
        var axes = Axes(x: .linear(lower: xLow, upper: xHigh), y: logRange(rates, marginDecades: 0.3),
                        xLabel: "$M_{Z'}$ [GeV]", yLabel: "$\\sigma \\times \\mathrm{BF}(Z' \\to \\mathrm{inv})$ [fb]",
                        legend: .best,
                        caption: [MathText("$e^+e^- \\to \\mu^+\\mu^- Z'$, \(readerName(card)),"),
                                  MathText(isDigitized ? "recast with b2recast from the digitized $g'$ limit (\(digitizedFigure(card) ?? "digitized"))"
                                                       : "recast with b2recast from the $g'$ limit of the card")],
                        rightCaption: luminosityCaption(card))
        axes.add(.exclusion(Exclusion(xs: masses, ys: rates, fill: colour(0).withAlpha(0.12),
                                      edge: LineStyle(width: style.curveWidth, colour: colour(0)),
                                      label: MathText("\(interval(card)) upper limit (derived)"))))
        axes.add(.annotation(Annotation("expected limit and bands: not at hand;", at: .frame(x: 0.97, y: 0.12),
                                        anchor: TextAnchor(.right, .baseline), colour: Colour(hex: 0x555555))))
        if let extrapolatedBelow {
            axes.add(.annotation(Annotation(MathText("below \(Tick.fixed(extrapolatedBelow, decimals: 2)) GeV: the digitizer's flat extension, not drawn"),
                                            at: .frame(x: 0.97, y: 0.04), anchor: TextAnchor(.right, .baseline), colour: Colour(hex: 0x555555))))
        }
        return NamedFigure(stem: "\(card.id)_rate_limit",
                           figure: Figure(size: .singleColumn, panels: [axes],
                                          title: "sigma x BF(Z' -> invisible) upper limit from \(card.id), recast with b2recast",
                                          creationDate: creationDate([card])))
    }

    // MARK: mu mu + invisible without a limit: the rate it limits

    static func invisibleSignalRate(_ card: SearchCard, _ tables: ResultTables) throws -> NamedFigure {
        let rate = try tables.table(card.id, ResultName.signalRatePerG2)
        let masses = rate.independent[0].values
        var axes = Axes(x: .linear(lower: 0, upper: 8.5), y: logRange(rate.dependent.flatMap(\.values), marginDecades: 0.25),
                        xLabel: "$M_{Z'}$ [GeV]", yLabel: "$\\sigma \\times \\mathrm{BF}(Z' \\to \\mathrm{inv}) / g'^2$ [fb]",
                        legend: .best,
                        caption: ["b2recast tree-level rate (derived);", "official limit table not at hand"],
                        rightCaption: luminosityCaption(card))
        let labels: [MathText] = ["$L_\\mu - L_\\tau$, BF(inv) of the model", "BF($Z' \\to$ inv) = 1"]
        for (index, column) in rate.dependent.enumerated() {
            axes.add(.curve(Curve(xs: masses, ys: column.values,
                                  style: LineStyle(width: style.curveWidth, dash: index == 0 ? [] : [4, 2], colour: colour(index)),
                                  label: index < labels.count ? labels[index] : nil)))
        }
        return NamedFigure(stem: "\(card.id)_signal_rate",
                           figure: Figure(size: .singleColumn, panels: [axes],
                                          title: "Rate per g'^2 limited by \(card.id) (b2recast, derived)", creationDate: creationDate([card])))
    }

    // MARK: Dark Higgsstrahlung

    /// Left: the eps^2 alpha_D at which the signal rate equals the smallest published cross-section
    /// limit (the abstract's 1.7 fb) over (M_A', M_h'), a bound the official limit cannot be below
    /// (results table `eps2_alphaD_at_smallest_sigma_limit`).
    /// Right: slices at fixed M_h'/M_A' (from results), the bracket between the ends of the
    /// published cross-section range.
    static func darkHiggs(_ card: SearchCard, _ tables: ResultTables) throws -> NamedFigure {
        guard let sigmaRange = card.abstractValues.first(where: { $0.units == "fb" }),
              let couplingRange = card.abstractValues.first(where: { $0.quantity.hasPrefix("eps^2") }) else {
            throw PlotError("\(card.id): expected the abstract's cross-section and eps^2 alpha_D ranges in the card")
        }
        let mapTable = try tables.table(card.id, ResultName.eps2AlphaDBoundMap)
        guard mapTable.independent.count == 2, let column = mapTable.dependent.first else {
            throw PlotError("results/\(card.id)/\(ResultName.eps2AlphaDBoundMap).yaml: expected two masses and one value column")
        }
        // Rows run over M_A' first, then M_h' (Reproduction.darkHiggsBoundMap): cell centres of a uniform grid.
        let centresX = Array(Set(mapTable.independent[0].values)).sorted(), centresY = Array(Set(mapTable.independent[1].values)).sorted()
        guard centresX.count > 1, centresY.count > 1, centresX.count * centresY.count == column.values.count else {
            throw PlotError("results/\(card.id)/\(ResultName.eps2AlphaDBoundMap).yaml: expected a full rectangular grid of cell centres")
        }
        func edges(_ centres: [Double]) -> [Double] {
            let half = (centres[1] - centres[0]) / 2
            return centres.map { (($0 - half) * 1e9).rounded() / 1e9 } + [((centres[centres.count - 1] + half) * 1e9).rounded() / 1e9]
        }
        let xEdges = edges(centresX), yEdges = edges(centresY)
        let values = column.values
        let finite = values.filter(\.isFinite)
        let colourAxis = logRange(finite, marginDecades: 0)
        let scale = ColourScale(axis: colourAxis)
        var map = Axes(x: .linear(lower: 4, upper: 9.7), y: .linear(lower: 0, upper: 5.6),
                       xLabel: "$M_{A'}$ [GeV]", yLabel: "$M_{h'}$ [GeV]", legend: .best,
                       caption: [MathText("$\\epsilon^2\\alpha_D$ for $\\sigma \\times \\mathrm{BF}(A' \\to \\mu^+\\mu^-)$ = \(Tick.fixed(sigmaRange.low, decimals: 1)) fb "
                                 + "(smallest published $\\sigma_\\mathrm{UL}$):"), "the official limit is not below it (b2recast, derived)"],
                       colourBar: ColourBar(scale: scale, label: "$\\epsilon^2\\alpha_D$"))
        map.add(.colourMesh(ColourMesh(xEdges: xEdges, yEdges: yEdges, values: values, scale: scale)))
        let diagonal = [4.0, 9.7]
        map.add(.curve(Curve(xs: diagonal, ys: diagonal, style: LineStyle(width: 0.8, dash: [3, 2], colour: .black),
                             label: "$M_{h'} = M_{A'}$ (above: $h'$ visible)")))
        let threshold = stride(from: 4.0, through: 9.7, by: 0.1).map { $0 }
        map.add(.curve(Curve(xs: threshold, ys: threshold.map { card.sqrtS - $0 }, style: LineStyle(width: 0.8, dash: [1, 1.5], colour: .black),
                             label: "$M_{A'} + M_{h'} = \\sqrt{s}$")))
        // Contours of the same map at the ends of the abstract's eps^2 alpha_D range.
        let contourValues = values.map { $0.isFinite ? $0 : .infinity }
        for (level, name) in [(couplingRange.low, "strongest"), (couplingRange.high, "weakest")] {
            let contour = Contour(xs: centresX, ys: centresY, values: contourValues, level: level,
                                  style: LineStyle(width: 1.1, colour: colour(1)),
                                  label: MathText("\(exponentForm(level)) (\(name) published limit)"))
            if !contour.segments().isEmpty { map.add(.contour(contour)) }
        }

        let slices = try tables.table(card.id, ResultName.signalRatePerEps2AlphaD)
        let masses = slices.independent[0].values
        var bracket = Axes(x: .linear(lower: 4, upper: 9.7), y: .log(lower: 1e-9, upper: 1e-6),
                           xLabel: "$M_{A'}$ [GeV]", yLabel: "$\\epsilon^2\\alpha_D$", legend: .best,
                           caption: [MathText("\(readerName(card)), recast with b2recast:"),
                                     MathText("$\\sigma_\\mathrm{UL}$ (\(interval(card))) from \(Tick.fixed(sigmaRange.low, decimals: 1)) to \(Tick.fixed(sigmaRange.high, decimals: 1)) fb (abstract)")])
        for (index, column) in slices.dependent.enumerated() {
            let ratio = column.qualifier("M_h'/M_A'") ?? "?"
            bracket.add(.band(Band(xs: masses, lower: column.values.map { sigmaRange.low / $0 }, upper: column.values.map { sigmaRange.high / $0 },
                                   colour: colour(index).withAlpha(0.25),
                                   label: MathText("$M_{h'}$ = \(ratio) $M_{A'}$"))))
            bracket.add(.curve(Curve(xs: masses, ys: column.values.map { sigmaRange.low / $0 },
                                     style: LineStyle(width: 0.9, colour: colour(index)))))
        }
        bracket.add(.curve(Curve(xs: [4, 9.7], ys: [couplingRange.low, couplingRange.low], style: LineStyle(width: 0.8, dash: [4, 2], colour: .black),
                                 label: MathText("strongest published limit, \(exponentForm(couplingRange.low))"))))
        return NamedFigure(stem: "\(card.id)_eps2_alphaD",
                           figure: Figure(size: .inches(width: 7, height: 3.1), panels: [map, bracket], panelWeights: [1.1, 1],
                                          title: "eps^2 alpha_D implied by the published cross-section range of \(card.id) (b2recast, derived)",
                                          creationDate: creationDate([card])))
    }

    /// The observed eps^2 alpha_D limit over (M_A', M_h') from results (a card with a two-mass
    /// sigma x BF limit table), as a colour map interpolated the way `recast` interpolates it.
    static func darkHiggsLimitPlane(_ card: SearchCard, _ tables: ResultTables) throws -> NamedFigure {
        var options = MassPlaneFigure.Options()
        options.xLabel = "$M_{A'}$ [GeV]"
        options.yLabel = "$M_{h'}$ [GeV]"
        options.colourLabel = "$\\epsilon^2\\alpha_D$ upper limit (observed)"
        options.caption = [MathText("\(readerName(card)), \(interval(card)); recast with b2recast"), "dots: published points"]
        options.title = "eps^2 alpha_D upper limit over (M_A', M_h') from \(card.id), recast with b2recast"
        options.creationDate = creationDate([card])
        return NamedFigure(stem: "\(card.id)_eps2_alphaD_plane",
                           figure: try MassPlaneFigure.make(try tables.table(card.id, ResultName.eps2AlphaDLimitPlane), options: options))
    }

    // MARK: tau tau resonance

    /// For each benchmark, the coupling limits recast from the published per-mass sigma x BF limits
    /// (results tables `coupling_limits_*`): observed, expected median with the +-1 and +-2 sigma
    /// bands, the collaboration's own observed limit for comparison, and the masses where the
    /// equal-rate recast is not valid shaded (docs/recast-validity.md).
    static func tauTauCouplings(_ card: SearchCard, _ cardBenchmarks: [Reproduction.Benchmark], _ tables: ResultTables) throws -> NamedFigure {
        let benchmarks: [(stem: String, axis: MathText, caption: MathText)] = cardBenchmarks.map { benchmark in
            let caption: MathText
            switch benchmark.model.family {
            case .lMuMinusLTau, .darkHiggs, .vector: caption = "$Z'$ ($L_\\mu - L_\\tau$), $\\nu$ only"
            case .scalar: caption = benchmark.coupling == "xi" ? "leptophilic $S$, $g_\\ell = \\xi m_\\ell/v$" : "muonphilic $S$"
            case .alp: caption = "ALP, $C_{\\ell\\ell}$ universal, $C_{\\gamma\\gamma} = 0$"
            }
            return (ResultName.couplingLimits(benchmark.stem), couplingLabel(benchmark.coupling), caption)
        }
        let secondLines: [MathText] = [MathText(readerName(card)), MathText("\(interval(card)); grey: recast not valid")]
        var panels: [Axes] = []
        for (index, benchmark) in benchmarks.enumerated() {
            let table = try tables.table(card.id, benchmark.stem)
            let masses = table.independent[0].values
            func column(_ name: String, _ qualifier: String, _ value: String) throws -> [Double] {
                guard let found = table.dependent.first(where: { $0.name.hasSuffix(name) && $0.qualifier(qualifier) == value }) else {
                    throw PlotError("results/\(card.id)/\(benchmark.stem).yaml: expected a column '\(name)' with \(qualifier) = \(value)")
                }
                return found.values
            }
            let observed = try column("upper limit", "limit", "observed")
            let bands = try ["-2 sigma", "-1 sigma", "median", "+1 sigma", "+2 sigma"].map { try column("upper limit", "limit", "expected \($0)") }
            let collaboration = table.dependent.first { $0.qualifier("by") == "the collaboration" }?.values
            let flags = try RecastValidity.Flag.allCases.map { try column("validity flag", "flag", $0.rawValue) }
            let invalid = masses.indices.map { row in flags.contains { $0[row] == 1 } }
            var yAxis = logRange(observed + bands[0] + bands[4] + (collaboration ?? []), marginDecades: 0.1)
            // Three decades of room above the curves for the legend of the first panel.
            yAxis = .log(lower: yAxis.lower, upper: yAxis.upper * (index == 0 ? 1000 : 30))
            var axes = Axes(x: .linear(lower: 3.5, upper: 10), y: yAxis, xLabel: "$M_X$ [GeV]", yLabel: benchmark.axis,
                            legend: .best,
                            caption: [benchmark.caption, index < secondLines.count ? secondLines[index] : " "],
                            rightCaption: index == benchmarks.count - 1 ? "recast with b2recast" : nil)
            shadeInvalid(&axes, masses: masses, invalid: invalid, y: yAxis)
            axes.add(.band(Band(xs: masses, lower: bands[0], upper: bands[4], colour: style.twoSigmaBand, label: index == 0 ? "exp. ±2σ" : nil)))
            axes.add(.band(Band(xs: masses, lower: bands[1], upper: bands[3], colour: style.oneSigmaBand, label: index == 0 ? "exp. ±1σ" : nil)))
            axes.add(.curve(Curve(xs: masses, ys: bands[2], style: LineStyle(width: 0.8, dash: [4, 2]), label: index == 0 ? "expected" : nil)))
            axes.add(.curve(Curve(xs: masses, ys: observed, style: LineStyle(width: 0.9), label: index == 0 ? MathText("observed") : nil)))
            if let collaboration {
                axes.add(.curve(Curve(xs: masses, ys: collaboration, style: LineStyle(width: 0.8, dash: [1, 1.5], colour: colour(3)),
                                      label: index == 0 ? "Belle II's own" : nil)))
            }
            panels.append(axes)
        }
        return NamedFigure(stem: "\(card.id)_couplings",
                           figure: Figure(size: .inches(width: 7, height: 3.4), panels: panels,
                                          title: "Coupling limits from the published sigma x BF limits of \(card.id), recast with b2recast",
                                          creationDate: creationDate([card])))
    }

    /// Grey bands behind the other artists over the runs of masses where an equal-rate recast is
    /// not valid (docs/recast-validity.md), spanning the axis range `y`.
    static func shadeInvalid(_ axes: inout Axes, masses: [Double], invalid: [Bool], y: AxisScale, label: MathText? = nil) {
        var bands: [Artist] = []
        var first: Int? = nil
        for row in masses.indices {
            if invalid[row], first == nil { first = row }
            if let start = first, !invalid[row] || row == masses.count - 1 {
                let end = invalid[row] ? row : row - 1
                let xs = end > start ? [masses[start], masses[end]] : [masses[start], masses[start] + 1e-3]
                bands.append(.band(Band(xs: xs, lower: [y.lower, y.lower], upper: [y.upper, y.upper],
                                        colour: Colour(hex: 0x888888, alpha: 0.18), label: bands.isEmpty ? label : nil)))
                first = nil
            }
        }
        axes.artists.insert(contentsOf: bands, at: 0)
    }

    // MARK: L_mu - L_tau summary

    /// g' versus M_Z': the 2018 digitized limit and its recasts over the masses the paper covers
    /// (not the digitizer's flat extension below them), the 2022
    /// abstract's limit at 8 GeV as a marker and its mass-less strongest limit as a note (a line
    /// would read as an exclusion at every mass), and the (g-2)_mu band of the 2021 benchmark with
    /// its source and the 2025 White Paper situation (docs/physics.md 2.3).
    static func lMuMinusLTau(_ card2018: SearchCard, _ others: [SearchCard], _ tables: ResultTables) throws -> NamedFigure {
        let reference = try tables.table(card2018.id, Reproduction.recastModels[0].stem)
        let first = firstDigitizedMass(card2018) ?? 0
        func paperRange(_ table: HEPDataTable) -> (xs: [Double], ys: [Double]) {
            let rows = table.independent[0].values.indices.filter { table.independent[0].values[$0] >= first }
            return (rows.map { table.independent[0].values[$0] }, rows.map { table.dependent[0].values[$0] })
        }
        var caption: [MathText] = ["$L_\\mu - L_\\tau$: Belle II limits, recast with b2recast"]
        var axes = Axes(x: .log(lower: 1e-3, upper: 10), y: .log(lower: 1e-5, upper: 3),
                        xLabel: "$M_{Z'}$ [GeV]", yLabel: "$g'$", legend: .best)
        // (g-2)_mu band, +-1 and +-2 sigma, from results (an input with its source; docs/physics.md 2.3).
        if tables.has(ResultName.muonAnomalyRecord, ResultName.muonAnomalyBand) {
            let band = try tables.table(ResultName.muonAnomalyRecord, ResultName.muonAnomalyBand)
            let masses = band.independent[0].values
            func edge(_ name: String, _ sigmas: String) throws -> HEPDataTable.Variable {
                guard let found = band.dependent.first(where: { $0.qualifier("edge") == name && $0.qualifier("band") == sigmas }) else {
                    throw PlotError("results/\(ResultName.muonAnomalyRecord)/\(ResultName.muonAnomalyBand).yaml: expected the \(name) edge of the \(sigmas) band")
                }
                return found
            }
            for (sigmas, shade) in [("2 sigma", 0.22), ("1 sigma", 0.45)] {
                let lower = try edge("lower", sigmas), upper = try edge("upper", sigmas)
                let value = lower.qualifier("Delta a_mu x 1e9") ?? "?", error = lower.qualifier("uncertainty x 1e9") ?? "?"
                let input = "$\\Delta a_\\mu = (\(value) \\pm \(error))\\times 10^{-9}$ (\(lower.qualifier("input") ?? "input"))"
                axes.add(.band(Band(xs: masses, lower: lower.values, upper: upper.values, colour: Colour(hex: 0xD94F4F, alpha: shade),
                                    label: sigmas == "1 sigma" ? nil : MathText("$(g-2)_\\mu$ ±1σ, ±2σ: " + input))))
            }
            caption.append("$(g-2)_\\mu$: the 2025 White Paper removes most of the 2021 discrepancy; the band is the 2021 benchmark")
        }
        let figureName = digitizedFigure(card2018).map { "\($0), digitized" } ?? "digitized"
        let published = paperRange(reference)
        // Below `first` the digitized table is Darkcast's flat extension, which the recast does not
        // use (the results hold no limit there): nothing is drawn, and the legend says where the curve starts.
        axes.add(.exclusion(Exclusion(xs: published.xs, ys: published.ys, fill: colour(0).withAlpha(0.12),
                                      edge: LineStyle(width: style.curveWidth, colour: colour(0)),
                                      label: MathText("\(readerName(card2018)): \(interval(card2018)) limit (\(figureName), from \(Tick.fixed(first, decimals: 2)) GeV)"))))
        let models = Reproduction.recastModels
        let recasts: [(String, MathText, [Double])] = [
            (models[1].stem, "recast: BF($Z' \\to$ inv) = 1", [4, 2]),
            (models[2].stem, "recast: Dirac $\\chi$, $g_\\chi = 3g'$, $m_\\chi = M_{Z'}/3$", [1.5, 1.5]),
            (models[3].stem, "recast: Dirac $\\chi$, $g_\\chi = 0.05$, $m_\\chi = M_{Z'}/3$", [6, 2, 1.5, 2]),
        ]
        for (index, recast) in recasts.enumerated() {
            let curve = paperRange(try tables.table(card2018.id, recast.0))
            axes.add(.curve(Curve(xs: curve.xs, ys: curve.ys,
                                  style: LineStyle(width: 1, dash: recast.2, colour: colour(index + 1)), label: recast.1)))
        }
        // Other invisible searches: the abstract's weakest limit as a marker at the mass the abstract
        // names, and its strongest limit (given without a mass) as a note, not a line across every mass.
        for card in others {
            guard let range = card.abstractValues.first(where: { $0.quantity.hasPrefix("g'") }), let mass = range.highAt else { continue }
            axes.add(.markers(Markers(xs: [mass], ys: [range.high], shape: .diamond, size: 5, colour: .black,
                                      label: MathText("\(readerName(card)): \(interval(card)) limit at \(Tick.fixed(mass, decimals: 0)) GeV (abstract)"))))
            caption.append(MathText("\(readerName(card)): strongest limit $g' = $ \(exponentForm(range.low)) (abstract; mass not given, not drawn)"))
        }
        axes.caption = caption
        return NamedFigure(stem: "lmu_ltau_g_prime",
                           figure: Figure(size: .inches(width: 7, height: 4.4), panels: [axes],
                                          title: "L_mu - L_tau: Belle II Z' -> invisible limits and their recasts (b2recast)",
                                          creationDate: creationDate([card2018] + others)))
    }
}

/// The tables of results/, by search and file stem, parsed from the files `reproduce` wrote.
struct ResultTables {
    private var tables: [String: HEPDataTable] = [:]

    init(_ files: [ResultFile]) throws {
        for file in files where file.path.hasSuffix(".yaml") && !file.path.hasSuffix("submission.yaml") && file.path.contains("/") {
            guard !file.path.hasPrefix("cross-sections") else { continue }
            tables[String(file.path.dropLast(5))] = try ResultTableReader.parse(yaml: file.contents, file: "results/" + file.path)
        }
    }

    func has(_ search: String, _ stem: String) -> Bool { tables["\(search)/\(stem)"] != nil }

    func table(_ search: String, _ stem: String) throws -> HEPDataTable {
        guard let table = tables["\(search)/\(stem)"] else {
            throw PlotError("results/\(search)/\(stem).yaml: expected this table for the figures; run b2recast reproduce")
        }
        return table
    }
}

extension String {
    func replacingDollars() -> String { split(separator: "$", omittingEmptySubsequences: false).joined(separator: "") }
}
