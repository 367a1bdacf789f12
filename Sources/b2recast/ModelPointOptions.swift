import ArgumentParser
import DarkSectorPhysics
import HEPDataTables
import RecastEngine

/// The model options of `widths` and `xsec`: one parameter point of a model family, with the
/// names of the model-card keys ('-' for '_'; docs/model-cards.md). Every value is checked
/// against its range (`InputRange`, and `ModelInputRule` for the fields cards share) before a
/// model is built: the physics initialisers trap on what they cannot evaluate.
struct ModelPointOptions: ParsableArguments {
    enum Model: String, ExpressibleByArgument, CaseIterable {
        case darkPhoton = "dark-photon", darkHiggs = "dark-higgs", lMuMinusLTau = "lmu-ltau", scalar, alp, vector
    }

    enum VectorPreset: String, ExpressibleByArgument, CaseIterable {
        case darkPhoton = "dark-photon", lMuMinusLTau = "lmu-ltau"
    }

    @Option(help: "dark-photon, dark-higgs, lmu-ltau, scalar, alp or vector.") var model: Model?
    @Option(parsing: .unconditional, help: "Mass of the boson (A', Z', S, a or X), GeV.") var mass: Double
    @Option(parsing: .unconditional, help: "Kinetic mixing eps.") var epsilon: Double?
    @Option(name: .customLong("alpha-D"), parsing: .unconditional, help: "alpha_D = g_D^2 / (4 pi).") var alphaD: Double?
    @Option(name: .customLong("dark-higgs-mass"), parsing: .unconditional, help: "M_h', GeV.") var darkHiggsMass: Double?
    @Option(name: .customLong("g-prime"), parsing: .unconditional, help: "L_mu - L_tau coupling g'.") var gPrime: Double?
    @Option(name: .customLong("dark-matter"), help: "dirac, majorana or scalar.") var darkMatter: DarkMatterState.Kind?
    @Option(name: .customLong("g-chi"), parsing: .unconditional, help: "Dark-matter coupling g_chi.") var gChi: Double?
    @Option(name: .customLong("m-chi"), parsing: .unconditional, help: "Dark-matter mass, GeV.") var mChi: Double?
    @Option(name: .customLong("bf-invisible"), parsing: .unconditional, help: "A chosen BF(Z' -> invisible).") var bfInvisible: Double?
    @Option(parsing: .unconditional, help: "Leptophilic Higgs-portal xi (g_l = xi m_l / v).") var xi: Double?
    @Option(name: .customLong("g-e"), parsing: .unconditional, help: "Scalar coupling to electrons.") var gE: Double?
    @Option(name: .customLong("g-mu"), parsing: .unconditional, help: "Scalar coupling to muons.") var gMu: Double?
    @Option(name: .customLong("g-tau"), parsing: .unconditional, help: "Scalar coupling to taus.") var gTau: Double?
    @Option(name: .customLong("C-ee"), parsing: .unconditional, help: "ALP coupling c_ee.") var cee: Double = 0
    @Option(name: .customLong("C-mumu"), parsing: .unconditional, help: "ALP coupling c_mumu.") var cmumu: Double = 0
    @Option(name: .customLong("C-tautau"), parsing: .unconditional, help: "ALP coupling c_tautau.") var ctautau: Double = 0
    @Option(name: .customLong("C-gammagamma"), parsing: .unconditional, help: "ALP photon coupling C_gammagamma.") var cgammagamma: Double = 0
    @Option(name: .customLong("Lambda"), parsing: .unconditional, help: "ALP scale Lambda, GeV.") var scale: Double = 1000
    @Option(name: .customLong("dark-higgs-mass-over-mass"), parsing: .unconditional, help: "M_h' / M_A'.") var darkHiggsMassRatio: Double?
    @Option(name: .customLong("m-chi-over-mass"), parsing: .unconditional, help: "m_chi / M (instead of --m-chi).") var mChiRatio: Double?
    @Option(help: "Vector charges of a preset: dark-photon (x_f = e Q_f, hadrons from the R ratio) or lmu-ltau.") var preset: VectorPreset?
    @Option(name: .customLong("g"), parsing: .unconditional, help: "The vector's overall coupling g (eps for the dark-photon preset, g' for lmu-ltau).") var g: Double?
    @Option(name: .customLong("x-e-V"), parsing: .unconditional, help: "Vector charge of the electron.") var xeV: Double = 0
    @Option(name: .customLong("x-e-A"), parsing: .unconditional, help: "Axial charge of the electron.") var xeA: Double = 0
    @Option(name: .customLong("x-mu-V"), parsing: .unconditional, help: "Vector charge of the muon.") var xmuV: Double = 0
    @Option(name: .customLong("x-mu-A"), parsing: .unconditional, help: "Axial charge of the muon.") var xmuA: Double = 0
    @Option(name: .customLong("x-tau-V"), parsing: .unconditional, help: "Vector charge of the tau.") var xtauV: Double = 0
    @Option(name: .customLong("x-tau-A"), parsing: .unconditional, help: "Axial charge of the tau.") var xtauA: Double = 0
    @Option(name: .customLong("x-nu-e"), parsing: .unconditional, help: "Charge of the (left-handed) nu_e.") var xnue: Double = 0
    @Option(name: .customLong("x-nu-mu"), parsing: .unconditional, help: "Charge of the (left-handed) nu_mu.") var xnumu: Double = 0
    @Option(name: .customLong("x-nu-tau"), parsing: .unconditional, help: "Charge of the (left-handed) nu_tau.") var xnutau: Double = 0

