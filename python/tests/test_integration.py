"""Integration tests: the real b2recast binary ($B2RECAST or `b2recast` on PATH) on the
repository's data ($B2RECAST_DATA, else the repository this file is in). Skipped, with the
reason, when no binary is found and none was required; scripts/test-python.sh requires one."""

import math
import os
from pathlib import Path

import numpy as np
import pytest

import b2recast
from b2recast import B2Recast, B2RecastError, B2RecastNotFound

REPOSITORY = Path(__file__).resolve().parents[2]
TAUTAU = "BelleII_TauTauResonance_2023"


@pytest.fixture(scope="module")
def kit():
    # A binary that was asked for ($B2RECAST set, or B2RECAST_REQUIRE_BINARY=1 as in
    # scripts/test-python.sh) must be there: fail rather than skip.
    required = bool(os.environ.get("B2RECAST")) or os.environ.get("B2RECAST_REQUIRE_BINARY") == "1"
    try:
        binary = b2recast.find_binary()
    except B2RecastNotFound as error:
        if required:
            pytest.fail(f"b2recast binary required but not usable: {error}")
        pytest.skip(f"no b2recast binary: {error}")
    return B2Recast(binary, data=os.environ.get("B2RECAST_DATA") or REPOSITORY)


@pytest.fixture(scope="module")
def likelihood(kit):
    return kit.likelihood(TAUTAU)


@pytest.fixture(scope="module")
def alp(kit):
    return kit.recast(REPOSITORY / "examples/models/alp-universal.yaml")


def phi(x):
    return 0.5 * math.erfc(-x / math.sqrt(2))


def cls_limit(mu_hat, sigma, alpha=0.1):
    """CLs upper limit of a Gaussian in mu >= 0 by bisection on
    Phi((mu_hat - mu)/sigma) / Phi(mu_hat/sigma) = alpha (docs/tautau-likelihood.md 2),
    independently of the kit's closed form."""
    low, high = 0.0, max(mu_hat, 0.0) + 20 * sigma
    for _ in range(200):
        middle = 0.5 * (low + high)
        if phi((mu_hat - middle) / sigma) / phi(mu_hat / sigma) > alpha:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def test_tautau_likelihood_has_every_published_mass(likelihood):
    # 2384 rows in the collaboration's per-mass file, three duplicated masses dropped:
    # paper-data/BelleII_TauTauResonance_2023/PROVENANCE-per-mass-results.md.
    assert len(likelihood) == 2381
    assert likelihood.confidence_level == 0.9
    assert np.all(np.diff(likelihood.masses) > 0)
    assert likelihood.masses[0] == 3.6
    # The first row of the file, copied verbatim (as in Tests/LimitStatisticsTests/GaussianLikelihoodTests.swift).
    assert (likelihood.mu_hat_fb[0], likelihood.sigma_fb[0]) == (-3.3761555, 0.94049515)


def test_first_cls_limit_against_scipy(likelihood):
    # scipy brentq value 0.5278711505144891 fb (Tests/LimitStatisticsTests/GaussianLikelihoodTests.swift);
    # the JSON prints 6 significant digits (0.527871), hence the tolerance 2e-6 relative.
    assert likelihood.kit_cls_observed_limit_fb[0] == pytest.approx(0.5278711505144891, rel=2e-6)


def test_cls_limits_against_an_independent_bisection(likelihood):
    # Every 50th mass: the kit's CLs limit against the bisection above, from the same mu_hat and
    # sigma; 6 significant digits printed, so 1e-5 relative.
    for i in range(0, len(likelihood), 50):
        expected = cls_limit(likelihood.mu_hat_fb[i], likelihood.sigma_fb[i])
        assert likelihood.kit_cls_observed_limit_fb[i] == pytest.approx(expected, rel=1e-5), likelihood.masses[i]


def test_alp_recast_gives_tautau_limits_with_ordered_bands(alp):
    # examples/models/alp-universal.yaml: masses 4, 5, ..., 9 GeV; the tau-tau search publishes
    # the observed limit and the expected median with +-1 and +-2 sigma bands (PROVENANCE-per-mass-results.md).
    tautau = alp[TAUTAU]
    assert alp.model["family"] == "alp"
    assert tautau.confidence_level == "90% CL" and tautau.method
    assert tautau.reference["provenance"] == "published"
    np.testing.assert_array_equal(tautau.masses, [4.0, 5.0, 6.0, 7.0, 8.0, 9.0])
    assert tautau.expected.shape == (6, 5)
    assert np.all(np.isfinite(tautau.expected)) and np.all(tautau.expected > 0)
    assert np.all(np.diff(tautau.expected, axis=1) >= 0)   # -2 <= -1 <= median <= +1 <= +2 sigma
    assert np.all(np.isfinite(tautau.observed)) and np.all(tautau.observed > 0)
    assert tautau.reasons == [None] * 6
    assert len(tautau.flags) == 6 and len(tautau.valid) == 6


