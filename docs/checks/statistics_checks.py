"""Recomputes the check values of docs/statistics.md 6.6 with scipy, independently of the Swift code.

Requires numpy and scipy; the pyhf cross-check runs only if pyhf (0.7.6) is importable.
Run: python3 docs/checks/statistics_checks.py
"""
import numpy as np
from scipy import optimize, special, stats

P, N = stats.poisson, stats.norm


def cls_limit(n, b, cl=0.9):
    """6.1: Read's CLs in one bin."""
    return optimize.brentq(lambda s: P.cdf(n, s + b) / P.cdf(n, b) - (1 - cl), 1e-12, 200, xtol=1e-13)


def clsb_limit(n, b, cl=0.9):
    f = lambda s: P.cdf(n, s + b) - (1 - cl)
    return optimize.brentq(f, 0, 200, xtol=1e-13) if f(0) > 0 else None


def truncated_normal(center, width, low=0.0, k=200):
    """Gauss-Legendre nodes and normalised weights of N(center, width) cut below `low`."""
    a, b = max(low, center - 8 * width), center + 8 * width
    x, w = np.polynomial.legendre.leggauss(k)
    x, w = (b - a) / 2 * x + (a + b) / 2, w * (b - a) / 2 * N.pdf((b - a) / 2 * x + (a + b) / 2, center, width)
    return x, w / w.sum()


EXACT1, ZERO = (np.array([1.0]), np.array([1.0])), (np.array([0.0]), np.array([1.0]))


def bayes_limit(n, eff=EXACT1, bkg=None, b=0.0, cl=0.9):
    """6.4: flat prior on s >= 0, efficiency and background priors given as (nodes, weights)."""
    bkg = bkg or (np.array([b]), np.array([1.0]))
    E, B = np.meshgrid(eff[0], bkg[0], indexing="ij")
    W = np.outer(eff[1], bkg[1])
    a = n + 1
    norm = (W / E * special.gammaincc(a, B)).sum()
    f = lambda M: (W / E * (special.gammainc(a, M * E + B) - special.gammainc(a, B))).sum() / norm - cl
    return optimize.brentq(f, 1e-9, 200, xtol=1e-12)


def hybrid_limit(n, eff=EXACT1, bkg=None, b=0.0, cl=0.9):
    """6.2: CLs with prior-averaged Poisson probabilities (one bin)."""
    bkg = bkg or (np.array([b]), np.array([1.0]))
    E, B = np.meshgrid(eff[0], bkg[0], indexing="ij")
    W = np.outer(eff[1], bkg[1])
    clb = (W * P.cdf(n, B)).sum()
    return optimize.brentq(lambda s: (W * P.cdf(n, s * E + B)).sum() / clb - (1 - cl), 1e-9, 200, xtol=1e-12)


def fc_acceptance(s, b, cl):
    """6.5: [n1, n2] at signal s."""
    mean = s + b
    n = np.arange(int(mean + 12 * np.sqrt(mean + 1) + 25) + 1)
    logp = P.logpmf(n, mean)
    ratio = logp - P.logpmf(n, np.maximum(b, n))
    order = np.lexsort((n, -ratio))
    k = np.searchsorted(np.cumsum(np.exp(logp[order])), cl)
    chosen = n[order[:k + 1]]
    return chosen.min(), chosen.max()


def fc_interval(n_obs, b, cl=0.9, step=0.001):
    lower, upper = None, 0.0
    for i in range(int(np.ceil((n_obs + 12 + 12 * np.sqrt(n_obs + 1)) / step)) + 1):
        s = i * step
        n1, n2 = fc_acceptance(s, b, cl)
        if lower is None and n1 <= n_obs <= n2:
            lower = s
        if n1 <= n_obs:
            upper = s
        if n1 > n_obs + 2:
            break
    return lower or 0.0, upper


def q_asimov(s, b):
    return 2 * (s - b * np.log1p(s / b))


def q_tilde(s, n, b):
    s_hat = max(n - b, 0.0)
    if s_hat > s:
        return 0.0
    return 2 * ((s + b) - n * np.log(s + b) - (s_hat + b) + n * np.log(s_hat + b))


def asymptotic_cls(q, qa):
    t = np.sqrt(q) - np.sqrt(qa) if q <= qa else (q - qa) / (2 * np.sqrt(qa))
    return N.cdf(-(t + np.sqrt(qa))) / N.cdf(-t)


def asymptotic_observed(n, b, cl=0.9):
    return optimize.brentq(lambda s: asymptotic_cls(q_tilde(s, n, b), q_asimov(s, b)) - (1 - cl), 1e-6, 300, xtol=1e-12)


