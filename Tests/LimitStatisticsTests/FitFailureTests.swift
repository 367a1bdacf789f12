import Foundation
import Testing
@testable import LimitStatistics

/// Issue 17: a fit that does not converge is an error naming the fit and the point, never a
/// test statistic (and so never a limit); only rounding-sized negative q is clamped to 0.
@Suite struct FitFailureTests {
    /// One bin, 5 observed over 2 expected background with a 20 % Gaussian background
    /// uncertainty: an ordinary model whose fits converge in a few Newton steps.
    static func model() throws -> CountingModel {
        try CountingModel.singleBin(observed: 5, signal: 1, background: 2, backgroundUncertainty: 0.4,
                                    signalUncertainty: 0, shape: .gaussian)
    }

    @Test func fitStoppedBeforeConvergenceThrowsWithThePoint() throws {
        let likelihood = Likelihood(model: try Self.model())
        let start = likelihood.initialParameters(mu: 0)
        #expect(throws: Never.self) { try likelihood.fit(from: start, floatSignalStrength: true, description: "global fit") }
        do {
            _ = try likelihood.fit(from: start, floatSignalStrength: true, description: "global fit", maxIterations: 1)
            Issue.record("a fit stopped after one iteration must throw")
        } catch let LimitStatisticsError.fitFailed(failure) {
            #expect(failure.fit == "global fit" && failure.iterations == 1)
            #expect(failure.parameters.map(\.0).first == "mu" && failure.parameters.count == likelihood.parameterCount)
            #expect(LimitStatisticsError.fitFailed(failure).description.contains("global fit did not converge: stopped at mu = "))
        }
    }

    /// Rounding-sized negative q (below `Likelihood.roundingTolerance`, 1e-6 max(1, |NLL|)) is
    /// 0; a conditional minimum below the global one by 0.5 is a failed global fit.
    @Test func negativeTestStatisticIsRoundingOrFailure() throws {
        let likelihood = Likelihood(model: try Self.model())
        func fit(_ nll: Double) -> Likelihood.Fit {
            Likelihood.Fit(parameters: likelihood.initialParameters(mu: 1), negativeLogLikelihood: nll, iterations: 3, converged: true)
        }
        #expect(try likelihood.testStatistic(conditional: fit(10 - 1e-9), global: fit(10), description: "q") == 0)
        #expect(try likelihood.testStatistic(conditional: fit(11), global: fit(10), description: "q") == 2)
        #expect(try likelihood.testStatistic(conditional: fit(.infinity), global: fit(10), description: "q") == .infinity)
        #expect(throws: LimitStatisticsError.self) {
            try likelihood.testStatistic(conditional: fit(9.5), global: fit(10), description: "q")
        }
        #expect(throws: LimitStatisticsError.self) {
            try likelihood.testStatistic(conditional: fit(10), global: fit(.nan), description: "q")
        }
    }
}
