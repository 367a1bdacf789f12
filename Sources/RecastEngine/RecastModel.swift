import DarkSectorPhysics
import HEPDataTables

/// A model family with every parameter fixed except the coupling a search limits. `model(mass:
/// coupling:)` builds the point; the recast solves for the coupling.
public struct RecastModel: Sendable {
    public enum Family: String, Sendable, CaseIterable, Hashable {
        case lMuMinusLTau = "lmu-ltau", darkHiggs = "dark-higgs", scalar, alp
    }

    public var family: Family
    /// What the limit is on, e.g. "g'", "eps^2 alpha_D", "xi", "C_ll / Lambda [1/GeV]".
    public var couplingName: String
    /// The fixed parameters, for output ("BF(Z' -> invisible) = 1", "M_h' = 0.2 M_A'", ...).
    public var description: String
    let build: @Sendable (_ mass: Double, _ coupling: Double) -> DarkSectorModel

    public init(family: Family, couplingName: String, description: String,
                build: @escaping @Sendable (_ mass: Double, _ coupling: Double) -> DarkSectorModel) {
        self.family = family
        self.couplingName = couplingName
        self.description = description
        self.build = build
    }

    public func model(mass: Double, coupling: Double) -> DarkSectorModel { build(mass, coupling) }

    /// The largest vertex coupling the recast's root search looks at. Far above the perturbative
    /// bound on purpose: a limit there is reported with its validity flag, not dropped
    /// (docs/recast-validity.md).
    public static let solverCeilingCoupling = 100.0

    /// The value of this model's coupling parameter at which its largest vertex coupling reaches
    /// `solverCeilingCoupling` (vertex couplings grow linearly with the parameter, or stay fixed).
    public func solverCeiling(mass: Double) -> Double {
        let unit = model(mass: mass, coupling: 1).largestCoupling
        return unit > 0 && unit.isFinite ? Self.solverCeilingCoupling / unit : Self.solverCeilingCoupling
    }

    // MARK: The benchmark models

    /// L_mu - L_tau with the model's own invisible width (neutrinos only).
    public static let lMuMinusLTau = RecastModel(
        family: .lMuMinusLTau, couplingName: "g'", description: "L_mu - L_tau, BF(Z' -> invisible) from the model (neutrinos)"
    ) { .lMuMinusLTau(LMuMinusLTauBoson(mass: $0, coupling: $1)) }

    /// L_mu - L_tau with a chosen BF(Z' -> invisible) (1 = fully invisible).
    public static func lMuMinusLTau(invisibleBranchingFraction fraction: Double) -> RecastModel {
        RecastModel(family: .lMuMinusLTau, couplingName: "g'",
                    description: "L_mu - L_tau, BF(Z' -> invisible) = \(short(fraction)) (or the neutrino-only value where larger)") { mass, g in
            let minimal = LMuMinusLTauBoson(mass: mass, coupling: g).minimalInvisibleBranchingFraction
            return .lMuMinusLTau(LMuMinusLTauBoson(mass: mass, coupling: g,
                                                   darkSector: .invisibleBranchingFraction(Swift.max(fraction, minimal))))
        }
    }

    /// L_mu - L_tau with a dark-matter state: g_chi either fixed or a fixed multiple of g', and
    /// m_chi a fixed fraction of M_Z'.
    public static func lMuMinusLTau(darkMatter kind: DarkMatterState.Kind, coupling gChi: Double, scalesWithGPrime: Bool,
                                    massFraction: Double) -> RecastModel {
        let couplingText = scalesWithGPrime ? "g_chi = \(short(gChi)) g'" : "g_chi = \(short(gChi))"
        return RecastModel(family: .lMuMinusLTau, couplingName: "g'",
                           description: "L_mu - L_tau with \(kind.rawValue) dark matter, \(couplingText), m_chi = \(short(massFraction)) M_Z'") { mass, g in
            let chi = DarkMatterState(kind: kind, coupling: scalesWithGPrime ? gChi * g : gChi, mass: massFraction * mass)
            return .lMuMinusLTau(LMuMinusLTauBoson(mass: mass, coupling: g, darkSector: .state(chi)))
        }
    }

    /// Dark photon + dark Higgs; the limit is on eps^2 alpha_D (sigma and BF depend on nothing
    /// else), with M_h' a fixed fraction of M_A'.
    public static func darkHiggs(massRatio: Double) -> RecastModel {
        RecastModel(family: .darkHiggs, couplingName: "eps^2 alpha_D", description: "dark Higgsstrahlung, M_h' = \(short(massRatio)) M_A'") { mass, product in
            .darkHiggs(DarkHiggsModel(epsilon: product.squareRoot(), alphaD: 1, darkPhotonMass: mass, darkHiggsMass: massRatio * mass))
        }
    }

