import DarkSectorPhysics
import NumericalMethods
import RealModule

/// Isotropic two-body decays of the signal simulation (tau decays, X -> tau tau, A' -> mu mu).
enum TwoBodyDecay {
    /// A particle of `mass` and `momentum` in a direction uniform on the sphere (two uniforms:
    /// cos(theta), then phi).
    static func isotropic(mass: Double, momentum: Double, random: inout SplitMix64) -> FourVector {
        let cosine = 2 * random.nextUniform() - 1
        let phi = 2 * Double.pi * random.nextUniform()
        let sine = Double.sqrt(Swift.max(0, 1 - cosine * cosine))
        return FourVector(mass: mass, px: momentum * sine * Double.cos(phi), py: momentum * sine * Double.sin(phi),
                          pz: momentum * cosine)
    }

    /// The daughters (masses m1, m2) of `parent` (any frame), back to back and isotropic in its
    /// rest frame.
    static func daughters(of parent: FourVector, _ m1: Double, _ m2: Double,
                          random: inout SplitMix64) -> (FourVector, FourVector) {
        let first = isotropic(mass: m1, momentum: RadiativePhaseSpace.twoBodyMomentum(parent.mass, m1, m2), random: &random)
        let second = FourVector(mass: m2, px: -first.px, py: -first.py, pz: -first.pz)
        return (fromRestFrame(first, of: parent), fromRestFrame(second, of: parent))
    }

    /// `p`, given in the rest frame of `parent`, in the frame where `parent` is given.
    static func fromRestFrame(_ p: FourVector, of parent: FourVector) -> FourVector {
        let v = parent.velocity
        return p.boosted(into: (-v.x, -v.y, -v.z))
    }
}
