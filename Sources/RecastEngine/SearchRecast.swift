import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables
import RealModule

/// One mass of a recast: the search's rate limit there and the new model's coupling limit.
public struct RecastPoint: Sendable, Hashable {
    /// GeV.
    public var mass: Double
    /// sigma x BF limit of the search at this mass, fb (derived from the reference limit).
    public var rateLimit: Double
    /// The coupling limit, or the reason there is none.
    public var coupling: Result<Double, RecastFailure>
}

/// A search's published limit carried to a new model.
public struct RecastResult: Sendable {
    public var searchID: String
    public var model: RecastModel
    /// The card table the limit comes from, and that table's provenance (the recast itself is derived).
    public var referenceTable: String
    public var referenceProvenance: Provenance
    public var referenceStatement: String
    public var points: [RecastPoint]
}

public enum SearchRecast {
    /// The card's coupling-limit table and its reference model, if it has one.
    public static func referenceLimit(_ card: SearchCard) -> (table: SearchCard.Table, model: RecastModel)? {
        guard let table = card.tables.first(where: { $0.quantity == .couplingLimit }), let reference = table.referenceModel else {
            return nil
        }
        let model = reference.invisibleBranchingFraction.map { RecastModel.lMuMinusLTau(invisibleBranchingFraction: $0) }
            ?? RecastModel.lMuMinusLTau
        return (table, model)
    }

    /// The reference coupling limit at `mass`: the table's value at a tabulated mass, otherwise ln g
    /// interpolated linearly in mass; nil outside the table.
    static func referenceCoupling(_ table: HEPDataTable, at mass: Double) -> Double? {
        let masses = table.independent[0].values, couplings = table.dependent[0].values
        guard let first = masses.first, let last = masses.last, mass >= first, mass <= last else { return nil }
        guard let upper = masses.firstIndex(where: { $0 >= mass }) else { return nil }
        if masses[upper] == mass { return couplings[upper] }
        let fraction = (mass - masses[upper - 1]) / (masses[upper] - masses[upper - 1])
        return Double.exp(Double.log(couplings[upper - 1]) + fraction * (Double.log(couplings[upper]) - Double.log(couplings[upper - 1])))
    }

    /// Recasts the card's coupling limit onto `model` at `masses` (default: the table's own masses).
    /// Equal signal rate in the card's signature (`LimitRecast`), the new model's rate times
    /// `efficiencyRatio(mass)` = eff_new / eff_ref (1 when nil); masses outside the table are
    /// skipped. Returns nil when the card holds no coupling limit to start from.
    public static func recast(_ card: SearchCard, onto model: RecastModel, masses: [Double]? = nil,
                              crossSection: CrossSectionLookup, efficiencyRatio: ((Double) -> Double)? = nil) throws -> RecastResult? {
        guard let (table, reference) = referenceLimit(card) else { return nil }
        var points: [RecastPoint] = []
        for mass in masses ?? table.data.independent[0].values {
            guard let referenceCoupling = referenceCoupling(table.data, at: mass) else { continue }
            let rateLimit = try reference.model(mass: mass, coupling: referenceCoupling)
                .signalRate(card.signature, sqrtS: card.sqrtS, crossSection: crossSection)
            guard rateLimit > 0 else { continue }
            let ratio = efficiencyRatio?(mass) ?? 1
            let coupling = try LimitRecast.coupling(rateLimit: rateLimit) { g in
                ratio * (try model.model(mass: mass, coupling: g).signalRate(card.signature, sqrtS: card.sqrtS, crossSection: crossSection))
            }
            points.append(RecastPoint(mass: mass, rateLimit: rateLimit, coupling: coupling))
        }
        return RecastResult(searchID: card.id, model: model, referenceTable: table.name, referenceProvenance: table.provenance,
                            referenceStatement: table.referenceModel?.statement ?? "", points: points)
    }
}

/// Cross sections per unit coupling from fresh Monte Carlo integrations, memoised per (lepton,
/// boson, mass) and seeded from the mass, so the same request gives the same number in any order.
public final class MonteCarloCrossSections: @unchecked Sendable {
    private var memo: [String: Double] = [:]
    private let settings: MonteCarloSettings
    private let sqrtS: Double
    // Access is serialised by `lock`; the class is shared by closures that may run concurrently.
    private let lock = NSLock()

    public init(settings: MonteCarloSettings = MonteCarloSettings(), sqrtS: Double = PhysicalConstants.upsilon4SEnergy) {
        self.settings = settings
        self.sqrtS = sqrtS
    }

    public var lookup: CrossSectionLookup {
        { [self] lepton, boson, mass in value(lepton: lepton, boson: boson, mass: mass) }
    }

    public func value(lepton: Lepton, boson: RadiatedBoson, mass: Double) -> Double {
        let key = "\(lepton.rawValue)/\(boson.rawValue)/\(mass)"
        if let known = lock.withLock({ memo[key] }) { return known }
        var pointSettings = settings
        // A seed from the mass's bits: independent of the order of requests.
        pointSettings.seed = settings.seed ^ mass.bitPattern
        let result = RadiativeCrossSection(lepton: lepton, boson: boson, bosonMass: mass, sqrtS: sqrtS, settings: pointSettings).estimate.value
        lock.withLock { memo[key] = result }
        return result
    }
}
