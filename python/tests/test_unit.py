"""Unit tests that need no b2recast binary: options, finding the binary and the data, JSON
parsing (hand-made samples in samples/, see samples/README.md), errors (a stand-in script)."""

import json
import os
import stat
import sys
from pathlib import Path

import numpy as np
import pytest

import b2recast
from b2recast import B2Recast, B2RecastError, B2RecastNotFound, cli_options, find_binary, find_data
from b2recast.results import Likelihood, LimitResult, RecastResult, number

SAMPLES = Path(__file__).parent / "samples"


def sample(name):
    return json.loads((SAMPLES / name).read_text())


def script(tmp_path, body, name="fake-b2recast"):
    """An executable Python script standing in for the binary."""
    path = tmp_path / name
    path.write_text(f"#!{sys.executable}\nimport json, os, sys\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


# A stand-in that prints its arguments, working directory and the card it was given as JSON.
ECHO = """
argv = sys.argv[1:]
card = None
if "--model" in argv:
    name = argv[argv.index("--model") + 1]
    card = json.load(open(name)) if os.path.isfile(name) else name
print(json.dumps({"argv": argv, "cwd": os.getcwd(), "card": card}))
"""


def repository(tmp_path):
    for folder in ("paper-data", "results"):
        (tmp_path / "repo" / folder).mkdir(parents=True, exist_ok=True)
    return tmp_path / "repo"


# --- options ---------------------------------------------------------------------------------

def test_option_names_keep_case_and_turn_underscores_into_dashes():
    assert cli_options({"C_mumu": 1, "alpha_D": 0.5, "Lambda": 1000.0, "g_prime": 1e-3}) == [
        "--C-mumu", "1", "--alpha-D", "0.5", "--Lambda", "1000.0", "--g-prime", "0.001"]


def test_flags_none_and_false():
    assert cli_options({"no_expected": True, "monte_carlo": False, "seed": None}) == ["--no-expected"]


def test_numbers_keep_full_precision_and_numpy_types_work():
    assert cli_options({"mass": 0.1 + 0.2}) == ["--mass", "0.30000000000000004"]
    assert cli_options({"mass": np.float64(5.25), "toys": np.int64(200)}) == ["--mass", "5.25", "--toys", "200"]


def test_strings_and_paths_pass_unchanged():
    assert cli_options({"process": "mumuX", "model": Path("a/b.yaml")}) == ["--process", "mumuX", "--model", "a/b.yaml"]


def test_bad_option_values_are_refused():
    with pytest.raises(ValueError, match="finite"):
        cli_options({"mass": float("inf")})
    with pytest.raises(TypeError, match="mass"):
        cli_options({"mass": [1, 2]})


# --- finding the binary and the data -----------------------------------------------------------

def test_binary_from_argument_environment_and_path(tmp_path, monkeypatch):
    fake = script(tmp_path, "print('{}')", name="b2recast")
    monkeypatch.delenv("B2RECAST", raising=False)
    assert find_binary(fake) == fake
    monkeypatch.setenv("B2RECAST", str(fake))
    assert find_binary() == fake
    monkeypatch.delenv("B2RECAST")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_binary() == fake


def test_missing_binary_says_what_to_set(tmp_path, monkeypatch):
    monkeypatch.delenv("B2RECAST", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(B2RecastNotFound, match="B2RECAST"):
        find_binary()
    monkeypatch.setenv("B2RECAST", str(tmp_path / "nowhere"))
    with pytest.raises(B2RecastNotFound, match=r"nowhere.*\$B2RECAST"):
        find_binary()


def test_data_from_argument_environment_and_current_directory(tmp_path, monkeypatch):
    root = repository(tmp_path)
    monkeypatch.delenv("B2RECAST_DATA", raising=False)
    assert find_data(root) == root.resolve()
    monkeypatch.setenv("B2RECAST_DATA", str(root))
    assert find_data() == root.resolve()
    monkeypatch.delenv("B2RECAST_DATA")
    monkeypatch.chdir(root)
    assert find_data(needs=("paper-data", "results")) == root.resolve()


def test_missing_data_names_the_folder_and_the_variable(tmp_path, monkeypatch):
    (tmp_path / "paper-data").mkdir()
    monkeypatch.delenv("B2RECAST_DATA", raising=False)
    with pytest.raises(B2RecastNotFound) as error:
        find_data(tmp_path, needs=("paper-data", "results"))
    message = str(error.value)
    assert str(tmp_path) in message and "results/" in message and "B2RECAST_DATA" in message
    assert "paper-data/," not in message   # only what is missing is named


# --- parsing -----------------------------------------------------------------------------------

def test_number_reads_the_kits_strings():
    assert number("inf") == float("inf") and number("-inf") == float("-inf")
    assert np.isnan(number(None)) and np.isnan(number("nan"))
    with pytest.raises(ValueError):
        number("five")


def test_recast_sample():
    result = RecastResult.from_json(sample("recast.json"))
    assert result.kit_version == "0.8.0" and result.model["family"] == "alp"
    assert list(result.searches) == ["BelleII_DarkHiggsstrahlung_2022", "BelleII_TauTauResonance_2023",
                                     "BelleII_Zp_invisible_2018"]
    tautau = result["BelleII_TauTauResonance_2023"]
    assert tautau.confidence_level == "90% CL" and tautau.reference["provenance"] == "published"
    np.testing.assert_array_equal(tautau.masses, [4.0, 8.0])
    np.testing.assert_array_equal(tautau.observed, [0.361186, 2.18493])
    assert tautau.expected.shape == (2, 5)
    np.testing.assert_array_equal(tautau.expected[0], [0.221797, 0.260374, 0.315765, 0.389525, 0.473994])
    np.testing.assert_array_equal(tautau.expected_median, [0.315765, 2.93512])
    assert tautau.valid.tolist() == [False, False]
    assert tautau.flags == [("outside EFT",), ("broad", "non-perturbative", "outside EFT")]
    assert tautau.reasons == [None, None] and tautau.has_limit

    invisible = result["BelleII_Zp_invisible_2018"]
    assert not invisible.has_limit and np.isnan(invisible.observed).all()
    assert np.isnan(invisible.expected).all() and invisible.expected.shape == (2, 5)
    np.testing.assert_array_equal(invisible.rate_limit_fb, [159.035, np.nan])
    assert invisible.reasons == ["no rate in this final state", "mass outside the search's reference limit"]

    no_table = result["BelleII_DarkHiggsstrahlung_2022"]
    assert no_table.masses.shape == (0,) and no_table.expected.shape == (0, 5)
    assert no_table.no_limit_reason.startswith("no limit table at hand")
    with pytest.raises(KeyError, match="BelleII_TauTauResonance_2023"):
        result["BelleII_Zp_invisible_2022"]


def test_limit_samples():
    result = LimitResult.from_json(sample("limit.json"))
    assert (result.method, result.confidence_level, result.observed) == ("cls", 0.9, 5.71525)
    np.testing.assert_array_equal(result.expected, [2.30259, 2.30259, 3.27566, 4.44751, 5.71525])
    assert result.expected_median == 3.27566
    infinite = LimitResult.from_json(sample("limit-infinite.json"))
    assert infinite.observed == float("inf") and np.isinf(infinite.expected).all()


def test_likelihood_sample():
    result = Likelihood.from_json(sample("likelihood.json"))
    assert len(result) == 3 and result.search == "BelleII_TauTauResonance_2023"
    np.testing.assert_array_equal(result.masses, [3.6, 3.61493, 3.62978])
    assert result.mu_hat_fb[0] == -3.3761555 and result.kit_cls_observed_limit_fb[0] == 0.527871
    assert set(result.arrays) == {"mass_GeV", "mu_hat_fb", "sigma_fb", "sigma_calibrated_fb",
                                  "published_observed_limit_fb", "kit_cls_observed_limit_fb"}


# --- command lines and errors, with a stand-in binary ------------------------------------------

def test_widths_and_xsec_command_lines(tmp_path):
    kit = B2Recast(binary=script(tmp_path, ECHO))
    assert kit.widths(model="alp", mass=5, C_mumu=1, Lambda=1000.0)["argv"] == [
        "widths", "--json", "--model", "alp", "--mass", "5", "--C-mumu", "1", "--Lambda", "1000.0"]
    assert kit.xsec(process="mumuX", boson="vector", mass=1.0)["argv"] == [
        "xsec", "--json", "--process", "mumuX", "--boson", "vector", "--mass", "1.0"]


def test_recast_of_a_dict_card_writes_a_temporary_file(tmp_path):
    root = repository(tmp_path)
    card = {"format": "b2recast-model-card/2", "name": "test", "family": "alp",
            "masses_GeV": [4.0], "parameters": {"C_ee": 1, "C_mumu": 1, "C_tautau": 1, "Lambda": 1000}}
    result = b2recast.recast(card, binary=script(tmp_path, ECHO), data=root, monte_carlo=True)
    argv = result.raw["argv"]
    assert result.raw["card"] == card and result.raw["cwd"] == str(root.resolve())
    assert argv[:2] == ["recast", "--model"] and "--json" in argv and argv[-1] == "--monte-carlo"
    for option, folder in (("--paper-data", "paper-data"), ("--cross-sections", "results/cross-sections"),
                           ("--results", "results")):
        assert argv[argv.index(option) + 1] == str(root.resolve() / folder)
    assert not os.path.exists(argv[2])   # the temporary card is gone
    assert len(result) == 0


def test_recast_of_a_missing_card_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.yaml"):
        b2recast.recast(tmp_path / "nowhere.yaml", binary=script(tmp_path, ECHO), data=repository(tmp_path))


def test_options_the_package_sets_are_refused(tmp_path):
    with pytest.raises(TypeError, match="json"):
        b2recast.widths(binary=script(tmp_path, ECHO), json=True)


def test_non_zero_exit_becomes_b2recast_error(tmp_path):
    fake = script(tmp_path, "sys.stderr.write('Error: bad input\\n'); sys.exit(64)")
    with pytest.raises(B2RecastError) as error:
        b2recast.limit(binary=fake, observed=3)
    assert error.value.returncode == 64 and error.value.stderr == "Error: bad input\n"
    assert error.value.command == [str(fake), "limit", "--json", "--observed", "3"]
    assert "exit code 64" in str(error.value) and "bad input" in str(error.value)


def test_output_that_is_not_json_becomes_b2recast_error(tmp_path):
    with pytest.raises(B2RecastError, match="no valid JSON"):
        b2recast.xsec(binary=script(tmp_path, "print('sigma = 3 fb')"), process="mumuX")
