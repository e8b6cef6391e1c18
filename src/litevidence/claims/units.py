"""The one pint registry and the canonical unit of each metric; normalises stated quantities."""
from __future__ import annotations

from functools import lru_cache

import pint

from ..vocabulary import HERE as VOCABULARY, METRICS

CANONICAL = {m.name: (m.pint_unit, m.canonical_unit) for m in METRICS.values() if m.pint_unit}
"""metric → (pint unit of the canonical value, the canonical unit as written in tables)."""


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The pint registry with litevidence's definitions (``vocabulary/pint_units.txt``), loaded once.

    Parsed definitions are kept in pint's per-user disk cache (keyed by the files' contents), which saves
    about 0.3 s in every process; a cache that cannot be read or written is passed over.
    """
    try:
        return _registry(":auto:")
    except Exception:  # a damaged, half-written or unwritable cache: parse the definitions afresh
        return _registry(None)


def _registry(cache_folder: str | None) -> pint.UnitRegistry:
    ureg = pint.UnitRegistry(cache_folder=cache_folder)
    ureg.load_definitions(str(VOCABULARY / "pint_units.txt"))
    return ureg


@lru_cache(maxsize=4096)
def convert(pint_unit: str, target: str) -> float | None:
    """Multiplier from ``pint_unit`` to the pint unit ``target``; None when they do not convert."""
    try:
        return float(registry().Quantity(1.0, pint_unit).to(target).magnitude)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, AssertionError, KeyError):
        return None


def factor(pint_unit: str, metric: str) -> float | None:
    """Multiplier from ``pint_unit`` to the metric's canonical unit; None when they do not convert."""
    return convert(pint_unit, CANONICAL[metric][0]) if metric in CANONICAL else None


def normalise(value: float | None, pint_unit: str, metric: str) -> float | None:
    """``value`` in ``pint_unit`` expressed in the metric's canonical unit (rounded to 12 significant digits)."""
    f = factor(pint_unit, metric)
    if value is None or f is None:
        return None
    return float(f"{value * f:.12g}")
