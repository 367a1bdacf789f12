import DarkSectorPhysics
import RealModule

/// The map from the generators' centre-of-mass frame (electron beam along +z) to the Belle II
/// laboratory of `beams`: a rotation about y that turns +z onto the electron beam as the
/// centre-of-mass frame sees it, then the boost by the centre-of-mass velocity beta = P/E
/// (docs/physics.md section 5).
public struct LaboratoryFrame: Sendable {
    public let beams: BelleIIBeams
    let velocity: (x: Double, y: Double, z: Double)
    let cosine: Double
    let sine: Double

    public init(beams: BelleIIBeams) {
        self.beams = beams
        velocity = beams.boostVelocity
        let electron = beams.electron.boosted(into: velocity)
        let angle = Double.atan2(y: electron.px, x: electron.pz)
        cosine = Double.cos(angle)
        sine = Double.sin(angle)
    }

    /// A centre-of-mass four-vector seen in the laboratory.
    public func laboratory(_ p: FourVector) -> FourVector {
        let rotated = FourVector(e: p.e, px: p.px * cosine + p.pz * sine, py: p.py, pz: p.pz * cosine - p.px * sine)
        return rotated.boosted(into: (-velocity.x, -velocity.y, -velocity.z))
    }

    /// A laboratory four-vector seen in the centre-of-mass frame (the inverse of `laboratory`).
    public func centreOfMass(_ p: FourVector) -> FourVector {
        let boosted = p.boosted(into: velocity)
        return FourVector(e: boosted.e, px: boosted.px * cosine - boosted.pz * sine, py: boosted.py,
                          pz: boosted.pz * cosine + boosted.px * sine)
    }
}

extension FourVector {
    /// Polar angle to the +z (solenoid) axis, degrees.
    public var polarAngleDegrees: Double {
        Double.atan2(y: transverseMomentum, x: pz) * 180 / Double.pi
    }
}
