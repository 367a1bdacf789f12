import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables
import RealModule

/// One mass of a recast: the search's rate limit there and the new model's coupling limit.
public struct RecastPoint: Sendable, Hashable {
    /// GeV.
    public var mass: Double
    /// sigma x BF limit of the search at this mass, fb (the published limit, or the one implied by
    /// the reference coupling limit); NaN outside the reference.
    public var rateLimit: Double
    /// The coupling limit, or the reason there is none.
    public var coupling: Result<Double, RecastFailure>
    /// The expected rate limits and coupling limits (order `LimitBand.expectedBands`: -2 sigma,
    /// -1 sigma, median, +1 sigma, +2 sigma), where the reference has them.
    public var expectedRateLimits: [Double]? = nil
    public var expected: [Result<Double, RecastFailure>]? = nil
    /// The validity of the equal-rate recast at the observed coupling limit.
    public var validity: RecastValidity? = nil
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

/// A search's limit on the rate it measures, sigma x BF in fb, versus mass: a card table of
/// quantity `cross_section_limit`, observed and, where it has them, the expected median and bands.
public struct RateLimitCurve: Sendable {
    public var table: SearchCard.Table
    public let masses: [Double]
    public let observed: [Double]
    /// [band][mass] in the order of `LimitBand.expectedBands`; nil unless all five are there.
    public let expected: [[Double]]?

    /// The card's first cross-section limit table over one mass, if it has one.
    public init?(_ card: SearchCard) {
        guard let table = card.tables.first(where: { $0.quantity == .crossSectionLimit && !$0.isTwoMass }),
              let observed = table.column(.observed) else { return nil }
        self.table = table
        masses = table.data.independent[0].values
        self.observed = observed
        let bands = LimitBand.expectedBands.compactMap { table.column($0) }
        expected = bands.count == LimitBand.expectedBands.count ? bands : nil
    }

    /// The observed limit at `mass` (nil outside the table).
    public func observed(at mass: Double) -> Double? { LogLinear.value(masses, observed, at: mass) }

    /// The expected limits at `mass`, -2 sigma to +2 sigma.
    public func expected(at mass: Double) -> [Double]? {
        guard let expected else { return nil }
        let values = expected.compactMap { LogLinear.value(masses, $0, at: mass) }
        return values.count == expected.count ? values : nil
    }
}

/// Interpolation of a positive quantity tabulated on a mass grid: the table's value at a grid
/// mass; between two neighbouring grid masses, ln(value) linear in mass, so the result lies
/// between the two neighbours and no structure appears that the table does not have
/// (docs/tautau-likelihood.md, section 4). Nil outside the grid.
public enum LogLinear {
    public static func value(_ masses: [Double], _ values: [Double], at mass: Double) -> Double? {
        guard let first = masses.first, let last = masses.last, mass >= first, mass <= last else { return nil }
        // The first grid mass >= mass, by bisection.
        var low = 0, high = masses.count - 1
        while low < high {
            let middle = (low + high) / 2
            if masses[middle] < mass { low = middle + 1 } else { high = middle }
        }
        if masses[low] == mass || low == 0 { return values[low] }
        let a = values[low - 1], b = values[low]
        guard a > 0, b > 0 else { return .nan }
        let fraction = (mass - masses[low - 1]) / (masses[low] - masses[low - 1])
        return Double.exp(Double.log(a) + fraction * (Double.log(b) - Double.log(a)))
    }
}

extension SearchCard.ReferenceModel {
    /// The kit's model for this reference.
    public var recastModel: RecastModel {
        switch family {
        case .scalar: return couplings == "muonphilic" ? .muonphilicScalar : .leptophilicScalar
        case .alp: return .alp()
        case .darkHiggs, .lMuMinusLTau, .vector:
            return invisibleBranchingFraction.map { RecastModel.lMuMinusLTau(invisibleBranchingFraction: $0) } ?? .lMuMinusLTau
        }
    }
}

public enum SearchRecast {
    /// The card's coupling-limit table over one mass and its reference model, if it has one.
    public static func referenceLimit(_ card: SearchCard) -> (table: SearchCard.Table, model: RecastModel)? {
        guard let table = card.tables.first(where: { $0.quantity == .couplingLimit && !$0.isTwoMass }), let reference = table.referenceModel else {
            return nil
        }
        return (table, reference.recastModel)
    }

    /// The reference coupling limit at `mass` (log-linear between the table's masses); nil outside the table.
    static func referenceCoupling(_ table: HEPDataTable, at mass: Double) -> Double? {
        LogLinear.value(table.independent[0].values, table.dependent[0].values, at: mass)
    }

