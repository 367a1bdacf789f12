/// The names of the results/ records and tables that `reproduce` writes and the figures, `recast`
/// and `export` read: one place, so that a writer and its readers cannot drift apart (issue 16).
/// A table is results/<record>/<stem>.yaml (and .csv); a search's record is its card id.
public enum ResultName {
    /// mu mu + invisible with a coupling-limit reference: the rate limit it implies.
    public static let rateLimit = "rate_limit"
    /// mu mu + invisible without a limit at hand: the rate per unit g'^2.
    public static let signalRatePerG2 = "signal_rate_per_g2"
    /// Dark Higgsstrahlung: the rate per unit eps^2 alpha_D at a few M_h'/M_A'.
    public static let signalRatePerEps2AlphaD = "signal_rate_per_eps2_alphaD"
    /// Dark Higgsstrahlung: eps^2 alpha_D at which the rate equals the smallest published
    /// sigma x BF limit, over (M_A', M_h').
    public static let eps2AlphaDBoundMap = "eps2_alphaD_at_smallest_sigma_limit"
    /// Dark Higgsstrahlung with a two-mass sigma x BF limit table: the eps^2 alpha_D limit at its points.
    public static let eps2AlphaDLimitPlane = "eps2_alphaD_limit_plane"
    public static let derivedEfficiency = "derived_signal_efficiency"
    public static let projectedReach = "projected_reach"
    public static let approximateLikelihood = "approximate_likelihood"
    public static let recomputedLimits = "sigma_x_bf_limits_recomputed"
    public static let signalRateUnitCoupling = "signal_rate_unit_coupling"
    /// A tau-tau benchmark's coupling limits (`Reproduction.Benchmark.stem`).
    public static func couplingLimits(_ stem: String) -> String { "coupling_limits_" + stem }

    /// The record of the L_mu - L_tau combination of the invisible and tau-tau searches.
    public static let combinationRecord = "LMuMinusLTau_combination"
    /// The record of the (g-2)_mu band of the L_mu - L_tau Z', and its table.
    public static let muonAnomalyRecord = "MuonAnomaly_lmu_ltau"
    public static let muonAnomalyBand = "g_prime_band"
}
