import Foundation
import LimitStatistics
import RecastEngine
import Testing

/// Luminosity projections (issue 7): the limits of a counting window at scaled luminosity follow
/// the textbook regimes, and the scaling of published limits is L/L' or sqrt(L/L').
@Suite struct ProjectionTests {
    /// One window: signal yield L x eff (mu = sigma x BF in fb), background b with a relative
    /// normsys of `systematic` on it.
    static func window(background: Double, systematic: Double) throws -> CountingModel {
        let modifiers = systematic > 0 ? [Modifier(parameter: 0, response: .polynomialExponential(up: 1 + systematic, down: 1 - systematic))] : []
        return try CountingModel(observed: [background], samples: [
            Sample(name: "signal", yields: [10 * 0.2], isSignal: true),
            Sample(name: "background", yields: [background], isSignal: false, modifiers: modifiers),
        ], parameters: systematic > 0 ? [NuisanceParameter(name: "bkg", initial: 0, lowerBound: -5, upperBound: 5,
                                                           constraint: .normal(auxiliary: 0, width: 1))] : [])
    }

    static func expected(_ model: CountingModel) throws -> Double {
        try #require(try LimitCalculator.upperLimit(model, method: .clsAsymptotic).expected?.median)
    }

    /// Without background the sigma x BF limit falls as 1/L (exactly: the limit on the yield does
    /// not change); with a large background and no systematics as 1/sqrt(L) (asymptotic formulae:
    /// s_UL ∝ sqrt(b) up to terms of relative order s_UL/b, 1.6e-2 at b = 10^4, hence 1 %); a held
    /// 10 % background systematic flattens it (the limit on s/b is then set by the systematic);
    /// scaled systematics restore 1/sqrt(L), to 5 % (s_UL ∝ sqrt(b + (delta b)^2) holds for a
    /// linear response; the normsys is exponential).
    @Test func windowLimitsFollowTheRegimes() throws {
        let scale = 100.0
        let free = try Self.window(background: 0, systematic: 0)
        #expect(abs(try Self.expected(Projection.project(free, scale: scale, systematics: .hold)) / Self.expected(free) - 1 / scale) < 1e-6)

        let dominated = try Self.window(background: 10_000, systematic: 0)
        let statisticsOnly = try Self.expected(Projection.project(dominated, scale: scale, systematics: .hold)) / Self.expected(dominated)
        #expect(abs(statisticsOnly * scale.squareRoot() - 1) < 1e-2)

        let systematic = try Self.window(background: 10_000, systematic: 0.1)
        let held = try Self.expected(Projection.project(systematic, scale: scale, systematics: .hold)) / Self.expected(systematic)
        let scaled = try Self.expected(Projection.project(systematic, scale: scale, systematics: .scale)) / Self.expected(systematic)
        #expect(held > 0.5, "a held 10 % systematic on 10^4 events must dominate: the limit hardly improves")
        #expect(abs(scaled * scale.squareRoot() - 1) < 0.05)
    }

    /// The projected model's observed count is the scaled background and its yields are scaled.
    @Test func projectedModelScalesYields() throws {
        let model = try Self.window(background: 40, systematic: 0.2)
        let projected = try Projection.project(model, scale: 5, systematics: .scale)
        #expect(projected.observed == [200])
        #expect(projected.samples.map { $0.yields[0] } == [10, 200])
        guard case let .polynomialExponential(up, down) = projected.samples[1].modifiers[0].response else {
            Issue.record("the background modifier must stay a normsys"); return
        }
        #expect(abs(up - (1 + 0.2 / 5.0.squareRoot())) < 1e-12 && abs(down - (1 - 0.2 / 5.0.squareRoot())) < 1e-12)
    }

    /// Published limits scale by L/L' (background free) and sqrt(L/L') (background dominated), to the
    /// power 1/2 for a coupling: g' = 3e-3 at 79.7 fb^-1 (abstract) becomes 3e-3 (79.7/50000)^(1/2)
    /// = 1.1978e-4 and 3e-3 (79.7/50000)^(1/4) = 5.9944e-4 at 50 ab^-1 (hand calculation).
    @Test func publishedLimitsScale() throws {
        let anchor = Projection.Anchor(quantity: "g' upper limit", limit: 3e-3, units: "", exponent: 0.5, luminosity: 79.7, source: "test")
        let reach = Projection.reach(anchor, at: 50_000)
        #expect(abs(reach.backgroundFree / 1.1978e-4 - 1) < 1e-4)
        #expect(abs(reach.backgroundDominated / 5.9944e-4 - 1) < 1e-4)
        #expect(Projection.parseLuminosity("50ab-1") == 50_000)
        #expect(Projection.parseLuminosity("424 fb^-1") == 424)
        #expect(Projection.parseLuminosity("276pb-1") == 0.276)
        #expect(Projection.parseLuminosity("8.34") == 8.34)
        for bad in ["", "-3fb-1", "5zb-1", "abc", "0ab-1", "nanfb-1"] { #expect(Projection.parseLuminosity(bad) == nil, "\(bad)") }
    }
}
