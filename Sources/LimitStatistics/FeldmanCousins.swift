import NumericalMethods
import RealModule

/// Feldman-Cousins unified intervals for a Poisson count with known background
/// (PRD 57 (1998) 3873; docs/statistics.md 6.5).
///
/// For each signal s on a grid of step `step`: rank n by R(n) = Pois(n; s + b) / Pois(n; s_best + b)
/// with s_best = max(0, n - b), and accept n in decreasing R until the summed probability reaches
/// CL; [n1(s), n2(s)] is the accepted range. The interval for n_obs runs from the smallest s
/// with n2(s) >= n_obs to the largest s with n1(s) <= n_obs, which is the construction with the
/// acceptance edges pushed outwards where they are not monotone.
public enum FeldmanCousins {
    public struct Interval: Sendable, Hashable {
        public var lower: Double
        public var upper: Double
    }

    /// The largest construction run: 2e8 ranked counts (grid points x counts per point), about a
    /// second in a release build; observed and background of about 100 events with the expected
    /// band. Larger ones are refused before anything is allocated (1e10 background events would
    /// need 240 GB).
    public static let maximumGridSize = 2e8

    /// The work of `interval`: the signal grid points times the counts ranked at the largest
    /// signal (an upper estimate: the scan stops once the acceptance has passed n_obs).
    public static func gridSize(observed: Double, background b: Double, step: Double = 0.001) -> Double {
        let end = observed + 12 + 12 * Double.sqrt(observed + 1)
        let mean = end + b
        return (end / step).rounded(.up) * (mean + 12 * Double.sqrt(mean + 1) + 26)
    }

    /// The acceptance range [n1, n2] at signal s (s + b at most about 1e8, see `maximumGridSize`).
    public static func acceptance(signal s: Double, background b: Double, level: Double) -> (Int, Int) {
        let mean = s + b
        let last = Int(mean + 12 * Double.sqrt(mean + 1) + 25)
        var ranking: [(n: Int, logRatio: Double, probability: Double)] = []
        ranking.reserveCapacity(last + 1)
        for n in 0...last {
            let count = Double(n)
            let best = Swift.max(b, count)
            let logProbability = SpecialFunctions.logPoisson(count, mean: mean)
            let logRatio = logProbability - SpecialFunctions.logPoisson(count, mean: best)
            ranking.append((n, logRatio, Double.exp(logProbability)))
        }
        ranking.sort { $0.logRatio != $1.logRatio ? $0.logRatio > $1.logRatio : $0.n < $1.n }
        var total = 0.0
        var low = Int.max, high = Int.min
        for entry in ranking {
            total += entry.probability
            low = Swift.min(low, entry.n)
            high = Swift.max(high, entry.n)
            if total >= level { break }
        }
        return (low, high)
    }

    /// The interval on the signal (in events) for `observed` counts.
    public static func interval(observed: Int, background b: Double, level: Double, step: Double = 0.001) throws -> Interval {
        guard observed >= 0 else { throw ModelError.invalid(field: "observed", expected: "a count >= 0") }
        guard b >= 0, b.isFinite else { throw ModelError.invalid(field: "background", expected: "a finite value >= 0") }
        guard step > 0, step.isFinite else { throw ModelError.invalid(field: "step", expected: "> 0") }
        let size = gridSize(observed: Double(observed), background: b, step: step)
        guard size <= maximumGridSize else {
            throw ModelError.invalid(field: "observed and background",
                                     expected: "a Feldman-Cousins grid of at most \(maximumGridSize) ranked counts, got \(size)")
        }
        let end = Double(observed) + 12 + 12 * Double.sqrt(Double(observed) + 1)
        let steps = Int((end / step).rounded(.up))
        var lower: Double?
        var upper = 0.0
        for index in 0...steps {
            let s = Double(index) * step
            let (n1, n2) = acceptance(signal: s, background: b, level: level)
            if lower == nil && n2 >= observed && n1 <= observed { lower = s }
            if n1 <= observed { upper = s }
            // n1 grows with s (up to dips of one count); well past n_obs nothing can change.
            if n1 > observed + 2 { break }
        }
        return Interval(lower: lower ?? 0, upper: upper)
    }
}
