import Foundation
import Testing
import LimitStatistics

/// The Gaussian likelihood of docs/tautau-likelihood.md. Validation: every reference value below
/// was computed independently with scipy 1.17 (`scipy.optimize.brentq` on
/// CLs(mu) = Phi((muHat - mu)/sigma) / Phi(muHat/sigma) - 0.1, xtol = rtol = 1e-14), not with the
/// kit's closed form; the tolerance 1e-9 relative covers both root finders.
@Suite struct GaussianLikelihoodTests {
    @Test(arguments: [
        (0.0, 1.0, 1.6448536269514729),
        (-3.3761555, 0.94049515, 0.5278711505144891),   // the tau-tau search at 3.6 GeV
        (2.7793588, 4.1004843, 8.679081584776432),      // at 9.5396 GeV
        (1.5, 0.5, 2.1411605624777423),
        (-9.0, 1.0, 0.24941831044838017),               // a 9 sigma deficit: the tail of Phi
    ])
    func clsLimitAgainstScipy(bestFit: Double, error: Double, reference: Double) throws {
        let likelihood = try GaussianLikelihood(bestFit: bestFit, error: error)
        #expect(abs(likelihood.clsUpperLimit() / reference - 1) < 1e-9)
    }

    /// Expected band edges for sigma = 1, scipy as above with muHat = N sigma.
    @Test func expectedBandsAgainstScipy() throws {
        let likelihood = try GaussianLikelihood(bestFit: 7, error: 1)
        let reference = [(-2.0, 0.8372759804564567), (-1, 1.1477823374724052), (0, 1.6448536269514729),
                         (1, 2.3777873615993075), (2, 3.294623986645134)]
        for (band, value) in reference {
            #expect(abs(likelihood.expectedCLsUpperLimit(band: band) / value - 1) < 1e-9)
        }
    }

    /// For a Gaussian the CLs limit equals the Bayesian limit with a flat prior on mu >= 0
    /// (equation 3). The Bayesian limit is found by bisection on the posterior tail, a different
    /// route from the CLs closed form; they must agree to the bisection's precision.
    @Test(arguments: [-6.0, -2.5, -0.3, 0.0, 0.8, 2.5, 5.0])
    func clsEqualsFlatPriorBayesian(pull: Double) throws {
        let likelihood = try GaussianLikelihood(bestFit: pull * 1.3, error: 1.3)
        #expect(abs(likelihood.clsUpperLimit() / likelihood.bayesianUpperLimit() - 1) < 1e-10)
    }

    /// q~_mu of Cowan et al. eq. 16: 0 below the best fit, (mu - muHat)^2/sigma^2 above a
    /// positive best fit, and (mu^2 - 2 mu muHat)/sigma^2 for a negative one (hand algebra).
    @Test func qTilde() throws {
        let positive = try GaussianLikelihood(bestFit: 1, error: 0.5)
        #expect(positive.qTilde(0.5) == 0)
        #expect(abs(positive.qTilde(2) - 4) < 1e-12)
        let negative = try GaussianLikelihood(bestFit: -1, error: 2)
        #expect(abs(negative.qTilde(3) - (9.0 + 6.0) / 4) < 1e-12)
        #expect(negative.localSignificance == 0 && positive.localSignificance == 2)
    }

    @Test func refusesNonFiniteInputs() {
        #expect(throws: GaussianLikelihoodError.self) { try GaussianLikelihood(bestFit: .nan, error: 1) }
        #expect(throws: GaussianLikelihoodError.self) { try GaussianLikelihood(bestFit: 1, error: 0) }
        #expect(throws: GaussianLikelihoodError.self) { try GaussianLikelihood(bestFit: 1, error: -.infinity) }
    }

    /// Upcrossings counted by hand: 0.2 -> 1.5 and 0.9 -> 1.0 rise through 1; the start above 1
    /// does not count.
    @Test func upcrossings() {
        let z = [1.2, 0.2, 1.5, 2.0, 0.9, 1.0, 0.5]
        #expect(LookElsewhere.upcrossings(z, level: 1) == 2)
        #expect(LookElsewhere.upcrossings(z, level: 3) == 0)
    }

    /// Gross-Vitells eq. 7 with s = 1 by hand: Z_max = 3, N(1) = 4:
    /// p = (1 - Phi(3)) + 4 exp(-(9 - 1)/2) = 0.0013498980 + 0.0732625556 = 0.0746124536.
    @Test func grossVitells() {
        let p = LookElsewhere.grossVitellsGlobalPValue(maximum: 3, upcrossings: 4, level: 1)
        #expect(abs(p - 0.0746124536) < 1e-9)
        #expect(LookElsewhere.grossVitellsGlobalPValue(maximum: 1, upcrossings: 50, level: 1) == 1)
        // Z of p = 0.0013498980 is 3 (scipy norm.isf).
        #expect(abs(LookElsewhere.significance(pValue: 0.0013498980316301) - 3) < 1e-9)
        #expect(LookElsewhere.significance(pValue: 0.7) == 0)
    }
}
