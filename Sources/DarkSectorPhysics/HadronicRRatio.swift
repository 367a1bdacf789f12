import RealModule

/// The hadronic R ratio R(sqrt s) = sigma(e+e- -> hadrons) / sigma_0(e+e- -> mu+mu-), smoothed
/// from individual measurements (docs/physics.md section 1.2).
///
/// Smoothing: a Gaussian-kernel (Nadaraya-Watson) average whose width at sqrt(s) is the distance
/// to the `neighbours`-th nearest measurement. The width therefore follows the density of the data:
/// about 10-20 MeV in the charm-threshold region 3.7-4.6 GeV, where many scans resolve the
/// psi(3770), psi(4040), psi(4160) and psi(4415) structures, and 0.3-1 GeV in the sparse continuum
/// above 4.6 GeV, where the scatter between experiments is averaged out. The result is continuous.
///
/// Narrow resonances (J/psi, psi(2S), Upsilon(1S, 2S, 3S)) are not in the continuum compilation
/// and are not added: near them an A' mixes with the resonance, which this model does not
/// describe. `NarrowVectorResonance.near(_:halfWidth:)` flags those masses so that a search can
/// veto them.
public struct HadronicRRatio: Sendable {
    /// Measurements (sqrt(s) in GeV, R), sorted by sqrt(s).
    public let measurements: [(sqrtS: Double, r: Double)]
    /// How many nearest measurements set the kernel width.
    public let neighbours: Int

    /// Smooths `measurements` (any order; at least `neighbours` of them).
    public init(measurements: [(sqrtS: Double, r: Double)], neighbours: Int = 10) {
        precondition(neighbours >= 1 && measurements.count >= neighbours,
                     "R-ratio smoothing needs at least \(neighbours) measurements")
        self.measurements = measurements.sorted { $0.sqrtS < $1.sqrtS }
        self.neighbours = neighbours
    }

    /// The PDG 2020 compilation from 2 to 12 GeV (paper-data/reference/r-ratio), smoothed.
    public static let pdg2020 = HadronicRRatio(measurements: pdg2020Measurements)

    /// The sqrt(s) interval the measurements cover, GeV.
    public var coveredRange: ClosedRange<Double> {
        measurements.first!.sqrtS ... measurements.last!.sqrtS
    }

    /// Smoothed R at `sqrtS` (GeV), or nil outside the measured range.
    public func value(at sqrtS: Double) -> Double? {
        guard coveredRange.contains(sqrtS) else { return nil }
        let width = Swift.max(kernelWidth(at: sqrtS), 1e-6)
        var weightSum = 0.0
        var weightedR = 0.0
        for point in measurements {
            let z = (point.sqrtS - sqrtS) / width
            guard abs(z) < 8 else { continue }
            let weight = Double.exp(-0.5 * z * z)
            weightSum += weight
            weightedR += weight * point.r
        }
        return weightedR / weightSum
    }

    /// Distance from `sqrtS` to the `neighbours`-th nearest measurement, GeV. The measurements
    /// are sorted, so the nearest ones form a window grown outwards from the insertion point.
    func kernelWidth(at sqrtS: Double) -> Double {
        var upper = measurements.firstIndex { $0.sqrtS >= sqrtS } ?? measurements.count
        var lower = upper - 1
        var distance = 0.0
        for _ in 0 ..< neighbours {
            let below = lower >= 0 ? sqrtS - measurements[lower].sqrtS : .infinity
            let above = upper < measurements.count ? measurements[upper].sqrtS - sqrtS : .infinity
            if below <= above {
                distance = below
                lower -= 1
            } else {
                distance = above
                upper += 1
            }
        }
        return distance
    }
}

/// The narrow vector resonances below 11 GeV that the continuum R compilation leaves out.
/// Masses: PDG Review of Particle Physics (2024), rounded to 0.1 MeV.
public enum NarrowVectorResonance: String, Sendable, CaseIterable {
    case jPsi = "J/psi", psi2S = "psi(2S)", upsilon1S = "Upsilon(1S)", upsilon2S = "Upsilon(2S)",
         upsilon3S = "Upsilon(3S)"

    /// Mass, GeV.
    public var mass: Double {
        switch self {
        case .jPsi: return 3.0969
        case .psi2S: return 3.6861
        case .upsilon1S: return 9.4604
        case .upsilon2S: return 10.0233
        case .upsilon3S: return 10.3552
        }
    }

    /// The resonance within `halfWidth` GeV of `mass`, if any.
    public static func near(_ mass: Double, halfWidth: Double) -> NarrowVectorResonance? {
        allCases.first { abs($0.mass - mass) <= halfWidth }
    }
}
