import DarkSectorPhysics
import Foundation
import LimitStatistics
import RecastEngine
import Testing

/// The likelihood recast on a fixture card (Tests/Fixtures; made-up windows, no systematics, so the
/// yield limits are the closed-form values of docs/statistics.md 6.6).
@Suite struct LikelihoodRecastTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/paper-data/Fixture_Zp_invisible")
    static let constant: CrossSectionLookup = { _, _, _ in 1000 }

    @Test func yieldLimitsBecomeCouplings() throws {
        let card = try SearchCard.load(folder: Self.folder)
        #expect(LikelihoodRecast.publishedMethod(card) == .bayes)
        let points = try #require(try LikelihoodRecast.recast(card, onto: .lMuMinusLTau(invisibleBranchingFraction: 1), method: .bayes,
                                                              crossSection: Self.constant))
        // docs/statistics.md 6.6: Bayes flat 90 %, n = 0 (any b) -> 2.3026 events; n = 3, b = 1 -> 5.7115 events (5 digits).
        for (point, events) in zip(points.prefix(2), [2.3026, 5.7115]) {
            #expect(abs(point.yieldLimit.observed / events - 1) < 1e-4)
            // L eff sigma_1 g^2 BF = events with L = 10 fb^-1, eff = 0.2, sigma_1 = 1000 fb, BF = 1.
            let g = try point.observed.get()
            #expect(abs(10 * 0.2 * 1000 * g * g / point.yieldLimit.observed - 1) < 1e-8)
            // The band is ordered and maps monotonically onto couplings.
            let band = point.expected.compactMap { try? $0.get() }
            #expect(band.count == 5 && band == band.sorted())
        }
    }

    @Test func cardSystematicsLoosenTheLimit() throws {
        var card = try SearchCard.load(folder: Self.folder)
        let bare = try #require(try LikelihoodRecast.recast(card, onto: .lMuMinusLTau, method: .cls, crossSection: Self.constant))
        card.systematics = [SearchCard.SystematicEntry(source: "selection", percent: ["all": .init(low: 10, high: 20)], target: "signal", note: nil),
                            SearchCard.SystematicEntry(source: "Background shapes", percent: ["all": .init(low: 30, high: 30)], target: nil, note: nil),
                            SearchCard.SystematicEntry(source: "Total", percent: ["all": .init(low: 90, high: 90)], target: nil, note: nil)]
        // One nuisance per source (the range counts with its upper end; "Total" is skipped).
        let likelihood = try #require(try SearchLikelihood(card: card))
        #expect(likelihood.sources.map(\.parameter) == ["selection", "background_shapes"])
        #expect(likelihood.sources.map(\.size) == [0.2, 0.3])
        #expect(likelihood.sources.map(\.onSignal) == [true, false] && likelihood.sources.map(\.onBackground) == [false, true])
        let loose = try #require(try LikelihoodRecast.recast(card, onto: .lMuMinusLTau, method: .cls, crossSection: Self.constant))
        for (a, b) in zip(bare, loose) { #expect(try b.observed.get() > a.observed.get()) }
    }

    @Test func realCardsHaveNoWindowTables() throws {
        // The official per-window tables are not at hand for any search: the recast says so (nil).
        for card in try SearchCard.loadAll(paperData: SearchCardTests.paperData) {
            #expect(LikelihoodRecast.windows(card) == nil)
        }
    }
}
