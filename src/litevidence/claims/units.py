"""The one pint registry and the canonical unit of each metric; normalises stated quantities."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pint

from ..vocabulary import METRICS

CANONICAL = {m.name: (m.pint_unit, m.canonical_unit) for m in METRICS.values() if m.pint_unit}
"""metric → (pint unit of the canonical value, the canonical unit as written in tables)."""


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The pint registry with litevidence's definitions (``units.txt``), loaded once."""
    ureg = pint.UnitRegistry(cache_folder=None)
    ureg.load_definitions(str(Path(__file__).with_name("units.txt")))
    return ureg


@lru_cache(maxsize=4096)
def factor(pint_unit: str, metric: str) -> float | None:
    """Multiplier from ``pint_unit`` to the metric's canonical unit; None when they do not convert."""
    if metric not in CANONICAL:
        return None
    ureg = registry()
    try:
        return float(ureg.Quantity(1.0, pint_unit).to(CANONICAL[metric][0]).magnitude)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, AssertionError):
        return None


def normalise(value: float | None, pint_unit: str, metric: str) -> float | None:
    """``value`` in ``pint_unit`` expressed in the metric's canonical unit (rounded to 12 significant digits)."""
    f = factor(pint_unit, metric)
    if value is None or f is None:
        return None
    return float(f"{value * f:.12g}")
