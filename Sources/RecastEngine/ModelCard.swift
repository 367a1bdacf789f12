import DarkSectorPhysics
import Foundation
import HEPDataTables

/// A user's model for `b2recast recast` and `plot` (format `b2recast-model-card/2`; the keys are
/// listed in docs/model-cards.md):
///
///     format: b2recast-model-card/2
///     name: my Z' with dark matter            # free text, printed and written
///     family: lmu-ltau                        # lmu-ltau, dark-higgs, scalar, alp, vector
///     masses_GeV: {from: 0.5, to: 5.0, step: 0.5}   # or a list [0.5, 1.0, ...]
///     parameters: {...}                       # per family
///
/// The parameter names are those of `b2recast widths` with '_' for '-' (`g_mu` and `--g-mu`).
/// Every range is a `ModelInputRule`. Cards of format `/1` are still read: their keys
/// (`invisible_branching_fraction`, `couplings`, `dark_higgs_mass_over_dark_photon_mass`,
/// `c_*_over_c_mumu`) are mapped to the /2 form, and an error names the key as written.
public struct ModelCard: Sendable {
    public static let format = "b2recast-model-card/2"
    /// The previous format, read and mapped to this one.
    public static let formatVersion1 = "b2recast-model-card/1"

    public var name: String
    public var model: RecastModel
    public var masses: [Double]

    public static func load(path: String) throws -> ModelCard {
        try parse(YAMLInput.load(path: path), file: path)
    }

    /// The parameters of a card: values by their /2 key, and each key as the card wrote it.
    struct Parameters {
        var values: [String: Any]
        var written: [String: String]
        subscript(key: String) -> Any? { values[key] }
        func field(_ key: String) -> String { "parameters." + (written[key] ?? key) }
        func has(_ key: String) -> Bool { values[key] != nil }
    }

    public static func parse(_ document: Any?, file: String) throws -> ModelCard {
        let reader = FieldReader(file: file)
        let root = try reader.mapping(document, field: "(document)", allowed: ["format", "name", "family", "masses_GeV", "parameters"])
        let format = try reader.string(root["format"], field: "format")
        guard format == Self.format || format == Self.formatVersion1 else {
            throw InputFileError(file: file, field: "format", expected: "\"\(Self.format)\" (or \"\(Self.formatVersion1)\", still read), got \"\(format)\"")
        }
        let name = try reader.string(root["name"], field: "name")
        let familyText = try reader.string(root["family"], field: "family")
        guard let family = RecastModel.Family(rawValue: familyText) else {
            throw InputFileError(file: file, field: "family", expected: "one of \(RecastModel.Family.allCases.map(\.rawValue)), got \"\(familyText)\"")
        }
        guard format == Self.format || family != .vector else {
            throw InputFileError(file: file, field: "family", expected: "lmu-ltau, dark-higgs, scalar or alp in a \(Self.formatVersion1) card; "
                + "the vector family needs 'format: \(Self.format)'")
        }
        let masses = try parseMasses(root["masses_GeV"], reader: reader)
        let raw = try root["parameters"].map {
            try reader.mapping($0, field: "parameters", allowed: format == Self.format ? allowedParameters(family) : allowedVersion1Parameters(family))
        } ?? [:]
        let parameters: Parameters
        if format == Self.formatVersion1 {
            parameters = try version1(raw, family: family, reader: reader)
        } else {
            parameters = Parameters(values: raw, written: [:])
        }
        let model: RecastModel
        switch family {
        case .lMuMinusLTau: model = try lMuMinusLTau(parameters, masses: masses, reader: reader)
        case .darkHiggs: model = try darkHiggs(parameters, masses: masses, reader: reader)
        case .scalar: model = try scalar(parameters, reader: reader)
        case .alp: model = try alp(parameters, reader: reader)
        case .vector: model = try vector(parameters, masses: masses, reader: reader)
        }
        return ModelCard(name: name, model: model, masses: masses)
    }