def asymptotic_expected(edge, b, cl=0.9):
    return optimize.brentq(lambda s: N.cdf(edge - np.sqrt(q_asimov(s, b))) / N.cdf(edge) - (1 - cl), 1e-6, 500, xtol=1e-12)


def pyhf_check():
    try:
        import pyhf
    except ImportError:
        print("  pyhf not installed: skipped")
        return
    pyhf.set_backend("numpy", "scipy")
    for n, b in ((110, 100), (3, 1)):
        model = pyhf.Model({"channels": [{"name": "c", "samples": [
            {"name": "sig", "data": [1.0], "modifiers": [{"name": "mu", "type": "normfactor", "data": None}]},
            {"name": "bkg", "data": [float(b)], "modifiers": []}]}]}, poi_name="mu")
        data = [n] + model.config.auxdata
        bounds = model.config.suggested_bounds()
        bounds[model.config.poi_index] = (0, 200)
        test = lambda mu, **kw: pyhf.infer.hypotest(mu, data, model, par_bounds=bounds, test_stat="qtilde", **kw)
        observed = optimize.brentq(lambda mu: float(test(mu)) - 0.1, 0.5, 150, xtol=1e-8)
        expected = [optimize.brentq(lambda mu: float(test(mu, return_expected_set=True)[1][i]) - 0.1, 0.5, 150, xtol=1e-8)
                    for i in range(5)]
        print(f"  pyhf {pyhf.__version__}, n = {n}, b = {b}: observed {observed:.3f}; expected (pyhf order) "
              + ", ".join(f"{x:.3f}" for x in expected))


def main():
    print("6.6 single bin: n, b, CLs, Bayes, CL_s+b")
    for n, b in ((0, 0), (0, 3), (1, 0), (3, 0), (3, 1), (5, 2.5), (10, 10)):
        clsb = clsb_limit(n, b)
        print(f"  {n} {b} {cls_limit(n, b):.4f} {bayes_limit(n, b=b):.4f} {'none' if clsb is None else f'{clsb:.4f}'}")
    print(f"  95 %: {cls_limit(0, 0, .95):.4f} {cls_limit(3, 1, .95):.4f}")
    print("FC 90 % intervals (grid 0.001)")
    for n, b in ((0, 0), (3, 0), (3, 1), (5, 2.5), (6, 3), (10, 0.5), (0, 3)):
        lo, hi = fc_interval(n, b)
        print(f"  {n} {b} [{lo:.3f}, {hi:.3f}]")
    print("  Pois(3) quantiles at Phi(-2..2):", [int(P.ppf(N.cdf(k), 3)) for k in (-2, -1, 0, 1, 2)])
    print("With systematics (n = 3, b = 1 unless stated)")
    eff10, b03, eff20 = truncated_normal(1, .1), truncated_normal(1, .3), truncated_normal(1, .2)
    x, w = np.polynomial.legendre.leggauss(200)
    lognormal = (1.1 ** (8 * x), w * N.pdf(8 * x) / (w * N.pdf(8 * x)).sum())
    print(f"  Bayes, b +- 0.3, eff +- 10 %: {bayes_limit(3, eff10, b03):.4f}")
    print(f"  hybrid CLs, same: {hybrid_limit(3, eff10, b03):.4f}")
    print(f"  Bayes, log-normal kappa 1.1: {bayes_limit(3, lognormal, b=1.0):.4f}")
    print(f"  n = 0, b = 0, eff +- 20 %: Bayes {bayes_limit(0, eff20, ZERO):.4f}, hybrid {hybrid_limit(0, eff20, ZERO):.4f}")
    print("Asymptotic, b = 100")
    for cl in (0.9, 0.95):
        print(f"  expected {cl}:", ", ".join(f"{asymptotic_expected(k, 100, cl):.3f}" for k in (-2, -1, 0, 1, 2)))
    print("  Gaussian sigma = 10, 90 %:", ", ".join(f"{10 * (N.ppf(1 - .1 * N.cdf(k)) + k):.3f}" for k in (-2, -1, 0, 1, 2)))
    print("  95 % multipliers:", ", ".join(f"{N.ppf(1 - .05 * N.cdf(k)) + k:.3f}" for k in (-2, -1, 0, 1, 2)))
    print(f"  observed n = 110: {asymptotic_observed(110, 100):.3f} (exact {cls_limit(110, 100):.3f}); "
          f"n = 3, b = 1: {asymptotic_observed(3, 1):.3f}")
    print(f"  Z_A(10, 100) = {np.sqrt(2 * (110 * np.log1p(.1) - 10)):.4f}; Phi^-1(0.9, 0.95, 0.975) = "
          f"{N.ppf(.9):.5f} {N.ppf(.95):.5f} {N.ppf(.975):.5f}")
    pyhf_check()


if __name__ == "__main__":
    main()
