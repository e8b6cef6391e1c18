"""The one pint registry and the canonical unit of each metric; normalises stated quantities.

Conversion factors are kept in a per-user file (keyed by pint's version and litevidence's unit
definitions), so that a process whose units were all seen before never imports pint, which
costs 0.2-0.5 s (it loads numpy and dask on import): `validate` checks curated units at once.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from .._io import atomic_write_text, sha256_text
from ..vocabulary import HERE as VOCABULARY, METRICS

if TYPE_CHECKING:
    import pint

CANONICAL = {m.name: (m.pint_unit, m.canonical_unit) for m in METRICS.values() if m.pint_unit}
"""metric → (pint unit of the canonical value, the canonical unit as written in tables)."""
DEFINITIONS = VOCABULARY / "pint_units.txt"
"""litevidence's unit definitions, loaded into pint's registry."""
_NO_FILE = (OSError, ValueError, RuntimeError, ImportError)
"""What keeps the factor file from being read or written: file errors, bad JSON, no home folder
(``Path.home``), no pint metadata; any of them means pint answers instead."""


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The pint registry with litevidence's definitions (``DEFINITIONS``), loaded once.

    Parsed definitions are kept in pint's per-user disk cache (keyed by the files' contents), which saves
    about 0.3 s in every process; a cache that cannot be read or written is passed over.
    """
    try:
        return _registry(":auto:")
    except Exception:  # a damaged, half-written or unwritable cache: parse the definitions afresh
        return _registry(None)


def _registry(cache_folder: str | None) -> pint.UnitRegistry:
    import pint

    ureg = pint.UnitRegistry(cache_folder=cache_folder)
    ureg.load_definitions(str(DEFINITIONS))
    return ureg


@lru_cache(maxsize=4096)
def convert(pint_unit: str, target: str) -> float | None:
    """Multiplier from ``pint_unit`` to the pint unit ``target``; None when they do not convert.

    Answered from the factor file when it holds the pair; otherwise pint computes it and the file keeps it.
    """
    known = _known_factors()
    pair = f"{pint_unit}\t{target}"
    if pair not in known:
        known[pair] = _pint_factor(pint_unit, target)
        _keep_factors(known)
    return known[pair]


def _pint_factor(pint_unit: str, target: str) -> float | None:
    import pint

    try:
        return float(registry().Quantity(1.0, pint_unit).to(target).magnitude)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, AssertionError, KeyError):
        return None


def factor_file() -> Path:
    """$XDG_CACHE_HOME (else ~/.cache)/litevidence/unit-factors-<tag>.json; the tag changes with pint's version
    and with ``DEFINITIONS``, so a factor is never read under other definitions than it was computed with."""
    tag = sha256_text(version("pint"), DEFINITIONS.read_text(encoding="utf-8"))[:16]
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "litevidence"
    return folder / f"unit-factors-{tag}.json"


@lru_cache(maxsize=1)
def _known_factors() -> dict[str, float | None]:
    """The factor file's pairs; a missing, unreadable or damaged file counts as empty (so does no home folder)."""
    try:
        known = json.loads(factor_file().read_text(encoding="utf-8"))
    except _NO_FILE:
        return {}
    if not isinstance(known, dict) or not all(v is None or type(v) is float for v in known.values()):
        return {}
    return known


def _keep_factors(known: dict[str, float | None]) -> None:
    """Write the factor file atomically; one that cannot be written is passed over (pint answers next time)."""
    try:
        file = factor_file()
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(file, json.dumps(known, sort_keys=True))
    except _NO_FILE:
        pass


def factor(pint_unit: str, metric: str) -> float | None:
    """Multiplier from ``pint_unit`` to the metric's canonical unit; None when they do not convert."""
    return convert(pint_unit, CANONICAL[metric][0]) if metric in CANONICAL else None


def normalise(value: float | None, pint_unit: str, metric: str) -> float | None:
    """``value`` in ``pint_unit`` expressed in the metric's canonical unit (rounded to 12 significant digits)."""
    f = factor(pint_unit, metric)
    if value is None or f is None:
        return None
    return float(f"{value * f:.12g}")
