import Testing
@testable import LimitStatistics
import NumericalMethods

/// Single-bin counting limits against the check values of docs/physics.md
/// section 6.6 (verified there with python3/scipy, quoted to 4-5 significant digits).
@Suite struct CountingLimitTests {
    static let noExpected = LimitOptions(computeExpected: false)

    /// docs/statistics.md 6.6 table, columns "CLs 90%" and "Bayes flat 90%": they are equal without
    /// systematics (Helene's identity). Tolerance: 1e-4 absolute (the table's last digit).
    @Test(arguments: [
        (0.0, 0.0, 2.3026), (0.0, 3.0, 2.3026), (1.0, 0.0, 3.8897), (3.0, 0.0, 6.6808),
        (3.0, 1.0, 5.7115), (5.0, 2.5, 6.8545), (10.0, 10.0, 6.6302),
    ])
    func clsAndBayesWithoutSystematics(n: Double, b: Double, reference: Double) throws {
        let model = try CountingModel.singleBin(observed: n, background: b)
        let cls = try LimitCalculator.upperLimit(model, method: .cls, options: Self.noExpected).observed
        let bayes = try LimitCalculator.upperLimit(model, method: .bayes, options: Self.noExpected).observed
        #expect(abs(cls - reference) < 1e-4, "CLs \(cls) vs docs/physics.md \(reference)")
        #expect(abs(bayes - reference) < 1e-4, "Bayes \(bayes) vs docs/physics.md \(reference)")
        #expect(abs(cls - bayes) < 1e-6 * reference, "Helene's identity: CLs \(cls) vs Bayes \(bayes)")
    }

    /// docs/statistics.md 6.6: 95 % CLs, n = 0 -> 2.9957; n = 3, b = 1 -> 6.7824.
    @Test(arguments: [(0.0, 0.0, 2.9957), (3.0, 1.0, 6.7824)])
    func cls95(n: Double, b: Double, reference: Double) throws {
        let model = try CountingModel.singleBin(observed: n, background: b)
        var options = Self.noExpected
        options.confidenceLevel = 0.95
        let value = try LimitCalculator.upperLimit(model, method: .cls, options: options).observed
        #expect(abs(value - reference) < 1e-4, "95% CLs \(value) vs docs/physics.md \(reference)")
    }

    /// n = 0: CLs = e^-s, so s_UL = ln 10 for any b (docs/statistics.md 6.1), to 1e-9 relative.
    @Test func zeroCountIsLnTen() throws {
        var options = Self.noExpected
        options.relativeTolerance = 1e-12
        for b in [0.0, 0.5, 7.0, 120.0] {
            let model = try CountingModel.singleBin(observed: 0, background: b)
            let value = try LimitCalculator.upperLimit(model, method: .cls, options: options).observed
            #expect(abs(value - 2.302585092994046) < 1e-9 * 2.3, "b = \(b): \(value)")
        }
    }

    /// docs/statistics.md 6.6 "With systematics (n = 3, b = 1.0)", quoted to 3 significant digits
    /// (tolerance 0.006 absolute).
    @Test func systematicsCheckValues() throws {
        let gaussianBoth = try CountingModel.singleBin(observed: 3, background: 1, backgroundUncertainty: 0.3,
                                                       signalUncertainty: 0.1, shape: .gaussian)
        let bayesBoth = try LimitCalculator.upperLimit(gaussianBoth, method: .bayes, options: Self.noExpected).observed
        #expect(abs(bayesBoth - 5.90) < 0.006, "Bayes b = 1 +- 0.3, eff +- 10 %: \(bayesBoth) vs 5.90")

        let hybrid = try LimitCalculator.upperLimit(gaussianBoth, method: .cls, options: Self.noExpected).observed
        #expect(abs(hybrid - 5.84) < 0.006, "hybrid CLs: \(hybrid) vs 5.84")

        let logNormal = try CountingModel.singleBin(observed: 3, background: 1, signalUncertainty: 0.1, shape: .logNormal)
        let bayesLogNormal = try LimitCalculator.upperLimit(logNormal, method: .bayes, options: Self.noExpected).observed
        #expect(abs(bayesLogNormal - 5.82) < 0.006, "Bayes, log-normal kappa = 1.1: \(bayesLogNormal) vs 5.82")

        let zero = try CountingModel.singleBin(observed: 0, background: 0, signalUncertainty: 0.2, shape: .gaussian)
        let bayesZero = try LimitCalculator.upperLimit(zero, method: .bayes, options: Self.noExpected).observed
        #expect(abs(bayesZero - 2.55) < 0.006, "Bayes n = 0, b = 0, eff +- 20 %: \(bayesZero) vs 2.55")
    }

