import ComplexModule
import DarkSectorPhysics
import RealModule

/// z times a real number (swift-numerics has no mixed operator).
@inline(__always)
func scaled(_ z: Complex<Double>, _ a: Double) -> Complex<Double> { Complex(z.real * a, z.imaginary * a) }

/// A Dirac spinor in the Dirac representation, as an upper two-spinor (c0, c1) and a lower one
/// (c2, c3). The gamma matrices act as gamma^0 = diag(1, 1, -1, -1), gamma^i = ((0, sigma^i),
/// (-sigma^i, 0)) and gamma5 = ((0, 1), (1, 0)). Only the operations the tree-level amplitudes of
/// this module need are provided; they are written out so that they allocate nothing.
struct DiracSpinor: Sendable {
    var c0: Complex<Double>, c1: Complex<Double>, c2: Complex<Double>, c3: Complex<Double>

    static let zero = DiracSpinor(c0: .zero, c1: .zero, c2: .zero, c3: .zero)

    static func + (a: DiracSpinor, b: DiracSpinor) -> DiracSpinor {
        DiracSpinor(c0: a.c0 + b.c0, c1: a.c1 + b.c1, c2: a.c2 + b.c2, c3: a.c3 + b.c3)
    }

    static func * (x: Double, a: DiracSpinor) -> DiracSpinor {
        DiracSpinor(c0: scaled(a.c0, x), c1: scaled(a.c1, x), c2: scaled(a.c2, x), c3: scaled(a.c3, x))
    }

    /// sigma . p acting on the two-spinor (x, y).
    @inline(__always)
    static func sigmaDot(_ p: FourVector, _ x: Complex<Double>, _ y: Complex<Double>) -> (Complex<Double>, Complex<Double>) {
        let plus = Complex(p.px, p.py), minus = Complex(p.px, -p.py)
        return (scaled(x, p.pz) + minus * y, plus * x - scaled(y, p.pz))
    }

    /// (pslash + m) psi with pslash = gamma^0 E - gamma.p: upper E a - sigma.p b + m a,
    /// lower sigma.p a - E b + m b.
    func slashed(_ p: FourVector, plus m: Double = 0) -> DiracSpinor {
        let (sa0, sa1) = Self.sigmaDot(p, c0, c1)
        let (sb0, sb1) = Self.sigmaDot(p, c2, c3)
        return DiracSpinor(c0: scaled(c0, p.e + m) - sb0, c1: scaled(c1, p.e + m) - sb1,
                           c2: sa0 - scaled(c2, p.e - m), c3: sa1 - scaled(c3, p.e - m))
    }

    /// gamma^mu psi (upper index), mu = 0...3.
    func gamma(_ mu: Int) -> DiracSpinor {
        switch mu {
        case 0: return DiracSpinor(c0: c0, c1: c1, c2: -c2, c3: -c3)
        case 1: return DiracSpinor(c0: c3, c1: c2, c2: -c1, c3: -c0)
        case 2:
            // sigma^2 = ((0, -i), (i, 0)).
            let i = Complex<Double>.i
            return DiracSpinor(c0: -i * c3, c1: i * c2, c2: i * c1, c3: -i * c0)
        default: return DiracSpinor(c0: c2, c1: -c3, c2: -c0, c3: c1)
        }
    }

    /// gamma5 psi.
    var gamma5: DiracSpinor { DiracSpinor(c0: c2, c1: c3, c2: c0, c3: c1) }

    /// The Dirac product psibar chi = psi^dagger gamma^0 chi.
    @inline(__always)
    func barDot(_ chi: DiracSpinor) -> Complex<Double> {
        c0.conjugate * chi.c0 + c1.conjugate * chi.c1 - c2.conjugate * chi.c2 - c3.conjugate * chi.c3
    }

    /// Particle spinors u(p, s), s = 0, 1: (sqrt(E + m) chi_s, sigma.p chi_s / sqrt(E + m)) with the
    /// basis chi_0 = (1, 0), chi_1 = (0, 1); sum_s u ubar = pslash + m.
    static func particle(_ p: FourVector, mass m: Double) -> [DiracSpinor] {
        let n = Double.sqrt(p.e + m)
        return [(Complex<Double>.one, Complex<Double>.zero), (.zero, .one)].map { x, y in
            let (s0, s1) = sigmaDot(p, x, y)
            return DiracSpinor(c0: scaled(x, n), c1: scaled(y, n), c2: scaled(s0, 1 / n), c3: scaled(s1, 1 / n))
        }
    }

    /// Antiparticle spinors v(p, s): (sigma.p eta_s / sqrt(E + m), sqrt(E + m) eta_s); sum_s v vbar = pslash - m.
    static func antiparticle(_ p: FourVector, mass m: Double) -> [DiracSpinor] {
        let n = Double.sqrt(p.e + m)
        return [(Complex<Double>.one, Complex<Double>.zero), (.zero, .one)].map { x, y in
            let (s0, s1) = sigmaDot(p, x, y)
            return DiracSpinor(c0: scaled(s0, 1 / n), c1: scaled(s1, 1 / n), c2: scaled(x, n), c3: scaled(y, n))
        }
    }
}

/// A complex four-vector current J^mu (upper index).
struct Current: Sendable {
    var t: Complex<Double>, x: Complex<Double>, y: Complex<Double>, z: Complex<Double>

    /// J . K with the metric (+, -, -, -), no conjugation.
    @inline(__always)
    func dot(_ k: Current) -> Complex<Double> { t * k.t - x * k.x - y * k.y - z * k.z }

    @inline(__always)
    func dot(_ k: FourVector) -> Complex<Double> { scaled(t, k.e) - scaled(x, k.px) - scaled(y, k.py) - scaled(z, k.pz) }

    /// sum_i |J^i|^2 - |J^0|^2 = -g_{mu nu} J^mu J^nu*.
    var minusMetricNorm: Double { x.lengthSquared + y.lengthSquared + z.lengthSquared - t.lengthSquared }

    /// (abar Gamma^mu b) for mu = 0...3, given the four spinors Gamma^mu b.
    static func sandwich(_ a: DiracSpinor, _ gammaB: (DiracSpinor, DiracSpinor, DiracSpinor, DiracSpinor)) -> Current {
        Current(t: a.barDot(gammaB.0), x: a.barDot(gammaB.1), y: a.barDot(gammaB.2), z: a.barDot(gammaB.3))
    }
}
