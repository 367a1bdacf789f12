import HEPDataTables
import PublicationPlots
import RecastEngine
import RealModule

extension ReproductionFigures {
    // MARK: Derived signal efficiencies

    /// The efficiencies of the kit's simulation of the published selections: mu mu + invisible
    /// (2022 Z' search) and the tau-tau search for a vector, scalar and pseudoscalar X, and the dark
    /// Higgsstrahlung search versus M_A' at several M_h'. Error bars are the binomial MC errors.
    static func derivedEfficiencies(_ cards: [SearchCard], _ tables: ResultTables) throws -> NamedFigure? {
        var panels: [Axes] = []
        var used: [SearchCard] = []
        let bosonLabels: [MathText] = ["vector ($Z'$)", "scalar ($S$)", "pseudoscalar (ALP)"]
        func radiatedPanel(_ card: SearchCard) throws {
            let table = try tables.table(card.id, ResultName.derivedEfficiency)
            let masses = table.independent[0].values
            let isTauTau = card.signature == .muonPairTauPair
            let year = publicationYear(card)
            var axes = Axes(x: .linear(lower: isTauTau ? 3.4 : 0, upper: 10.2), y: .linear(lower: 0, upper: 1),
                            xLabel: isTauTau ? "$M_X$ [GeV]" : "$M_{Z'}$ [GeV]", yLabel: "signal efficiency", legend: .best,
                            caption: [MathText(isTauTau ? "$\\mu\\mu\\tau\\tau$: \(year) selection (talk)" : "$\\mu\\mu$ + invisible: \(year) $Z'$ selection"),
                                      "b2recast simulation (derived)"])
            for (index, column) in table.dependent.prefix(3).enumerated() {
                let errors = column.errors ?? Array(repeating: 0, count: masses.count)
                axes.add(.markers(Markers(xs: masses.map { $0 + 0.06 * Double(index - 1) }, ys: column.values,
                                          yLow: zip(column.values, errors).map { $0 - $1 }, yHigh: zip(column.values, errors).map { $0 + $1 },
                                          shape: [.circle, .square, .triangle][index], size: 3.5, colour: colour(index),
                                          label: bosonLabels[index])))
            }
            panels.append(axes)
            used.append(card)
        }
        // Panels in the order mu mu + invisible, dark Higgsstrahlung, mu mu + tau tau; one per search with a map.
        let withMap = cards.filter { tables.has($0.id, ResultName.derivedEfficiency) }
        for card in withMap where card.signature == .muonPairInvisible { try radiatedPanel(card) }
        for card in withMap where card.signature == .darkHiggsstrahlung {
            let table = try tables.table(card.id, ResultName.derivedEfficiency)
            let aPrime = table.independent[0].values, hPrime = table.independent[1].values
            let efficiency = table.dependent[0].values
            var axes = Axes(x: .linear(lower: 3.8, upper: 9.7), y: .linear(lower: 0, upper: 1),
                            xLabel: "$M_{A'}$ [GeV]", yLabel: "signal efficiency", legend: .best,
                            caption: [MathText("$A'h'$, $A' \\to \\mu\\mu$: \(publicationYear(card)) selection"),
                                      MathText(card.simulation?.notApplied.first.map { "without the \($0.name)" } ?? "b2recast simulation (derived)")])
            for (index, value) in [0.5, 1.5, 2.5, 3.5].enumerated() {
                let rows = hPrime.indices.filter { abs(hPrime[$0] - value) < 1e-9 }
                guard !rows.isEmpty else { continue }
                axes.add(.curve(Curve(xs: rows.map { aPrime[$0] }, ys: rows.map { efficiency[$0] },
                                      style: LineStyle(width: 1, dash: index == 0 ? [] : [4, 2], colour: colour(index)),
                                      label: MathText("$M_{h'}$ = \(Tick.fixed(value, decimals: 1)) GeV"))))
            }
            panels.append(axes)
            used.append(card)
        }
        for card in withMap where card.signature == .muonPairTauPair { try radiatedPanel(card) }
        guard !panels.isEmpty else { return nil }
        return NamedFigure(stem: "derived_signal_efficiencies",
                           figure: Figure(size: .inches(width: 7, height: 3), panels: panels,
                                          title: "Signal efficiencies of the published selections from the b2recast simulation (derived)",
                                          creationDate: creationDate(used)))
    }

