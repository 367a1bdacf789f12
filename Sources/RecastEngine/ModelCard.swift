import DarkSectorPhysics
import Foundation
import HEPDataTables

/// A user's model for `b2recast recast` (format `b2recast-model-card/1`):
///
///     format: b2recast-model-card/1
///     name: my Z' with dark matter            # free text, printed and written
///     family: lmu-ltau                        # lmu-ltau, dark-higgs, scalar, alp
///     masses_GeV: {from: 0.5, to: 5.0, step: 0.5}   # or a list [0.5, 1.0, ...]
///     parameters: {...}                       # per family, below
///
/// Parameters: lmu-ltau `invisible_branching_fraction: model | <number>` or
/// `dark_matter: {kind: dirac|majorana|scalar, g_chi: <fixed> | g_chi_over_g_prime: <ratio>, m_chi_over_mass: <r>}`;
/// dark-higgs `dark_higgs_mass_over_dark_photon_mass: <r>` (below 1); scalar `couplings: leptophilic | muonphilic`
/// or the couplings themselves, `g_e`, `g_mu`, `g_tau` (absent = 0) with `quote: g_mu|g_tau|g_e`; alp
/// `c_ee_over_c_mumu`, `c_tautau_over_c_mumu`, `c_gammagamma_over_c_mumu` (defaults 1, 1, 0), or absolute
/// `C_ee`, `C_mumu`, `C_tautau`, `C_gammagamma` (absent = 0) and `Lambda` (GeV) with `quote: C_mumu|C_tautau|C_ee`.
/// With absolute couplings the recast solves for one factor that scales them all, and quotes the
/// limit on the `quote` coupling (the same names as `b2recast widths --g-mu`, `--C-mumu`, `--Lambda`).
public struct ModelCard: Sendable {
    public static let format = "b2recast-model-card/1"

    public var name: String
    public var model: RecastModel
    public var masses: [Double]

    public static func load(path: String) throws -> ModelCard {
        try parse(YAMLInput.load(path: path), file: path)
    }

