import DarkSectorPhysics
import HEPDataTables

/// The range of one model input, the same wherever the field is read: model cards (`recast`,
/// `plot`), scan files (`scan`) and the model options of `widths`. A refusal names the file and
/// field (or the option) and the range in words (docs/model-cards.md).
public struct ModelInputRule: Sendable {
    public var lower: Double
    public var upper: Double
    /// Whether `lower` itself is refused (couplings and fractions that must be positive).
    public var excludesLower = false
    /// The range in words, after "a finite number ".
    public var words: String

    public init(lower: Double, upper: Double, excludesLower: Bool = false, words: String) {
        self.lower = lower
        self.upper = upper
        self.excludesLower = excludesLower
        self.words = words
    }

    /// Whether `value` is finite and inside the range.
    public func accepts(_ value: Double) -> Bool {
        value.isFinite && value <= upper && (excludesLower ? value > lower : value >= lower)
    }

    /// The refusal text of `value`: "a finite number <words>, got <value>".
    public func expected(got value: Double) -> String { "a finite number \(words), got \(value)" }

    /// The number at `field` of a file, checked; the error names the file, the field and the range.
    public func read(_ value: Any?, field: String, reader: FieldReader) throws -> Double {
        guard let value else { throw InputFileError(file: reader.file, field: field, expected: "a finite number \(words), found nothing") }
        guard let number = (value as? Double) ?? (value as? Int).map(Double.init) else {
            throw InputFileError(file: reader.file, field: field, expected: "a finite number \(words), got \"\(value)\"")
        }
        guard accepts(number) else { throw InputFileError(file: reader.file, field: field, expected: expected(got: number)) }
        return number
    }

    /// Every value of a non-empty list at `field`, checked (errors name `field[i]`).
    public func readList(_ value: Any?, field: String, reader: FieldReader) throws -> [Double] {
        let values = try reader.list(value, field: field).enumerated().map { try read($1, field: "\(field)[\($0)]", reader: reader) }
        guard !values.isEmpty else { throw InputFileError(file: reader.file, field: field, expected: "at least one value") }
        return values
    }

    // MARK: The rules

    /// 4 pi: the tree-level widths the kit computes are meaningless above, and overflow far above.
    public static let perturbativeLimit = 4 * Double.pi

    /// g_chi (fixed) and g_chi / g (a ratio to the model's own coupling): positive, at most 4 pi.
    public static let darkMatterCoupling = ModelInputRule(lower: 0, upper: perturbativeLimit, excludesLower: true,
                                                          words: "from 0 to 4 pi = 12.566 (positive; the perturbative limit)")
    /// m_chi / M: below 1/2, so that X -> chi chibar stays open, as the recast assumes.
    public static let darkMatterMassFraction = ModelInputRule(lower: 0, upper: 0.4999,
                                                              words: "from 0 to 0.4999 (below 1/2: the boson's decay to chi chibar stays open)")
    /// A chosen BF(invisible): a fraction, at least 1e-6 (a smaller one is no invisible signal).
    public static let invisibleBranchingFraction = ModelInputRule(lower: 1e-6, upper: 1, words: "from 1e-6 to 1 (a branching fraction)")
    /// A written-out coupling or charge that the recast scales by one factor (either sign).
    public static let scaledCoupling = ModelInputRule(lower: -1e6, upper: 1e6, words: "from -1e6 to 1e6 (the recast scales them all by one factor)")
    /// The ALP scale Lambda, GeV.
    public static let alpScale = ModelInputRule(lower: 1, upper: 1e9, words: "from 1 to 1e9 GeV (the ALP scale Lambda, GeV)")
    /// A fixed kinetic mixing eps.
    public static let epsilon = ModelInputRule(lower: 0, upper: 1, excludesLower: true, words: "above 0 and at most 1 (the kinetic mixing eps)")
    /// A fixed alpha_D = g_D^2 / (4 pi), with g_D at most 4 pi.
    public static let alphaD = ModelInputRule(lower: 0, upper: perturbativeLimit, excludesLower: true,
                                              words: "above 0 and at most 4 pi = 12.566 (alpha_D = g_D^2 / (4 pi) with g_D <= 4 pi)")
    /// M_h' / M_A'.
    public static let darkHiggsMassRatio = ModelInputRule(lower: 0, upper: 10, words: "from 0 to 10 (M_h' / M_A')")
    /// Masses of the model's domain, GeV: from 10 MeV (the tables' first mass) up to 11 GeV (the
    /// B factory's reach).
    public static let mass = ModelInputRule(lower: 0.01, upper: 11, words: "from 0.01 to 11 GeV")
    /// A fixed M_h', GeV.
    public static let darkHiggsMass = ModelInputRule(lower: 0, upper: 11, words: "from 0 to 11 GeV (M_h')")
}

/// An evenly spaced mass grid `{from, to, step}` (GeV), as model cards and the simulation block of
/// search cards write it: from, from + step, ... up to `to` (included when it lies on the grid,
/// within 1e-9 steps).
public enum MassGrid {
    /// How many masses the grid has.
    public static func count(from: Double, to: Double, step: Double) -> Int {
        Int(((to - from) / step + 1e-9).rounded(.down)) + 1
    }

    /// The masses themselves; callers bound `count` first.
    public static func masses(from: Double, to: Double, step: Double) -> [Double] {
        (0..<count(from: from, to: to, step: step)).map { from + Double($0) * step }
    }
}
