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

    public static func make(model: ModelCard, inputs: [Input], size: FigureSize = .singleColumn) throws -> Figure {
        let style = PlotStyle.current
        var axes = Axes(x: .linear(lower: 0, upper: 1), y: .log(lower: 1, upper: 10), xLabel: "$M$ [GeV]",
                        yLabel: ReproductionFigures.couplingLabel(model.model.couplingName), legend: .lowerRight,
                        caption: [MathText(model.name.replacingDollars()), "Belle II data, recast with b2recast"])
        var allMasses: [Double] = [], allCouplings: [Double] = []
        var colourIndex = 0
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
                                      label: MathText("\(input.search.id): observed (likelihood)"))))
                allMasses += masses
                allCouplings += observed + edges[0] + edges[4]
            }
            guard let recast = input.recast else { continue }
            // Masses with a limit only (the others carry their reason in `recast`'s output).
            let limited = recast.points.filter { (try? $0.coupling.get()) != nil }
            guard !limited.isEmpty else { continue }
            let masses = limited.map(\.mass)
            let couplings = limited.map { (try? $0.coupling.get()) ?? .nan }
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
                let data = reference.data
                axes.add(.curve(Curve(xs: data.independent[0].values, ys: data.dependent[0].values,
                                      style: LineStyle(width: 0.9, dash: [1.5, 1.5], colour: Colour(hex: 0x555555)),
                                      label: MathText("\(input.search.id): published reference (\(recast.referenceProvenance.rawValue))"))))
            }
            axes.add(.exclusion(Exclusion(xs: masses, ys: couplings, fill: ReproductionFigures.colour(colourIndex).withAlpha(0.1),
                                          edge: LineStyle(width: style.curveWidth, colour: ReproductionFigures.colour(colourIndex)),
                                          label: MathText("\(input.search.id) (\(recast.referenceProvenance.rawValue) limit, recast)"))))
            colourIndex += 1
            allMasses += masses
            allCouplings += couplings
        }
        let finite = allCouplings.filter { $0.isFinite && $0 > 0 }
        guard let low = allMasses.min(), let high = allMasses.max(), !finite.isEmpty else {
            throw PlotError("\(model.name): no search gives a limit on this model, so there is nothing to plot (see `b2recast recast`)")
        }
        let span = max(high - low, 0.5)
        axes.x = .linear(lower: max(0, low - 0.05 * span), upper: high + 0.05 * span)
        axes.y = ReproductionFigures.logRange(finite, marginDecades: 0.6)
        let date = ReproductionFigures.creationDate(inputs.map(\.search))
        return Figure(size: size, panels: [axes], title: "\(model.name): recast with b2recast", creationDate: date)
    }
}