    // MARK: The families

    static func lMuMinusLTau(_ parameters: Parameters, masses: [Double], reader: FieldReader) throws -> RecastModel {
        if let darkMatter = parameters["dark_matter"] {
            guard !parameters.has("bf_invisible") else {
                throw InputFileError(file: reader.file, field: parameters.field("bf_invisible"), expected: "either dark_matter or bf_invisible, not both")
            }
            let chi = try self.darkMatter(darkMatter, field: parameters.field("dark_matter"), ratioKey: "g_chi_over_g_prime", reader: reader)
            return .lMuMinusLTau(darkMatter: chi.kind, coupling: chi.coupling, scalesWithGPrime: chi.scales, massFraction: chi.massFraction)
        }
        guard let value = parameters["bf_invisible"], (value as? String) != "model" else { return .lMuMinusLTau }
        let field = parameters.field("bf_invisible")
        let fraction = try ModelInputRule.invisibleBranchingFraction.read(value, field: field, reader: reader)
        // The neutrinos alone give a fraction the card cannot go below.
        for (index, mass) in masses.enumerated() {
            let neutrinos = LMuMinusLTauBoson(mass: mass, coupling: 1e-3).minimalInvisibleBranchingFraction
            guard fraction >= neutrinos - 1e-12 else {
                throw InputFileError(file: reader.file, field: field, expected: """
                    at least the neutrino-only fraction at every mass (between it and 1, or 'model'); \
                    at \(mass) GeV (masses_GeV[\(index)]) the neutrinos alone give \(SignificantDigits.format(neutrinos, digits: 4)), got \(fraction)
                    """)
            }
        }
        return .lMuMinusLTau(invisibleBranchingFraction: fraction)
    }

    static func darkHiggs(_ parameters: Parameters, masses: [Double], reader: FieldReader) throws -> RecastModel {
        let unknown: RecastModel.DarkHiggsUnknown
        switch (parameters["epsilon"], parameters["alpha_D"]) {
        case (nil, nil): unknown = .product
        case (let epsilon?, nil): unknown = .alphaD(epsilon: try ModelInputRule.epsilon.read(epsilon, field: parameters.field("epsilon"), reader: reader))
        case (nil, let alpha?): unknown = .epsilon(alphaD: try ModelInputRule.alphaD.read(alpha, field: parameters.field("alpha_D"), reader: reader))
        default:
            throw InputFileError(file: reader.file, field: "parameters", expected: "at most one of epsilon and alpha_D (the recast solves for the other; "
                + "with neither, for eps^2 alpha_D)")
        }
        let higgsMass: RecastModel.DarkHiggsMass
        switch (parameters["dark_higgs_mass"], parameters["dark_higgs_mass_over_mass"]) {
        case (let fixed?, nil): higgsMass = .fixed(try ModelInputRule.darkHiggsMass.read(fixed, field: parameters.field("dark_higgs_mass"), reader: reader))
        case (nil, let ratio?):
            higgsMass = .ratio(try ModelInputRule.darkHiggsMassRatio.read(ratio, field: parameters.field("dark_higgs_mass_over_mass"), reader: reader))
        default:
            throw InputFileError(file: reader.file, field: "parameters", expected: "exactly one of dark_higgs_mass (M_h', GeV) and dark_higgs_mass_over_mass (M_h' / M_A')")
        }
        // The A' width needs the R ratio above 2 m_pi: the masses must lie where the kit has it.
        try requireHadronicDomain(masses, reader: reader, model: "the dark photon A'")
        guard let darkMatter = parameters["dark_matter"] else { return .darkHiggs(solving: unknown, darkHiggsMass: higgsMass) }
        let field = parameters.field("dark_matter")
        guard unknown != .product else {
            throw InputFileError(file: reader.file, field: field, expected: "epsilon or alpha_D fixed as well: with A' -> chi chi, BF(A' -> mu mu) "
                + "depends on eps and alpha_D separately, not on their product")
        }
        let item = try reader.mapping(darkMatter, field: field, allowed: ["kind", "m_chi_over_mass"])
        let kind = try darkMatterKind(item["kind"], field: field + ".kind", reader: reader)
        let fraction = try ModelInputRule.darkMatterMassFraction.read(item["m_chi_over_mass"], field: field + ".m_chi_over_mass", reader: reader)
        return .darkHiggs(solving: unknown, darkHiggsMass: higgsMass, darkMatter: kind, darkMatterMassFraction: fraction)
    }

