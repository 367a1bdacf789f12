import PublicationPlots
import RecastEngine

/// The figure of `b2recast plot --model FILE.yaml`: the user's recast coupling limits from each
/// search, over the published reference limit where it is on the same coupling, and the
/// likelihood recast (observed, expected median and +-1/+-2 sigma bands) where a card has
/// per-window counts.
public enum UserRecastFigure {
    /// One search's contribution.
    public struct Input: Sendable {
        public var search: SearchCard
        /// Equal-rate recast of the search's published limit.
        public var recast: RecastResult?
        /// Likelihood recast with the paper's method, where the card has windows.
        public var likelihood: [LikelihoodRecast.Point]?

        public init(search: SearchCard, recast: RecastResult?, likelihood: [LikelihoodRecast.Point]?) {
            self.search = search
            self.recast = recast
            self.likelihood = likelihood
        }
    }

    /// A curve of the user's own (`plot --overlay`): masses in GeV and coupling values, with
    /// its legend label.
    public struct Overlay: Sendable, Hashable {
        public var label: String
        public var masses: [Double]
        public var couplings: [Double]

        public init(label: String, masses: [Double], couplings: [Double]) {
            self.label = label
            self.masses = masses
            self.couplings = couplings
        }
    }

    /// How the user steers the figure; the defaults give the figure `plot` always made, placed
    /// deterministically (`best` legend).
    public struct Options: Sendable, Hashable {
        public var size: FigureSize = .singleColumn
        /// Axis ranges (GeV; coupling); nil: from the data.
        public var xLimits: ClosedRange<Double>?
        public var yLimits: ClosedRange<Double>?
        public var legend: LegendPlacement = .best
        /// First caption line, with the math subset; nil: the model card's name.
        public var title: String?
        public var overlays: [Overlay] = []

        public init() {}
    }

    /// The x-axis label of a model family: the boson's own mass symbol.
    static func massLabel(_ family: RecastModel.Family) -> MathText {
        switch family {
        case .lMuMinusLTau: return "$M_{Z'}$ [GeV]"
        case .darkHiggs: return "$M_{A'}$ [GeV]"
        case .scalar: return "$M_S$ [GeV]"
        case .alp: return "$m_a$ [GeV]"
        case .vector: return "$M_X$ [GeV]"
        }
    }

    public static func make(model: ModelCard, inputs: [Input], size: FigureSize = .singleColumn) throws -> Figure {
        var options = Options()
        options.size = size
        return try make(model: model, inputs: inputs, options: options)
    }

