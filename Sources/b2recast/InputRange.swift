import ArgumentParser
import Foundation
import DarkSectorPhysics
import HEPDataTables
import LimitStatistics

/// The allowed range of one kind of numeric input, and the one check every command applies to
/// its numeric options (and the counting-model file to its fields) before any work.
///
/// Why ranges and not only "finite": the physics initialisers guard their inputs with
/// preconditions (a trap, exit 132), the width formulas stop being meaningful (and overflow) for
/// couplings far above the perturbative limit 4 pi, and counts feed Double -> Int conversions
/// and loops whose length grows with the count. Each error names the option (or file and field),
/// the range and why, and the command exits 64 before computing anything.
struct InputRange: Sendable {
    var lower: Double
    var upper: Double
    /// Whether `lower` itself is excluded (masses, sqrt(s) and scales must be > 0).
    var excludesLower = false
    /// Whether the value must be a whole number (event counts of the Poisson methods).
    var integer = false
    /// The unit or kind, printed after the range ("GeV", "events").
    var unit: String = ""
    /// Why the range is what it is, printed after it.
    var reason: String = ""
    /// Non-zero values must have at least this magnitude (0 stays allowed unless `excludesZero`).
    var smallestNonZero: Double = 0
    var excludesZero = false

    /// The perturbative limit on a dimensionless coupling: above 4 pi the tree-level widths the
    /// kit computes are meaningless, and far above it they overflow.
    static let perturbativeLimit = 4 * Double.pi

    /// A dimensionless coupling of either sign (g_chi, g_l, c_ll, C_gammagamma): 0, or a
    /// magnitude from 1e-12 (squared widths of smaller ones underflow next to the others) to 4 pi.
    static let coupling = InputRange(lower: -perturbativeLimit, upper: perturbativeLimit,
                                     reason: "0 or 1e-12 <= |coupling| <= 4 pi, where the tree-level widths are meaningful",
                                     smallestNonZero: 1e-12)
    /// The coupling that makes the boson (eps, g'): not 0, since a boson that does not couple
    /// has no branching fractions (BF(invisible) would be 0/0).
    static let bosonCoupling = InputRange(lower: -perturbativeLimit, upper: perturbativeLimit,
                                          reason: "1e-12 <= |coupling| <= 4 pi, where the tree-level widths are meaningful",
                                          smallestNonZero: 1e-12, excludesZero: true)
    /// alpha_D = g_D^2 / (4 pi) with g_D <= 4 pi.
    static let alphaD = InputRange(lower: 0, upper: perturbativeLimit, reason: "g_D <= 4 pi")
    /// The leptophilic-scalar xi: g_tau = xi m_tau / v stays below 4 pi.
    static let xi = InputRange(lower: -1000, upper: 1000, reason: "1e-12 <= |xi|, and g_tau = xi m_tau / v below 4 pi",
                               smallestNonZero: 1e-12, excludesZero: true)
    /// Boson masses: 1 MeV (below it the loop functions of the widths underflow) up to the
    /// largest centre-of-mass energy.
    static let bosonMass = InputRange(lower: 1e-3, upper: maximumSqrtS, unit: "GeV",
                                      reason: "1 MeV up to the largest sqrt(s)")
    /// Masses that may vanish (dark Higgs, dark matter).
    static let lightMass = InputRange(lower: 0, upper: maximumSqrtS, unit: "GeV", reason: "at most the largest sqrt(s)")
    /// sqrt(s): Belle II runs at 10.58 GeV; the kit's formulas hold well beyond, not at any energy.
    static let maximumSqrtS = 20.0
    static let sqrtS = InputRange(lower: 0, upper: maximumSqrtS, excludesLower: true, unit: "GeV",
                                  reason: "B-factory energies")
    /// The ALP scale Lambda.
    static let alpScale = InputRange(lower: 1, upper: 1e19, unit: "GeV", reason: "from 1 GeV to the Planck scale")
    /// Requested relative precision of the Monte Carlo.
    static let precision = InputRange(lower: 0, upper: 1, excludesLower: true)
    /// Event counts and yields: beyond 1e6 the one-bin quantile loops of the expected bands take
    /// seconds per limit, and Belle II windows hold far fewer events.
    static let maximumCount = 1e6
    static let observedCount = InputRange(lower: 0, upper: maximumCount, integer: true, unit: "events")
    static let yield = InputRange(lower: 0, upper: maximumCount, unit: "events")
    /// The signal yield: 0 (no sensitivity) or at least 1e-6 events, so that the limit on mu
    /// (about 2.3 / signal) stays inside the root finder's search range (1e12).
    static let signalYield = InputRange(lower: 0, upper: maximumCount, unit: "events", reason: "0 or at least 1e-6",
                                        smallestNonZero: 1e-6)
    /// A relative uncertainty (1 = 100 %; lognormal constraints allow more).
    static let relativeUncertainty = InputRange(lower: 0, upper: 10)
    /// Pseudo-experiments: at least 10 for a quantile, at most 100000 (each costs fits at every
    /// hypothesis tested; 1e5 toys already take minutes).
    static let toys = InputRange(lower: 10, upper: 100_000, integer: true)
    /// Tolerances of `hepdata diff`.
    static let tolerance = InputRange(lower: 0, upper: 1e300)
    /// How many differences `hepdata diff` lists.
    static let listedDifferences = InputRange(lower: 0, upper: 1_000_000, integer: true)
    /// PNG resolution, pixels per inch: what the PNG writer accepts.
    static let dpi = InputRange(lower: 10, upper: 2400, unit: "pixels per inch")
    /// Confidence levels strictly between 0 and 1.
    static let level = InputRange(lower: 0, upper: 1, excludesLower: true)