    static func scalar(_ parameters: Parameters, reader: FieldReader) throws -> RecastModel {
        let free = ["g_e", "g_mu", "g_tau"]
        if free.contains(where: parameters.has) {
            guard !parameters.has("preset") else {
                throw InputFileError(file: reader.file, field: parameters.field("preset"), expected: "either a preset or g_e, g_mu, g_tau, not both")
            }
            let values = try free.map { key in
                try parameters[key].map { try ModelInputRule.scaledCoupling.read($0, field: parameters.field(key), reader: reader) } ?? 0
            }
            let quoted = try quotedCoupling(parameters, free, values, reader: reader)
            return .scalar(electron: values[0], muon: values[1], tau: values[2], quoted: quoted)
        }
        let preset = try parameters["preset"].map { try reader.string($0, field: parameters.field("preset")) } ?? "leptophilic"
        switch preset {
        case "leptophilic": return .leptophilicScalar
        case "muonphilic": return .muonphilicScalar
        default: throw InputFileError(file: reader.file, field: parameters.field("preset"), expected: "leptophilic or muonphilic, got \"\(preset)\"")
        }
    }

    static func alp(_ parameters: Parameters, reader: FieldReader) throws -> RecastModel {
        let free = ["C_ee", "C_mumu", "C_tautau", "C_gammagamma"]
        let values = try free.map { key in
            try parameters[key].map { try ModelInputRule.scaledCoupling.read($0, field: parameters.field(key), reader: reader) } ?? 0
        }
        let scale = try parameters["Lambda"].map { try ModelInputRule.alpScale.read($0, field: parameters.field("Lambda"), reader: reader) } ?? 1000
        let quoted = try quotedCoupling(parameters, Array(free.prefix(3)), Array(values.prefix(3)), reader: reader)
        return .alp(electron: values[0], muon: values[1], tau: values[2], photon: values[3], scale: scale, quoted: quoted)
    }

