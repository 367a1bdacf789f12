/// How a search published its limits.
public enum PublishedInterval: String, Sendable, Hashable {
    case bayesian90 = "90% Bayesian credibility"
    case frequentist90 = "90% CL"
}

/// The Belle II dark-sector searches the kit knows, with what is at hand for each
/// (shared/design/DATA-STATUS.md). The search cards of paper-data/ carry the full content; this
/// catalogue is the summary `b2recast searches` prints (a test keeps the two in step).
public struct SearchSummary: Sendable, Hashable {
    public var id: String
    public var title: String
    public var arXiv: String
    public var journal: String
    /// Integrated luminosity, fb^-1.
    public var luminosity: Double
    public var interval: PublishedInterval
    /// What numbers are at hand and in which provenance class.
    public var atHand: String
    /// What the kit does with it today.
    public var status: String
}

public enum SearchCatalog {
    public static let all: [SearchSummary] = [
        SearchSummary(
            id: "BelleII_Zp_invisible_2018",
            title: "e+e- -> mu+mu- Z', Z' -> invisible (L_mu - L_tau), 2018 data",
            arXiv: "1912.11276", journal: "PRL 124, 141801 (2020)", luminosity: 0.276,
            interval: .bayesian90,
            atHand: "g' curve, 36 points (digitized); abstract: g' 5e-2 .. 1 for M_Z' <= 6 GeV (abstract)",
            status: "card encoded; the digitized g' curve is recast onto L_mu - L_tau (model BF, BF = 1, dark matter) by `reproduce` and `recast`"),
        SearchSummary(
            id: "BelleII_DarkHiggsstrahlung_2022",
            title: "e+e- -> A' h', A' -> mu+mu-, h' invisible",
            arXiv: "2207.00509", journal: "PRL 130, 071804 (2023)", luminosity: 8.34,
            interval: .bayesian90,
            atHand: "abstract: sigma_UL 1.7-5.0 fb, eps^2 alpha_D 1.7e-8 .. 2.0e-6; talk: selection, systematics",
            status: "card encoded; limit tables not at hand: reproduce writes the rate per unit eps^2 alpha_D and checks the abstract; `import hepdata` fills them from the official record"),
        SearchSummary(
            id: "BelleII_Zp_invisible_2022",
            title: "e+e- -> mu+mu- Z', Z' -> invisible (L_mu - L_tau)",
            arXiv: "2212.03066", journal: "PRL 130, 231801 (2023)", luminosity: 79.7,
            interval: .frequentist90,
            atHand: "abstract: g' 3e-3 .. 1; talk: selection, systematics by mass range; Punzi-net widths (proxy)",
            status: "card encoded; limit tables not at hand: reproduce writes the rate per unit g'^2 for both BF assumptions; `import hepdata` fills them from the official record"),
        SearchSummary(
            id: "BelleII_TauTauResonance_2023",
            title: "e+e- -> mu+mu- tau+tau-: Z', leptophilic S, ALP -> tau+tau-",
            arXiv: "2306.12294", journal: "PRL 131, 121802 (2023)", luminosity: 62.8,
            interval: .frequentist90,
            atHand: "per mass (2381 masses, 3.6-10 GeV): fitted sigma x BF with error, observed and expected limits with bands, the benchmark coupling limits (published, third-party copy); talk: selection, systematics (8.8-9.9 %)",
            status: "card encoded; recast with expected bands and validity by `recast` and `reproduce`; approximate (Gaussian) likelihood per mass (`export likelihood`); efficiency, background and counts per mass not at hand"),
    ]
}
