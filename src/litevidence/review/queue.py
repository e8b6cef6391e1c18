"""Which evidence rows await review, in the order worth reviewing them, and how one is shown."""
from __future__ import annotations

import pandas as pd

from ..escape import terminal_text
from ..schema import TEXT_FIELDS
from .decisions import describe_value, fingerprint

CERTAINTY = {"extracted": 0, "curated+extracted": 1, "curated": 2}
"""How certain a row is before review, by source: nobody checked an extracted row; a curator wrote the others."""
_FIELD_ORDER = {f: i for i, f in enumerate((*TEXT_FIELDS, "curated"))}


def pending(claims: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """The rows with no decision made on their current quote and sentence, least certain first.

    Extracted rows nobody checked come first, then rows a curator and the extractor agree on, then
    curated rows; within each, paper by paper in table order, so that a paper's rows come together.
    A row whose sentence changed since its decision (a stale decision) awaits review again.
    """
    decided = set(zip(reviews["evidence_id"], reviews["fingerprint"]))
    prints = [fingerprint(q, s) for q, s in zip(claims["quote"], claims["sentence"])]
    waiting = claims[[(i, f) not in decided for i, f in zip(claims["evidence_id"], prints)]]
    order = waiting.assign(_certainty=waiting["source"].map(CERTAINTY).fillna(0),
                           _field=waiting["field"].map(_FIELD_ORDER).fillna(len(_FIELD_ORDER)))
    order = order.sort_values(["_certainty", "paper_key", "_field", "start", "evidence_id"], kind="stable", na_position="last")
    return order.drop(columns=["_certainty", "_field"]).reset_index(drop=True)


def split_quote(sentence: object, quote: object) -> tuple[str, str, str]:
    """(before, quote, after) of the sentence around its quote; the whole sentence is the quote when it does not hold it."""
    sentence = "" if sentence is None or pd.isna(sentence) else str(sentence)
    quote = "" if quote is None or pd.isna(quote) else str(quote)
    at = sentence.find(quote) if quote else -1
    if at < 0:
        return "", sentence, ""
    return sentence[:at], quote, sentence[at + len(quote):]


CLASSIFIED = ("phase", "subject", "per", "direction", "qualifier", "resource")
"""Fields shown after the value, in this order, where filled."""


def terminal_row(row: dict) -> str:
    """A row for the terminal: id, paper and source; the sentence with the quote between » and «; the normalised fields."""
    before, quote, after = split_quote(row.get("sentence"), row.get("quote"))
    year = row.get("year")
    year = "" if year is None or pd.isna(year) else f" ({year})"
    details = [f"{name} {row[name]}" for name in CLASSIFIED if row.get(name) is not None and not pd.isna(row[name])]
    lines = [f"{row['evidence_id']}  {row['paper_key']}{year}  {row['source']} · {row.get('locator') or ''}",
             "    " + " ".join(f"{before}»{quote}«{after}".split()),
             "    " + " · ".join([describe_value(row), *details])]
    return "\n".join(terminal_text(line) for line in lines)