    public static func make(model: ModelCard, inputs: [Input], options: Options) throws -> Figure {
        let style = PlotStyle.current
        // A long model name is split before its parenthesis so that it fits a single column.
        var titleLines = [options.title ?? model.name.replacingDollars()]
        if options.title == nil, titleLines[0].count > 48, let open = titleLines[0].range(of: " (") {
            titleLines = [String(titleLines[0][..<open.lowerBound]), "(" + titleLines[0][open.upperBound...]]
        }
        var axes = Axes(x: .linear(lower: 0, upper: 1), y: .log(lower: 1, upper: 10), xLabel: massLabel(model.model.family),
                        yLabel: ReproductionFigures.couplingLabel(model.model.couplingName), legend: options.legend,
                        caption: titleLines.map { MathText($0) } + ["Belle II data, recast with b2recast"])
        var allMasses: [Double] = [], allCouplings: [Double] = []
        var colourIndex = 0
        // Masses where an equal-rate recast of some search is not valid, shaded at the end.
        var flagged: [(mass: Double, invalid: Bool)] = []
        for input in inputs {
            if let points = input.likelihood, !points.isEmpty {
                let masses = points.map(\.mass)
                func values(_ pick: (LikelihoodRecast.Point) -> Result<Double, RecastFailure>?) -> [Double] {
                    points.map { (try? pick($0)?.get()) ?? .nan }
                }
                let edges = (0..<5).map { index in values { $0.expected.count == 5 ? $0.expected[index] : nil } }
                axes.add(.band(Band(xs: masses, lower: edges[0], upper: edges[4], colour: style.twoSigmaBand, label: "expected ±2σ")))
                axes.add(.band(Band(xs: masses, lower: edges[1], upper: edges[3], colour: style.oneSigmaBand, label: "expected ±1σ")))
                axes.add(.curve(Curve(xs: masses, ys: edges[2], style: LineStyle(width: 1, dash: [4, 2]), label: "expected median")))
                let observed = values { $0.observed }
                axes.add(.curve(Curve(xs: masses, ys: observed, style: LineStyle(width: style.curveWidth),
                                      label: MathText("\(ReproductionFigures.readerName(input.search)): observed, \(input.search.statistics.interval) (likelihood)"))))
                allMasses += masses
                allCouplings += observed + edges[0] + edges[4]
            }
            guard let recast = input.recast else { continue }
            // Masses with a limit only (the others carry their reason in `recast`'s output).
            let limited = recast.points.filter { (try? $0.coupling.get()) != nil }
            guard !limited.isEmpty else { continue }
            let masses = limited.map(\.mass)
            let couplings = limited.map { (try? $0.coupling.get()) ?? .nan }
            flagged += limited.map { ($0.mass, !($0.validity?.isValid ?? true)) }
            let banded = limited.filter { point in point.expected?.allSatisfy { (try? $0.get()) != nil } ?? false }
            if banded.count == limited.count, let first = banded.first?.expected, first.count == 5 {
                let edges = (0 ..< 5).map { index in banded.map { (try? $0.expected?[index].get()) ?? .nan } }
                axes.add(.band(Band(xs: masses, lower: edges[0], upper: edges[4], colour: style.twoSigmaBand, label: "expected ±2σ")))
                axes.add(.band(Band(xs: masses, lower: edges[1], upper: edges[3], colour: style.oneSigmaBand, label: "expected ±1σ")))
                axes.add(.curve(Curve(xs: masses, ys: edges[2], style: LineStyle(width: 1, dash: [4, 2]), label: "expected median")))
                allCouplings += edges[0] + edges[4]
            }
            if let reference = input.search.tables.first(where: { $0.name == recast.referenceTable }),
               recast.model.couplingName == "g'", reference.quantity == .couplingLimit {
                // Only over the masses the paper covers: a digitizer's flat extension is not the paper's.
                let data = reference.data
                let first = reference.provenance == .digitized ? ReproductionFigures.firstDigitizedMass(input.search) ?? 0 : 0
                let rows = data.independent[0].values.indices.filter { data.independent[0].values[$0] >= first }
                axes.add(.curve(Curve(xs: rows.map { data.independent[0].values[$0] }, ys: rows.map { data.dependent[0].values[$0] },
                                      style: LineStyle(width: 0.9, dash: [1.5, 1.5], colour: Colour(hex: 0x555555)),
                                      label: MathText("\(ReproductionFigures.readerName(input.search)): published \(input.search.statistics.interval) limit (\(recast.referenceProvenance.rawValue))"))))
            }
            axes.add(.exclusion(Exclusion(xs: masses, ys: couplings, fill: ReproductionFigures.colour(colourIndex).withAlpha(0.1),
                                          edge: LineStyle(width: style.curveWidth, colour: ReproductionFigures.colour(colourIndex)),
                                          label: MathText("\(ReproductionFigures.readerName(input.search)): recast of the \(recast.referenceProvenance.rawValue) limit"))))
            colourIndex += 1
            allMasses += masses
            allCouplings += couplings
        }
        for (index, overlay) in options.overlays.enumerated() {
            axes.add(.curve(Curve(xs: overlay.masses, ys: overlay.couplings,
                                  style: LineStyle(width: style.curveWidth, dash: index % 2 == 0 ? [5, 1.5, 1, 1.5] : [2.5, 1.5],
                                                   colour: style.palette[(colourIndex + index) % style.palette.count]),
                                  label: MathText(overlay.label))))
            allMasses += overlay.masses
            allCouplings += overlay.couplings
        }
        let finite = allCouplings.filter { $0.isFinite && $0 > 0 }
        guard let low = allMasses.min(), let high = allMasses.max(), !finite.isEmpty else {
            throw PlotError("\(model.name): no search gives a limit on this model, so there is nothing to plot (see `b2recast recast`)")
        }
        let span = max(high - low, 0.5)
        axes.x = options.xLimits.map { .linear(lower: $0.lowerBound, upper: $0.upperBound) }
            ?? .linear(lower: max(0, low - 0.05 * span), upper: high + 0.05 * span)
        axes.y = options.yLimits.map { .log(lower: $0.lowerBound, upper: $0.upperBound) }
            ?? ReproductionFigures.logRange(finite, marginDecades: 0.6)
        if flagged.contains(where: \.invalid) {
            // One flag per mass: invalid if any search's recast is flagged there.
            let masses = Array(Set(flagged.map(\.mass))).sorted()
            let invalid = masses.map { mass in flagged.contains { $0.mass == mass && $0.invalid } }
            ReproductionFigures.shadeInvalid(&axes, masses: masses, invalid: invalid, y: axes.y, label: "recast not valid (docs/recast-validity.md)")
        }
        let date = ReproductionFigures.creationDate(inputs.map(\.search))
        return Figure(size: options.size, panels: [axes], title: "\(model.name): recast with b2recast", creationDate: date)
    }
}
