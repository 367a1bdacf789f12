import DarkSectorPhysics

/// Where Belle II sees a particle, as basf2 defines it (belle2/basf2,
/// `analysis/variables/src/AcceptanceVariables.cc`, commit 00455f31): polar angles in degrees in
/// the laboratory, open intervals, transverse momenta in GeV.
///
/// The kit's assumptions, stated: a charged track is reconstructed when it is in the drift chamber
/// (CDC) acceptance, with no momentum threshold; a muon is identified when it reaches the KLM
/// (basf2's `inKLMAcceptance`: the endcaps, or the barrel with p_T > 0.6 GeV), with no further
/// identification efficiency.
public struct BelleIIAcceptance: Sendable, Hashable {
    /// CDC acceptance, 17 < theta < 150.
    public var trackingPolarAngle: ClosedRange<Double>
    /// ECL barrel, 32.2 < theta < 128.7.
    public var eclBarrelPolarAngle: ClosedRange<Double>
    /// KLM endcap regions (forward endcap and overlap, backward overlap and endcap): 18-47 and 122-155.
    public var klmEndcapPolarAngles: [ClosedRange<Double>]
    /// KLM barrel, 47 < theta < 122 (the overlaps count as endcap, as in basf2).
    public var klmBarrelPolarAngle: ClosedRange<Double>
    /// Transverse momentum a track needs to reach the KLM barrel, 0.6 GeV.
    public var klmBarrelMinimumTransverseMomentum: Double

    public init(trackingPolarAngle: ClosedRange<Double>, eclBarrelPolarAngle: ClosedRange<Double>,
                klmEndcapPolarAngles: [ClosedRange<Double>], klmBarrelPolarAngle: ClosedRange<Double>,
                klmBarrelMinimumTransverseMomentum: Double) {
        self.trackingPolarAngle = trackingPolarAngle
        self.eclBarrelPolarAngle = eclBarrelPolarAngle
        self.klmEndcapPolarAngles = klmEndcapPolarAngles
        self.klmBarrelPolarAngle = klmBarrelPolarAngle
        self.klmBarrelMinimumTransverseMomentum = klmBarrelMinimumTransverseMomentum
    }

    /// basf2's acceptance variables.
    public static let basf2 = BelleIIAcceptance(
        trackingPolarAngle: 17 ... 150, eclBarrelPolarAngle: 32.2 ... 128.7,
        klmEndcapPolarAngles: [18 ... 47, 122 ... 155], klmBarrelPolarAngle: 47 ... 122,
        klmBarrelMinimumTransverseMomentum: 0.6)

    /// Whether a charged particle (laboratory four-vector) is reconstructed as a track.
    public func isTracked(_ p: FourVector) -> Bool {
        Self.inside(p.polarAngleDegrees, trackingPolarAngle)
    }

    /// Whether a direction (laboratory momentum) points into the ECL barrel.
    public func pointsIntoECLBarrel(_ p: FourVector) -> Bool {
        Self.inside(p.polarAngleDegrees, eclBarrelPolarAngle)
    }

    /// Whether a track is identified as a muon: tracked and reaching the KLM.
    public func isIdentifiedMuon(_ p: FourVector) -> Bool {
        guard isTracked(p) else { return false }
        let theta = p.polarAngleDegrees
        if klmEndcapPolarAngles.contains(where: { Self.inside(theta, $0) }) { return true }
        return Self.inside(theta, klmBarrelPolarAngle) && p.transverseMomentum > klmBarrelMinimumTransverseMomentum
    }

    /// theta in the open interval (low, high).
    static func inside(_ theta: Double, _ range: ClosedRange<Double>) -> Bool {
        theta > range.lowerBound && theta < range.upperBound
    }
}
