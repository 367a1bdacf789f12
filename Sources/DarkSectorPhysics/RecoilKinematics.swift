import RealModule

/// Recoil-mass kinematics of e+e- -> (mu+mu-) X (docs/physics.md section 5).
public enum RecoilKinematics {
    /// M_recoil^2 = (p_beams - p_pair)^2, GeV^2, in any frame.
    public static func recoilMassSquared(beams: FourVector, pair: FourVector) -> Double {
        (beams - pair).massSquared
    }

    /// M_recoil^2 = s - 2 sqrt(s) E*_pair + M_pair^2 from centre-of-mass quantities, GeV^2.
    public static func recoilMassSquared(sqrtS: Double, pairEnergy: Double, pairMass: Double) -> Double {
        sqrtS * sqrtS - 2 * sqrtS * pairEnergy + pairMass * pairMass
    }

    /// Centre-of-mass energy of the pair recoiling against a particle of mass M_X:
    /// E*_pair = (s + M_pair^2 - M_X^2) / (2 sqrt s), GeV.
    public static func pairEnergy(sqrtS: Double, pairMass: Double, recoilMass: Double) -> Double {
        (sqrtS * sqrtS + pairMass * pairMass - recoilMass * recoilMass) / (2 * sqrtS)
    }
}
