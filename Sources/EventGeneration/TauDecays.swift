import DarkSectorPhysics
import NumericalMethods
import RealModule

/// How a tau decays in the kit: the modes that give one charged track, each with its own
/// kinematics, and the rest (three or five prongs), which no four-track selection keeps.
public enum TauDecayMode: String, Sendable, CaseIterable, Hashable {
    /// tau -> e nu nu and tau -> mu nu nu: the V-A spectrum of the charged lepton.
    case electron, muon
    /// tau -> pi nu, tau -> K nu: two-body.
    case pion, kaon
    /// tau -> pi pi0 nu, through the rho(770).
    case rho
    /// tau -> h >= 2 pi0 nu and the remaining one-prong modes, through a_1(1260) -> rho pi0.
    case axialVector
    /// Three or more charged tracks.
    case multiProng
}

/// Branching fractions and masses of the tau decays (paper-data/reference/tau-decays, from the
/// PDG 2026 database through the PDG's Python API; see its PROVENANCE.md).
public struct TauDecayTable: Sendable, Hashable {
    /// Branching fraction of each mode; they add up to 1.
    public var branchingFractions: [TauDecayMode: Double]
    /// Masses, GeV.
    public var chargedPionMass: Double
    public var neutralPionMass: Double
    public var chargedKaonMass: Double
    public var rhoMass: Double
    public var axialVectorMass: Double

    /// PDG 2026: one-prong total S035.219, e nu nu S035.2, mu nu nu S035.1, pi nu S035.12,
    /// K nu S035.7, pi pi0 nu S035.16, h >= 2pi0 nu S035.19; the one-prong remainder joins
    /// the a_1 mode.
    public static let pdg2026: TauDecayTable = {
        let oneProng = 0.8523630666
        var fractions: [TauDecayMode: Double] = [
            .electron: 0.1784677289, .muon: 0.1736568957, .pion: 0.1081512536, .kaon: 0.00696539233,
            .rho: 0.2549309362,
        ]
        fractions[.axialVector] = oneProng - fractions.values.reduce(0, +)
        fractions[.multiProng] = 1 - oneProng
        return TauDecayTable(branchingFractions: fractions, chargedPionMass: 0.13957039098368132,
                             neutralPionMass: 0.1349768277676847, chargedKaonMass: 0.4936765994580406,
                             rhoMass: 0.7752611563582926, axialVectorMass: 1.23)
    }()

    /// The probability of exactly one charged track.
    public var oneProngFraction: Double { 1 - (branchingFractions[.multiProng] ?? 0) }
}

/// Decays taus into their charged daughter. Assumptions of the kit, stated: the tau is
/// unpolarised and the two taus of a pair are uncorrelated (each daughter is isotropic in its
/// tau's rest frame); the leptonic spectrum is the massless V-A one, dGamma/dx ∝ x^2 (3 - 2x) with
/// x = 2E/m_tau, cut at the lepton mass; resonances have their pole mass (no width).
public struct TauDecayer: Sendable {
    public let table: TauDecayTable
    let modes: [(mode: TauDecayMode, cumulative: Double)]

    public init(table: TauDecayTable = .pdg2026) {
        self.table = table
        var sum = 0.0
        modes = TauDecayMode.allCases.map { mode in
            sum += table.branchingFractions[mode] ?? 0
            return (mode, sum)
        }
    }

    /// A mode drawn with the table's branching fractions.
    public func mode(uniform u: Double) -> TauDecayMode {
        let total = modes.last?.cumulative ?? 1
        return modes.first { u * total < $0.cumulative }?.mode ?? .multiProng
    }

    /// The charged daughter of a tau with four-momentum `tau` (any frame), or nil for a
    /// multi-prong decay.
    public func chargedDaughter(of tau: FourVector, random: inout SplitMix64) -> (mode: TauDecayMode, track: FourVector)? {
        let mode = mode(uniform: random.nextUniform())
        let tauMass = PhysicalConstants.tauMass
        let rest: FourVector
        switch mode {
        case .multiProng:
            return nil
        case .electron, .muon:
            let leptonMass = mode == .electron ? PhysicalConstants.electronMass : PhysicalConstants.muonMass
            rest = TwoBodyDecay.isotropic(mass: leptonMass, momentum: Self.leptonMomentum(leptonMass: leptonMass, random: &random),
                                  random: &random)
        case .pion, .kaon:
            let hadronMass = mode == .pion ? table.chargedPionMass : table.chargedKaonMass
            rest = TwoBodyDecay.isotropic(mass: hadronMass, momentum: RadiativePhaseSpace.twoBodyMomentum(tauMass, hadronMass, 0),
                                          random: &random)
        case .rho:
            let rho = TwoBodyDecay.isotropic(mass: table.rhoMass, momentum: RadiativePhaseSpace.twoBodyMomentum(tauMass, table.rhoMass, 0),
                                             random: &random)
            rest = TwoBodyDecay.daughters(of: rho, table.chargedPionMass, table.neutralPionMass, random: &random).0
        case .axialVector:
            let a1 = TwoBodyDecay.isotropic(mass: table.axialVectorMass,
                                            momentum: RadiativePhaseSpace.twoBodyMomentum(tauMass, table.axialVectorMass, 0), random: &random)
            let rho = TwoBodyDecay.daughters(of: a1, table.rhoMass, table.neutralPionMass, random: &random).0
            rest = TwoBodyDecay.daughters(of: rho, table.chargedPionMass, table.neutralPionMass, random: &random).0
        }
        return (mode, TwoBodyDecay.fromRestFrame(rest, of: tau))
    }

    /// Charged-lepton momentum in the tau rest frame: x from x^2 (3 - 2x) on [2 m_l/m_tau, 1] by
    /// acceptance-rejection (the density's maximum on [0, 1] is 1, at x = 1).
    static func leptonMomentum(leptonMass: Double, random: inout SplitMix64) -> Double {
        let tauMass = PhysicalConstants.tauMass
        let lowest = 2 * leptonMass / tauMass
        while true {
            let x = lowest + (1 - lowest) * random.nextUniform()
            if random.nextUniform() <= x * x * (3 - 2 * x) {
                let energy = x * tauMass / 2
                return Double.sqrt(Swift.max(0, energy * energy - leptonMass * leptonMass))
            }
        }
    }
}