    // MARK: Projected reach

    /// Each search's best published limit scaled from its luminosity to 50 ab^-1, as a band between
    /// the background-free (L^-1) and background-dominated (L^-1/2) regimes, one panel per model
    /// family; marks at 424 fb^-1 (recorded by 2022) and 50 ab^-1 (planned).
    static func projectedReach(_ cards: [SearchCard], _ tables: ResultTables) throws -> NamedFigure? {
        // One panel per signature, with the quantity its abstracts quote.
        let families: [(signature: SearchSignature, quantity: String, label: MathText, caption: MathText)] = [
            (.darkHiggsstrahlung, "eps^2 alpha_D", "$\\epsilon^2\\alpha_D$", "dark Higgsstrahlung, $A'h'$"),
            (.muonPairInvisible, "g'", "$g'$", "$L_\\mu - L_\\tau$ $Z' \\to$ invisible"),
            (.muonPairTauPair, "sigma", "$\\sigma \\times \\mathrm{BF}(X \\to \\tau\\tau)$ [fb]", "$Z'$, $S$, ALP $\\to \\tau\\tau$"),
        ]
        var panels: [Axes] = []
        var used: [SearchCard] = []
        for family in families {
            var columns: [(card: SearchCard, luminosities: [Double], free: [Double], dominated: [Double], anchor: Projection.Anchor)] = []
            for card in cards where card.signature == family.signature {
                guard let anchor = Projection.anchors(card).first(where: { $0.quantity.hasPrefix(family.quantity) }) else { continue }
                let id = card.id
                let table = try tables.table(id, ResultName.projectedReach)
                let matching = table.dependent.filter { $0.name.contains(anchor.quantity.replacingOccurrences(of: " upper limit", with: "")) }
                guard matching.count == 2 else { throw PlotError("results/\(id)/\(ResultName.projectedReach).yaml: expected two columns for \(anchor.quantity)") }
                columns.append((card, table.independent[0].values, matching[0].values, matching[1].values, anchor))
                used.append(card)
            }
            guard !columns.isEmpty else { continue }
            let all = columns.flatMap { $0.free + $0.dominated + [$0.anchor.limit] }
            var yAxis = logRange(all, marginDecades: 0.3)
            yAxis = .log(lower: yAxis.lower / 30, upper: yAxis.upper)
            var axes = Axes(x: .log(lower: 0.1, upper: 1e5), y: yAxis,
                            xLabel: "luminosity [fb$^{-1}$]", yLabel: family.label, legend: .best,
                            caption: [family.caption, "best published limit, scaled"])
            for (index, column) in columns.enumerated() {
                let year = publicationYear(column.card)
                axes.add(.band(Band(xs: column.luminosities, lower: column.free, upper: column.dominated,
                                    colour: colour(index).withAlpha(0.3),
                                    label: MathText("\(year): $L^{-1}$ to $L^{-1/2}$"))))
                axes.add(.markers(Markers(xs: [column.anchor.luminosity], ys: [column.anchor.limit], shape: .diamond, size: 5,
                                          colour: colour(index), label: index == columns.count - 1 ? "published (abstract)" : nil)))
            }
            for (luminosity, text) in [(424.0, "424 fb$^{-1}$"), (50_000.0, "50 ab$^{-1}$")] {
                axes.add(.curve(Curve(xs: [luminosity, luminosity], ys: [yAxis.lower, yAxis.upper],
                                      style: LineStyle(width: 0.6, dash: [1, 2], colour: Colour(hex: 0x555555)))))
                axes.add(.annotation(Annotation(MathText(text), at: .data(x: luminosity / 1.2, y: yAxis.upper / 1.5),
                                                anchor: TextAnchor(.right, .top), colour: Colour(hex: 0x555555), scale: 0.8)))
            }
            panels.append(axes)
        }
        guard !panels.isEmpty else { return nil }
        panels[panels.count - 1].rightCaption = "b2recast (derived)"
        return NamedFigure(stem: ResultName.projectedReach,
                           figure: Figure(size: .inches(width: 7, height: 3), panels: panels,
                                          title: "Belle II dark-sector limits scaled to 50 ab^-1 (b2recast, derived; background not at hand)",
                                          creationDate: creationDate(used)))
    }
}

