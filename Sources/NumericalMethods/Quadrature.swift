import RealModule

/// A quadrature rule: nodes and weights with sum_i w_i f(x_i) approximating an integral.
public struct QuadratureRule: Sendable, Equatable {
    public var nodes: [Double]
    public var weights: [Double]

    public init(nodes: [Double], weights: [Double]) {
        precondition(nodes.count == weights.count, "nodes and weights differ in length")
        self.nodes = nodes
        self.weights = weights
    }

    /// Gauss-Legendre rule with `order` points on [lower, upper], exact for polynomials of
    /// degree 2 order - 1.
    ///
    /// Nodes are the roots of P_n, found by Newton's method from the Chebyshev-like guess
    /// cos(pi (i - 1/4) / (n + 1/2)); weights are 2 / ((1 - x^2) P_n'(x)^2).
    public static func gaussLegendre(order n: Int, lower: Double = -1, upper: Double = 1) -> QuadratureRule {
        precondition(n >= 1, "Gauss-Legendre order must be at least 1")
        let half = 0.5 * (upper - lower), mid = 0.5 * (upper + lower)
        if n == 1 { return QuadratureRule(nodes: [mid], weights: [2 * half]) }
        var nodes = [Double](repeating: 0, count: n)
        var weights = [Double](repeating: 0, count: n)
        for i in 0..<(n + 1) / 2 {
            var x = Double.cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 1.0
            for _ in 0..<100 {
                // Three-term recurrence (k+1) P_{k+1} = (2k+1) x P_k - k P_{k-1}.
                var previous = 1.0, current = x
                for k in 1..<n {
                    let next = ((2 * Double(k) + 1) * x * current - Double(k) * previous) / Double(k + 1)
                    previous = current
                    current = next
                }
                derivative = Double(n) * (x * current - previous) / (x * x - 1)
                let step = current / derivative
                x -= step
                if Swift.abs(step) < 1e-16 { break }
            }
            let w = 2 / ((1 - x * x) * derivative * derivative)
            nodes[i] = mid - half * x
            nodes[n - 1 - i] = mid + half * x
            weights[i] = half * w
            weights[n - 1 - i] = half * w
        }
        return QuadratureRule(nodes: nodes, weights: weights)
    }

    /// Integral of f over the rule.
    @inlinable
    public func integrate(_ f: (Double) throws -> Double) rethrows -> Double {
        var sum = 0.0
        for i in nodes.indices { sum += try weights[i] * f(nodes[i]) }
        return sum
    }
}
