import DarkSectorPhysics
import NumericalMethods
import RealModule

/// Settings of the adaptive Monte Carlo integration.
public struct MonteCarloSettings: Sendable, Hashable {
    /// Stop when the statistical error is below this fraction of the cross section.
    public var relativePrecision: Double
    /// Seed of the SplitMix64 stream; the same seed gives the same result bit for bit.
    public var seed: UInt64
    /// Points per VEGAS iteration (adaptation) and per batch (measurement).
    public var callsPerIteration: Int
    /// Grid refinements before the measurement; their points are not used in the result, so
    /// the estimate and its error come from one fixed grid and are unbiased.
    public var adaptationIterations: Int
    /// Upper bound on measurement points; the result then carries a larger error than requested.
    public var maximumCalls: Int
    /// VEGAS bins per dimension.
    public var bins: Int

    public init(relativePrecision: Double = 0.005, seed: UInt64 = 2022, callsPerIteration: Int = 2000,
                adaptationIterations: Int = 5, maximumCalls: Int = 5_000_000, bins: Int = 40) {
        precondition(relativePrecision > 0 && callsPerIteration >= 100 && maximumCalls >= callsPerIteration && bins >= 2,
                     "Monte Carlo settings out of range")
        self.relativePrecision = relativePrecision
        self.seed = seed
        self.callsPerIteration = callsPerIteration
        self.adaptationIterations = adaptationIterations
        self.maximumCalls = maximumCalls
        self.bins = bins
    }
}

/// A Monte Carlo cross section with its statistical error.
public struct CrossSectionEstimate: Sendable, Hashable {
    /// sigma, fb.
    public var value: Double
    /// One-standard-deviation statistical error, fb.
    public var error: Double
    /// Points used in the measurement (after adaptation).
    public var calls: Int
    /// The largest event weight seen, fb (for unweighting).
    public var maximumWeight: Double

    public var relativeError: Double { value > 0 ? error / value : .infinity }
}

/// One e+e- -> l- l+ X event in the centre-of-mass frame (electron beam along +z), GeV.
public struct RadiativeEvent: Sendable, Hashable {
    public var leptonMinus: FourVector
    public var leptonPlus: FourVector
    public var boson: FourVector
}

/// sigma(e+e- -> l+ l- X) for unit coupling, by adaptive multichannel Monte Carlo integration of the
/// tree-level matrix element (`RadiativeLeptonPairAmplitude`) over `RadiativePhaseSpace`.
///
/// Method: two channels, X from the l+ or from the l- line, each mapping the unit cube with the
/// emitter's propagator flattened; a point is drawn from either with probability 1/2 and weighted
/// by f / [(g_1 + g_2) / 2] (Kleiss-Pittau multichannel). One VEGAS grid, shared by the two mirror
/// channels, adapts to the rest of the structure; then the grid is frozen and points are drawn
/// in batches until the requested precision is reached.
///
/// The same object generates weighted and unweighted events (four-vectors) from the frozen grid.
public struct RadiativeCrossSection: Sendable {
    public let amplitude: RadiativeLeptonPairAmplitude
    public let settings: MonteCarloSettings
    public let estimate: CrossSectionEstimate
    let phaseSpace: RadiativePhaseSpace
    let grid: VegasGrid
    /// 1 / flux times the GeV^-2 -> fb conversion.
    let normalisation: Double

    /// Integrates; `progress` receives the fraction of the work done (adaptation, then precision reached).
    public init(lepton: Lepton, boson: RadiatedBoson, bosonMass: Double,
                sqrtS: Double = PhysicalConstants.upsilon4SEnergy,
                settings: MonteCarloSettings = MonteCarloSettings(), progress: ((Double) -> Void)? = nil) {
        let amplitude = RadiativeLeptonPairAmplitude(lepton: lepton, boson: boson, bosonMass: bosonMass, sqrtS: sqrtS)
        let phaseSpace = RadiativePhaseSpace(sqrtS: sqrtS, leptonMass: lepton.mass, bosonMass: bosonMass)
        let beamMomentum = RadiativeLeptonPairAmplitude.beamMomenta(sqrtS: sqrtS).electron.pz
        let normalisation = PhysicalConstants.femtobarnPerInverseGeV2 / (4 * beamMomentum * sqrtS)
        var sampler = Sampler(amplitude: amplitude, phaseSpace: phaseSpace, normalisation: normalisation,
                              grid: VegasGrid(dimensions: RadiativePhaseSpace.dimensions, bins: settings.bins))
        var random = SplitMix64(seed: settings.seed)

        let adaptationShare = 0.3
        for iteration in 0 ..< settings.adaptationIterations {
            for _ in 0 ..< settings.callsPerIteration {
                _ = sampler.draw(&random, adapting: true)
            }
            sampler.grid.refine()
            progress?(adaptationShare * Double(iteration + 1) / Double(max(settings.adaptationIterations, 1)))
        }

        var sum = 0.0, sumOfSquares = 0.0, calls = 0, maximum = 0.0
        var result = CrossSectionEstimate(value: 0, error: .infinity, calls: 0, maximumWeight: 0)
        while calls < settings.maximumCalls {
            for _ in 0 ..< settings.callsPerIteration {
                let weight = sampler.draw(&random).weight
                sum += weight
                sumOfSquares += weight * weight
                maximum = Swift.max(maximum, weight)
            }
            calls += settings.callsPerIteration
            let mean = sum / Double(calls)
            let variance = Swift.max(0, sumOfSquares / Double(calls) - mean * mean)
            result = CrossSectionEstimate(value: mean, error: Double.sqrt(variance / Double(calls)), calls: calls, maximumWeight: maximum)
            let reached = result.relativeError <= settings.relativePrecision
            progress?(adaptationShare + (1 - adaptationShare)
                * Swift.min(1, reached ? 1 : Swift.max(Double(calls) / Double(settings.maximumCalls),
                                                     Double.pow(settings.relativePrecision / result.relativeError, 2))))
            if reached { break }
        }
        self.amplitude = amplitude
        self.settings = settings
        self.estimate = result
        self.phaseSpace = phaseSpace
        self.grid = sampler.grid
        self.normalisation = normalisation
    }

