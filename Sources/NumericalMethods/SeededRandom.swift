import RealModule

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator whose streams are
/// reproducible on every platform. Seed it explicitly; there is no global state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for an independent sub-stream `index` of `seed` (toy i of a run, say).
    public init(seed: UInt64, stream index: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next() ^ index
    }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform double in the open interval (0, 1), 53 random bits.
    @inlinable
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// Standard normal deviate by inversion, so that a fixed uniform maps monotonically.
    @inlinable
    public mutating func nextNormal() -> Double {
        SpecialFunctions.normalQuantile(nextUniform())
    }
}

/// Samplers that map one uniform number monotonically onto a deviate (inversion). With common
/// random numbers, a deviate then moves smoothly with the distribution's parameters, which keeps
/// toy-based limits stable under root finding.
public enum Inversion {
    /// Poisson deviate with mean `lambda` for the uniform `u` in (0, 1): the smallest k with
    /// P(N <= k) >= u. Walks from 0 for small means and from the mode otherwise (O(sqrt lambda)).
    public static func poisson(mean lambda: Double, uniform u: Double) -> Int {
        if lambda <= 0 { return 0 }
        if lambda < 30 {
            var k = 0
            var probability = Double.exp(-lambda)
            var cumulative = probability
            while cumulative < u && k < 10_000 {
                k += 1
                probability *= lambda / Double(k)
                cumulative += probability
            }
            return k
        }
        var k = Int(lambda)
        var cumulative = SpecialFunctions.poissonCDF(k, mean: lambda)
        var probability = Double.exp(SpecialFunctions.logPoisson(Double(k), mean: lambda))
        if cumulative >= u {
            // Walk down while P(N <= k - 1) >= u.
            while k > 0 && cumulative - probability >= u {
                cumulative -= probability
                probability *= Double(k) / lambda
                k -= 1
            }
            return k
        }
        while cumulative < u {
            k += 1
            probability *= lambda / Double(k)
            cumulative += probability
            if probability == 0 { break }
        }
        return k
    }
}
