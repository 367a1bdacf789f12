import DarkSectorPhysics
import RealModule

/// SuperKEKB beams as Belle II simulates them: the electron (HER) and positron (LER) beams in
/// the x-z plane, each at `halfCrossingAngle` to the solenoid axis (docs/physics.md
/// section 5, from basf2's beamparameters.py).
public struct BelleIIBeams: Sendable, Hashable {
    /// Electron (high-energy ring) energy, GeV.
    public var electronEnergy: Double
    /// Positron (low-energy ring) energy, GeV.
    public var positronEnergy: Double
    /// Half crossing angle, rad (41.5 mrad nominal).
    public var halfCrossingAngle: Double

    public init(electronEnergy: Double, positronEnergy: Double, halfCrossingAngle: Double = 0.0415) {
        self.electronEnergy = electronEnergy
        self.positronEnergy = positronEnergy
        self.halfCrossingAngle = halfCrossingAngle
    }

    /// Nominal SuperKEKB: 7 GeV e-, 4 GeV e+.
    public static let nominal = BelleIIBeams(electronEnergy: 7.0, positronEnergy: 4.0)
    /// basf2's "Y4S" preset: 7.004 GeV e-, 4.002 GeV e+.
    public static let upsilon4S = BelleIIBeams(electronEnergy: 7.004, positronEnergy: 4.002)

    /// Electron four-momentum: (E, p sin theta, 0, p cos theta) with theta = +halfCrossingAngle.
    public var electron: FourVector {
        let p = Double.sqrt(electronEnergy * electronEnergy - PhysicalConstants.electronMass * PhysicalConstants.electronMass)
        return FourVector(e: electronEnergy, px: p * Double.sin(halfCrossingAngle), py: 0, pz: p * Double.cos(halfCrossingAngle))
    }

    /// Positron four-momentum, at theta = pi - halfCrossingAngle.
    public var positron: FourVector {
        let p = Double.sqrt(positronEnergy * positronEnergy - PhysicalConstants.electronMass * PhysicalConstants.electronMass)
        let theta = Double.pi - halfCrossingAngle
        return FourVector(e: positronEnergy, px: p * Double.sin(theta), py: 0, pz: p * Double.cos(theta))
    }

    /// Total four-momentum of the collision in the laboratory.
    public var total: FourVector { electron + positron }

    /// Centre-of-mass energy sqrt(s), GeV.
    public var centreOfMassEnergy: Double { total.mass }

    /// Velocity of the centre-of-mass frame in the laboratory (beta = P / E).
    public var boostVelocity: (x: Double, y: Double, z: Double) { total.velocity }
}