    var sampler: Sampler { Sampler(amplitude: amplitude, phaseSpace: phaseSpace, normalisation: normalisation, grid: grid) }

    /// `count` weighted events from the frozen grid; the weights (fb) average to the cross section.
    public func weightedEvents(count: Int, seed: UInt64) -> [(event: RadiativeEvent, weight: Double)] {
        var random = SplitMix64(seed: seed)
        var sampler = sampler
        return (0 ..< count).map { _ in sampler.draw(&random) }
    }

    /// `count` unweighted events by hit-or-miss against the largest weight of the integration.
    /// Also returns the fraction of candidate weights above that maximum (their events are kept
    /// with weight 1, a bias of that order on distributions).
    public func unweightedEvents(count: Int, seed: UInt64) -> (events: [RadiativeEvent], overweightFraction: Double) {
        var random = SplitMix64(seed: seed)
        var sampler = sampler
        var events: [RadiativeEvent] = []
        events.reserveCapacity(count)
        var candidates = 0, overweight = 0
        while events.count < count {
            let point = sampler.draw(&random)
            candidates += 1
            if point.weight > estimate.maximumWeight { overweight += 1 }
            if point.weight >= random.nextUniform() * estimate.maximumWeight { events.append(point.event) }
        }
        return (events, Double(overweight) / Double(candidates))
    }
}

/// Draws weighted points of the multichannel integrand. Holds its scratch arrays, so drawing
/// allocates nothing.
struct Sampler: Sendable {
    let amplitude: RadiativeLeptonPairAmplitude
    let phaseSpace: RadiativePhaseSpace
    let normalisation: Double
    var grid: VegasGrid
    private var uniforms = [Double](repeating: 0, count: RadiativePhaseSpace.dimensions)
    private var x = [Double](repeating: 0, count: RadiativePhaseSpace.dimensions)
    private var mirrored = [Double](repeating: 0, count: RadiativePhaseSpace.dimensions)
    private var indices = [Int](repeating: 0, count: RadiativePhaseSpace.dimensions)

    init(amplitude: RadiativeLeptonPairAmplitude, phaseSpace: RadiativePhaseSpace, normalisation: Double, grid: VegasGrid) {
        self.amplitude = amplitude
        self.phaseSpace = phaseSpace
        self.normalisation = normalisation
        self.grid = grid
    }

    /// One point: a channel, grid coordinates, momenta, and the weight f / g_multichannel in fb.
    /// With `adapting`, the squared weight is recorded in the grid bins of the point.
    mutating func draw(_ random: inout SplitMix64, adapting: Bool = false) -> (event: RadiativeEvent, weight: Double) {
        let emitterIsLeptonMinus = random.next() & 1 == 1
        for d in 0 ..< RadiativePhaseSpace.dimensions { uniforms[d] = random.nextUniform() }
        let grid = self.grid
        let gridDensity = uniforms.withUnsafeBufferPointer { y in
            x.withUnsafeMutableBufferPointer { x in
                indices.withUnsafeMutableBufferPointer { grid.map(y, into: x, indices: $0) }
            }
        }
        let point = x.withUnsafeBufferPointer { phaseSpace.momenta($0, emitterIsLeptonMinus: emitterIsLeptonMinus) }
        let otherJacobian = mirrored.withUnsafeMutableBufferPointer {
            phaseSpace.coordinates(leptonMinus: point.leptonMinus, leptonPlus: point.leptonPlus, boson: point.boson,
                                   emitterIsLeptonMinus: !emitterIsLeptonMinus, into: $0)
        }
        let otherDensity = mirrored.withUnsafeBufferPointer { grid.density(at: $0) }
        let density = 0.5 * gridDensity / point.jacobian + 0.5 * otherDensity / otherJacobian
        let f = amplitude.squaredAmplitude(leptonMinus: point.leptonMinus, leptonPlus: point.leptonPlus, boson: point.boson)
        var weight = normalisation * f / density
        if !weight.isFinite { weight = 0 }
        if adapting {
            indices.withUnsafeBufferPointer { self.grid.accumulate(indices: $0, squaredWeight: weight * weight) }
        }
        return (RadiativeEvent(leptonMinus: point.leptonMinus, leptonPlus: point.leptonPlus, boson: point.boson), weight)
    }
}