def test_recast_rate_limit_is_the_published_limit_interpolated(alp, likelihood):
    # docs/tautau-likelihood.md 4: between published masses, ln(limit) is linear in the mass. The
    # published observed limits come from the likelihood export (the card's table); both commands
    # print 6 significant digits, hence 1e-5 relative.
    tautau = alp[TAUTAU]
    interpolated = np.exp(np.interp(tautau.masses, likelihood.masses, np.log(likelihood.published_observed_limit_fb)))
    np.testing.assert_allclose(tautau.rate_limit_fb, interpolated, rtol=1e-5)


def test_recast_of_the_same_card_as_a_dict(kit, alp):
    card = {"format": "b2recast-model-card/2", "name": "ALP, universal lepton couplings", "family": "alp",
            "masses_GeV": {"from": 4.0, "to": 9.0, "step": 1.0},
            "parameters": {"C_ee": 1, "C_mumu": 1, "C_tautau": 1, "C_gammagamma": 0, "Lambda": 1000, "quote": "C_mumu"}}
    result = kit.recast(card)
    np.testing.assert_array_equal(result[TAUTAU].observed, alp[TAUTAU].observed)
    np.testing.assert_array_equal(result[TAUTAU].expected, alp[TAUTAU].expected)


def test_every_search_is_reported(alp):
    # The four searches of paper-data/; each either limits the model or says why not.
    assert set(alp.searches) == {"BelleII_DarkHiggsstrahlung_2022", TAUTAU, "BelleII_Zp_invisible_2018",
                                 "BelleII_Zp_invisible_2022"}
    for search in alp:
        assert search.has_limit or search.no_limit_reason


def test_limit_one_bin(kit):
    # No background, no uncertainty, 0 observed: the CLs limit is -ln(0.1) = 2.302585 signal
    # events (Read's CLs for a Poisson count; docs/statistics.md 6.1); 6 digits printed.
    result = kit.limit(observed=0, background=0.0, method="cls")
    assert result.confidence_level == 0.9
    assert result.observed == pytest.approx(-math.log(0.1), rel=1e-5)


def test_widths_branching_fractions_add_up(kit):
    result = kit.widths(model="alp", mass=5, C_mumu=1, C_tautau=1, Lambda=1000)
    assert result["model"] == "alp" and result["mass_GeV"] == 5.0
    fractions = [channel["branching_fraction"] for channel in result["partial_widths"].values()]
    assert sum(fractions) == pytest.approx(1, abs=1e-4)   # 6 digits each, several channels


def test_vector_widths_take_the_card_names(kit):
    # Regression/consistency: the lmu-ltau preset of the vector family has the lmu-ltau widths;
    # the options are the card keys (x_mu_V -> --x-mu-V), and each rate names its searches.
    preset = kit.widths(model="vector", preset="lmu-ltau", g=0.01, mass=5, precision=0.05)
    charges = kit.widths(model="vector", x_mu_V=1, x_tau_V=-1, x_nu_mu=1, x_nu_tau=-1, g=0.01, mass=5, precision=0.05)
    family = kit.widths(model="lmu-ltau", g_prime=0.01, mass=5, precision=0.05)
    assert preset["partial_widths"] == family["partial_widths"] == charges["partial_widths"]
    invisible = [rate for rate in preset["rates"] if rate["signature"] == "mumu_invisible"]
    assert invisible and "BelleII_Zp_invisible_2018" in invisible[0]["searches"]


def test_xsec_scales_with_the_coupling_squared(kit):
    result = kit.xsec(process="mumuX", boson="vector", mass=1.0, coupling=1e-3)
    assert result["sigma_per_g2_fb"] > 0 and result["sigma_per_g2_error_fb"] > 0
    assert result["sigma_fb"] == pytest.approx(result["sigma_per_g2_fb"] * 1e-6, rel=1e-5)


def test_a_refused_input_raises_b2recast_error(kit):
    with pytest.raises(B2RecastError) as error:
        kit.likelihood("NoSuchSearch")
    assert error.value.returncode != 0 and "NoSuchSearch" in error.value.stderr