    /// Feldman-Cousins intervals, docs/statistics.md 6.6 (FC Table IV entries and the plain construction),
    /// quoted to 2-3 digits: tolerance 0.006 absolute plus the 0.001 grid step.
    @Test(arguments: [
        (0, 0.0, 0.0, 2.44), (3, 0.0, 1.10, 7.42), (3, 1.0, 0.105, 6.42), (5, 2.5, 0.0, 7.49),
        (6, 3.0, 0.15, 8.47), (10, 0.5, 5.00, 16.00),
    ])
    func feldmanCousins(n: Int, b: Double, lower: Double, upper: Double) throws {
        let interval = try FeldmanCousins.interval(observed: n, background: b, level: 0.9)
        #expect(abs(interval.lower - lower) < 0.007, "n = \(n), b = \(b): lower \(interval.lower) vs \(lower)")
        #expect(abs(interval.upper - upper) < 0.007, "n = \(n), b = \(b): upper \(interval.upper) vs \(upper)")
    }

    /// The expected band of a counting method is the limit at the background-only quantiles of n:
    /// for b = 3 without systematics the Phi(N) quantiles of Pois(3) are n = 0, 1, 3, 5, 7
    /// (scipy.stats.poisson.ppf([0.0228, 0.1587, 0.5, 0.8413, 0.9772], 3)).
    @Test func countingExpectedBand() throws {
        let model = try CountingModel.singleBin(observed: 2, background: 3)
        let band = try LimitCalculator.upperLimit(model, method: .cls).expected!
        for (edge, n) in zip(band.ordered, [0.0, 1, 3, 5, 7]) {
            let direct = try LimitCalculator.upperLimit(model.with(observed: [n]), method: .cls, options: Self.noExpected).observed
            #expect(abs(edge - direct) < 1e-9, "band edge \(edge) vs limit at n = \(n): \(direct)")
        }
        #expect(band.minus2 <= band.minus1 && band.minus1 <= band.median && band.median <= band.plus1 && band.plus1 <= band.plus2)
    }

    /// Degenerate inputs: no signal (eps = 0) gives an infinite limit for every method.
    @Test(arguments: LimitMethod.allCases)
    func zeroEfficiencyIsInfinite(method: LimitMethod) throws {
        let model = try CountingModel.singleBin(observed: 2, signal: 0, background: 1)
        let limit = try LimitCalculator.upperLimit(model, method: method)
        #expect(limit.observed == .infinity)
        #expect(limit.expected == .infinite)
    }

    /// n = 0 and b = 0 is finite and well defined for every method (no NaN at mu = 0).
    @Test(arguments: LimitMethod.allCases)
    func zeroCountsZeroBackground(method: LimitMethod) throws {
        let model = try CountingModel.singleBin(observed: 0, background: 0)
        var options = Self.noExpected
        options.toys = 500
        let limit = try LimitCalculator.upperLimit(model, method: method, options: options)
        #expect(limit.observed.isFinite && limit.observed > 1 && limit.observed < 3, "\(method): \(limit.observed)")
    }

    /// The limit is in units of the signal yield: doubling the yield halves the limit on mu.
    @Test(arguments: [LimitMethod.cls, .bayes, .clsAsymptotic, .feldmanCousins])
    func signalYieldScaling(method: LimitMethod) throws {
        let unit = try CountingModel.singleBin(observed: 4, signal: 1, background: 2)
        let doubled = try CountingModel.singleBin(observed: 4, signal: 2, background: 2)
        let a = try LimitCalculator.upperLimit(unit, method: method, options: Self.noExpected).observed
        let b = try LimitCalculator.upperLimit(doubled, method: method, options: Self.noExpected).observed
        #expect(abs(a - 2 * b) < 2e-3 * a, "\(method): \(a) vs 2 x \(b)")
    }

    /// Feldman-Cousins refuses what it does not implement, saying why.
    @Test func feldmanCousinsRefusesSystematics() throws {
        let model = try CountingModel.singleBin(observed: 3, background: 1, backgroundUncertainty: 0.2)
        #expect(throws: ModelError.self) { try LimitCalculator.upperLimit(model, method: .feldmanCousins) }
    }

    /// Punzi sensitivity, docs/physics.md 7: eps = 0.1, B = 25, L = 50 fb^-1 -> 5.0818 fb; B = 0 -> 0.61664 fb;
    /// FOM 0.1 / 6.5 = 0.015385. Tolerance 1e-4 relative (5 digits quoted).
    @Test func punzi() {
        let withBackground = Punzi.minimumCrossSection(efficiency: 0.1, background: 25, luminosity: 50)
        let noBackground = Punzi.minimumCrossSection(efficiency: 0.1, background: 0, luminosity: 50)
        #expect(abs(withBackground / 5.0818 - 1) < 1e-4, "\(withBackground)")
        #expect(abs(noBackground / 0.61664 - 1) < 1e-4, "\(noBackground)")
        #expect(abs(Punzi.figureOfMerit(efficiency: 0.1, background: 25) / 0.015385 - 1) < 1e-4)
        // The talk's printed form differs only in the constant: b^2/2 + b^2/2 = b^2 at B = 0.
        let slide = Punzi.minimumCrossSection(efficiency: 0.1, background: 0, luminosity: 50, form: .talkSlide)
        #expect(abs(slide - 1.28155 * 1.28155 / 5) < 1e-12)
        #expect(Punzi.minimumCrossSection(efficiency: 0, background: 1, luminosity: 50) == .infinity)
    }
}
