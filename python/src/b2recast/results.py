"""Python objects for the JSON documents that b2recast prints.

Every object keeps the whole document in `raw`, so that fields this module does not name are
still at hand. Numbers the kit writes as strings ("inf", "-inf", "nan") become floats, and a
missing limit (JSON null) becomes nan in the numpy arrays.
"""

from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Tuple

import numpy as np

#: The order of the expected bands in every array of this package: -2, -1, 0, +1, +2 sigma,
#: lowest limit first (docs/statistics.md 6.3).
BANDS = (-2, -1, 0, 1, 2)

_RECAST_BAND_KEYS = ("minus_2_sigma", "minus_1_sigma", "median", "plus_1_sigma", "plus_2_sigma")
_LIMIT_BAND_KEYS = ("minus2", "minus1", "median", "plus1", "plus2")


def number(value: Any) -> float:
    """A JSON number, or the kit's "inf"/"-inf"/"nan" strings, as a float; None is nan."""
    if value is None:
        return float("nan")
    if isinstance(value, str):
        if value.strip().lower() in ("inf", "+inf", "-inf", "nan"):
            return float(value)
        raise ValueError(f"expected a number, found the string {value!r}")
    return float(value)


def _bands(values: Optional[Dict[str, Any]], keys: Tuple[str, ...]) -> np.ndarray:
    if not values:
        return np.full(len(keys), np.nan)
    return np.array([number(values.get(key)) for key in keys])


@dataclass
class SearchRecast:
    """One search's part of `b2recast recast --json`.

    Per-mass arrays have one entry per mass of the card, in the card's order:
    `observed` and `rate_limit_fb` (nan where there is no limit), `expected` of shape
    (masses, 5) with the bands -2..+2 sigma (nan where the search publishes none),
    `valid` (True only where the validity checks passed), `flags` and `reasons`
    (None where there is a limit)."""

    id: str
    arxiv: Optional[str]
    confidence_level: Optional[str]
    method: Optional[str]
    reference: Optional[Dict[str, Any]]
    no_limit_reason: Optional[str]
    masses: np.ndarray
    observed: np.ndarray
    expected: np.ndarray
    rate_limit_fb: np.ndarray
    valid: np.ndarray
    flags: List[Tuple[str, ...]]
    validity: List[Optional[Dict[str, Any]]]
    reasons: List[Optional[str]]
    raw: Dict[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, document: Dict[str, Any]) -> "SearchRecast":
        points = document.get("points") or []
        validity = [point.get("validity") for point in points]
        return cls(
            id=document["id"],
            arxiv=document.get("arxiv"),
            confidence_level=document.get("confidence_level"),
            method=document.get("method"),
            reference=document.get("reference"),
            no_limit_reason=document.get("no_limit_reason"),
            masses=np.array([number(p.get("mass_GeV")) for p in points]),
            observed=np.array([number(p.get("observed")) for p in points]),
            expected=np.array([_bands(p.get("expected"), _RECAST_BAND_KEYS) for p in points]).reshape(-1, 5),
            rate_limit_fb=np.array([number(p.get("rate_limit_fb")) for p in points]),
            valid=np.array([bool(v and v.get("valid")) for v in validity], dtype=bool),
            flags=[tuple((v or {}).get("flags", ())) for v in validity],
            validity=validity,
            reasons=[p.get("reason") for p in points],
            raw=document,
        )

    @property
    def has_limit(self) -> bool:
        """True when the search limits the model at one mass at least."""
        return bool(np.isfinite(self.observed).any())

    @property
    def expected_median(self) -> np.ndarray:
        return self.expected[:, BANDS.index(0)]


@dataclass
class RecastResult:
    """`b2recast recast --json`: the model and, per search, a SearchRecast.
    Index it by search id (`result["BelleII_TauTauResonance_2023"]`) or iterate over it."""

    kit_version: Optional[str]
    model: Dict[str, Any]
    searches: Dict[str, SearchRecast]
    raw: Dict[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, document: Dict[str, Any]) -> "RecastResult":
        searches = [SearchRecast.from_json(s) for s in document.get("searches", [])]
        return cls(kit_version=document.get("kit_version"), model=document.get("model", {}),
                   searches={s.id: s for s in searches}, raw=document)

    def __getitem__(self, search_id: str) -> SearchRecast:
        try:
            return self.searches[search_id]
        except KeyError:
            raise KeyError(f"{search_id!r} is not in this recast; searches: {', '.join(self.searches)}") from None

    def __iter__(self) -> Iterator[SearchRecast]:
        return iter(self.searches.values())

    def __len__(self) -> int:
        return len(self.searches)


@dataclass
class LimitResult:
    """`b2recast limit --json`: the limit on the signal strength mu (in units of the signal
    yield). `expected` holds the bands -2..+2 sigma (nan with --no-expected)."""

    method: str
    description: Optional[str]
    confidence_level: float
    observed: float
    expected: np.ndarray
    signal_yield: Optional[float]
    limit_unit: Optional[str]
    raw: Dict[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, document: Dict[str, Any]) -> "LimitResult":
        signal_yield = document.get("signal_yield")
        return cls(
            method=document["method"],
            description=document.get("description"),
            confidence_level=number(document.get("confidence_level")),
            observed=number(document.get("observed")),
            expected=_bands(document.get("expected"), _LIMIT_BAND_KEYS),
            signal_yield=None if signal_yield is None else number(signal_yield),
            limit_unit=document.get("limit_unit"),
            raw=document,
        )

    @property
    def expected_median(self) -> float:
        return float(self.expected[BANDS.index(0)])


@dataclass
class Likelihood:
    """`b2recast export likelihood SEARCH`: per mass, the Gaussian in mu = sigma x BF (fb),
    -2 ln L(mu) = (mu - mu_hat)^2 / sigma^2 (docs/tautau-likelihood.md). All arrays are per
    mass; `arrays` holds every per-mass list of the document under its JSON name."""

    search: str
    confidence_level: float
    masses: np.ndarray
    mu_hat_fb: np.ndarray
    sigma_fb: np.ndarray
    sigma_calibrated_fb: np.ndarray
    published_observed_limit_fb: np.ndarray
    kit_cls_observed_limit_fb: np.ndarray
    source: Dict[str, Any]
    arrays: Dict[str, np.ndarray] = field(repr=False)
    raw: Dict[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, document: Dict[str, Any]) -> "Likelihood":
        arrays = {key: np.array([number(x) for x in value])
                  for key, value in document.items() if isinstance(value, list)}
        masses = arrays.get("mass_GeV", np.array([]))
        empty = np.full(len(masses), np.nan)
        return cls(
            search=document["search"],
            confidence_level=number(document.get("confidence_level")),
            masses=masses,
            mu_hat_fb=arrays.get("mu_hat_fb", empty),
            sigma_fb=arrays.get("sigma_fb", empty),
            sigma_calibrated_fb=arrays.get("sigma_calibrated_fb", empty),
            published_observed_limit_fb=arrays.get("published_observed_limit_fb", empty),
            kit_cls_observed_limit_fb=arrays.get("kit_cls_observed_limit_fb", empty),
            source=document.get("source", {}),
            arrays=arrays,
            raw=document,
        )

    def __len__(self) -> int:
        return len(self.masses)
