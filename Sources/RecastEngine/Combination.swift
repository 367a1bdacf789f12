import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables

/// The L_mu - L_tau Z' seen by both of its Belle II signatures: Z' -> invisible (the 2018 limit,
/// recast) and Z' -> tau+ tau- (the tau-tau resonance search's per-mass sigma x BF limit, recast),
/// as BF(Z' -> invisible) varies with the dark sector.
///
/// What the kit can combine honestly: the 2018 likelihood is not at hand, so the combination is
/// the union of the exclusions, the smaller of the two coupling limits at each mass where both
/// searches have one (no statistical combination, which would need both likelihoods).
public enum Combination {
    public struct Point: Sendable, Hashable {
        public var mass: Double
        /// BF(Z' -> invisible) and BF(Z' -> tau tau) at the invisible-search limit (or at g' = 0.01
        /// where that limit is not defined); both are independent of g' when g_chi scales with g'.
        public var invisibleFraction, tauFraction: Double
        /// Observed g' limits of the invisible search and of the tau-tau search, recast; NaN where a
        /// search has no limit.
        public var invisible, tauTau: Double
        /// The union of the exclusions where both searches have a limit, NaN elsewhere.
        public var combined: Double {
            invisible.isNaN || tauTau.isNaN ? .nan : Swift.min(invisible, tauTau)
        }
    }

    /// The combination for `model` on `masses` (GeV): each card's limit recast at equal rate
    /// (`SearchRecast`); the tau-tau card needs its per-mass sigma x BF limit table.
    public static func lMuMinusLTau(model: RecastModel, invisibleCard: SearchCard, tauTauCard: SearchCard, masses: [Double],
                                    crossSection: CrossSectionLookup) throws -> [Point] {
        guard RateLimitCurve(tauTauCard) != nil else {
            throw InputFileError(file: "\(tauTauCard.id)/card.yaml", field: "tables", expected: "a cross_section_limit table (the per-mass sigma x BF limit)")
        }
        func limits(_ card: SearchCard) throws -> [Double] {
            let points = try SearchRecast.recast(card, onto: model, masses: masses, crossSection: crossSection)?.points ?? []
            return masses.indices.map { index in index < points.count ? (try? points[index].coupling.get()) ?? .nan : .nan }
        }
        let invisible = try limits(invisibleCard), tauTau = try limits(tauTauCard)
        return try masses.indices.map { index in
            let mass = masses[index]
            let table = try model.model(mass: mass, coupling: invisible[index].isNaN ? 0.01 : invisible[index]).decayTable()
            return Point(mass: mass, invisibleFraction: table.invisibleBranchingFraction, tauFraction: table.branchingFraction(.taus),
                         invisible: invisible[index], tauTau: tauTau[index])
        }
    }
}
