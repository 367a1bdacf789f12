import Foundation
import Testing
@testable import LimitStatistics

/// pyhf's interpolation codes (pyhf 0.7 docs, "interpolation codes"): code4 and code4p must
/// join their outer branches with continuous value and slope (code4 also curvature) at +-1.
@Suite struct InterpolationTests {
    @Test(arguments: [(1.08, 0.9), (1.3, 0.95), (1.02, 0.7)])
    func code4IsTwiceContinuouslyDifferentiableAtOne(up: Double, down: Double) {
        let a = PyhfInterpolation.code4Coefficients(up: up, down: down)
        let logUp = log(up), logDown = log(down)
        for edge in [-1.0, 1.0] {
            let inside = PyhfInterpolation.code4(edge * (1 - 1e-12), coefficients: a, logUp: logUp, logDown: logDown)
            let outside = PyhfInterpolation.code4(edge, coefficients: a, logUp: logUp, logDown: logDown)
            #expect(abs(inside.value - outside.value) < 1e-10)
            #expect(abs(inside.slope - outside.slope) < 1e-9)
            #expect(abs(inside.curvature - outside.curvature) < 1e-8)
        }
        // f(0) = 1 and the outer branches are up^theta and down^(-theta).
        #expect(PyhfInterpolation.code4(0, coefficients: a, logUp: logUp, logDown: logDown).value == 1)
        let two = PyhfInterpolation.code4(2, coefficients: a, logUp: logUp, logDown: logDown).value
        #expect(abs(two - up * up) < 1e-14)
    }

    @Test func code4pIsContinuousAndLinearWhenSymmetric() {
        for (up, down) in [(1.2, 0.9), (1.05, 0.6)] {
            for edge in [-1.0, 1.0] {
                let inside = PyhfInterpolation.code4p(edge * (1 - 1e-12), up: up, down: down)
                let outside = PyhfInterpolation.code4p(edge * (1 + 1e-12), up: up, down: down)
                #expect(abs(inside.value - outside.value) < 1e-10)
                #expect(abs(inside.slope - outside.slope) < 1e-9)
            }
        }
        // Symmetric variations: the polynomial term vanishes, code4p is 1 + theta (up - 1).
        for theta in stride(from: -0.9, through: 0.9, by: 0.3) {
            #expect(abs(PyhfInterpolation.code4p(theta, up: 1.2, down: 0.8).value - (1 + 0.2 * theta)) < 1e-15)
        }
    }
}

/// The fitter on a minimum that sits on the kink of a piecewise-linear response.
@Suite struct KinkedFitTests {
    /// One bin: signal 4.609 x mu with an exponential efficiency systematic (up 1.0325, down
    /// 0.8979) and lumi; background 18.44 with a linear systematic (up 1.2055, down 0.9335) and
    /// lumi (sigma 0.02). Data: the post-fit Asimov set of that model at mu = 0. At mu = 3.4295 the
    /// conditional minimum has the background systematic exactly at its kink theta = 0.
    /// Reference: 2 (NLL(mu) - NLL(mu-hat)) = 5.5940135 from scipy's L-BFGS-B (six starts,
    /// ftol 1e-15) on pyhf 0.7.6's logpdf of the same model (code1/code0), and 5.5940136 from
    /// pyhf's own fits. Tolerance 5e-6 (the two references differ by 1e-7; the old
    /// kink-unaware fitter was 2.4e-4 high).
    @Test func conditionalFitFindsTheMinimumOnTheKink() throws {
        let model = try CountingModel(observed: [21.86405436], samples: [
            Sample(name: "signal", yields: [4.609257105573453], isSignal: true, modifiers: [
                Modifier(parameter: 0, response: .exponential(up: 1.0325304183181088, down: 0.8979039274121032)),
                Modifier(parameter: 2, response: .scale),
            ]),
            Sample(name: "background", yields: [18.440528095661282], isSignal: false, modifiers: [
                Modifier(parameter: 1, response: .linear(up: 1.2054556870497362, down: 0.9334687069359027)),
                Modifier(parameter: 2, response: .scale),
            ]),
        ], parameters: [
            NuisanceParameter(name: "sig_eff", initial: 0, lowerBound: -5, upperBound: 5, constraint: .normal(auxiliary: 0, width: 1)),
            NuisanceParameter(name: "bkg_norm", initial: 0, lowerBound: -5, upperBound: 5, constraint: .normal(auxiliary: 0, width: 1)),
            NuisanceParameter(name: "lumi", initial: 1, lowerBound: 0.5, upperBound: 1.5, constraint: .normal(auxiliary: 1, width: 0.02)),
        ])
        let likelihood = Likelihood(model: model)
        likelihood.setData(counts: [21.86405436], auxiliary: [0, 0, 0.89180498, 1.00205023])
        let free = likelihood.minimize(from: likelihood.initialParameters(mu: 0), floatSignalStrength: true)
        var start = likelihood.initialParameters(mu: 3.4295191053907077)
        start[0] = 3.4295191053907077
        let conditional = likelihood.minimize(from: start, floatSignalStrength: false)
        let q = 2 * (conditional.negativeLogLikelihood - free.negativeLogLikelihood)
        #expect(abs(q - 5.5940135) < 5e-6, "q_A = \(q)")
        #expect(abs(conditional.parameters[2]) < 1e-9, "background systematic at the kink: \(conditional.parameters[2])")
    }
}
