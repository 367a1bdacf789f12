"""Run the b2recast kit (Belle II dark-sector searches, reproduced and recast) from Python.

    import b2recast
    result = b2recast.recast("examples/models/alp-universal.yaml")
    tautau = result["BelleII_TauTauResonance_2023"]
    tautau.masses, tautau.observed, tautau.expected   # numpy arrays; bands -2..+2 sigma

The binary comes from the `binary` argument, $B2RECAST or `b2recast` on PATH; the data folder
(the repository root holding paper-data/ and results/) from the `data` argument,
$B2RECAST_DATA or the current directory.
"""

from ._runner import B2RecastError, B2RecastNotFound, cli_options, find_binary, find_data
from .api import B2Recast, likelihood, limit, recast, widths, xsec
from .results import BANDS, Likelihood, LimitResult, RecastResult, SearchRecast

__version__ = "0.9.0"

__all__ = [
    "B2Recast", "B2RecastError", "B2RecastNotFound", "BANDS", "Likelihood", "LimitResult",
    "RecastResult", "SearchRecast", "cli_options", "find_binary", "find_data", "likelihood",
    "limit", "recast", "widths", "xsec",
]
