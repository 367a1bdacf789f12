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

    static let sameForAllModels = "taken as 1; assumed equal for all signal models at the same mass, so it cancels in efficiency ratios"
}

/// A search's published selection, applied to laboratory events.
public protocol SignalSelection: Sendable {
    /// The search it belongs to (card id).
    var searchID: String { get }
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
    public var searchID: String
    public var minimumPairTransverseMomentum: Double
    public var acceptance: BelleIIAcceptance
    /// The resolution w(M) of M_recoil^2 and the half-width of the window in units of w.
    public var recoilWindow: (@Sendable (Double) -> Double, sigmas: Double)?
    public var unpublishedFactors: [UnpublishedFactor]

    public init(searchID: String, minimumPairTransverseMomentum: Double, acceptance: BelleIIAcceptance = .basf2,
                recoilWindow: (@Sendable (Double) -> Double, sigmas: Double)? = nil,
                unpublishedFactors: [UnpublishedFactor]) {
        self.searchID = searchID
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

    /// The Z' -> invisible search of arXiv:2212.03066 as the talk gives it: p_T^mumu > 0.4 GeV, recoil
    /// in the ECL barrel; the mass window of the Punzi-net example (+- 2 w in M_recoil^2).
    public static func zPrimeInvisible2022(resolution: @escaping @Sendable (Double) -> Double) -> DimuonRecoilSelection {
        DimuonRecoilSelection(
            searchID: "BelleII_Zp_invisible_2022", minimumPairTransverseMomentum: 0.4,
            recoilWindow: (resolution, 2),
            unpublishedFactors: [
                UnpublishedFactor("Punzi-net neural-network selection", assumption: UnpublishedFactor.sameForAllModels),
                UnpublishedFactor("photon veto (no nearby photon)", assumption: "Born-level events have no photons; " + UnpublishedFactor.sameForAllModels),
                UnpublishedFactor("two-track trigger", assumption: UnpublishedFactor.sameForAllModels),
            ])
    }

    /// The dark Higgsstrahlung search of arXiv:2207.00509 as the talk gives it: p_T^mumu > 0.1 GeV,
    /// recoil in the ECL barrel.
    public static let darkHiggsstrahlung2022 = DimuonRecoilSelection(
        searchID: "BelleII_DarkHiggsstrahlung_2022", minimumPairTransverseMomentum: 0.1,
        unpublishedFactors: [
            UnpublishedFactor("helicity-angle cut", assumption: "its value is not in the talk; taken as 1 (it removes part of the signal, so the efficiencies are upper bounds)"),
            UnpublishedFactor("elliptical (M_mumu, M_recoil) window efficiency", assumption: UnpublishedFactor.sameForAllModels),
            UnpublishedFactor("photon veto (no nearby photon)", assumption: "Born-level events have no photons; taken as 1"),
            UnpublishedFactor("two-track trigger", assumption: "taken as 1"),
        ])
}

/// Four tracks: the two muons (identified) and one track from each tau (tracked), with the
/// four-track invariant mass below a maximum.
public struct FourTrackSelection: SignalSelection {
    public var searchID: String
    public var maximumFourTrackMass: Double
    public var acceptance: BelleIIAcceptance
    public var unpublishedFactors: [UnpublishedFactor]

    public init(searchID: String, maximumFourTrackMass: Double, acceptance: BelleIIAcceptance = .basf2,
                unpublishedFactors: [UnpublishedFactor]) {
        self.searchID = searchID
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

    /// The tau-tau resonance search of arXiv:2306.12294 as the talk gives it.
    public static let tauTau2023 = FourTrackSelection(
        searchID: "BelleII_TauTauResonance_2023", maximumFourTrackMass: 9.5,
        unpublishedFactors: [
            UnpublishedFactor("neural-network (MLP) selections, 8 recoil-mass ranges", assumption: UnpublishedFactor.sameForAllModels),
            UnpublishedFactor("three-track or single-muon trigger", assumption: UnpublishedFactor.sameForAllModels),
            UnpublishedFactor("particle identification of the tau daughters", assumption: UnpublishedFactor.sameForAllModels),
        ])
}
