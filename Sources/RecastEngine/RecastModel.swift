import DarkSectorPhysics
import HEPDataTables

/// A model family with every parameter fixed except the coupling a search limits. `model(mass:
/// coupling:)` builds the point; the recast solves for the coupling.
public struct RecastModel: Sendable {
    public enum Family: String, Sendable, CaseIterable, Hashable {
        case lMuMinusLTau = "lmu-ltau", darkHiggs = "dark-higgs", scalar, alp, vector
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
        darkHiggs(solving: .product, darkHiggsMass: .ratio(massRatio))
    }

    /// What a dark-Higgs recast solves for: eps^2 alpha_D (A' without dark decays: the rate
    /// depends on nothing else), eps at a fixed alpha_D, or alpha_D at a fixed eps.
    public enum DarkHiggsUnknown: Sendable, Hashable {
        case product
        case epsilon(alphaD: Double)
        case alphaD(epsilon: Double)
    }

    /// M_h' as a fraction of M_A' or fixed in GeV.
    public enum DarkHiggsMass: Sendable, Hashable {
        case ratio(Double)
        case fixed(Double)
    }

    /// Dark photon + dark Higgs with the unknown `solving`, M_h' from `darkHiggsMass`, and
    /// optionally A' -> chi chi (g_chi = g_D, m_chi a fixed fraction of M_A'; not with the product,
    /// since BF(A' -> mu mu) then depends on eps and alpha_D separately). docs/physics.md 1.3-1.4.
    public static func darkHiggs(solving unknown: DarkHiggsUnknown, darkHiggsMass: DarkHiggsMass,
                                 darkMatter: DarkMatterState.Kind? = nil, darkMatterMassFraction: Double = 0) -> RecastModel {
        let name: String, fixed: String
        switch unknown {
        case .product: (name, fixed) = ("eps^2 alpha_D", "")
        case .epsilon(let alphaD): (name, fixed) = ("epsilon", ", alpha_D = \(short(alphaD))")
        case .alphaD(let epsilon): (name, fixed) = ("alpha_D", ", eps = \(short(epsilon))")
        }
        let massText: String
        switch darkHiggsMass {
        case .ratio(let ratio): massText = "M_h' = \(short(ratio)) M_A'"
        case .fixed(let value): massText = "M_h' = \(short(value)) GeV"
        }
        let darkText = darkMatter.map { ", A' -> chi chi (\($0.rawValue), g_chi = g_D, m_chi = \(short(darkMatterMassFraction)) M_A')" } ?? ""
        return RecastModel(family: .darkHiggs, couplingName: name, description: "dark Higgsstrahlung, \(massText)\(fixed)\(darkText)") { mass, value in
            let epsilon: Double, alphaD: Double
            switch unknown {
            case .product: (epsilon, alphaD) = (value.squareRoot(), 1)
            case .epsilon(let fixedAlpha): (epsilon, alphaD) = (value, fixedAlpha)
            case .alphaD(let fixedEpsilon): (epsilon, alphaD) = (fixedEpsilon, value)
            }
            let higgs: Double
            switch darkHiggsMass {
            case .ratio(let ratio): higgs = ratio * mass
            case .fixed(let value): higgs = value
            }
            return .darkHiggs(DarkHiggsModel(epsilon: epsilon, alphaD: alphaD, darkPhotonMass: mass, darkHiggsMass: higgs,
                                             darkMatter: darkMatter, darkMatterMass: darkMatterMassFraction * mass,
                                             radiatedFromLeptons: { if case .epsilon = unknown { true } else { false } }()))
        }
    }

    /// The invisible sector of a vector model: none, a fixed BF(invisible), or dark matter with
    /// g_chi fixed or a fixed multiple of g, m_chi a fixed fraction of M.
    public enum VectorInvisible: Sendable, Hashable {
        case none
        case branchingFraction(Double)
        case darkMatter(DarkMatterState.Kind, coupling: Double, scalesWithG: Bool, massFraction: Double)
    }

    /// A vector with lepton charges (x_V, x_A, x_nu) and hadronic charge as written, times the
    /// overall g the recast solves for. The limit is on `quoted`: "g" itself, or "g x_mu_V"-style
    /// (g times the charge named, whose value `quotedCharge` is). `name` names the preset in the
    /// description (docs/physics.md 10).
    public static func vector(charges: LeptonCharges, hadronicCharge: Double = 0, invisible: VectorInvisible = .none,
                              couplingName: String = "g", quotedCharge: Double = 1, name: String = "vector") -> RecastModel {
        var parts: [String] = []
        for (key, value) in zip(VectorChargeKey.allCases, charges.all) where value != 0 { parts.append("\(key.rawValue) = \(short(value))") }
        if hadronicCharge != 0 { parts.append("x_had = \(short(hadronicCharge))") }
        var text = "\(name), " + (parts.isEmpty ? "no charges" : parts.joined(separator: ", "))
        switch invisible {
        case .none: break
        case .branchingFraction(let fraction): text += ", BF(X -> invisible) = \(short(fraction)) (or the neutrino-only value where larger)"
        case .darkMatter(let kind, let gChi, let scales, let fraction):
            text += ", \(kind.rawValue) dark matter, g_chi = \(short(gChi))\(scales ? " g" : ""), m_chi = \(short(fraction)) M"
        }
        return RecastModel(family: .vector, couplingName: couplingName, description: text) { mass, value in
            let g = value / quotedCharge
            var boson = LeptonicVectorBoson(mass: mass, coupling: g, charges: charges, hadronicCharge: hadronicCharge)
            switch invisible {
            case .none: break
            case .branchingFraction(let fraction):
                let minimal = boson.minimalInvisibleBranchingFraction ?? 0
                boson.darkSector = .invisibleBranchingFraction(Swift.max(fraction, minimal))
            case .darkMatter(let kind, let gChi, let scales, let fraction):
                boson.darkSector = .state(DarkMatterState(kind: kind, coupling: scales ? gChi * g : gChi, mass: fraction * mass))
            }
            return .vector(boson)
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

/// The charges of the vector family, as card keys and (with '-' for '_') `widths` options, in
/// the order of `LeptonCharges.all`.
public enum VectorChargeKey: String, Sendable, CaseIterable, Hashable {
    case eV = "x_e_V", eA = "x_e_A", muV = "x_mu_V", muA = "x_mu_A", tauV = "x_tau_V", tauA = "x_tau_A",
         nuE = "x_nu_e", nuMu = "x_nu_mu", nuTau = "x_nu_tau"

    /// Charges from values keyed by these names (absent = 0).
    public static func charges(_ values: [VectorChargeKey: Double]) -> LeptonCharges {
        LeptonCharges(electronVector: values[.eV] ?? 0, electronAxial: values[.eA] ?? 0, muonVector: values[.muV] ?? 0,
                      muonAxial: values[.muA] ?? 0, tauVector: values[.tauV] ?? 0, tauAxial: values[.tauA] ?? 0,
                      electronNeutrino: values[.nuE] ?? 0, muonNeutrino: values[.nuMu] ?? 0, tauNeutrino: values[.nuTau] ?? 0)
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
