import DarkSectorPhysics
import RealModule

/// Whether an equal-rate recast means anything at one parameter point: the quantities that decide
/// it and the flags they raise (docs/recast-validity.md). The recast reports flagged points with
/// their limit; it never drops them.
public struct RecastValidity: Sendable, Hashable {
    /// A condition of the equal-rate recast that the point violates.
    public enum Flag: String, Sendable, Hashable, CaseIterable {
        /// Gamma/M above `narrowWidthBound`: the signal is not the narrow peak the search fitted.
        case broad
        /// A vertex coupling above `perturbativeBound`: tree-level rates are not trustworthy.
        case nonPerturbative = "non-perturbative"
        /// ALP: Lambda / |C| below the mass, so the effective theory does not apply.
        case outsideEFT = "outside EFT"
        /// The boson flies farther than `promptDecayLength` before it decays into what the search
        /// sees, which assumes a prompt decay.
        case displaced
    }

    /// Gamma/M above which the narrow-width recast is flagged (the 2022 Z' search itself quotes
    /// limits for Gamma = 0.1 M beside the negligible-width ones).
    public static let narrowWidthBound = 0.1
    /// |g| above which a coupling is called non-perturbative: g^2 / (4 pi) = 1.
    public static let perturbativeBound = Double.sqrt(4 * Double.pi)
    /// Lab-frame decay length (cm) above which a visible decay is not prompt (the kit's choice:
    /// 1 mm, well inside the beam pipe and below the track impact-parameter cuts of Belle II).
    public static let promptDecayLength = 0.1

    /// Total width over mass.
    public var widthOverMass: Double
    /// The largest coupling at a vertex of the boson (lepton Yukawas, g', g_chi, g_P = C m_l / Lambda,
    /// eps e and g_D).
    public var largestCoupling: Double
    /// ALP only: Lambda / max |C| in GeV (nil for the other families).
    public var eftScale: Double?
    /// Lab-frame decay length in cm at the largest boost the search's production allows.
    public var decayLength: Double
    /// The violated conditions, in the order of `Flag.allCases`.
    public var flags: [Flag]

    public var isValid: Bool { flags.isEmpty }

    /// The flags as one text, "valid" when there are none.
    public var summary: String { flags.isEmpty ? "valid" : flags.map(\.rawValue).joined(separator: ", ") }

    /// The validity of `model` as seen by a search with `signature` at `sqrtS`. The displaced flag
    /// applies only where the search sees the boson's decay products (not an invisible decay).
    public init(_ model: DarkSectorModel, signature: SearchSignature, sqrtS: Double) throws {
        let mass = model.bosonMass
        let width = try model.decayTable().totalWidth
        widthOverMass = width / mass
        largestCoupling = model.largestCoupling
        if case .axionLikeParticle(let alp) = model {
            let c = Lepton.allCases.map { Swift.abs(alp.coupling($0)) }.max() ?? 0
            eftScale = c > 0 ? alp.scale / c : .infinity
        }
        // The boson's largest momentum: recoiling against a l+l- pair (or h') at rest in the CM frame.
        let recoil = signature == .darkHiggsstrahlung ? model.recoilMass : 2 * Lepton.muon.mass
        let momentum = Self.twoBodyMomentum(sqrtS: sqrtS, mass, recoil)
        decayLength = width > 0 ? momentum / mass * PhysicalConstants.hbarCGeVMetres * 100 / width : .infinity
        var flags: [Flag] = []
        if widthOverMass > Self.narrowWidthBound { flags.append(.broad) }
        if largestCoupling > Self.perturbativeBound { flags.append(.nonPerturbative) }
        if let scale = eftScale, scale < mass { flags.append(.outsideEFT) }
        if signature != .muonPairInvisible, decayLength > Self.promptDecayLength { flags.append(.displaced) }
        self.flags = flags
    }

    /// |p| of either body in a two-body state of invariant mass sqrtS (GeV).
    static func twoBodyMomentum(sqrtS: Double, _ m1: Double, _ m2: Double) -> Double {
        let s = sqrtS * sqrtS
        let lambda = (s - (m1 + m2) * (m1 + m2)) * (s - (m1 - m2) * (m1 - m2))
        return lambda > 0 ? lambda.squareRoot() / (2 * sqrtS) : 0
    }
}

extension DarkSectorModel {
    /// The largest coupling at a vertex of the boson the search looks for (see `RecastValidity`).
    public var largestCoupling: Double {
        switch self {
        case .darkHiggs(let model):
            return Swift.max(model.epsilon * (4 * Double.pi * PhysicalConstants.alpha).squareRoot(), (4 * Double.pi * model.alphaD).squareRoot())
        case .lMuMinusLTau(let boson):
            if case .state(let chi) = boson.darkSector { return Swift.max(Swift.abs(boson.coupling), Swift.abs(chi.coupling)) }
            return Swift.abs(boson.coupling)
        case .leptophilicScalar(let scalar):
            return Lepton.allCases.map { Swift.abs(scalar.coupling($0)) }.max() ?? 0
        case .axionLikeParticle(let alp):
            return Lepton.allCases.map { Swift.abs(alp.coupling($0)) * $0.mass / alp.scale }.max() ?? 0
        case .vector(let boson):
            var largest = (boson.charges.all + [boson.hadronicCharge * (4 * Double.pi * PhysicalConstants.alpha).squareRoot()])
                .map { Swift.abs(boson.coupling * $0) }.max() ?? 0
            if case .state(let chi) = boson.darkSector { largest = Swift.max(largest, Swift.abs(chi.coupling)) }
            return largest
        }
    }

    /// The mass recoiling against the boson in its production: h' for dark Higgsstrahlung.
    var recoilMass: Double {
        if case .darkHiggs(let model) = self { return model.darkHiggsMass }
        return 2 * Lepton.muon.mass
    }
}