    public static func parse(_ document: Any?, file: String) throws -> ModelCard {
        let reader = FieldReader(file: file)
        let root = try reader.mapping(document, field: "(document)", allowed: ["format", "name", "family", "masses_GeV", "parameters"])
        let format = try reader.string(root["format"], field: "format")
        guard format == Self.format else {
            throw InputFileError(file: file, field: "format", expected: "\"\(Self.format)\", got \"\(format)\"")
        }
        let name = try reader.string(root["name"], field: "name")
        let familyText = try reader.string(root["family"], field: "family")
        guard let family = RecastModel.Family(rawValue: familyText) else {
            throw InputFileError(file: file, field: "family", expected: "one of \(RecastModel.Family.allCases.map(\.rawValue)), got \"\(familyText)\"")
        }
        let masses = try parseMasses(root["masses_GeV"], reader: reader)
        let parameters = try root["parameters"].map { try reader.mapping($0, field: "parameters", allowed: allowedParameters(family)) } ?? [:]
        let model: RecastModel
        switch family {
        case .lMuMinusLTau:
            if let darkMatter = parameters["dark_matter"] {
                let field = "parameters.dark_matter"
                let item = try reader.mapping(darkMatter, field: field, allowed: ["kind", "g_chi", "g_chi_over_g_prime", "m_chi_over_mass"])
                let kindText = try reader.string(item["kind"], field: field + ".kind")
                guard let kind = DarkMatterState.Kind(rawValue: kindText) else {
                    throw InputFileError(file: file, field: field + ".kind",
                                         expected: "one of \(DarkMatterState.Kind.allCases.map(\.rawValue)), got \"\(kindText)\"")
                }
                // Below 1/2 (the rule of `scan`): Z' -> chi chibar stays open, as the recast assumes.
                let fraction = try bounded(item["m_chi_over_mass"], field: field + ".m_chi_over_mass", 0, maximumDarkMatterMassFraction,
                                           "from 0 to 0.4999 (below 1/2, as in scan: Z' -> chi chibar open)", reader: reader)
                let coupling = "from 0 to 4 pi = 12.566 (the perturbative limit)"
                switch (item["g_chi"], item["g_chi_over_g_prime"]) {
                case (let fixed?, nil):
                    model = .lMuMinusLTau(darkMatter: kind, coupling: try bounded(fixed, field: field + ".g_chi", 0, perturbativeLimit, coupling, reader: reader),
                                          scalesWithGPrime: false, massFraction: fraction)
                case (nil, let ratio?):
                    model = .lMuMinusLTau(darkMatter: kind, coupling: try bounded(ratio, field: field + ".g_chi_over_g_prime", 0, perturbativeLimit,
                                                                                  coupling, reader: reader),
                                          scalesWithGPrime: true, massFraction: fraction)
                default:
                    throw InputFileError(file: file, field: field, expected: "exactly one of g_chi (fixed) and g_chi_over_g_prime")
                }
            } else if let value = parameters["invisible_branching_fraction"], (value as? String) != "model" {
                let field = "parameters.invisible_branching_fraction"
                let fraction = try reader.number(value, field: field, atLeast: 1e-6, atMost: 1)
                // The neutrinos alone give a fraction the card cannot go below.
                for (index, mass) in masses.enumerated() {
                    let neutrinos = LMuMinusLTauBoson(mass: mass, coupling: 1e-3).minimalInvisibleBranchingFraction
                    guard fraction >= neutrinos - 1e-12 else {
                        throw InputFileError(file: file, field: field, expected: """
                            at least the neutrino-only fraction at every mass (between it and 1, or 'model'); \
                            at \(mass) GeV (masses_GeV[\(index)]) the neutrinos alone give \(SignificantDigits.format(neutrinos, digits: 4)), got \(fraction)
                            """)
                    }
                }
                model = .lMuMinusLTau(invisibleBranchingFraction: fraction)
            } else {
                model = .lMuMinusLTau
            }
        case .darkHiggs:
            let ratio = try reader.number(parameters["dark_higgs_mass_over_dark_photon_mass"],
                                          field: "parameters.dark_higgs_mass_over_dark_photon_mass", atLeast: 0, atMost: 0.999999)
            model = .darkHiggs(massRatio: ratio)
        case .scalar:
            let free = ["g_e", "g_mu", "g_tau"]
            if free.contains(where: { parameters[$0] != nil }) {
                guard parameters["couplings"] == nil else {
                    throw InputFileError(file: file, field: "parameters.couplings", expected: "either a preset (couplings) or g_e, g_mu, g_tau, not both")
                }
                let values = try free.map { key in
                    try parameters[key].map { try bounded($0, field: "parameters." + key, -maximumFreeCoupling, maximumFreeCoupling,
                                                          "from -1e6 to 1e6", reader: reader) } ?? 0
                }
                let quoted = try quotedCoupling(parameters, free, values, reader: reader)
                model = .scalar(electron: values[0], muon: values[1], tau: values[2], quoted: quoted)
            } else {
                let couplings = try parameters["couplings"].map { try reader.string($0, field: "parameters.couplings") } ?? "leptophilic"
                switch couplings {
                case "leptophilic": model = .leptophilicScalar
                case "muonphilic": model = .muonphilicScalar
                default: throw InputFileError(file: file, field: "parameters.couplings", expected: "leptophilic or muonphilic, got \"\(couplings)\"")
                }
            }
        case .alp where ["C_ee", "C_mumu", "C_tautau", "C_gammagamma", "Lambda"].contains(where: { parameters[$0] != nil }):
            guard !parameters.keys.contains(where: { $0.hasSuffix("_over_c_mumu") }) else {
                throw InputFileError(file: file, field: "parameters", expected: "either the ratios c_*_over_c_mumu or absolute C_ee, C_mumu, C_tautau, C_gammagamma and Lambda, not both")
            }
            let free = ["C_ee", "C_mumu", "C_tautau", "C_gammagamma"]
            let values = try free.map { key in
                try parameters[key].map { try bounded($0, field: "parameters." + key, -maximumFreeCoupling, maximumFreeCoupling,
                                                      "from -1e6 to 1e6", reader: reader) } ?? 0
            }
            let scale = try bounded(parameters["Lambda"], field: "parameters.Lambda", 1, 1e9, "from 1 to 1e9 GeV (the ALP scale Lambda, GeV)", reader: reader)
            let quoted = try quotedCoupling(parameters, Array(free.prefix(3)), Array(values.prefix(3)), reader: reader)
            model = .alp(electron: values[0], muon: values[1], tau: values[2], photon: values[3], scale: scale, quoted: quoted)
        case .alp:
            func ratio(_ key: String, _ fallback: Double) throws -> Double {
                try parameters[key].map {
                    try bounded($0, field: "parameters." + key, -maximumALPRatio, maximumALPRatio,
                                "from -1e6 to 1e6 (larger ratios overflow the widths)", reader: reader)
                } ?? fallback
            }
            model = .alp(electronRatio: try ratio("c_ee_over_c_mumu", 1), tauRatio: try ratio("c_tautau_over_c_mumu", 1),
                         photonRatio: try ratio("c_gammagamma_over_c_mumu", 0))
        }
        return ModelCard(name: name, model: model, masses: masses)
    }

