import ComplexModule
import RealModule

/// Lepton-loop functions of the two-photon widths (docs/physics.md sections 3.1
/// and 4.1). Complex above threshold, where the loop lepton can be on shell.
public enum LoopFunctions {
    /// The scalar fermion-loop amplitude A_1/2(t) = 2 [t + (t - 1) f(t)] / t^2 with
    /// t = M^2 / (4 m^2) (docs/physics.md 3.1, Djouadi's convention with N_c = 1):
    /// f(t) = arcsin^2(sqrt t) for t <= 1, -(1/4) [ln((1 + r)/(1 - r)) - i pi]^2 with
    /// r = sqrt(1 - 1/t) above. Limits: 4/3 for t -> 0, 2 at t = 1, 0 for t -> infinity.
    public static func scalarAmplitude(t: Double) -> Complex<Double> {
        precondition(t > 0, "t = M^2/(4 m^2) must be positive")
        let f = scalarTriangle(t: t)
        return (Complex(t) + Complex(t - 1) * f) * Complex(2 / (t * t))
    }

    /// f(t) of `scalarAmplitude`.
    static func scalarTriangle(t: Double) -> Complex<Double> {
        if t <= 1 {
            let angle = Double.asin(Double.sqrt(t))
            return Complex(angle * angle)
        }
        let r = Double.sqrt(1 - 1 / t)
        let logarithm = Complex(Double.log((1 + r) / (1 - r)), -Double.pi)
        return logarithm * logarithm * Complex(-0.25)
    }

    /// The ALP loop function B_1(tau) = 1 - tau f(tau)^2 with tau = 4 m^2 / m_a^2 (docs/physics.md
    /// 4.1, Bauer-Neubert-Thamm 1708.00443): f = arcsin(1/sqrt tau) for tau >= 1 and
    /// pi/2 + (i/2) ln[(1 + sqrt(1 - tau))/(1 - sqrt(1 - tau))] below; the complex square is
    /// kept (absorptive part included). Limits: 1 for tau -> 0, 1 - pi^2/4 at tau = 1,
    /// -1/(3 tau) for tau -> infinity.
    public static func alpB1(tau: Double) -> Complex<Double> {
        precondition(tau > 0, "tau = 4 m^2/m_a^2 must be positive")
        let f: Complex<Double>
        if tau >= 1 {
            f = Complex(Double.asin(1 / Double.sqrt(tau)))
        } else {
            let root = Double.sqrt(1 - tau)
            f = Complex(Double.pi / 2, 0.5 * Double.log((1 + root) / (1 - root)))
        }
        return Complex(1) - Complex(tau) * f * f
    }
}
