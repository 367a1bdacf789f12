import Foundation
import Testing
@testable import LimitStatistics

/// Issue 17: the several-bin Bayesian limit in closed form (a polynomial times an exponential in
/// mu per prior point) agrees with the Gauss-Legendre quadrature it replaces for small counts,
/// to the limits' stated relative tolerance of 1e-6 (`LimitOptions.relativeTolerance`).
@Suite struct BayesianClosedFormTests {
    /// The README's two-bin example: 5 % correlated signal, 20 % and 30 % uncorrelated lognormal
    /// background uncertainties; and the same bins with other counts, as the expected band sees.
    @Test(arguments: [[2.0, 4.0], [0, 0], [0, 3], [7, 1], [12, 18]])
    func closedFormMatchesQuadrature(counts: [Double]) throws {
        let model = try CountingModel(observed: counts, samples: [
            Sample(name: "signal", yields: [1, 2], isSignal: true,
                   modifiers: [Modifier(parameter: 0, response: .linear(up: 1.05, down: 0.95))]),
            Sample(name: "background", yields: [0.5, 1.5], isSignal: false, modifiers: [
                Modifier(parameter: 1, bin: 0, response: .exponential(up: 1.2, down: 1 / 1.2)),
                Modifier(parameter: 2, bin: 1, response: .exponential(up: 1.3, down: 1 / 1.3)),
            ]),
        ], parameters: (0..<3).map {
            NuisanceParameter(name: "theta\($0)", initial: 0, lowerBound: -7, upperBound: 7, constraint: .normal(auxiliary: 0, width: 1))
        })
        let yields = MarginalisedYields(model: model, prior: try PriorIntegration(model: model, method: "bayes"))
        let closed = try #require(try BayesianLimit.multiBinClosedForm(counts: counts, yields: yields, level: 0.9, tolerance: 1e-10))
        let quadrature = try BayesianLimit.multiBinQuadrature(counts: counts, yields: yields, level: 0.9, tolerance: 1e-10)
        #expect(abs(closed - quadrature) < 1e-6 * quadrature, "closed form \(closed), quadrature \(quadrature)")
    }

    /// Beyond 30 events in all, or with fractional counts, the quadrature is used.
    @Test func closedFormStepsAsideForLargeOrFractionalCounts() throws {
        let model = try CountingModel(observed: [20, 20], samples: [
            Sample(name: "signal", yields: [1, 1], isSignal: true), Sample(name: "background", yields: [10, 10], isSignal: false),
        ], parameters: [])
        let yields = MarginalisedYields(model: model, prior: try PriorIntegration(model: model, method: "bayes"))
        #expect(try BayesianLimit.multiBinClosedForm(counts: [20, 20], yields: yields, level: 0.9, tolerance: 1e-6) == nil)
        #expect(try BayesianLimit.multiBinClosedForm(counts: [1.5, 2], yields: yields, level: 0.9, tolerance: 1e-6) == nil)
    }
}
