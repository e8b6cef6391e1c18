"""The claim extractor: quantities found in a plain view of the text, kept when they are claims.

``extract_claims`` reads a text in three steps: undo markup (``textview``), find every quantity
of each sentence (``quantities``), decide which are claims and what they measure (``decide``).
Offsets in the result point into the original text. Work is linear in the text's length:
a sentence longer than ``WINDOW`` characters is read in windows.
"""
from __future__ import annotations

import math
import re

from . import general
from .cues import compile_words
from .decide import Decision, Document, decide_sentence
from .quantities import Quantity, find_quantities, is_article_quantity
from .sentences import sentence_spans
from .textview import TextView

WINDOW = 1000
"""Longest stretch of text read as one sentence; longer ones (a table row, broken PDF text) are cut at spaces."""
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = compile_words(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                              "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "dozen", "half",
                              "halv*", "doubl*", "tripl*", "quadrupl*", "third", "quarter", "fifth", "tenth", "order",
                              "single", "a day", "an hour", "a week", "threefold", "twofold", "fourfold", "tenfold"])
"""A sentence with no digit and none of these words states no quantity (most sentences): skipped at once."""


def extract_claims(text: str, all_quantities: bool = False) -> list[dict]:
    """Claims in ``text`` in the extract contract's fields (without ``id``), in text order.

    Each claim also carries ``sentence_start``/``sentence_end``. With ``all_quantities``,
    quantities that are not claims are kept with metric "other".
    """
    view = TextView(text)
    plain = view.plain
    spans = [w for s, e in sentence_spans(plain) for w in _windows(plain, s, e)]
    doc = Document.read(plain, spans)
    claims: list[dict] = []
    for s, e in spans:
        if not (_DIGIT.search(plain, s, e) or _NUMBER_WORD.search(plain, s, e)):
            continue
        quantities = find_quantities(plain, s, e)
        decisions = [d for d in decide_sentence(doc, s, e, quantities) if not general.is_label(plain, d.q.start)]
        sentence = view.span(s, e)
        rows = [_row(view, d, sentence) for d in decisions]
        if all_quantities:
            rows += _others(view, plain, s, e, quantities, decisions, sentence)
        claims.extend(sorted(rows, key=lambda c: (c["start"], c["end"])))
    return claims


def _windows(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """``(s, e)`` cut into pieces of at most ``WINDOW`` characters, at a space where there is one."""
    out = []
    while e - s > WINDOW:
        cut = _cut(text, s + WINDOW // 2, s + WINDOW)
        out.append((s, cut))
        s = cut
        while s < e and text[s] == " ":
            s += 1
    if e > s:
        out.append((s, e))
    return out


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to cut a long stretch between ``lo`` and ``hi``: a space not right after a digit (so that
    '1 kWh' stays whole), else any space, else ``hi``."""
    cut = hi
    while cut > lo:
        cut = text.rfind(" ", lo, cut)
        if cut <= lo:
            break
        if not text[cut - 1].isdigit():
            return cut
    space = text.rfind(" ", lo, hi)
    return space if space > lo else hi


def _row(view: TextView, d: Decision, sentence: tuple[int, int]) -> dict:
    q = d.q
    start, end = view.span(q.start if d.start is None else d.start, q.end if d.end is None else d.end)
    unit = "%" if q.kind == "percent" or d.metric == "share" else "x" if q.kind == "factor" else q.unit_text.strip()
    return {
        "quote": view.text[start:end], "start": start, "end": end,
        "value": _clean(q.value), "value_high": _clean(q.high), "unit": unit, "metric": d.metric,
        "canonical_value": d.canonical, "canonical_value_high": d.canonical_high,
        "canonical_unit": d.canonical_unit if d.canonical is not None else None,
        "direction": d.direction, "phase": d.phase, "subject": d.subject, "qualifier": d.qualifier,
        "per": d.per, "resource": d.resource if d.metric in ("relative_change", "share") else None,
        "sentence_start": sentence[0], "sentence_end": sentence[1],
    }


def _others(view: TextView, plain: str, s: int, e: int, quantities: list[Quantity], decisions: list[Decision],
            sentence: tuple[int, int]) -> list[dict]:
    """Quantities that are not claims, as metric "other" (``--all-quantities``)."""
    claimed = [(d.q.start if d.start is None else d.start, d.q.end if d.end is None else d.end) for d in decisions]
    out = []
    covered = 0
    for q in quantities:
        if q.start < covered or any(a < q.end and q.start < b for a, b in claimed) or q.word in ("doubled", "halved", "half") \
                or is_article_quantity(plain, q):
            continue
        number_end = q.number_end if q.number_end is not None else q.end
        end, unit = general.extend(plain, q.start, number_end if q.scale == 1.0 else q.end, e)
        if q.unit is not None and end < q.end:
            end, unit = q.end, q.unit_text.strip()
        counted = q.unit is None and re.fullmatch(r"[a-z][a-z-]{2,}s", unit or "")
        if general.is_reference(plain, q.start, number_end, unit if end > number_end and not counted else ""):
            continue
        covered = end
        start, stop = view.span(q.start, end)
        if out and _joined(view.text, out[-1], start) and not _RESPECTIVELY.search(plain, s, e):
            out[-1].update(quote=view.text[out[-1]["start"]:stop], end=stop, unit=unit)
            continue
        out.append({
            "quote": view.text[start:stop], "start": start, "end": stop, "value": _clean(q.value),
            "value_high": _clean(q.high), "unit": unit, "metric": "other", "canonical_value": None,
            "canonical_value_high": None, "canonical_unit": None, "direction": None, "phase": None, "subject": None,
            "qualifier": None, "per": None, "resource": None,
            "sentence_start": sentence[0], "sentence_end": sentence[1],
        })
    return out


_JOINED = re.compile(r"\s?(?:,\s?(?:and\s|or\s)?|and\s|or\s)|:")
"""Between a bare number and the next quantity, MeasEval's one quantity: a list sharing the last member's
unit ('1, 5 and 10 μg/L') or a clock time ('05:28'); after a number read with '×', a product of dimensions
('60 × 10 × 3 mm3'). Lists whose members each carry a unit, and 'respectively' lists, stay one quantity a member."""
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def _joined(text: str, previous: dict, start: int) -> bool:
    """The quantity at ``start`` continues ``previous`` as MeasEval counts quantities (``_JOINED``)."""
    if previous["unit"] in ("×", "x"):
        return not text[previous["end"]:start].strip()
    return not previous["unit"] and _JOINED.fullmatch(text, previous["end"], start) is not None


def _clean(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(f"{x:.12g}")
