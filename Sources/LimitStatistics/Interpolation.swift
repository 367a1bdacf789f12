import RealModule

/// pyhf's default interpolation schemes for `normsys` (code4) and `histosys` (code4p), as
/// factors f(theta) on a sample, with their first and second derivatives for the fitter.
/// Both equal the plain exponential / linear responses for |theta| >= 1 and are smooth inside.
enum PyhfInterpolation {
    /// Coefficients a_1 ... a_6 of code4's polynomial 1 + sum_i a_i theta^i on |theta| < 1,
    /// fixed by the value, slope and curvature of up^theta at theta = 1 and of down^(-theta) at
    /// theta = -1. Solved separately for the odd (a_1, a_3, a_5) and even (a_2, a_4, a_6) parts.
    static func code4Coefficients(up: Double, down: Double) -> SIMD8<Double> {
        let logUp = Double.log(up), logDown = Double.log(down)
        // f, f', f'' of the exponential branches at theta = +1 and theta = -1.
        let valuePlus = up - 1, valueMinus = down - 1
        let slopePlus = up * logUp, slopeMinus = -down * logDown
        let curvePlus = up * logUp * logUp, curveMinus = down * logDown * logDown
        // Odd part O: O(1), O'(1), O''(1); even part E: E(1), E'(1), E''(1).
        let o0 = (valuePlus - valueMinus) / 2, o1 = (slopePlus + slopeMinus) / 2, o2 = (curvePlus - curveMinus) / 2
        let e0 = (valuePlus + valueMinus) / 2, e1 = (slopePlus - slopeMinus) / 2, e2 = (curvePlus + curveMinus) / 2
        // a1 + a3 + a5 = o0, a1 + 3 a3 + 5 a5 = o1, 6 a3 + 20 a5 = o2, and likewise for the even part.
        let a1 = (15 * o0 - 7 * o1 + o2) / 8
        let a3 = (-5 * o0 + 5 * o1 - o2) / 4
        let a5 = (3 * o0 - 3 * o1 + o2) / 8
        let a2 = 3 * e0 - 9 * e1 / 8 + e2 / 8
        let a4 = -3 * e0 + 7 * e1 / 4 - e2 / 4
        let a6 = e0 - 5 * e1 / 8 + e2 / 8
        return SIMD8(a1, a2, a3, a4, a5, a6, 0, 0)
    }

    /// code4 factor and derivatives at theta; `logUp` = ln(up), `logDown` = ln(down).
    static func code4(_ theta: Double, coefficients a: SIMD8<Double>, logUp: Double, logDown: Double)
        -> (value: Double, slope: Double, curvature: Double) {
        if theta >= 1 {
            let f = Double.exp(theta * logUp)
            return (f, f * logUp, f * logUp * logUp)
        }
        if theta <= -1 {
            let f = Double.exp(-theta * logDown)
            return (f, -f * logDown, f * logDown * logDown)
        }
        let t = theta
        let value = 1 + t * (a[0] + t * (a[1] + t * (a[2] + t * (a[3] + t * (a[4] + t * a[5])))))
        let slope = a[0] + t * (2 * a[1] + t * (3 * a[2] + t * (4 * a[3] + t * (5 * a[4] + t * 6 * a[5]))))
        let curvature = 2 * a[1] + t * (6 * a[2] + t * (12 * a[3] + t * (20 * a[4] + t * 30 * a[5])))
        return (value, slope, curvature)
    }

    /// code4p factor and derivatives at theta for relative up/down variations.
    static func code4p(_ theta: Double, up: Double, down: Double) -> (value: Double, slope: Double, curvature: Double) {
        if theta > 1 { return (1 + theta * (up - 1), up - 1, 0) }
        if theta < -1 { return (1 + theta * (1 - down), 1 - down, 0) }
        let s = (up - down) / 2, a = (up + down - 2) / 16
        let t2 = theta * theta
        // delta = theta S + A (15 t^2 - 10 t^4 + 3 t^6)
        let value = 1 + theta * s + a * t2 * (15 + t2 * (-10 + 3 * t2))
        let slope = s + a * theta * (30 + t2 * (-40 + 18 * t2))
        let curvature = a * (30 + t2 * (-120 + 90 * t2))
        return (value, slope, curvature)
    }
}
