"""Recomputes the check values of docs/physics.md (sections 1-5, 7).

Independent of the Swift code: each formula is written out again from docs/physics.md.
Requires numpy, scipy, mpmath. Run: python3 docs/checks/physics_checks.py [--mtau 1.77686]
"""
import sys
import warnings
warnings.filterwarnings("ignore")
import numpy as np
import mpmath as mp
from scipy import integrate

ALPHA = 1 / 137.035999
E = np.sqrt(4 * np.pi * ALPHA)
V = 246.22
ME, MMU = 0.51099895e-3, 0.1056583755
MTAU = float(sys.argv[sys.argv.index("--mtau") + 1]) if "--mtau" in sys.argv else 1.77693
LEPTONS = (ME, MMU, MTAU)
FB = 3.893794e11  # fb per GeV^-2


def vector_width(g, M, m, C=1.0):
    """1.1: C g^2 M/(12 pi)(1 + 2r) beta."""
    r = m * m / (M * M)
    return 0.0 if r >= 0.25 else C * g * g * M / (12 * np.pi) * (1 + 2 * r) * np.sqrt(1 - 4 * r)


def darkhiggs_sigma(M, mh, rs=10.58):
    """1.3: sigma(e+e- -> A' h') / (eps^2 alpha_D), fb."""
    s = rs * rs
    lam = (1 - (M + mh) ** 2 / s) * (1 - (M - mh) ** 2 / s)
    if lam <= 0:
        return 0.0
    x = M * M / s
    return np.pi * ALPHA / (3 * s) * np.sqrt(lam) * (lam + 12 * x) / (1 - x) ** 2 * FB


def darkhiggs_sigma_from_trace(M, mh, rs=10.58):
    """1.3 by integrating the derived angular distribution (alpha_D = eps = 1)."""
    s = rs * rs
    gD2 = 4 * np.pi
    p = np.sqrt((s - (M + mh) ** 2) * (s - (M - mh) ** 2)) / (2 * rs)
    msq = lambda c: 0.25 * E * E * 4 * gD2 * M * M / (s - M * M) ** 2 * (4 * s + 2 * s * p * p * (1 - c * c) / (M * M))
    return integrate.quad(msq, -1, 1)[0] * 2 * np.pi * p / (64 * np.pi ** 2 * s * (rs / 2)) * FB


def smoothed_r(points, x0, k=10):
    """1.2: the kernel smoothing of HadronicRRatio.swift."""
    x, r = points
    width = max(np.sort(np.abs(x - x0))[k - 1], 1e-6)
    z = (x - x0) / width
    keep = np.abs(z) < 8
    w = np.exp(-0.5 * z[keep] ** 2)
    return (w * r[keep]).sum() / w.sum(), width


def amu_vector(g, M):
    f = lambda z: 2 * z * (1 - z) ** 2 * MMU ** 2 / ((1 - z) ** 2 * MMU ** 2 + z * M * M)
    return g * g / (8 * np.pi ** 2) * integrate.quad(f, 0, 1, epsabs=0, epsrel=1e-11, limit=400)[0]


def amu_scalar(g, M):
    R = M * M / MMU ** 2
    f = lambda x: x * x * (2 - x) / (x * x + (1 - x) * R)
    return g * g / (8 * np.pi ** 2) * integrate.quad(f, 0, 1, epsabs=0, epsrel=1e-11, limit=400)[0]


def A12(t):
    """3.1: scalar fermion-loop amplitude."""
    if t <= 1:
        f = mp.asin(mp.sqrt(t)) ** 2
    else:
        r = mp.sqrt(1 - 1 / t)
        f = -0.25 * (mp.log((1 + r) / (1 - r)) - 1j * mp.pi) ** 2
    return 2 * (t + (t - 1) * f) / t ** 2


def B1(tau):
    """4.1: ALP loop function with the complex square."""
    if tau >= 1:
        f = mp.asin(1 / mp.sqrt(tau))
    else:
        r = mp.sqrt(1 - tau)
        f = mp.pi / 2 + 0.5j * mp.log((1 + r) / (1 - r))
    return 1 - tau * f ** 2


def mass(p):
    return np.sqrt(p[0] ** 2 - p[1:] @ p[1:])


def beams(EH, EL, th=0.0415):
    pH, pL = np.sqrt(EH ** 2 - ME ** 2), np.sqrt(EL ** 2 - ME ** 2)
    return (np.array([EH, pH * np.sin(th), 0, pH * np.cos(th)]),
            np.array([EL, pL * np.sin(np.pi - th), 0, pL * np.cos(np.pi - th)]))


