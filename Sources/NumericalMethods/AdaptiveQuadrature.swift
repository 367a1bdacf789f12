/// Globally adaptive Gauss-Legendre quadrature on a finite interval.
///
/// Each interval is estimated twice, with one 10-point rule and with the same rule on its two
/// halves; the interval with the largest difference is bisected until the summed difference is
/// below max(absoluteTolerance, relativeTolerance |integral|). Integrable end-point singularities
/// (log, 1/sqrt) converge because bisection concentrates intervals there.
public enum AdaptiveQuadrature {
    static let unitRule = QuadratureRule.gaussLegendre(order: 10, lower: 0, upper: 1)

    /// Error of not reaching the requested tolerance within `maximumIntervals`.
    public struct NotConverged: Error, CustomStringConvertible {
        public let estimate: Double
        public let errorEstimate: Double
        public init(estimate: Double, errorEstimate: Double) {
            self.estimate = estimate
            self.errorEstimate = errorEstimate
        }
        public var description: String {
            "adaptive quadrature did not converge: integral \(estimate) with error estimate \(errorEstimate)"
        }
    }

    /// Integral of f over [lower, upper].
    public static func integrate(
        lower: Double, upper: Double, relativeTolerance: Double = 1e-10, absoluteTolerance: Double = 0,
        maximumIntervals: Int = 2000, _ f: (Double) -> Double
    ) throws(NotConverged) -> Double {
        func rule(_ a: Double, _ b: Double) -> Double {
            let width = b - a
            var sum = 0.0
            for i in unitRule.nodes.indices { sum += unitRule.weights[i] * f(a + width * unitRule.nodes[i]) }
            return sum * width
        }
        struct Piece { var a: Double; var b: Double; var value: Double; var error: Double }
        func refine(_ a: Double, _ b: Double) -> Piece {
            let middle = 0.5 * (a + b)
            let fine = rule(a, middle) + rule(middle, b)
            return Piece(a: a, b: b, value: fine, error: abs(fine - rule(a, b)))
        }
        var pieces = [refine(lower, upper)]
        while true {
            let total = pieces.reduce(0) { $0 + $1.value }
            let error = pieces.reduce(0) { $0 + $1.error }
            if error <= max(absoluteTolerance, relativeTolerance * abs(total)) { return total }
            guard pieces.count < maximumIntervals else { throw NotConverged(estimate: total, errorEstimate: error) }
            let worst = pieces.indices.max { pieces[$0].error < pieces[$1].error }!
            let piece = pieces[worst]
            let middle = 0.5 * (piece.a + piece.b)
            pieces[worst] = refine(piece.a, middle)
            pieces.append(refine(middle, piece.b))
        }
    }
}
