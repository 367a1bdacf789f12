import DarkSectorPhysics
import NumericalMethods
import RealModule

/// A signal event in the laboratory: the two muons from the production and the other charged
/// tracks (the one-prong tau daughters); `isComplete` is false when a tau gave several prongs.
public struct LaboratoryEvent: Sendable {
    public var muonMinus: FourVector
    public var muonPlus: FourVector
    public var otherTracks: [FourVector]
    public var isComplete: Bool

    public init(muonMinus: FourVector, muonPlus: FourVector, otherTracks: [FourVector] = [], isComplete: Bool = true) {
        self.muonMinus = muonMinus
        self.muonPlus = muonPlus
        self.otherTracks = otherTracks
        self.isComplete = isComplete
    }
}

/// A cut of the analysis that the talk does not publish. It enters every efficiency as a factor of
/// 1, named, with the assumption that makes 1 harmless: the factor is the same for every signal
/// model at the same mass, so it cancels in efficiency ratios.
public struct UnpublishedFactor: Sendable, Hashable {
    public var name: String
    public var assumption: String

    public init(_ name: String, assumption: String) {
        self.name = name
        self.assumption = assumption
    }

    /// The assumption of a cut that is the same for every model (card keyword `same_for_all_models`).
    public static let sameForAllModels = "taken as 1; assumed equal for all signal models at the same mass, so it cancels in efficiency ratios"
}

/// A search's published selection, applied to laboratory events.
public protocol SignalSelection: Sendable {
    /// The selection as the kit applies it, in words, for the output header.
    var summary: [String] { get }
    /// The cuts it cannot apply.
    var unpublishedFactors: [UnpublishedFactor] { get }
    /// Whether the event passes, for signal mass `mass` (GeV); `random` smears what the selection
    /// smears.
    func accepts(_ event: LaboratoryEvent, mass: Double, frame: LaboratoryFrame, random: inout SplitMix64) -> Bool
}

/// Two identified muons and a recoil (the invisible system) pointing into the ECL barrel, with a
/// minimum transverse momentum of the muon pair in the centre-of-mass frame; optionally the
/// recoil-mass-squared window |M_recoil^2 - M^2| < n w(M) of a resolution w (GeV^2), where the
/// recoil mass is smeared by a Gaussian of width w.
public struct DimuonRecoilSelection: SignalSelection {
    public var minimumPairTransverseMomentum: Double
    public var acceptance: BelleIIAcceptance
    /// The resolution w(M) of M_recoil^2 and the half-width of the window in units of w.
    public var recoilWindow: (@Sendable (Double) -> Double, sigmas: Double)?
    public var unpublishedFactors: [UnpublishedFactor]

    public init(minimumPairTransverseMomentum: Double, acceptance: BelleIIAcceptance = .basf2,
                recoilWindow: (@Sendable (Double) -> Double, sigmas: Double)? = nil,
                unpublishedFactors: [UnpublishedFactor]) {
        self.minimumPairTransverseMomentum = minimumPairTransverseMomentum
        self.acceptance = acceptance
        self.recoilWindow = recoilWindow
        self.unpublishedFactors = unpublishedFactors
    }

    public var summary: [String] {
        var lines = [
            "two muons, each tracked (CDC 17-150 deg) and reaching the KLM (endcaps, or barrel with p_T > 0.6 GeV)",
            "p_T of the muon pair in the centre-of-mass frame > \(minimumPairTransverseMomentum) GeV",
            "recoil momentum (laboratory) in the ECL barrel, 32.2-128.7 deg",
        ]
        if let window = recoilWindow {
            lines.append("M_recoil^2 smeared by the resolution w(M) and inside M^2 +- \(window.sigmas) w(M)")
        }
        return lines
    }

    public func accepts(_ event: LaboratoryEvent, mass: Double, frame: LaboratoryFrame, random: inout SplitMix64) -> Bool {
        guard event.isComplete, acceptance.isIdentifiedMuon(event.muonMinus), acceptance.isIdentifiedMuon(event.muonPlus)
        else { return false }
        let pair = event.muonMinus + event.muonPlus
        guard frame.centreOfMass(pair).transverseMomentum > minimumPairTransverseMomentum else { return false }
        let recoil = frame.beams.total - pair
        guard acceptance.pointsIntoECLBarrel(recoil) else { return false }
        guard let (resolution, sigmas) = recoilWindow else { return true }
        let width = resolution(mass)
        let smeared = recoil.massSquared + width * random.nextNormal()
        return Swift.abs(smeared - mass * mass) < sigmas * width
    }
}

/// Four tracks: the two muons (identified) and one track from each tau (tracked), with the
/// four-track invariant mass below a maximum.
public struct FourTrackSelection: SignalSelection {
    public var maximumFourTrackMass: Double
    public var acceptance: BelleIIAcceptance
    public var unpublishedFactors: [UnpublishedFactor]

    public init(maximumFourTrackMass: Double, acceptance: BelleIIAcceptance = .basf2,
                unpublishedFactors: [UnpublishedFactor]) {
        self.maximumFourTrackMass = maximumFourTrackMass
        self.acceptance = acceptance
        self.unpublishedFactors = unpublishedFactors
    }

    public var summary: [String] {
        [
            "two muons, each tracked (CDC 17-150 deg) and reaching the KLM (endcaps, or barrel with p_T > 0.6 GeV)",
            "both taus decay to one charged track (PDG 2026 one-prong fraction), each tracked (CDC 17-150 deg)",
            "M(4 tracks) < \(maximumFourTrackMass) GeV",
        ]
    }

    public func accepts(_ event: LaboratoryEvent, mass: Double, frame: LaboratoryFrame, random: inout SplitMix64) -> Bool {
        guard event.isComplete, event.otherTracks.count == 2,
              acceptance.isIdentifiedMuon(event.muonMinus), acceptance.isIdentifiedMuon(event.muonPlus),
              event.otherTracks.allSatisfy(acceptance.isTracked)
        else { return false }
        let total = event.otherTracks.reduce(event.muonMinus + event.muonPlus, +)
        return total.mass < maximumFourTrackMass
    }
}