def main():
    print(f"m_tau = {MTAU}; e = {E:.7f}; m_mu/v = {MMU / V:.5g}; m_tau/v = {MTAU / V:.5g}")
    print("\n1.1 dark photon, eps = 1: M, Gamma_ee, Gamma_mumu, Gamma_tautau")
    for M in (0.5, 1, 5, 9):
        print(f"  {M}", " ".join(f"{vector_width(E, M, m):.5e}" for m in LEPTONS))
    print("\n1.2 BF(mu mu) with single R: M, R, BF, Gamma_tot")
    for M, R in ((5, 3.42), (8, 3.67), (9, 3.67)):
        G = [vector_width(E, M, m) for m in LEPTONS]
        tot = sum(G) + ALPHA * M / 3 * R
        print(f"  {M} {R} {G[1] / tot:.4f} {tot:.4g}")
    data = np.loadtxt(__file__.rsplit("/docs/", 1)[0] + "/paper-data/reference/r-ratio/rpp2020_hadronic_R_2to12GeV.dat")
    points = (data[:, 0], data[:, 1])
    print("1.2 smoothed R: M, R, kernel width, BF(mu mu)")
    for M in (4.0, 5.0, 6.0, 8.0, 9.0, 9.7):
        R, w = smoothed_r(points, M)
        G = [vector_width(E, M, m) for m in LEPTONS]
        print(f"  {M} {R:.4f} {w:.3f} {G[1] / (sum(G) + ALPHA * M / 3 * R):.4f}")
    print("\n1.3 sigma/(eps^2 alpha_D) [fb] at 10.58 GeV (closed form; trace integral)")
    for M, mh in ((1, .5), (4, 1), (4, 3), (5, 5), (6, 2), (8, 1), (9, .5), (9.7, .5), (9.7, 0)):
        extra = f"  trace {darkhiggs_sigma_from_trace(M, mh):.4e}" if (M, mh) in ((4, 1), (8, 1), (9.7, .5)) else ""
        print(f"  {M} {mh} {darkhiggs_sigma(M, mh):.4e}{extra}")
    G = [vector_width(E, 8, m) for m in LEPTONS]
    bf = G[1] / (sum(G) + ALPHA * 8 / 3 * 3.67)
    print(f"  worked example: {2 / (darkhiggs_sigma(8, 1) * bf):.3e}; 1.7e-8 at (9.7, 0.5): "
          f"{1.7e-8 * darkhiggs_sigma(9.7, .5) * 0.150:.2f} fb with BF, {1.7e-8 * darkhiggs_sigma(9.7, .5):.1f} fb without")
    print("\n2.1 Z', g' = 1: M, Gamma_mumu, Gamma_tautau, Gamma_nu, BF_inv")
    for M in (0.1, 0.5, 1, 5, 8):
        gm, gt, gn = vector_width(1, M, MMU), vector_width(1, M, MTAU), vector_width(1, M, 0, 0.5)
        print(f"  {M} {gm:.4e} {gt:.4e} {gn:.4e} {2 * gn / (2 * gn + gm + gt):.4f}")
    gm, gt, gn, gx = vector_width(1, 1, MMU), vector_width(1, 1, MTAU), vector_width(1, 1, 0, .5), vector_width(3, 1, 1 / 3)
    eps0 = E * np.log(MTAU ** 2 / MMU ** 2) / (12 * np.pi ** 2)
    print(f"  Dirac chi (3 g', M/3) at 1 GeV: BF_inv = {(2 * gn + gx) / (2 * gn + gx + gm + gt):.4f}")
    print(f"  unit widths: {1 / (12 * np.pi):.4e} {1 / (24 * np.pi):.4e} {1 / (48 * np.pi):.4e}")
    print(f"  eps(0)/g' = {eps0:.5f} (g'/{1 / eps0:.1f}); eps e = {eps0 * E:.3e}; (eps e)^2 = {(eps0 * E) ** 2:.2e}")
    print("\n2.2 sigma_0(ee -> mumu) at 10.58 GeV:", f"{4 * np.pi * ALPHA ** 2 / (3 * 10.58 ** 2) * FB / 1e6:.4f} nb")
    print("\n2.3 g' for Delta a = 2.51e-9")
    for M in (0.01, 0.1, 0.3, 1, 3):
        print(f"  {M} {np.sqrt(2.51e-9 / amu_vector(1, M)):.4g}")
    c = amu_vector(1, 1.0)
    print(f"  2 sigma band at 1 GeV: [{np.sqrt((2.51e-9 - 1.18e-9) / c):.4g}, {np.sqrt((2.51e-9 + 1.18e-9) / c):.4g}]")
    print(f"  limits: M->0 ratio {amu_vector(1, 1e-7) * 8 * np.pi ** 2:.6f}; heavy ratio "
          f"{amu_vector(1, 100) / (MMU ** 2 / (12 * np.pi ** 2 * 1e4)):.5f}")
    print("\n3.1 scalar, xi = 1: M, Gamma_ee, Gamma_mumu, Gamma_tautau, Gamma_gammagamma")
    for M in (0.3, 1, 3, 5, 9):
        widths = [0.0 if 4 * m * m >= M * M else (m / V) ** 2 * M * (1 - 4 * m * m / M / M) ** 1.5 / (8 * np.pi) for m in LEPTONS]
        amp = sum(A12(M * M / (4 * m * m)) / V for m in LEPTONS)
        gg = ALPHA ** 2 * M ** 3 / (256 * np.pi ** 3) * abs(amp) ** 2
        print(f"  {M}", " ".join(f"{w:.4e}" for w in widths), f"{float(gg):.4e}")
    print(f"  A_1/2(1e-6) = {float(A12(1e-6).real):.5f}, A_1/2(1) = {float(A12(1).real):.5f}")
    print("3.3 scalar g_mu (xi) for Delta a = 2.51e-9")
    for M in (0.1, 1):
        g = np.sqrt(2.51e-9 / amu_scalar(1, M))
        print(f"  {M} {g:.4g} ({g * V / MMU:.4g})")
    print(f"  M->0 ratio to 3/(16 pi^2): {amu_scalar(1, 1e-8) / (3 / (16 * np.pi ** 2)):.6f}")
    print("\n4.1 ALP, c = 1, Lambda = 1000: m_a, Gamma_ee, Gamma_mumu, Gamma_tautau, C_eff, Gamma_gammagamma")
    L = 1000.0
    for M in (0.1, 0.3, 1, 3, 5, 9):
        widths = [0.0 if 4 * m * m >= M * M else M * m * m / (8 * np.pi * L * L) * np.sqrt(1 - 4 * m * m / M / M) for m in LEPTONS]
        C = sum(B1(4 * m * m / M / M) / (16 * np.pi ** 2) for m in LEPTONS)
        gg = 4 * np.pi * ALPHA ** 2 * M ** 3 * abs(C) ** 2 / L ** 2
        print(f"  {M}", " ".join(f"{w:.4e}" for w in widths), mp.nstr(C, 5), f"{float(gg):.4e}")
    print(f"  B1(1e-9) = {mp.nstr(B1(1e-9).real, 6)}, B1(1) = {mp.nstr(B1(1), 6)}, B1(100) = {mp.nstr(B1(100), 5)}")
    print("\n5 beams: sqrt(s), P_lab, beta, |beta|, gamma, beta gamma, boost angle (mrad)")
    for EH, EL, th in ((7.004, 4.002, 0.0415), (7.0, 4.0, 0.0415), (7.0, 4.0, 0.0)):
        H, Lb = beams(EH, EL, th)
        P = H + Lb
        b = P[1:] / P[0]
        bb = np.linalg.norm(b)
        g = 1 / np.sqrt(1 - bb * bb)
        print(f"  {EH}/{EL} theta {th}: {mass(P):.5f} {np.round(P, 5)} {np.round(b, 5)} {bb:.5f} {g:.5f} {bb * g:.5f} "
              f"{1000 * np.arctan2(b[0], b[2]):.1f}")
    rs = 10.58
    Es = (rs * rs + 16 - 9) / (2 * rs)
    print(f"  recoil: E* = {Es:.5f}, p* = {np.sqrt(Es * Es - 16):.5f}, M_recoil = {np.sqrt(rs * rs - 2 * rs * Es + 16):.5f}")
    H, Lb = beams(7.004, 4.002)
    P = H + Lb
    rs2 = mass(P)
    E2 = (rs2 ** 2 + 16 - 9) / (2 * rs2)
    n = np.array([0.3, 0.5, 0.812]) / np.linalg.norm([0.3, 0.5, 0.812])
    pc = np.array([E2, *(np.sqrt(E2 * E2 - 16) * n)])
    b = P[1:] / P[0]
    bb = b @ b
    g = 1 / np.sqrt(1 - bb)
    bp = b @ pc[1:]
    lab = np.array([g * (pc[0] + bp), *(pc[1:] + ((g - 1) * bp / bb + g * pc[0]) * b)])
    print(f"  lab recoil with Y4S beams: {mass(P - lab):.7f}")
    print("\n7 Punzi (a = 3, b = 1.28155)")
    a, bsig = 3, 1.28155

    def smin(eps, B, lumi, slide=False):
        rb = np.sqrt(B)
        const = bsig ** 2 / 2 if slide else a * a / 8 + 9 * bsig ** 2 / 13
        return (const + a * rb + bsig / 2 * np.sqrt(bsig ** 2 + 4 * a * rb + 4 * B)) / (eps * lumi)
    print(f"  {smin(.1, 25, 50):.5g} {smin(.1, 0, 50):.5g} {smin(.1, 0, 2000):.5g}; slide {smin(.1, 25, 50, True):.5g} "
          f"{smin(.1, 0, 50, True):.5g}; FOM {0.1 / 6.5:.5g}")


if __name__ == "__main__":
    main()
