import Foundation
import Testing
@testable import LimitStatistics
import NumericalMethods

/// Asymptotic CLs against docs/statistics.md section 6.6 (values verified there
/// with python3/scipy) and against closed forms.
@Suite struct AsymptoticCLsTests {
    /// docs/statistics.md 6.6 "Asymptotic (single bin, b = 100)": expected 90 % CLs limits for
    /// N = -2..+2 are 8.61, 11.92, 17.36, 25.70, 36.66 (quoted to 4 significant digits: tolerance 0.005 absolute).
    @Test func expectedBandSingleBinB100() throws {
        let model = try CountingModel.singleBin(observed: 100, background: 100)
        let limit = try AsymptoticCLsCalculator(model: model).upperLimit()
        let reference = [8.61, 11.92, 17.36, 25.70, 36.66]
        for (value, expected) in zip(limit.expected!.ordered, reference) {
            #expect(abs(value - expected) < 0.006, "expected-band edge \(value) vs docs/physics.md \(expected)")
        }
    }

    /// docs/statistics.md 6.6: 95 % expected 10.89, 14.79, 20.90, 29.81, 41.15.
    @Test func expectedBand95() throws {
        let model = try CountingModel.singleBin(observed: 100, background: 100)
        var options = LimitOptions(confidenceLevel: 0.95)
        options.computeExpected = true
        let limit = try AsymptoticCLsCalculator(model: model).upperLimit(options: options)
        for (value, expected) in zip(limit.expected!.ordered, [10.89, 14.79, 20.90, 29.81, 41.15]) {
            #expect(abs(value - expected) < 0.006, "95% band edge \(value) vs docs/physics.md \(expected)")
        }
    }

    /// docs/statistics.md 6.6: observed n = 110, b = 100 -> asymptotic 90 % CLs 25.19; n = 3, b = 1 -> 4.99.
    @Test(arguments: [(110.0, 100.0, 25.19), (3.0, 1.0, 4.99)])
    func observedLimits(n: Double, b: Double, reference: Double) throws {
        let model = try CountingModel.singleBin(observed: n, background: b)
        let limit = try AsymptoticCLsCalculator(model: model).upperLimit(options: LimitOptions(computeExpected: false))
        #expect(abs(limit.observed - reference) < 0.006, "observed \(limit.observed) vs docs/physics.md \(reference)")
    }
}

/// No background: the likelihood is infinite at mu = 0 when events are observed, so the fitter
/// must start elsewhere. Reference: with b = 0 and signal s = 1, q~(mu) = 2 [mu - n + n ln(n/mu)]
/// for mu > n and q_A(mu) = 2 mu (Poisson NLL, CCGV eq. 16 and the Asimov set n_A = 0); the CLs
/// root of those closed forms is found here by bisection, independently of the kit's fitter.
/// Tolerance 1e-5 relative (both roots to 1e-8).
@Suite struct ZeroBackgroundAsymptoticTests {
    @Test(arguments: [1, 2, 5])
    func limitMatchesClosedForm(observed n: Int) throws {
        let model = try CountingModel.singleBin(observed: Double(n), background: 0)
        var options = LimitOptions(confidenceLevel: 0.9, computeExpected: false)
        options.relativeTolerance = 1e-8
        let kit = try AsymptoticCLsCalculator(model: model).upperLimit(options: options).observed
        func cls(_ mu: Double) -> Double {
            let q = mu > Double(n) ? 2 * (mu - Double(n) + Double(n) * log(Double(n) / mu)) : 0
            let (clsb, clb) = AsymptoticCLsCalculator.pValues(qTilde: q, qAsimov: 2 * mu)
            return clsb / clb
        }
        var low = Double(n), high = 1000.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cls(middle) > 0.1 { low = middle } else { high = middle }
        }
        #expect(kit.isFinite)
        #expect(abs(kit / low - 1) < 1e-5, "kit \(kit), closed form \(low)")
    }
}
