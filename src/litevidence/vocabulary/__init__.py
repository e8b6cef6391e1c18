"""The vocabulary: metrics, canonical units, unit surface forms and cue words, from reviewed data files.

Everything that names a metric or an allowed field value (the extractor, the schema and datapackage,
curated-claim checks, the reports) reads it from here, so a new metric is one entry in
``metrics.toml``. The files are read once per process.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

HERE = Path(__file__).parent

__all__ = ["Metric", "METRICS", "metric", "FIELD_VALUES", "data_files", "load"]


@dataclass(frozen=True)
class Metric:
    """One metric of the evidence table and its canonical unit."""

    name: str
    label: str
    canonical_unit: str
    """As written in tables ('kWh'); empty where there is none (pue)."""
    pint_unit: str
    """The pint unit canonical values are in; empty where nothing is converted."""
    description: str


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed TOML data file ``name`` of this folder (cached)."""
    with (HERE / name).open("rb") as f:
        return tomllib.load(f)


def data_files() -> list[Path]:
    """Every reviewed data file of the vocabulary, in a fixed order (for fingerprints)."""
    return sorted([*HERE.glob("*.toml"), *HERE.glob("*.txt")])


def _metrics() -> dict[str, Metric]:
    return {name: Metric(name=name, **spec) for name, spec in load("metrics.toml")["metrics"].items()}


METRICS: dict[str, Metric] = _metrics()
"""Metric name → ``Metric``, in the order of ``metrics.toml`` (the order of tables and figures)."""

FIELD_VALUES: dict[str, tuple[str, ...]] = {
    "metric": tuple(METRICS), **{k: tuple(v) for k, v in load("metrics.toml")["fields"].items()}}
"""Allowed values of each classified field of a claim (empty is allowed too, except for metric)."""


def metric(name: str) -> Metric:
    """The metric called ``name``; an unknown name lists the valid ones."""
    try:
        return METRICS[name]
    except KeyError:
        raise KeyError(f"unknown metric {name!r}; choose one of: {', '.join(METRICS)}") from None