    /// The perturbative limit 4 pi on g_chi and on g_chi / g' (the widths the kit computes are
    /// tree level; far above, they overflow).
    public static let perturbativeLimit = 4 * Double.pi
    /// m_chi / M_Z' stays below 1/2, as in `scan`: the decay to dark matter stays open.
    public static let maximumDarkMatterMassFraction = 0.4999
    /// |C_ll / C_mumu| and |C_gammagamma / C_mumu| at most 1e6: at the recast's largest C_mumu
    /// the other couplings stay below 1e8 / Lambda, where the widths are finite (1e300 overflowed
    /// them to inf and trapped).
    public static let maximumALPRatio = 1e6

    /// |g_l| and |C| in a card at most 1e6: the recast scales them all together.
    public static let maximumFreeCoupling = 1e6

    /// The coupling the output is quoted in (`quote`, default the first nonzero of `keys` in the
    /// order mu, tau, e): it must be one of `keys` and nonzero.
    static func quotedCoupling(_ parameters: [String: Any], _ keys: [String], _ values: [Double], reader: FieldReader) throws -> String {
        if let value = parameters["quote"] {
            let quoted = try reader.string(value, field: "parameters.quote")
            guard let index = keys.firstIndex(of: quoted), values[index] != 0 else {
                throw InputFileError(file: reader.file, field: "parameters.quote", expected: "one of \(keys) with a nonzero value, got \"\(quoted)\"")
            }
            return quoted
        }
        let order = [1, 2, 0].filter { $0 < keys.count }
        guard let index = order.first(where: { values[$0] != 0 }) else {
            throw InputFileError(file: reader.file, field: "parameters", expected: "at least one nonzero lepton coupling among \(keys)")
        }
        return keys[index]
    }

    /// A number field in [lower, upper], refused with the range in words (`range`).
    static func bounded(_ value: Any?, field: String, _ lower: Double, _ upper: Double, _ range: String, reader: FieldReader) throws -> Double {
        do {
            return try reader.number(value, field: field, atLeast: lower, atMost: upper)
        } catch let error as InputFileError {
            // A number out of range (or not finite): the range in words; anything else as the reader says.
            guard let number = (value as? Double) ?? (value as? Int).map(Double.init) else { throw error }
            throw InputFileError(file: reader.file, field: field, expected: "a finite number \(range), got \(number)")
        }
    }

    static func allowedParameters(_ family: RecastModel.Family) -> Set<String> {
        switch family {
        case .lMuMinusLTau: return ["invisible_branching_fraction", "dark_matter"]
        case .darkHiggs: return ["dark_higgs_mass_over_dark_photon_mass"]
        case .scalar: return ["couplings", "g_e", "g_mu", "g_tau", "quote"]
        case .alp: return ["c_ee_over_c_mumu", "c_tautau_over_c_mumu", "c_gammagamma_over_c_mumu",
                           "C_ee", "C_mumu", "C_tautau", "C_gammagamma", "Lambda", "quote"]
        }
    }

    static func parseMasses(_ value: Any?, reader: FieldReader) throws -> [Double] {
        let masses: [Double]
        if let range = value as? [String: Any] {
            let item = try reader.mapping(range, field: "masses_GeV", allowed: ["from", "to", "step"])
            let from = try reader.number(item["from"], field: "masses_GeV.from", atLeast: 0.01, atMost: 11)
            let to = try reader.number(item["to"], field: "masses_GeV.to", atLeast: from, atMost: 11)
            let step = try reader.number(item["step"], field: "masses_GeV.step", atLeast: 1e-3)
            let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
            guard count <= 10_000 else { throw InputFileError(file: reader.file, field: "masses_GeV", expected: "at most 10000 masses") }
            masses = (0 ..< count).map { from + Double($0) * step }
        } else {
            masses = try reader.list(value, field: "masses_GeV").enumerated().map {
                try reader.number($1, field: "masses_GeV[\($0)]", atLeast: 0.01, atMost: 11)
            }
        }
        guard !masses.isEmpty else { throw InputFileError(file: reader.file, field: "masses_GeV", expected: "at least one mass") }
        for index in masses.indices.dropFirst() where masses[index] <= masses[index - 1] {
            throw InputFileError(file: reader.file, field: "masses_GeV[\(index)]", expected: "masses in increasing order")
        }
        return masses
    }
}