    /// Every numeric option against its `InputRange` before any model is built: the physics
    /// initialisers trap on what they cannot evaluate.
    func validate() throws {
        try InputRange.bosonMass.check(mass, option: "mass")
        // Options of other models are ignored, but still never reach a formula unchecked.
        for (value, flag, range) in [(epsilon, "epsilon", InputRange.bosonCoupling), (alphaD, "alpha-D", .alphaD),
                                     (darkHiggsMass, "dark-higgs-mass", .lightMass), (gPrime, "g-prime", .bosonCoupling),
                                     (gChi, "g-chi", .coupling), (mChi, "m-chi", .lightMass), (xi, "xi", .xi),
                                     (gE, "g-e", .coupling), (gMu, "g-mu", .coupling), (gTau, "g-tau", .coupling),
                                     (cee, "C-ee", .coupling), (cmumu, "C-mumu", .coupling), (ctautau, "C-tautau", .coupling),
                                     (cgammagamma, "C-gammagamma", .coupling), (scale, "Lambda", .alpScale),
                                     (g, "g", .bosonCoupling), (xeV, "x-e-V", .coupling), (xeA, "x-e-A", .coupling), (xmuV, "x-mu-V", .coupling),
                                     (xmuA, "x-mu-A", .coupling), (xtauV, "x-tau-V", .coupling), (xtauA, "x-tau-A", .coupling),
                                     (xnue, "x-nu-e", .coupling), (xnumu, "x-nu-mu", .coupling), (xnutau, "x-nu-tau", .coupling)] as [(Double?, String, InputRange)] {
            try range.check(value, option: flag)
        }
        // The model-card rules (ModelInputRule) for the options that are card keys.
        for (value, flag, rule) in [(mChiRatio, "m-chi-over-mass", ModelInputRule.darkMatterMassFraction),
                                    (darkHiggsMassRatio, "dark-higgs-mass-over-mass", .darkHiggsMassRatio),
                                    (bfInvisible, "bf-invisible", .invisibleBranchingFraction)] {
            if let value, !rule.accepts(value) { throw ValidationError("--\(flag): expected \(rule.expected(got: value))") }
        }
        if mChi != nil && mChiRatio != nil { throw ValidationError("give either --m-chi or --m-chi-over-mass, not both") }
        if darkHiggsMass != nil && darkHiggsMassRatio != nil { throw ValidationError("give either --dark-higgs-mass or --dark-higgs-mass-over-mass, not both") }
        guard let model else { return }
        func require(_ value: Double?, _ flag: String, _ range: InputRange) throws {
            guard let value else { throw ValidationError("--\(flag) is required for --model \(model.rawValue)") }
            try range.check(value, option: flag)
        }
        switch model {
        case .darkPhoton:
            try require(epsilon, "epsilon", .bosonCoupling)
        case .darkHiggs:
            try require(epsilon, "epsilon", .bosonCoupling)
            try require(alphaD, "alpha-D", .alphaD)
            if darkHiggsMassRatio == nil { try require(darkHiggsMass, "dark-higgs-mass", .lightMass) }
            if darkMatter != nil, mChi == nil, mChiRatio == nil { throw ValidationError("--m-chi or --m-chi-over-mass is required with --dark-matter") }
        case .lMuMinusLTau:
            try require(gPrime, "g-prime", .bosonCoupling)
            try requireDarkSector()
            if let bfInvisible, let gPrime {
                let minimal = LMuMinusLTauBoson(mass: mass, coupling: gPrime).minimalInvisibleBranchingFraction
                guard bfInvisible >= minimal - 1e-12, bfInvisible <= 1 else {
                    throw ValidationError("--bf-invisible must lie between the neutrino-only value \(SignificantDigits.format(minimal, digits: 4)) and 1, got \(bfInvisible)")
                }
            }
        case .scalar:
            guard (xi != nil) != (gE != nil || gMu != nil || gTau != nil) else {
                throw ValidationError("--model scalar needs either --xi or the couplings --g-e/--g-mu/--g-tau")
            }
        case .alp:
            break
        case .vector:
            try require(g, "g", .bosonCoupling)
            let charges = [xeV, xeA, xmuV, xmuA, xtauV, xtauA, xnue, xnumu, xnutau]
            if preset != nil, charges.contains(where: { $0 != 0 }) {
                throw ValidationError("give either --preset or the charges (\(Self.chargeOptions)), not both")
            }
            if preset == nil, !charges.contains(where: { $0 != 0 }) {
                throw ValidationError("--model vector needs --preset dark-photon|lmu-ltau or at least one nonzero charge among "
                    + "\(Self.chargeOptions) (all are 0)")
            }
            if preset == .darkPhoton, mass > 2 * PhysicalConstants.chargedPionMass, !HadronicRRatio.pdg2020.coveredRange.contains(mass) {
                let range = HadronicRRatio.pdg2020.coveredRange
                throw ValidationError("--mass for the dark-photon preset: below 2 m_pi or from \(range.lowerBound) to \(range.upperBound) GeV, "
                    + "where the kit has the R ratio for the hadronic width (docs/physics.md 1.2), got \(mass)")
            }
            try requireDarkSector()
            if let bfInvisible, let minimal = vectorBoson(darkSector: .none).minimalInvisibleBranchingFraction, bfInvisible < minimal - 1e-12 {
                throw ValidationError("--bf-invisible must lie between the neutrino-only value \(SignificantDigits.format(minimal, digits: 4)) and 1, got \(bfInvisible)")
            }
        }
    }

