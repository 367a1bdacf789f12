"""Independent check of sigma(e+e- -> l+ l- X) / g^2 (docs/physics.md 2.2).

Traces of the tree-level amplitude with explicit Dirac matrices, contracted with the
orientation-averaged beam tensor (4/3)(q q - s g) (massless beams), integrated over the Dalitz
plot with adaptive quadrature. Shares no code with the kit's spinor and VEGAS implementation.
Requires numpy and scipy.

Run: python3 docs/checks/cross_section_check.py                 (the M = 1 GeV table)
     python3 docs/checks/cross_section_check.py mumu scalar     (pulls against results/cross-sections)
     python3 docs/checks/cross_section_check.py mumu axialVector 10   (every 10th mass only)
     python3 docs/checks/cross_section_check.py axial           (docs/physics.md 10.3 checks: sigma_A,
                                                                 sigma_V + sigma_A = sigma(x_V = x_A = 1))
"""
import csv
import sys

import numpy as np
from scipy import integrate

ALPHA = 1 / 137.035999
FB = 3.893794e11
MASSES = {"mumu": 0.1056583755, "tautau": 1.77693}

I2, Z2 = np.eye(2), np.zeros((2, 2))
PAULI = (np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]]))
GAMMA = [np.block([[I2, Z2], [Z2, -I2]]).astype(complex)] + [np.block([[Z2, p], [-p, Z2]]).astype(complex) for p in PAULI]
GAMMA5 = 1j * GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]
METRIC = np.diag([1.0, -1, -1, -1])
I4 = np.eye(4)


def slash(p):
    return sum(METRIC[m, m] * p[m] * GAMMA[m] for m in range(4))


def dirac_bar(A):
    return GAMMA[0] @ A.conj().T @ GAMMA[0]


def dot(a, b):
    return a[0] * b[0] - a[1:] @ b[1:]


def minus_g_hadronic_tensor(p3, p4, k, m, M, kind):
    """-g_{mu nu} H^{mu nu}, H summed over lepton spins and boson polarisations, g = 1."""
    S3 = (slash(p3 + k) + m * I4) / (dot(p3 + k, p3 + k) - m * m)
    S4 = (slash(-p4 - k) + m * I4) / (dot(p4 + k, p4 + k) - m * m)
    if kind in ("vector", "axialVector", "vector+axial"):
        # Spin 1: gamma^a (c_V - c_A gamma5) (docs/physics.md 10.1), the massive polarisation sum
        # with its k k / M^2 term kept (it does not drop for the non-conserved axial current).
        chiral = {"vector": I4, "axialVector": -GAMMA5, "vector+axial": I4 - GAMMA5}[kind]
        vertices = [G @ chiral for G in GAMMA]
        polarisation_sum = -METRIC + np.outer(METRIC @ k, METRIC @ k) / M ** 2
    else:
        vertices = [I4 if kind == "scalar" else 1j * GAMMA5]
        polarisation_sum = np.ones((1, 1))
    A, B = slash(p3) + m * I4, slash(p4) - m * I4
    total = 0.0
    for mu in range(4):
        currents = [V @ S3 @ GAMMA[mu] + GAMMA[mu] @ S4 @ V for V in vertices]
        bars = [dirac_bar(c) for c in currents]
        h = sum(polarisation_sum[a, b] * np.trace(A @ currents[a] @ B @ bars[b])
                for a in range(len(vertices)) for b in range(len(vertices)) if polarisation_sum[a, b] != 0)
        total += -METRIC[mu, mu] * h
    return total.real


def sigma(m, M, kind, sqrt_s=10.58):
    s, m2, M2 = sqrt_s ** 2, m * m, M * M

    def averaged(a, b):  # a = m_{4k}^2, b = m_{3k}^2
        E3 = (s + m2 - a) / (2 * sqrt_s)
        Ek = (s + M2 - (s + 2 * m2 + M2 - a - b)) / (2 * sqrt_s)
        p3, pk = np.sqrt(max(E3 * E3 - m2, 0)), np.sqrt(max(Ek * Ek - M2, 0))
        if p3 <= 0 or pk <= 0:
            return 0.0
        c = np.clip((E3 * Ek - (b - m2 - M2) / 2) / (p3 * pk), -1, 1)
        P3, K = np.array([E3, 0, 0, p3]), np.array([Ek, pk * np.sqrt(1 - c * c), 0, pk * c])
        P4 = np.array([sqrt_s, 0, 0, 0]) - P3 - K
        e2 = 4 * np.pi * ALPHA
        return e2 ** 2 / s ** 2 * (4 * s / 3) * minus_g_hadronic_tensor(P3, P4, K, m, M, kind) / 4

    def inner(t):
        a = m2 + t
        ma = np.sqrt(a)
        EK, E3 = (a - m2 + M2) / (2 * ma), (s - a - m2) / (2 * ma)
        pK, p3 = np.sqrt(max(EK ** 2 - M2, 0)), np.sqrt(max(E3 ** 2 - m2, 0))
        low, high = (E3 + EK) ** 2 - (p3 + pK) ** 2, (E3 + EK) ** 2 - (p3 - pK) ** 2
        return integrate.quad(lambda u: np.exp(u) * averaged(a, m2 + np.exp(u)),
                              np.log(max(low - m2, 1e-300)), np.log(high - m2), epsrel=1e-7, limit=200)[0]

    t_min, t_max = (m + M) ** 2 - m2, (sqrt_s - m) ** 2 - m2
    value = integrate.quad(lambda lt: np.exp(lt) * inner(np.exp(lt)), np.log(t_min), np.log(t_max), epsrel=1e-6, limit=200)[0]
    return value / (128 * np.pi ** 3 * s) / (2 * s) * FB


def pulls(line, kind, stride=1):
    path = __file__.rsplit("/docs/", 1)[0] + f"/results/cross-sections/{line}X_{kind}.csv"
    rows = [r for r in csv.reader(l for l in open(path) if not l.startswith("#"))][1:][::stride]
    values = []
    for row in rows:
        M, kit, error = map(float, row[:3])
        mine = sigma(MASSES[line], M, kind)
        values.append((kit - mine) / error)
        print(f"{M:.5g} kit {kit:.6g} +- {error:.3g}  here {mine:.6g}  pull {values[-1]:+.2f}", flush=True)
    v = np.array(values)
    print(f"{line} {kind}: {len(v)} masses, mean pull {v.mean():+.3f}, rms {np.sqrt((v ** 2).mean()):.3f}, max |pull| {np.abs(v).max():.2f}")


if __name__ == "__main__":
    if len(sys.argv) in (3, 4):
        pulls(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 1)
    elif sys.argv[1:] == ["axial"]:
        for line, M in (("mumu", 1.0), ("mumu", 5.0), ("tautau", 5.0)):
            v, a, both = (sigma(MASSES[line], M, kind) for kind in ("vector", "axialVector", "vector+axial"))
            print(f"{line} M = {M}: sigma_V {v:.6g}  sigma_A {a:.6g}  sigma_A / sigma_V - 1 {a / v - 1:+.3e}  "
                  f"sigma(x_V = x_A = 1) / (sigma_V + sigma_A) - 1 {both / (v + a) - 1:+.1e}", flush=True)
    else:
        for line in ("mumu", "tautau"):
            print(line, " ".join(f"{kind} {sigma(MASSES[line], 1.0, kind):.5g}" for kind in ("vector", "scalar", "pseudoscalar")), flush=True)