    static func vector(_ parameters: Parameters, masses: [Double], reader: FieldReader) throws -> RecastModel {
        let keys = VectorChargeKey.allCases
        var charges = LeptonCharges()
        var hadronic = 0.0
        var couplingName = "g", quotedCharge = 1.0, presetName = "vector"
        if let value = parameters["preset"] {
            let preset = try reader.string(value, field: parameters.field("preset"))
            guard !keys.contains(where: { parameters.has($0.rawValue) }) else {
                throw InputFileError(file: reader.file, field: parameters.field("preset"), expected: "either a preset or the charges x_*, not both")
            }
            switch preset {
            case "dark-photon": (charges, hadronic, couplingName, presetName) = (.darkPhoton, 1, "epsilon", "dark photon (x_f = e Q_f, g = eps)")
            case "lmu-ltau": (charges, couplingName, presetName) = (.lMuMinusLTau, "g'", "L_mu - L_tau (x_mu = x_nu_mu = 1, x_tau = x_nu_tau = -1)")
            default: throw InputFileError(file: reader.file, field: parameters.field("preset"), expected: "dark-photon or lmu-ltau, got \"\(preset)\"")
            }
            guard !parameters.has("quote") else {
                throw InputFileError(file: reader.file, field: parameters.field("quote"), expected: "no quote with a preset (it quotes \(couplingName))")
            }
        } else {
            var values: [VectorChargeKey: Double] = [:]
            for key in keys { values[key] = try parameters[key.rawValue].map { try ModelInputRule.scaledCoupling.read($0, field: parameters.field(key.rawValue), reader: reader) } }
            charges = VectorChargeKey.charges(values)
            guard charges.all.contains(where: { $0 != 0 }) else {
                throw InputFileError(file: reader.file, field: "parameters", expected: "a preset (dark-photon, lmu-ltau) or at least one nonzero charge among \(keys.map(\.rawValue))")
            }
            if let quote = parameters["quote"] {
                let text = try reader.string(quote, field: parameters.field("quote"))
                if text != "g" {
                    guard let key = VectorChargeKey(rawValue: text), let charge = values[key], charge != 0 else {
                        throw InputFileError(file: reader.file, field: parameters.field("quote"),
                                             expected: "g (the overall coupling) or a nonzero charge x_* of the card (quoted as g x_*), got \"\(text)\"")
                    }
                    (couplingName, quotedCharge) = ("g \(text)", charge)
                }
            }
        }
        // Axial charges on the e and mu lines radiate X with the axial vertex (docs/physics.md 10.3);
        // on the muon line only where the vector's efficiency map stands in for the axial X.
        if charges.muonAxial != 0 {
            let window = DarkSectorModel.axialMuonMassWindow
            for (index, mass) in masses.enumerated() where !window.contains(mass) {
                throw InputFileError(file: reader.file, field: "masses_GeV[\(index)]", expected: """
                    a mass from \(window.lowerBound) to \(window.upperBound) GeV with x_mu_A != 0: outside, the axial X radiated \
                    from the muons differs from the vector by more than 5 % in rate (the m_mu^2 / M^2 longitudinal enhancement \
                    below, slow muons near the kinematic end above), so the vector's efficiency map does not stand in for it and \
                    the kit computes no axial efficiency (docs/physics.md 10.3), got \(mass)
                    """)
            }
        }
        if hadronic != 0 { try requireHadronicDomain(masses, reader: reader, model: "the dark photon") }
        var invisible = RecastModel.VectorInvisible.none
        if let darkMatter = parameters["dark_matter"] {
            guard !parameters.has("bf_invisible") else {
                throw InputFileError(file: reader.file, field: parameters.field("bf_invisible"), expected: "either dark_matter or bf_invisible, not both")
            }
            let chi = try self.darkMatter(darkMatter, field: parameters.field("dark_matter"), ratioKey: "g_chi_over_g", reader: reader)
            invisible = .darkMatter(chi.kind, coupling: chi.coupling, scalesWithG: chi.scales, massFraction: chi.massFraction)
        } else if let value = parameters["bf_invisible"] {
            invisible = .branchingFraction(try ModelInputRule.invisibleBranchingFraction.read(value, field: parameters.field("bf_invisible"), reader: reader))
        }
        return .vector(charges: charges, hadronicCharge: hadronic, invisible: invisible, couplingName: couplingName, quotedCharge: quotedCharge,
                       name: presetName)
    }

    // MARK: Shared pieces

    /// `{kind, g_chi | <ratioKey>, m_chi_over_mass}`.
    static func darkMatter(_ value: Any, field: String, ratioKey: String, reader: FieldReader) throws
        -> (kind: DarkMatterState.Kind, coupling: Double, scales: Bool, massFraction: Double) {
        let item = try reader.mapping(value, field: field, allowed: ["kind", "g_chi", ratioKey, "m_chi_over_mass"])
        let kind = try darkMatterKind(item["kind"], field: field + ".kind", reader: reader)
        let fraction = try ModelInputRule.darkMatterMassFraction.read(item["m_chi_over_mass"], field: field + ".m_chi_over_mass", reader: reader)
        switch (item["g_chi"], item[ratioKey]) {
        case (let fixed?, nil):
            return (kind, try ModelInputRule.darkMatterCoupling.read(fixed, field: field + ".g_chi", reader: reader), false, fraction)
        case (nil, let ratio?):
            return (kind, try ModelInputRule.darkMatterCoupling.read(ratio, field: field + "." + ratioKey, reader: reader), true, fraction)
        default:
            throw InputFileError(file: reader.file, field: field, expected: "exactly one of g_chi (fixed) and \(ratioKey)")
        }
    }