    /// The charge options of --model vector, as the refusals name them.
    static let chargeOptions = ["x-e-V", "x-e-A", "x-mu-V", "x-mu-A", "x-tau-V", "x-tau-A", "x-nu-e", "x-nu-mu", "x-nu-tau"]
        .map { "--" + $0 }.joined(separator: ", ")

    /// --dark-matter with --g-chi and a dark-matter mass, or --bf-invisible, not both.
    func requireDarkSector() throws {
        guard darkMatter != nil else { return }
        guard let gChi else { throw ValidationError("--g-chi is required with --dark-matter") }
        try InputRange.coupling.check(gChi, option: "g-chi")
        if mChi == nil && mChiRatio == nil { throw ValidationError("--m-chi or --m-chi-over-mass is required with --dark-matter") }
        guard bfInvisible == nil else { throw ValidationError("give either --dark-matter or --bf-invisible, not both") }
    }

    /// m_chi in GeV from --m-chi or --m-chi-over-mass.
    var darkMatterMass: Double { mChi ?? (mChiRatio ?? 0) * mass }

    /// The vector of --model vector with a given dark sector.
    func vectorBoson(darkSector: LMuMinusLTauBoson.DarkSector) -> LeptonicVectorBoson {
        let charges: LeptonCharges
        switch preset {
        case .darkPhoton?: charges = .darkPhoton
        case .lMuMinusLTau?: charges = .lMuMinusLTau
        case nil:
            charges = LeptonCharges(electronVector: xeV, electronAxial: xeA, muonVector: xmuV, muonAxial: xmuA, tauVector: xtauV, tauAxial: xtauA,
                                    electronNeutrino: xnue, muonNeutrino: xnumu, tauNeutrino: xnutau)
        }
        return LeptonicVectorBoson(mass: mass, coupling: g ?? 0, charges: charges, hadronicCharge: preset == .darkPhoton ? 1 : 0, darkSector: darkSector)
    }

    /// The dark sector of the lmu-ltau and vector options.
    var darkSector: LMuMinusLTauBoson.DarkSector {
        if let darkMatter, let gChi { return .state(DarkMatterState(kind: darkMatter, coupling: gChi, mass: darkMatterMass)) }
        if let bfInvisible { return .invisibleBranchingFraction(bfInvisible) }
        return .none
    }

    /// The model point; nil without --model.
    var darkSectorModel: DarkSectorModel? {
        guard let model else { return nil }
        switch model {
        case .darkPhoton, .darkHiggs:
            return .darkHiggs(DarkHiggsModel(epsilon: epsilon ?? 0, alphaD: alphaD ?? 0, darkPhotonMass: mass,
                                             darkHiggsMass: darkHiggsMass ?? (darkHiggsMassRatio ?? 0) * mass,
                                             darkMatter: model == .darkHiggs ? darkMatter : nil, darkMatterMass: darkMatterMass,
                                             radiatedFromLeptons: model == .darkHiggs))
        case .lMuMinusLTau:
            return .lMuMinusLTau(LMuMinusLTauBoson(mass: mass, coupling: gPrime ?? 0, darkSector: darkSector))
        case .vector:
            return .vector(vectorBoson(darkSector: darkSector))
        case .scalar:
            if let xi { return .leptophilicScalar(LeptophilicScalar(mass: mass, xi: xi)) }
            return .leptophilicScalar(LeptophilicScalar(mass: mass, electronCoupling: gE ?? 0, muonCoupling: gMu ?? 0, tauCoupling: gTau ?? 0))
        case .alp:
            return .axionLikeParticle(AxionLikeParticle(mass: mass, electronCoupling: cee, muonCoupling: cmumu, tauCoupling: ctautau,
                                                        photonCoupling: cgammagamma, scale: scale))
        }
    }
}
