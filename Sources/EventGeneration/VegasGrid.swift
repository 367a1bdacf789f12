import RealModule

/// A separable adaptive grid on the unit cube (Lepage's VEGAS, J. Comput. Phys. 27 (1978) 192):
/// each dimension is cut into `bins` intervals of equal probability, and `refine` moves the edges
/// so that intervals where the integrand contributes much to the variance become narrower.
struct VegasGrid: Sendable {
    let dimensions: Int
    let bins: Int
    /// Bin edges, dimension-major: edges[d * (bins + 1) + i], from 0 to 1.
    private(set) var edges: [Double]
    /// Accumulated sum of squared weights per bin since the last refinement.
    private var accumulated: [Double]

    init(dimensions: Int, bins: Int = 50) {
        self.dimensions = dimensions
        self.bins = bins
        edges = (0 ..< dimensions).flatMap { _ in (0 ... bins).map { Double($0) / Double(bins) } }
        accumulated = [Double](repeating: 0, count: dimensions * bins)
    }

    /// Maps uniform numbers y in [0, 1)^d to grid coordinates x (written into x and bins into
    /// `indices`); returns the density of x, prod_d 1 / (bins * width_d).
    func map(_ y: UnsafeBufferPointer<Double>, into x: UnsafeMutableBufferPointer<Double>,
             indices: UnsafeMutableBufferPointer<Int>) -> Double {
        var density = 1.0
        let stride = bins + 1
        for d in 0 ..< dimensions {
            let scaled = y[d] * Double(bins)
            let bin = Swift.min(Int(scaled), bins - 1)
            let low = edges[d * stride + bin], width = edges[d * stride + bin + 1] - low
            x[d] = low + (scaled - Double(bin)) * width
            indices[d] = bin
            density /= Double(bins) * width
        }
        return density
    }

    /// Density of the grid at the point x.
    func density(at x: UnsafeBufferPointer<Double>) -> Double {
        var density = 1.0
        let stride = bins + 1
        for d in 0 ..< dimensions {
            // Binary search for the bin holding x[d].
            var low = 0, high = bins
            while high - low > 1 {
                let middle = (low + high) / 2
                if edges[d * stride + middle] <= x[d] { low = middle } else { high = middle }
            }
            density /= Double(bins) * (edges[d * stride + low + 1] - edges[d * stride + low])
        }
        return density
    }

    /// Records a point's squared weight in its bins.
    mutating func accumulate(indices: UnsafeBufferPointer<Int>, squaredWeight: Double) {
        for d in 0 ..< dimensions { accumulated[d * bins + indices[d]] += squaredWeight }
    }

    /// Moves the edges: the accumulated importance of each bin is smoothed with its neighbours,
    /// damped as ((r - 1) / ln r)^alpha with r its share of the total (VEGAS's rule, alpha = 1.5),
    /// and the new edges give every bin an equal share of the damped importance.
    mutating func refine(alpha: Double = 1.5) {
        let stride = bins + 1
        for d in 0 ..< dimensions {
            let raw = Array(accumulated[d * bins ..< (d + 1) * bins])
            var smoothed = [Double](repeating: 0, count: bins)
            for i in 0 ..< bins {
                let left = raw[Swift.max(i - 1, 0)], right = raw[Swift.min(i + 1, bins - 1)]
                smoothed[i] = (i == 0 || i == bins - 1) ? (raw[i] + (i == 0 ? right : left)) / 2 : (left + raw[i] + right) / 3
            }
            let total = smoothed.reduce(0, +)
            guard total > 0 else { continue }
            let importance = smoothed.map { value -> Double in
                let r = value / total
                return r > 0 ? Double.pow((r - 1) / Double.log(r), alpha) : 0
            }
            let share = importance.reduce(0, +) / Double(bins)
            guard share > 0 else { continue }
            let old = Array(edges[d * stride ..< (d + 1) * stride])
            var newEdges = [0.0]
            var bin = 0
            var remaining = importance[0]
            var position = old[0]
            for _ in 1 ..< bins {
                var needed = share
                while needed > remaining && bin < bins - 1 {
                    needed -= remaining
                    bin += 1
                    position = old[bin]
                    remaining = importance[bin]
                }
                // Move into bin `bin` by the fraction of its importance still needed.
                needed = Swift.min(needed, remaining)
                remaining -= needed
                position += (old[bin + 1] - position) * (remaining + needed > 0 ? needed / (remaining + needed) : 0)
                newEdges.append(position)
            }
            newEdges.append(1)
            for i in 0 ... bins { edges[d * stride + i] = newEdges[i] }
        }
        accumulated = [Double](repeating: 0, count: dimensions * bins)
    }
}