    static func darkMatterKind(_ value: Any?, field: String, reader: FieldReader) throws -> DarkMatterState.Kind {
        let text = try reader.string(value, field: field)
        guard let kind = DarkMatterState.Kind(rawValue: text) else {
            throw InputFileError(file: reader.file, field: field, expected: "one of \(DarkMatterState.Kind.allCases.map(\.rawValue)), got \"\(text)\"")
        }
        return kind
    }

    /// Masses where a boson with hadronic decays has a width: below 2 m_pi, or where the R ratio is tabulated.
    static func requireHadronicDomain(_ masses: [Double], reader: FieldReader, model: String) throws {
        let range = HadronicRRatio.pdg2020.coveredRange
        for (index, mass) in masses.enumerated() where mass > 2 * PhysicalConstants.chargedPionMass && !range.contains(mass) {
            throw InputFileError(file: reader.file, field: "masses_GeV[\(index)]", expected: """
                a mass below 2 m_pi = \(SignificantDigits.format(2 * PhysicalConstants.chargedPionMass, digits: 4)) GeV or from \
                \(range.lowerBound) to \(range.upperBound) GeV, where the kit has the R ratio for the hadronic width of \(model) \
                (docs/physics.md 1.2), got \(mass)
                """)
        }
    }

    /// The coupling the output is quoted in (`quote`, default the first nonzero of `keys` in the
    /// order mu, tau, e): it must be one of `keys` and nonzero.
    static func quotedCoupling(_ parameters: Parameters, _ keys: [String], _ values: [Double], reader: FieldReader) throws -> String {
        if let value = parameters["quote"] {
            let quoted = try reader.string(value, field: parameters.field("quote"))
            guard let index = keys.firstIndex(of: quoted), values[index] != 0 else {
                throw InputFileError(file: reader.file, field: parameters.field("quote"), expected: "one of \(keys) with a nonzero value, got \"\(quoted)\"")
            }
            return quoted
        }
        let order = [1, 2, 0].filter { $0 < keys.count }
        guard let index = order.first(where: { values[$0] != 0 }) else {
            throw InputFileError(file: reader.file, field: "parameters", expected: "at least one nonzero lepton coupling among \(keys)")
        }
        return keys[index]
    }

    static func allowedParameters(_ family: RecastModel.Family) -> Set<String> {
        switch family {
        case .lMuMinusLTau: return ["bf_invisible", "dark_matter"]
        case .darkHiggs: return ["epsilon", "alpha_D", "dark_higgs_mass", "dark_higgs_mass_over_mass", "dark_matter"]
        case .scalar: return ["preset", "g_e", "g_mu", "g_tau", "quote"]
        case .alp: return ["C_ee", "C_mumu", "C_tautau", "C_gammagamma", "Lambda", "quote"]
        case .vector: return Set(VectorChargeKey.allCases.map(\.rawValue) + ["preset", "dark_matter", "bf_invisible", "quote"])
        }
    }

    // MARK: Format /1

    /// The keys of a `/1` card and their `/2` names.
    static let version1Names = ["invisible_branching_fraction": "bf_invisible", "couplings": "preset",
                                "dark_higgs_mass_over_dark_photon_mass": "dark_higgs_mass_over_mass"]

