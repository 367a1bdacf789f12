import Testing
import Foundation
import NumericalMethods

/// Special functions, quadrature, root finding and random numbers. Reference values were
/// computed with scipy 1.17 (scipy.special / scipy.stats), quoted to the digits shown.
@Suite struct NumericalMethodsTests {
    /// scipy.stats.norm.ppf: 0.9 -> 1.2815515655446004; 0.05 -> -1.6448536269514729;
    /// 1e-10 -> -6.361340902404056; 0.5 -> 0. Tolerance 1e-13 relative.
    @Test(arguments: [(0.9, 1.2815515655446004), (0.05, -1.6448536269514729), (1e-10, -6.361340902404056), (0.5, 0.0)])
    func normalQuantile(p: Double, reference: Double) {
        let x = SpecialFunctions.normalQuantile(p)
        #expect(abs(x - reference) <= 1e-13 * max(1, abs(reference)), "\(x)")
        #expect(abs(SpecialFunctions.normalCDF(x) - p) <= 1e-14 * max(p, 1e-300) + 1e-300)
    }

    /// scipy.special.gammaincc(4, 1) = 0.9810118431238462 (P(N <= 3 | 1));
    /// scipy.stats.poisson.cdf(100, 90) = 0.8650998362387116. Tolerance 1e-12.
    @Test func incompleteGamma() {
        #expect(abs(SpecialFunctions.poissonCDF(3, mean: 1) - 0.9810118431238462) < 1e-12)
        #expect(abs(SpecialFunctions.poissonCDF(100, mean: 90) - 0.8650998362387116) < 1e-12)
        #expect(abs(SpecialFunctions.regularizedGammaP(2.5, 3) + SpecialFunctions.regularizedGammaQ(2.5, 3) - 1) < 1e-14)
        #expect(SpecialFunctions.poissonCDF(0, mean: 0) == 1)
    }

    /// Gauss-Legendre with n points integrates x^(2n-1) exactly on [0, 1]: 1/(2n).
    @Test(arguments: [1, 2, 5, 16, 64])
    func gaussLegendreExactness(order: Int) {
        let rule = QuadratureRule.gaussLegendre(order: order, lower: 0, upper: 1)
        var power = 1.0
        let value = rule.integrate { x in
            power = 1
            for _ in 0..<(2 * order - 1) { power *= x }
            return power
        }
        #expect(abs(value - 1 / Double(2 * order)) < 1e-13, "order \(order): \(value)")
    }

    /// Brent finds sqrt(2) to the requested tolerance; an unbracketed call throws.
    @Test func brent() throws {
        let root = try RootFinding.brent(lower: 0, upper: 2, absoluteTolerance: 1e-15, relativeTolerance: 0) { $0 * $0 - 2 }
        #expect(abs(root - 2.0.squareRoot()) < 1e-14)
        #expect(throws: RootFindingError.self) { try RootFinding.brent(lower: 2, upper: 3) { $0 * $0 - 2 } }
        let above = try RootFinding.rootAbove(lower: 0, guess: 1e-3) { 1 - $0 / 1000 }
        #expect(abs(above - 1000) < 1e-6)
    }

    /// SplitMix64 reference output for seed 0 (the published test vector of the algorithm:
    /// 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4); streams are reproducible and distinct.
    /// rootNear from guesses above, below and far from the root sqrt(2) of 2 - x^2 on [0, inf),
    /// and with a root at the lower end's neighbourhood; evaluations are counted to show that a
    /// good guess is cheap. Tolerance: the requested 1e-12 relative.
    @Test(arguments: [1.0, 1.5, 100.0, 1e-9, .nan])
    func rootNearFindsTheRootFromAnyGuess(guess: Double) throws {
        var evaluations = 0
        let root = try RootFinding.rootNear(lower: 0, fLower: 2, guess: guess, relativeTolerance: 1e-12) { x in
            evaluations += 1
            return 2 - x * x
        }
        #expect(abs(root - 2.0.squareRoot()) < 2e-12)
        if guess == 1.5 { #expect(evaluations <= 12) }
        let small = try RootFinding.rootNear(lower: 0, fLower: 1, guess: 10) { 1 - $0 / 1e-6 }
        #expect(abs(small - 1e-6) < 1e-15)
    }

    @Test func splitMix() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        var a = SplitMix64(seed: 7, stream: 3), b = SplitMix64(seed: 7, stream: 3), c = SplitMix64(seed: 7, stream: 4)
        #expect(a.next() == b.next())
        #expect(a.next() != c.next())
    }

    /// Poisson inversion: the sample mean and variance of 2e5 draws at mean 4.5 and 250 are within
    /// 5 standard errors of the mean; inversion is monotone in the mean for a fixed uniform.
    @Test(arguments: [4.5, 250.0])
    func poissonInversion(mean: Double) {
        var generator = SplitMix64(seed: 42)
        let count = 200_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<count {
            let k = Double(Inversion.poisson(mean: mean, uniform: generator.nextUniform()))
            sum += k
            sumSquares += k * k
        }
        let sampleMean = sum / Double(count)
        let variance = sumSquares / Double(count) - sampleMean * sampleMean
        #expect(abs(sampleMean - mean) < 5 * (mean / Double(count)).squareRoot())
        #expect(abs(variance / mean - 1) < 0.02)
        #expect(Inversion.poisson(mean: mean, uniform: 0.3) <= Inversion.poisson(mean: mean * 1.1, uniform: 0.3))
    }
}

@Suite struct AdaptiveQuadratureTests {
    /// Closed forms: int_0^1 ln x dx = -1, int_0^1 x^-1/2 dx = 2, int_0^pi sin = 2. Requested 1e-10.
    @Test func integratesEndPointSingularitiesAndSmoothFunctions() throws {
        #expect(abs(try AdaptiveQuadrature.integrate(lower: 0, upper: 1) { log($0) } + 1) < 1e-9)
        #expect(abs(try AdaptiveQuadrature.integrate(lower: 0, upper: 1) { 1 / $0.squareRoot() } - 2) < 1e-8)
        #expect(abs(try AdaptiveQuadrature.integrate(lower: 0, upper: Double.pi) { sin($0) } - 2) < 1e-12)
    }

    @Test func reportsNonConvergence() {
        // 1/x is not integrable at 0: the interval budget runs out and the error says so.
        #expect(throws: AdaptiveQuadrature.NotConverged.self) {
            try AdaptiveQuadrature.integrate(lower: 0, upper: 1, maximumIntervals: 50) { 1 / $0 }
        }
    }
}
