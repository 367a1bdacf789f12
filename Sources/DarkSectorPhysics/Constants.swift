/// Physical constants and unit conversions, from docs/physics.md section 0.
///
/// Natural units (hbar = c = 1); energies, masses and widths in GeV.
public enum PhysicalConstants {
    /// Fine-structure constant in the Thomson limit, 1/137.035999.
    public static let alpha = 1 / 137.035999
    /// Higgs vacuum expectation value v = (sqrt 2 G_F)^-1/2, GeV.
    public static let higgsVEV = 246.22
    /// Electron mass, GeV (PDG).
    public static let electronMass = 0.51099895e-3
    /// Muon mass, GeV (PDG).
    public static let muonMass = 0.1056583755
    /// Tau mass, GeV (PDG 2024).
    public static let tauMass = 1.77693
    /// (hbar c)^2: 1 GeV^-2 = 3.893794e11 fb.
    public static let femtobarnPerInverseGeV2 = 3.893794e11
    /// hbar c in GeV m, for decay lengths c tau = hbar c / Gamma.
    public static let hbarCGeVMetres = 1.973269804e-16
    /// Charged-pion mass, GeV (PDG); A' -> hadrons opens at 2 m_pi.
    public static let chargedPionMass = 0.13957039
    /// hbar in GeV s, for lifetimes tau = hbar / Gamma.
    public static let hbarGeVSeconds = 6.582119569e-25
    /// Default centre-of-mass energy at the Upsilon(4S), GeV.
    public static let upsilon4SEnergy = 10.58
}

/// The charged leptons, with their masses.
public enum Lepton: String, Sendable, CaseIterable, Hashable {
    case electron = "e", muon = "mu", tau = "tau"

    /// Pole mass in GeV (PDG; see `PhysicalConstants`).
    public var mass: Double {
        switch self {
        case .electron: return PhysicalConstants.electronMass
        case .muon: return PhysicalConstants.muonMass
        case .tau: return PhysicalConstants.tauMass
        }
    }
}

/// A model with one coupling per charged lepton (the scalar's g_l, the ALP's c_ll).
public protocol LeptonCouplings {
    var electronCoupling: Double { get }
    var muonCoupling: Double { get }
    var tauCoupling: Double { get }
}

extension LeptonCouplings {
    /// The coupling to one lepton.
    public func coupling(_ lepton: Lepton) -> Double {
        switch lepton {
        case .electron: return electronCoupling
        case .muon: return muonCoupling
        case .tau: return tauCoupling
        }
    }
}
