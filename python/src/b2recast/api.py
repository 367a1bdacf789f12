"""The b2recast commands as Python functions.

Keyword arguments become command-line options (`cli_options`): run `b2recast <command> --help`
for the names; `C_mumu=1` is `--C-mumu 1`, `alpha_D=0.5` is `--alpha-D 0.5`.
"""

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Union

from ._runner import PathLike, cli_options, find_binary, find_data, run_json
from .results import Likelihood, LimitResult, RecastResult

Card = Union[PathLike, Mapping[str, Any]]


@contextmanager
def _as_file(content: Union[PathLike, Mapping[str, Any]], suffix: str) -> Iterator[Path]:
    """A path as an absolute path; a dict written to a temporary file as JSON (JSON is the
    subset of YAML that the kit's reader takes, so it serves as a YAML card too)."""
    if not isinstance(content, Mapping):
        path = Path(content).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
        yield path.resolve()
        return
    handle, name = tempfile.mkstemp(prefix="b2recast-", suffix=suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(content, stream, indent=2, allow_nan=False)
            stream.write("\n")
        yield Path(name)
    finally:
        os.unlink(name)


def _reject(options: Mapping[str, Any], reserved: List[str]) -> None:
    clash = [key for key in options if key in reserved]
    if clash:
        raise TypeError(f"{', '.join(clash)}: set by the b2recast Python package itself")


class B2Recast:
    """One binary and one data folder (the repository root holding paper-data/ and results/).

    binary: the argument, else $B2RECAST, else `b2recast` on PATH.
    data: the argument, else $B2RECAST_DATA, else the current directory; looked up only by the
    commands that read it (recast, likelihood)."""

    def __init__(self, binary: Optional[PathLike] = None, data: Optional[PathLike] = None):
        self.binary = find_binary(binary)
        self._data = data

    def data(self, needs=("paper-data",)) -> Path:
        return find_data(self._data, needs)

    def command(self, *arguments: str) -> List[str]:
        return [str(self.binary), *arguments]

    def recast(self, card: Card, **options: Any) -> RecastResult:
        """`b2recast recast --model CARD --json`: the card is a file or a dict (format
        b2recast-model-card/2, /1 still read; see examples/models/ and docs/model-cards.md). Options: monte_carlo=True."""
        _reject(options, ["model", "json", "csv", "output", "paper_data", "cross_sections", "results"])
        root = self.data(("paper-data", "results"))
        with _as_file(card, ".yaml") as path:
            command = self.command(
                "recast", "--model", str(path), "--json",
                "--paper-data", str(root / "paper-data"),
                "--cross-sections", str(root / "results" / "cross-sections"),
                "--results", str(root / "results"), *cli_options(options))
            return RecastResult.from_json(run_json(command, cwd=root))

    def limit(self, **options: Any) -> LimitResult:
        """`b2recast limit ... --json`, e.g. limit(observed=3, background=1.0,
        background_uncertainty=0.1, method="cls"); model= a file or a dict (format
        b2recast-counting-model/1) for several bins."""
        _reject(options, ["json"])
        model = options.pop("model", None)
        if model is None:
            return LimitResult.from_json(run_json(self.command("limit", "--json", *cli_options(options))))
        with _as_file(model, ".json") as path:
            command = self.command("limit", "--json", "--model", str(path), *cli_options(options))
            return LimitResult.from_json(run_json(command))

    def widths(self, **options: Any) -> Dict[str, Any]:
        """`b2recast widths ... --json`, e.g. widths(model="alp", mass=5, C_mumu=1,
        C_tautau=1, Lambda=1000): the JSON document as a dict."""
        _reject(options, ["json"])
        return run_json(self.command("widths", "--json", *cli_options(options)))

    def xsec(self, **options: Any) -> Dict[str, Any]:
        """`b2recast xsec ... --json`, e.g. xsec(process="mumuX", boson="vector", mass=1.0,
        coupling=1e-3): the JSON document as a dict."""
        _reject(options, ["json"])
        return run_json(self.command("xsec", "--json", *cli_options(options)))

    def likelihood(self, search: str) -> Likelihood:
        """`b2recast export likelihood SEARCH`: the approximate likelihood per mass."""
        root = self.data(("paper-data",))
        command = self.command("export", "likelihood", search, "--paper-data", str(root / "paper-data"))
        return Likelihood.from_json(run_json(command, cwd=root))


def recast(card: Card, *, binary: Optional[PathLike] = None, data: Optional[PathLike] = None,
           **options: Any) -> RecastResult:
    """Limits on a model card (path or dict) from every search; see B2Recast.recast."""
    return B2Recast(binary, data).recast(card, **options)


def limit(*, binary: Optional[PathLike] = None, **options: Any) -> LimitResult:
    """One upper limit on a signal strength; see B2Recast.limit."""
    return B2Recast(binary).limit(**options)


def widths(*, binary: Optional[PathLike] = None, **options: Any) -> Dict[str, Any]:
    """Widths, branching fractions and sigma x BF of one model point; see B2Recast.widths."""
    return B2Recast(binary).widths(**options)


def xsec(*, binary: Optional[PathLike] = None, **options: Any) -> Dict[str, Any]:
    """A production cross section; see B2Recast.xsec."""
    return B2Recast(binary).xsec(**options)


def likelihood(search: str, *, binary: Optional[PathLike] = None,
               data: Optional[PathLike] = None) -> Likelihood:
    """A search's approximate likelihood per mass; see B2Recast.likelihood."""
    return B2Recast(binary, data).likelihood(search)
