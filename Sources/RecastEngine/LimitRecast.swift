import DarkSectorPhysics
import RealModule

/// The Darkcast idea made exact for one topology: at the limit, the signal yield of the new model
/// equals that of the reference model,
///
///     sigma_1,new g_new^2 BF_new(g_new) eff_new = sigma_1,ref g_ref^2 BF_ref(g_ref) eff_ref,
///
/// where sigma_1 is the production cross section per unit coupling squared. The rate limit R is the
/// right-hand side divided by eff_new; the efficiency ratio eff_new / eff_ref is 1 unless an
/// efficiency map says otherwise.
public enum LimitRecast {
    /// Why a recast has no coupling at a mass.
    public enum NoSolution: String, Sendable, Hashable {
        /// The new model gives no rate in the search's final state (BF or sigma is zero).
        case noRate = "no rate in this final state"
        /// The limit would need a coupling above the solver's ceiling (`maximumCoupling`; in a
        /// search recast, the parameter at which a vertex coupling reaches
        /// `RecastModel.solverCeilingCoupling`).
        case aboveMaximumCoupling = "no solution below the coupling ceiling"
        /// The mass lies outside the search's reference limit.
        case outsideReference = "mass outside the search's reference limit"
        /// The pair of masses the model sets lies outside the published points of the search's
        /// limit over two masses (docs/two-mass-tables.md 2).
        case outsidePlane = "mass pair outside the published points of the search's two-mass limit table"
        /// The mass lies where the reference is a third party's extrapolation, not the paper's
        /// curve (used only when asked: --use-extrapolation).
        case extrapolatedRegion = "mass in the reference's extrapolated region, not the paper's curve (--use-extrapolation uses it)"
    }

    /// The rate limit sigma x BF (fb) implied by a coupling limit g of the reference model.
    public static func rateLimit(couplingLimit g: Double, crossSectionPerUnitCoupling sigma1: Double,
                                 branchingFraction: Double) -> Double {
        sigma1 * g * g * branchingFraction
    }

    /// The coupling scale g at which the model's signal rate sigma(g) x BF(g) x efficiency ratio (fb)
    /// equals `rateLimit`. BF may depend on g (a fixed dark-matter coupling makes BF(Z' -> invisible)
    /// fall as g' grows); the rate still rises with g for every model of the kit, so the root is
    /// unique and is found by bisection in ln g to 1e-10 relative, up to `maximumCoupling`.
    public static func coupling(rateLimit: Double, maximumCoupling: Double = Double.sqrt(4 * Double.pi),
                                signalRate: (Double) -> Double) -> Result<Double, RecastFailure> {
        guard rateLimit > 0, rateLimit.isFinite, maximumCoupling > 0, maximumCoupling.isFinite else {
            return .failure(RecastFailure(.noRate))
        }
        let rateAtMaximum = signalRate(maximumCoupling)
        guard rateAtMaximum > 0, rateAtMaximum.isFinite else { return .failure(RecastFailure(.noRate)) }
        guard rateAtMaximum >= rateLimit else { return .failure(RecastFailure(.aboveMaximumCoupling)) }
        var low = Double.log(maximumCoupling) - 60, high = Double.log(maximumCoupling)
        guard signalRate(Double.exp(low)) < rateLimit else { return .success(Double.exp(low)) }
        while high - low > 1e-10 {
            let middle = 0.5 * (low + high)
            if signalRate(Double.exp(middle)) < rateLimit { low = middle } else { high = middle }
        }
        return .success(Double.exp(0.5 * (low + high)))
    }
}

extension LimitRecast {
    /// `coupling(rateLimit:signalRate:)` for a rate that can throw (a model asked outside its
    /// domain): the search runs on a rate of 0 after a failure, and the first error is rethrown.
    public static func coupling(rateLimit: Double, maximumCoupling: Double = Double.sqrt(4 * Double.pi),
                                throwingRate: (Double) throws -> Double) throws -> Result<Double, RecastFailure> {
        var failure: Error?
        let result = coupling(rateLimit: rateLimit, maximumCoupling: maximumCoupling) { g in
            do {
                return try throwingRate(g)
            } catch {
                failure = failure ?? error
                return 0
            }
        }
        if let failure { throw failure }
        return result
    }
}

/// A recast without a solution, with the reason.
public struct RecastFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: LimitRecast.NoSolution
    public init(_ reason: LimitRecast.NoSolution) { self.reason = reason }
    public var description: String { reason.rawValue }
}
