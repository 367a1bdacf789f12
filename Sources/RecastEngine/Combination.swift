import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables

/// The L_mu - L_tau Z' seen by both of its Belle II signatures: Z' -> invisible (the 2018 limit,
/// recast) and Z' -> tau+ tau- (the tau-tau resonance search), as BF(Z' -> invisible) varies with
/// the dark sector.
///
/// What the kit can combine honestly: neither search's likelihood is at hand, and the tau-tau
/// search's limit versus mass is not either, only the range of its sigma x BF limits (abstract,
/// 0.7-24 fb). So the combination is the union of the exclusions, the smaller of the two coupling
/// limits at each mass (no statistical combination, which would need both likelihoods), and the
/// tau-tau side is a bracket: its coupling at the low end of the published range (the most the
/// search can exclude) and at the high end (the least).
public enum Combination {
    public struct Point: Sendable, Hashable {
        public var mass: Double
        /// BF(Z' -> invisible) and BF(Z' -> tau tau) at the invisible-search limit (or at g' = 0.01
        /// where that limit is not defined); both are independent of g' when g_chi scales with g'.
        public var invisibleFraction, tauFraction: Double
        /// g' limits: the invisible search (recast), the tau-tau search at the low and high ends of
        /// its published sigma x BF range; nan where a search does not reach.
        public var invisible, tauTauStrongest, tauTauWeakest: Double
        /// The union of the exclusions: the smaller g' of the two searches, with the tau-tau
        /// limit at the strongest and at the weakest end of its range.
        public var combinedStrongest: Double { Self.smaller(invisible, tauTauStrongest) }
        public var combinedWeakest: Double { Self.smaller(invisible, tauTauWeakest) }

        static func smaller(_ a: Double, _ b: Double) -> Double {
            a.isNaN ? b : (b.isNaN ? a : Swift.min(a, b))
        }
    }

    /// The combination for `model` on `masses` (GeV). The invisible side needs `invisibleCard`'s
    /// coupling-limit table (the 2018 search); the tau-tau side the abstract's sigma x BF range of
    /// `tauTauCard`, applied within the card's mass range.
    public static func lMuMinusLTau(model: RecastModel, invisibleCard: SearchCard, tauTauCard: SearchCard, masses: [Double],
                                    crossSection: CrossSectionLookup) throws -> [Point] {
        guard let range = tauTauCard.abstractValues.first(where: { $0.units == "fb" }) else {
            throw InputFileError(file: "\(tauTauCard.id)/card.yaml", field: "abstract_values", expected: "the sigma x BF limit range in fb")
        }
        let reach = tauTauCard.massRanges.first.map { $0.low ... $0.high }
        let invisible = try SearchRecast.recast(invisibleCard, onto: model, masses: masses, crossSection: crossSection)?.points ?? []
        return try masses.map { mass in
            let invisibleLimit = invisible.first { $0.mass == mass }.flatMap { try? $0.coupling.get() } ?? .nan
            let table = try model.model(mass: mass, coupling: invisibleLimit.isNaN ? 0.01 : invisibleLimit).decayTable()
            func tauTau(_ rate: Double) throws -> Double {
                guard reach?.contains(mass) ?? false else { return .nan }
                let coupling = try LimitRecast.coupling(rateLimit: rate) { g in
                    try model.model(mass: mass, coupling: g).signalRate(tauTauCard.signature, sqrtS: tauTauCard.sqrtS, crossSection: crossSection)
                }
                return (try? coupling.get()) ?? .nan
            }
            return Point(mass: mass, invisibleFraction: table.invisibleBranchingFraction,
                         tauFraction: table.branchingFraction(.taus),
                         invisible: invisibleLimit, tauTauStrongest: try tauTau(range.low), tauTauWeakest: try tauTau(range.high))
        }
    }
}