    /// Leptophilic Higgs-portal scalar, g_l = xi m_l / v; the limit is on xi.
    public static let leptophilicScalar = RecastModel(
        family: .scalar, couplingName: "xi", description: "leptophilic scalar, g_l = xi m_l / v"
    ) { .leptophilicScalar(LeptophilicScalar(mass: $0, xi: $1)) }

    /// Scalar coupling to muons only; the limit is on g_S = g_mu.
    public static let muonphilicScalar = RecastModel(
        family: .scalar, couplingName: "g_S", description: "muonphilic scalar, g_mu = g_S, g_e = g_tau = 0"
    ) { .leptophilicScalar(LeptophilicScalar(mass: $0, electronCoupling: 0, muonCoupling: $1, tauCoupling: 0)) }

    /// A scalar with couplings g_e, g_mu, g_tau as written; the recast scales all three by one
    /// factor and the limit is on the `quoted` one ("g_mu", "g_tau" or "g_e").
    public static func scalar(electron: Double, muon: Double, tau: Double, quoted: String) -> RecastModel {
        let couplings: [String: Double] = ["g_e": electron, "g_mu": muon, "g_tau": tau]
        let reference = couplings[quoted] ?? 1
        return RecastModel(family: .scalar, couplingName: quoted,
                           description: "scalar, g_e : g_mu : g_tau = \(short(electron)) : \(short(muon)) : \(short(tau))") { mass, g in
            let factor = g / reference
            return .leptophilicScalar(LeptophilicScalar(mass: mass, electronCoupling: factor * electron, muonCoupling: factor * muon,
                                                        tauCoupling: factor * tau))
        }
    }

    /// An ALP with C_ee, C_mumu, C_tautau, C_gammagamma and Lambda (GeV) as written; the recast
    /// scales the four C by one factor and the limit is on the `quoted` C ("C_mumu", ...) over
    /// Lambda, in 1/GeV.
    public static func alp(electron: Double, muon: Double, tau: Double, photon: Double, scale: Double, quoted: String) -> RecastModel {
        let couplings: [String: Double] = ["C_ee": electron, "C_mumu": muon, "C_tautau": tau]
        let reference = couplings[quoted] ?? 1
        return RecastModel(family: .alp, couplingName: "\(quoted) / Lambda [1/GeV]",
                           description: "ALP, C_ee : C_mumu : C_tautau : C_gammagamma = \(short(electron)) : \(short(muon)) : \(short(tau)) : \(short(photon)), "
                            + "Lambda = \(short(scale)) GeV") { mass, limit in
            // limit = C_quoted' / Lambda after scaling: factor = limit Lambda / C_quoted.
            let factor = limit * scale / reference
            return .axionLikeParticle(AxionLikeParticle(mass: mass, electronCoupling: factor * electron, muonCoupling: factor * muon,
                                                        tauCoupling: factor * tau, photonCoupling: factor * photon, scale: scale))
        }
    }

    /// ALP with lepton couplings in fixed ratios (c_ee : c_mumu : c_tautau) and C_gammagamma = ratio x c_mumu;
    /// the limit is on c_mumu / Lambda in GeV^-1 (Lambda fixed at 1000 GeV, which only sets units).
    public static func alp(electronRatio: Double = 1, tauRatio: Double = 1, photonRatio: Double = 0) -> RecastModel {
        RecastModel(family: .alp, couplingName: "C_mumu / Lambda [1/GeV]",
                    description: "ALP, C_ee : C_mumu : C_tautau = \(short(electronRatio)) : 1 : \(short(tauRatio)), C_gammagamma = \(short(photonRatio)) C_mumu") { mass, ratio in
            let c = ratio * 1000
            return .axionLikeParticle(AxionLikeParticle(mass: mass, electronCoupling: electronRatio * c, muonCoupling: c,
                                                        tauCoupling: tauRatio * c, photonCoupling: photonRatio * c, scale: 1000))
        }
    }
}

/// A parameter for a description: at most 3 significant digits, trailing zeros dropped.
func short(_ value: Double) -> String {
    var text = SignificantDigits.format(value, digits: 3)
    if text.contains("."), !text.contains("e") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text
}
