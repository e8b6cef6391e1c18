"""Stable evidence ids: they depend on the claim itself, not on row order or other papers."""
from __future__ import annotations

from .._io import sha256_text


def extracted_id(paper_key: str, field: str, quote: str, occurrence: int) -> str:
    """Id of the ``occurrence``-th (0-based) identical quote in one field of one paper."""
    return "ev-" + sha256_text(paper_key, field, " ".join(quote.split()), str(occurrence))[:12]


def curated_id(paper_key: str, metric: str, value: float, value_high: float | None, unit: str, per: str,
               locator: str, occurrence: int) -> str:
    """Id of a curated claim from the fields that define it."""
    return "ev-" + sha256_text(paper_key, "curated", metric, repr(float(value)),
                               "" if value_high is None else repr(float(value_high)), unit, per, locator,
                               str(occurrence))[:12]
