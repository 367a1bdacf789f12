import Testing
@testable import LimitStatistics
import NumericalMethods

/// Multi-bin methods against independent calculations.
@Suite struct MultiBinTests {
    /// The numerical multi-bin Bayesian integration, run on one bin, against the closed-form
    /// single-bin path (incomplete gamma functions): two independent computations, agreement 1e-5.
    @Test(arguments: [(3.0, 1.0, 0.0, 0.0), (5.0, 2.5, 0.3, 0.1), (12.0, 9.0, 1.5, 0.2)])
    func bayesNumericalAgreesWithClosedForm(n: Double, b: Double, db: Double, eff: Double) throws {
        let model = try CountingModel.singleBin(observed: n, background: b, backgroundUncertainty: db, signalUncertainty: eff)
        let prior = try PriorIntegration(model: model, method: "test")
        let yields = MarginalisedYields(model: model, prior: prior)
        let closed = try BayesianLimit.singleBin(n: n, yields: yields, level: 0.9, tolerance: 1e-10)
        let numerical = try BayesianLimit.multiBin(counts: [n], yields: yields, level: 0.9, tolerance: 1e-10)
        #expect(abs(closed - numerical) < 1e-5 * closed, "closed form \(closed) vs numerical \(numerical)")
    }

    /// Two bins, of which one has no signal: every limit equals the one-bin limit of the other
    /// bin (the signal-free bin carries no information on mu when the background is known).
    @Test(arguments: [LimitMethod.bayes, .clsAsymptotic])
    func signalFreeBinIsIgnored(method: LimitMethod) throws {
        let two = try CountingModel(bins: [CountingBin(observed: 4, signal: 1.5, background: 2),
                                           CountingBin(observed: 7, signal: 0, background: 5)])
        let one = try CountingModel(bins: [CountingBin(observed: 4, signal: 1.5, background: 2)])
        let options = LimitOptions(computeExpected: false)
        let a = try LimitCalculator.upperLimit(two, method: method, options: options).observed
        let b = try LimitCalculator.upperLimit(one, method: method, options: options).observed
        #expect(abs(a - b) < 1e-5 * b, "\(method): two bins \(a) vs one bin \(b)")
    }

    /// Multi-bin hybrid CLs (LEP statistic with pseudo-experiments) on two identical-shape bins
    /// against the exact one-bin CLs of the merged bin: with s_i / b_i equal in both bins the LEP
    /// statistic is proportional to n_1 + n_2, so the two agree up to toy statistics
    /// (10^4 toys: about 2 % on CLs near 0.1, i.e. well under 2 % on the limit).
    @Test func hybridMultiBinAgreesWithMergedBin() throws {
        let split = try CountingModel(bins: [CountingBin(observed: 2, signal: 1, background: 1),
                                             CountingBin(observed: 1, signal: 1, background: 1)])
        let merged = try CountingModel(bins: [CountingBin(observed: 3, signal: 2, background: 2)])
        var options = LimitOptions(computeExpected: false)
        options.toys = 10_000
        let a = try LimitCalculator.upperLimit(split, method: .cls, options: options).observed
        let b = try LimitCalculator.upperLimit(merged, method: .cls, options: options).observed
        #expect(abs(a - b) < 0.02 * b, "split \(a) vs merged \(b)")
    }

    /// Toy CLs without nuisances in one bin: q~ orders outcomes like n below mu + b, so the
    /// toy CLs limit approaches the exact Read CLs limit (docs/statistics.md 6.6: n = 3, b = 1 -> 5.7115).
    /// 4000 toys: statistical precision about 2 % on CLs, i.e. about 1 % on the limit.
    @Test func toysApproachExactCLs() throws {
        let model = try CountingModel.singleBin(observed: 3, background: 1)
        var options = LimitOptions(computeExpected: false)
        options.toys = 4000
        let limit = try LimitCalculator.upperLimit(model, method: .clsToys, options: options)
        #expect(abs(limit.observed - 5.7115) < 0.03 * 5.7115, "toys \(limit.observed) vs exact 5.7115")
        // Reproducible: the same seed gives the same limit to the last bit.
        let again = try LimitCalculator.upperLimit(model, method: .clsToys, options: options)
        #expect(again.observed == limit.observed)
    }

    /// Toy CLs without nuisances at large counts against the exact Read CLs: docs/statistics.md 6.6,
    /// n = 110, b = 100 -> 25.71 (the asymptotic formulae give 25.19 there). 4000 toys;
    /// tolerance 1.5 % (toy statistics on CLs near 0.1 is about 1.5 %, on the limit less).
    @Test func toysMatchExactCLsAtLargeCounts() throws {
        let model = try CountingModel.singleBin(observed: 110, background: 100)
        var options = LimitOptions(computeExpected: false)
        options.toys = 4000
        let toys = try LimitCalculator.upperLimit(model, method: .clsToys, options: options).observed
        #expect(abs(toys / 25.71 - 1) < 0.015, "toys \(toys) vs exact 25.71")
    }

    /// Correlated and uncorrelated systematics build the expected parameters.
    @Test func systematicsLayout() throws {
        let bins = [CountingBin(observed: 1, signal: 1, background: 1), CountingBin(observed: 2, signal: 1, background: 2)]
        let model = try CountingModel(bins: bins, systematics: [
            Systematic(name: "lumi", target: .all, relative: [0.01]),
            Systematic(name: "bkg_shape", target: .background, relative: [0.1, 0.2], shape: .logNormal, correlated: false),
        ])
        #expect(model.parameters.map(\.name) == ["lumi", "bkg_shape[0]", "bkg_shape[1]"])
        #expect(model.samples[0].modifiers.count == 1 && model.samples[1].modifiers.count == 3)
        #expect(throws: ModelError.self) {
            try CountingModel(bins: bins, systematics: [Systematic(name: "x", target: .signal, relative: [0.1, 0.2, 0.3])])
        }
    }
}