extension ReproductionFigures {
    // MARK: L_mu - L_tau combination

    /// One panel per benchmark of results/LMuMinusLTau_combination (g_chi = g' is left to the
    /// table, so that the panels stay wide enough): the 2018 invisible limit
    /// (recast), the tau-tau bracket between the ends of its published range, and their union.
    static func lMuMinusLTauCombination(_ cards: [SearchCard], _ tables: ResultTables) throws -> NamedFigure? {
        guard let (invisible, tauTau) = Reproduction.combinationCards(cards),
              tables.has(ResultName.combinationRecord, Reproduction.combinationModels[0].stem) else { return nil }
        let used = [invisible, tauTau]
        let models = Reproduction.combinationModels
        let benchmarks: [(stem: String, caption: MathText)] = [
            (models[0].stem, "no dark matter"),
            (models[2].stem, "Dirac $\\chi$, $g_\\chi = 3g'$"),
            (models[3].stem, "Dirac $\\chi$, $g_\\chi = 10g'$"),
        ]
        var panels: [Axes] = []
        for (index, benchmark) in benchmarks.enumerated() {
            let table = try tables.table(ResultName.combinationRecord, benchmark.stem)
            let masses = table.independent[0].values
            let columns = table.dependent
            guard columns.count == 5 else { throw PlotError("results/\(ResultName.combinationRecord)/\(benchmark.stem).yaml: expected 5 columns") }
            let bfAt5 = zip(masses, columns[0].values).first { abs($0.0 - 5) < 1e-9 }?.1 ?? .nan
            var axes = Axes(x: .linear(lower: 1, upper: 10), y: .log(lower: 1e-3, upper: 10),
                            xLabel: "$M_{Z'}$ [GeV]", yLabel: index == 0 ? "$g'$" : "", legend: .best,
                            caption: [benchmark.caption, MathText("BF(inv) = \(Tick.fixed(bfAt5, decimals: 2)) at 5 GeV")])
            func finite(_ values: [Double]) -> [Int] { values.indices.filter { values[$0].isFinite } }
            for (column, style, label) in [(2, LineStyle(width: style.curveWidth, colour: colour(0)), MathText("invisible (Belle II \(publicationYear(invisible)))")),
                                           (3, LineStyle(width: style.curveWidth, colour: colour(1)), MathText("$\\tau\\tau$ (Belle II \(publicationYear(tauTau)))")),
                                           (4, LineStyle(width: 0.8, dash: [3, 2], colour: .black), MathText("union"))] {
                let rows = finite(columns[column].values)
                axes.add(.curve(Curve(xs: rows.map { masses[$0] }, ys: rows.map { columns[column].values[$0] }, style: style,
                                      label: index == 0 ? label : nil)))
            }
            if index == benchmarks.count - 1 {
                axes.add(.annotation(Annotation("b2recast (derived)", at: .frame(x: 0.96, y: 0.05), anchor: TextAnchor(.right, .baseline),
                                                colour: Colour(hex: 0x555555))))
            }
            panels.append(axes)
        }
        return NamedFigure(stem: "lmu_ltau_combination",
                           figure: Figure(size: .inches(width: 7, height: 2.8), panels: panels,
                                          title: "L_mu - L_tau: invisible and tau-tau searches as BF(Z' -> invisible) grows (b2recast, derived)",
                                          creationDate: creationDate(used)))
    }
}