    /// The point at `mass` of a recast onto `model` from a sigma x BF limit (and its expected
    /// bands, when given): the couplings at which the model's rate in the card's signature, times
    /// `efficiencyRatio`, equals each limit, and the validity at the observed coupling.
    static func point(_ card: SearchCard, _ model: RecastModel, mass: Double, rateLimit: Double, expectedRateLimits: [Double]?,
                      crossSection: CrossSectionLookup, efficiencyRatio: ((Double) -> Double)?) throws -> RecastPoint {
        let ratio = efficiencyRatio?(mass) ?? 1
        let ceiling = model.solverCeiling(mass: mass)
        func solve(_ limit: Double) throws -> Result<Double, RecastFailure> {
            try LimitRecast.coupling(rateLimit: limit, maximumCoupling: ceiling) { g in
                ratio * (try model.model(mass: mass, coupling: g).signalRate(card.signature, sqrtS: card.sqrtS, crossSection: crossSection))
            }
        }
        var point = RecastPoint(mass: mass, rateLimit: rateLimit, coupling: try solve(rateLimit))
        if let expectedRateLimits {
            point.expectedRateLimits = expectedRateLimits
            point.expected = try expectedRateLimits.map(solve)
        }
        if case .success(let coupling) = point.coupling {
            point.validity = try RecastValidity(model.model(mass: mass, coupling: coupling), signature: card.signature, sqrtS: card.sqrtS)
        }
        return point
    }

    /// Recasts the card's limit onto `model` at `masses` (default: the reference table's masses).
    /// The reference is the card's sigma x BF limit table where it has one (observed and expected
    /// bands), otherwise its coupling-limit table turned into a rate limit through the reference
    /// model. Equal signal rate in the card's signature (`LimitRecast`), the new model's rate
    /// times `efficiencyRatio(mass)` = eff_new / eff_ref (1 when nil). A mass outside the reference
    /// gets the failure `outsideReference`; one below the table's `extrapolatedBelow`,
    /// `extrapolatedRegion` unless `useExtrapolation`. Returns nil when the card holds no limit to start from.
    public static func recast(_ card: SearchCard, onto model: RecastModel, masses: [Double]? = nil,
                              crossSection: CrossSectionLookup, efficiencyRatio: ((Double) -> Double)? = nil,
                              useExtrapolation: Bool = false) throws -> RecastResult? {
        // A limit over two masses (M_A', M_h'): docs/two-mass-tables.md 3.
        if PlaneRecast.table(card) != nil {
            return try PlaneRecast.recast(card, onto: model, masses: masses, crossSection: crossSection, efficiencyRatio: efficiencyRatio)
        }
        let curve = RateLimitCurve(card)
        let reference = curve == nil ? referenceLimit(card) : nil
        guard let table = curve?.table ?? reference?.table else { return nil }
        var points: [RecastPoint] = []
        for mass in masses ?? table.data.independent[0].values {
            if !useExtrapolation, let below = table.extrapolatedBelow, mass < below {
                points.append(RecastPoint(mass: mass, rateLimit: .nan, coupling: .failure(RecastFailure(.extrapolatedRegion))))
                continue
            }
            let rateLimit: Double?
            if let curve {
                rateLimit = curve.observed(at: mass)
            } else if let reference, let coupling = referenceCoupling(reference.table.data, at: mass) {
                rateLimit = try reference.model.model(mass: mass, coupling: coupling)
                    .signalRate(card.signature, sqrtS: card.sqrtS, crossSection: crossSection)
            } else {
                rateLimit = nil
            }
            guard let rateLimit, rateLimit > 0 else {
                points.append(RecastPoint(mass: mass, rateLimit: .nan, coupling: .failure(RecastFailure(.outsideReference))))
                continue
            }
            let expected = curve?.expected(at: mass).flatMap { limits in limits.allSatisfy { $0 > 0 } ? limits : nil }
            points.append(try point(card, model, mass: mass, rateLimit: rateLimit, expectedRateLimits: expected,
                                    crossSection: crossSection, efficiencyRatio: efficiencyRatio))
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
        { [self] lepton, boson, mass in try value(lepton: lepton, boson: boson, mass: mass) }
    }

    public func value(lepton: Lepton, boson: RadiatedBoson, mass: Double) throws -> Double {
        let key = "\(lepton.rawValue)/\(boson.rawValue)/\(mass)"
        if let known = lock.withLock({ memo[key] }) { return known }
        if lepton == .electron {
            // X from the beams: a deterministic quadrature, no seed.
            let result = try BeamEmissionCrossSection(boson: boson, bosonMass: mass, sqrtS: sqrtS).perUnitCoupling()
            lock.withLock { memo[key] = result }
            return result
        }
        // At or above the l+ l- X threshold the process is closed: no cross section (and no
        // Monte Carlo, whose phase space needs sqrt(s) > 2 m_l + M).
        guard mass > 0, 2 * lepton.mass + mass < sqrtS else { return 0 }
        var pointSettings = settings
        // A seed from the mass's bits: independent of the order of requests.
        pointSettings.seed = settings.seed ^ mass.bitPattern
        let result = RadiativeCrossSection(lepton: lepton, boson: boson, bosonMass: mass, sqrtS: sqrtS, settings: pointSettings).estimate.value
        lock.withLock { memo[key] = result }
        return result
    }
}