    /// The range in words, e.g. "a number >= 0.001 and <= 20 GeV (1 MeV up to the largest sqrt(s))".
    var expected: String {
        let f = Self.text
        let kind = integer ? "a whole number" : "a number"
        let range = "\(excludesLower ? ">" : ">=") \(f(lower)) and <= \(f(upper))"
        return "\(kind) \(range)\(unit.isEmpty ? "" : " " + unit)\(reason.isEmpty ? "" : " (\(reason))")"
    }

    /// A number as people write it in a range: 6 significant digits, no trailing zeros (%g).
    static func text(_ x: Double) -> String { String(format: "%g", x) }

    func contains(_ value: Double) -> Bool {
        guard value.isFinite, value <= upper, excludesLower ? value > lower : value >= lower else { return false }
        guard value == 0 ? !excludesZero : Swift.abs(value) >= smallestNonZero else { return false }
        return !integer || value == value.rounded()
    }

    /// The value, or a `ValidationError` (exit 64) naming the option, the range and the value.
    @discardableResult
    func check(_ value: Double, option: String) throws -> Double {
        guard contains(value) else {
            throw ValidationError("--\(option): expected \(expected), got \(Self.text(value))")
        }
        return value
    }

    /// The optional value, checked when present.
    @discardableResult
    func check(_ value: Double?, option: String) throws -> Double? {
        guard let value else { return nil }
        return try check(value as Double, option: option) as Double
    }

    @discardableResult
    func check(_ value: Int, option: String) throws -> Int {
        guard value >= Int(lower), value <= Int(upper) else { throw ValidationError("--\(option): expected \(expected), got \(value)") }
        return value
    }

    /// The field of a file, or an `InputFileError` naming the file, the field and the range.
    @discardableResult
    func check(_ value: Double, file: String, field: String) throws -> Double {
        guard contains(value) else {
            throw InputFileError(file: file, field: field, expected: "\(expected), got \(Self.text(value))")
        }
        return value
    }
}

/// The Feldman-Cousins construction's size, checked before it starts: it ranks every count of
/// every signal grid point, so its work is (grid points) x (counts per point).
extension InputRange {
    /// Refuses a Feldman-Cousins limit whose grid (for the observed count and, with the
    /// expected band, the +2 sigma background quantile) exceeds the bound.
    static func checkFeldmanCousins(observed: Double, background: Double, step: Double, expected: Bool,
                                    what: String) throws {
        let bandCount = expected ? background + 3 * background.squareRoot() + 3 : 0
        let size = FeldmanCousins.gridSize(observed: Swift.max(observed, bandCount), background: background, step: step)
        guard size <= FeldmanCousins.maximumGridSize else {
            throw ValidationError("""
                \(what): the Feldman-Cousins grid would rank \(Self.text(size)) counts, more than the \
                maximum \(Self.text(FeldmanCousins.maximumGridSize)) (observed and background up to about 100 events); \
                use --method cls or bayes for larger counts
                """)
        }
    }
}
