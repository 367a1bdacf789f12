import DarkSectorPhysics
import RealModule

/// sigma(e+e- -> l+ l- X) per unit coupling on a grid of masses, each point integrated with its
/// own seed (so that any point can be recomputed alone and the table is the same in any order).
public struct CrossSectionTable: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// M_X, GeV.
        public var mass: Double
        /// sigma / g^2 and its statistical error, fb.
        public var crossSection: Double
        public var error: Double
        public var calls: Int

        public init(mass: Double, crossSection: Double, error: Double, calls: Int) {
            self.mass = mass
            self.crossSection = crossSection
            self.error = error
            self.calls = calls
        }
    }

    public var lepton: Lepton
    public var boson: RadiatedBoson
    /// sqrt(s), GeV.
    public var sqrtS: Double
    public var settings: MonteCarloSettings
    public var rows: [Row]

    public init(lepton: Lepton, boson: RadiatedBoson, sqrtS: Double, settings: MonteCarloSettings, rows: [Row]) {
        self.lepton = lepton
        self.boson = boson
        self.sqrtS = sqrtS
        self.settings = settings
        self.rows = rows
    }

    /// Integrates every mass of `masses`. Point i uses seed settings.seed + i; `progress` gets
    /// the number of finished points.
    public static func compute(lepton: Lepton, boson: RadiatedBoson, masses: [Double],
                               sqrtS: Double = PhysicalConstants.upsilon4SEnergy,
                               settings: MonteCarloSettings = MonteCarloSettings(),
                               progress: ((Int) -> Void)? = nil) -> CrossSectionTable {
        var rows: [Row] = []
        for (index, mass) in masses.enumerated() {
            var pointSettings = settings
            pointSettings.seed = settings.seed &+ UInt64(index)
            let estimate = RadiativeCrossSection(lepton: lepton, boson: boson, bosonMass: mass, sqrtS: sqrtS,
                                                 settings: pointSettings).estimate
            rows.append(Row(mass: mass, crossSection: estimate.value, error: estimate.error, calls: estimate.calls))
            progress?(index + 1)
        }
        return CrossSectionTable(lepton: lepton, boson: boson, sqrtS: sqrtS, settings: settings, rows: rows)
    }

    /// sigma(e+e- -> mu+ mu- X) / g_e^2 with X radiated from the beams (`BeamEmissionCrossSection`,
    /// quadrature, no seeds) at every mass of `masses`; `lepton` of the table is `.electron`, the
    /// line X comes from. The error column is the requested relative tolerance times the value.
    public static func computeBeamEmission(boson: RadiatedBoson, masses: [Double], sqrtS: Double = PhysicalConstants.upsilon4SEnergy,
                                           relativeTolerance: Double = 1e-5, progress: ((Int) -> Void)? = nil) throws -> CrossSectionTable {
        var rows: [Row] = []
        for (index, mass) in masses.enumerated() {
            let sigma = try BeamEmissionCrossSection(boson: boson, bosonMass: mass, sqrtS: sqrtS).perUnitCoupling(relativeTolerance: relativeTolerance)
            rows.append(Row(mass: mass, crossSection: sigma, error: relativeTolerance * sigma, calls: 0))
            progress?(index + 1)
        }
        return CrossSectionTable(lepton: .electron, boson: boson, sqrtS: sqrtS, settings: MonteCarloSettings(), rows: rows)
    }

    /// The kit's standard grid for X radiated from lepton `lepton` at `sqrtS`: 25 masses spaced
    /// logarithmically from 10 MeV to 1 GeV, then 75 equally spaced up to 98 % of the kinematic
    /// limit sqrt(s) - 2 m_l.
    public static func standardMasses(lepton: Lepton, sqrtS: Double = PhysicalConstants.upsilon4SEnergy) -> [Double] {
        let logarithmic = (0 ..< 25).map { 0.01 * Double.pow(100, Double($0) / 25) }
        let top = 0.98 * (sqrtS - 2 * lepton.mass)
        let linear = (0 ..< 75).map { 1 + (top - 1) * Double($0) / 74 }
        return logarithmic + linear
    }

    /// sigma / g^2 at `mass` by linear interpolation of ln sigma between the neighbouring grid
    /// points (sigma falls by orders of magnitude over the range), or nil outside the grid.
    public func crossSection(at mass: Double) -> (value: Double, error: Double)? {
        guard let first = rows.first, let last = rows.last, mass >= first.mass, mass <= last.mass else { return nil }
        guard let upper = rows.firstIndex(where: { $0.mass >= mass }) else { return nil }
        if rows[upper].mass == mass || upper == 0 { return (rows[upper].crossSection, rows[upper].error) }
        let a = rows[upper - 1], b = rows[upper]
        let fraction = (mass - a.mass) / (b.mass - a.mass)
        guard a.crossSection > 0, b.crossSection > 0 else {
            return (a.crossSection + fraction * (b.crossSection - a.crossSection), Swift.max(a.error, b.error))
        }
        let value = Double.exp(Double.log(a.crossSection) + fraction * (Double.log(b.crossSection) - Double.log(a.crossSection)))
        let relative = Swift.max(a.error / a.crossSection, b.error / b.crossSection)
        return (value, value * relative)
    }
}