    static func allowedVersion1Parameters(_ family: RecastModel.Family) -> Set<String> {
        switch family {
        case .lMuMinusLTau: return ["invisible_branching_fraction", "dark_matter"]
        case .darkHiggs: return ["dark_higgs_mass_over_dark_photon_mass"]
        case .scalar: return ["couplings", "g_e", "g_mu", "g_tau", "quote"]
        case .alp: return ["c_ee_over_c_mumu", "c_tautau_over_c_mumu", "c_gammagamma_over_c_mumu", "C_ee", "C_mumu", "C_tautau", "C_gammagamma", "Lambda", "quote"]
        case .vector: return []
        }
    }

    /// A `/1` card's parameters in the `/2` form: renamed keys, and the ALP ratios to C_mumu as
    /// absolute couplings with C_mumu = 1 and Lambda = 1000 GeV (the same model: the recast scales
    /// all couplings together and quotes C_mumu / Lambda).
    static func version1(_ raw: [String: Any], family: RecastModel.Family, reader: FieldReader) throws -> Parameters {
        var values: [String: Any] = [:], written: [String: String] = [:]
        for (key, value) in raw {
            let name = version1Names[key] ?? key
            values[name] = value
            written[name] = key
        }
        // A /1 dark-Higgs card fixes the ratio (default none: it was required).
        let ratios = ["c_ee_over_c_mumu": "C_ee", "c_tautau_over_c_mumu": "C_tautau", "c_gammagamma_over_c_mumu": "C_gammagamma"]
        if family == .alp, !raw.keys.contains(where: { ["C_ee", "C_mumu", "C_tautau", "C_gammagamma", "Lambda"].contains($0) }) {
            let defaults = ["C_ee": 1.0, "C_tautau": 1.0, "C_gammagamma": 0.0]
            for (ratio, absolute) in ratios {
                values[ratio] = nil
                if let value = raw[ratio] {
                    // The /1 range of the ratios.
                    values[absolute] = try ModelInputRule.scaledCoupling.read(value, field: "parameters." + ratio, reader: reader)
                    written[absolute] = ratio
                } else {
                    values[absolute] = defaults[absolute]
                }
            }
            values["C_mumu"] = 1.0
            values["Lambda"] = 1000.0
            values["quote"] = "C_mumu"
        } else if family == .alp, raw.keys.contains(where: { ratios[$0] != nil }) {
            throw InputFileError(file: reader.file, field: "parameters",
                                 expected: "either the ratios c_*_over_c_mumu or absolute C_ee, C_mumu, C_tautau, C_gammagamma and Lambda, not both")
        }
        return Parameters(values: values, written: written)
    }

    static func parseMasses(_ value: Any?, reader: FieldReader) throws -> [Double] {
        let masses: [Double]
        if let range = value as? [String: Any] {
            let item = try reader.mapping(range, field: "masses_GeV", allowed: ["from", "to", "step"])
            let from = try ModelInputRule.mass.read(item["from"], field: "masses_GeV.from", reader: reader)
            let to = try ModelInputRule.mass.read(item["to"], field: "masses_GeV.to", reader: reader)
            guard to >= from else { throw InputFileError(file: reader.file, field: "masses_GeV.to", expected: "at least masses_GeV.from = \(from), got \(to)") }
            let step = try reader.number(item["step"], field: "masses_GeV.step", atLeast: 1e-3)
            guard MassGrid.count(from: from, to: to, step: step) <= 10_000 else {
                throw InputFileError(file: reader.file, field: "masses_GeV", expected: "at most 10000 masses")
            }
            masses = MassGrid.masses(from: from, to: to, step: step)
        } else {
            masses = try reader.list(value, field: "masses_GeV").enumerated().map {
                try ModelInputRule.mass.read($1, field: "masses_GeV[\($0)]", reader: reader)
            }
        }
        guard !masses.isEmpty else { throw InputFileError(file: reader.file, field: "masses_GeV", expected: "at least one mass") }
        for index in masses.indices.dropFirst() where masses[index] <= masses[index - 1] {
            throw InputFileError(file: reader.file, field: "masses_GeV[\(index)]", expected: "masses in increasing order")
        }
        return masses
    }
}
