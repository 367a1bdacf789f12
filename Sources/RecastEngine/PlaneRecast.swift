import DarkSectorPhysics
import EventGeneration
import HEPDataTables

/// The recast of a sigma x BF limit published over two masses (docs/two-mass-tables.md 3): the
/// dark Higgsstrahlung limit over (M_A', M_h'). A model of the dark-higgs family fixes M_h' at
/// each M_A' (M_h' = ratio x M_A'); the limit at that pair is read from the table (`MassPlane`),
/// and the eps^2 alpha_D limit is where the model's rate, sigma(e+e- -> A'h') x BF(A' -> mu mu)
/// (`DarkHiggsModel.signalCrossSection`), equals it.
public enum PlaneRecast {
    /// The card's first cross-section limit table over two masses, if it has one.
    public static func table(_ card: SearchCard) -> SearchCard.Table? {
        card.tables.first { $0.quantity == .crossSectionLimit && $0.isTwoMass }
    }

    /// The second mass the model sets at `mass` (M_h' of a dark-higgs model); nil for a model
    /// without one.
    static func secondMass(_ model: RecastModel, at mass: Double) -> Double? {
        guard mass > 0, case .darkHiggs(let point) = model.model(mass: mass, coupling: 1) else { return nil }
        return point.darkHiggsMass
    }

    /// Recasts the card's two-mass cross-section limit onto `model` at `masses` (default: the
    /// table's distinct first masses), as `SearchRecast.recast` does for a limit over one mass:
    /// equal rate in the card's signature, the model's rate times `efficiencyRatio(mass)`. A pair
    /// outside the published points fails with `outsidePlane`; a model that sets no second mass
    /// (not dark-higgs) with `noRate`. Nil when the card has no such table. Throws the table's
    /// refusal, as an InputFileError naming the table, when its points do not lie on a grid.
    public static func recast(_ card: SearchCard, onto model: RecastModel, masses: [Double]? = nil,
                              crossSection: CrossSectionLookup, efficiencyRatio: ((Double) -> Double)? = nil) throws -> RecastResult? {
        guard let table = table(card) else { return nil }
        let observed: MassPlane, expected: [MassPlane]?
        do throws(MassPlane.Refusal) {
            guard let plane = try table.plane(.observed) else { return nil }
            observed = plane
            var bands: [MassPlane] = []
            for band in LimitBand.expectedBands {
                if let plane = try table.plane(band) { bands.append(plane) }
            }
            expected = bands.count == LimitBand.expectedBands.count ? bands : nil
        } catch {
            throw InputFileError(file: "paper-data/\(card.id)/\(table.file)", field: "independent_variables",
                                 expected: "points on a grid of the two masses to interpolate between (docs/two-mass-tables.md 2): \(error.reason)")
        }
        var points: [RecastPoint] = []
        for mass in masses ?? observed.xNodes {
            guard let second = secondMass(model, at: mass) else {
                points.append(RecastPoint(mass: mass, rateLimit: .nan, coupling: .failure(RecastFailure(.noRate))))
                continue
            }
            guard case .success(let rateLimit) = observed.value(x: mass, y: second) else {
                points.append(RecastPoint(mass: mass, rateLimit: .nan, coupling: .failure(RecastFailure(.outsidePlane))))
                continue
            }
            let limits = expected?.compactMap { try? $0.value(x: mass, y: second).get() }
            points.append(try SearchRecast.point(card, model, mass: mass, rateLimit: rateLimit,
                                                 expectedRateLimits: limits?.count == LimitBand.expectedBands.count ? limits : nil,
                                                 crossSection: crossSection, efficiencyRatio: efficiencyRatio))
        }
        return RecastResult(searchID: card.id, model: model, referenceTable: table.name, referenceProvenance: table.provenance,
                            referenceStatement: table.referenceModel?.statement ?? "", points: points)
    }
}
