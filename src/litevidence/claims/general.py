"""Quantities in general (``--all-quantities``): any unit pint knows, ranges, ± and counted nouns.

The resource grammar in ``extract`` knows only resource units; this module extends a bare
number over what follows it (``20–30 cm``, ``46.8% ± 1.6%``, ``11.25 Mg ha−1 year−1``,
``274 participants``) and recognises numbers that are references rather than quantities.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pint

from .numbers import NUMBER_AT
from .units import registry

_TOKEN = re.compile(r"(?:\s?/|\s|-|)(?P<tok>wt\.?\s?%|(?:[A-Za-zμµΩ°][A-Za-zμµΩ]*|%|‰|°\s?[CFK]?)(?:[−\-]?\d)?)(?![\w%])")
_RANGE = re.compile(r"\s?(?:–|—|−|-|to|and)\s?")
_PLUS_MINUS = re.compile(r"\s?(?:±|\+/-|\+-)\s?")
_NOUN = re.compile(r"\s(?P<noun>[a-z][a-z-]{2,}s)\b")
_NOT_UNITS = {
    "in", "at", "a", "an", "as", "are", "am", "is", "it", "or", "on", "of", "to", "by", "we", "he", "de", "and",
    "the", "for", "was", "were", "with", "from", "per", "than", "that", "this", "these", "were", "also",
    "point", "points", "percent", "times", "fold", "bar", "ton", "tons", "gram", "grams", "degree",
}
_WORD_UNITS = {"%", "‰", "°", "°C", "° C", "°F", "°K", "percent", "wt%", "wt.%", "wt %", "fold"}

_LABELS = (r"Fig|Figs|Figure|Table|Section|Sect|Eq|Eqs|Equation|Chapter|Appendix|Ref|Refs|No|Phase|Step|Site|"
           r"Case|Experiment|Study|Model|Type|Line|Sample|Column|Row|Month|Week|Panel|Lane|Patient|Subject|Group|"
           r"Supplementary|Supplemental|S")
_REFERENCE_BEFORE = re.compile(
    rf"(?:\b(?i:{_LABELS})s?\.?\s?(?:\d+[A-Za-z]?\s?(?:,|and|–|-|to|,\s?and)\s?)*|et al\.?,?\s?\(?|\[|\[\[|[,\[]\d+,)$"
)


def is_reference(text: str, start: int, end: int) -> bool:
    """A citation, figure/table/section number, ordinal or similar label rather than a quantity."""
    before = text[max(0, start - 40):start]
    after = text[end:end + 3]
    if _REFERENCE_BEFORE.search(before):
        return True
    if re.match(r"^(?:st|nd|rd|th)\b|^[A-Z](?![A-Za-z])", after):  # ordinals, panel labels (3J), isotopes (14C), 3D
        return True
    if re.search(r"(?:^|[\s;:])\($", before) and after.startswith(")"):  # an enumeration: (1)
        return True
    year = re.fullmatch(r"(?:19|20)\d\d", text[start:end])
    return bool(year and re.match(r"^[a-z]?[);,\]]", after) and re.search(r"(?:al\.?,?|[A-Z][a-z]+,?)\s?\(?$", before))


def extend(text: str, start: int, end: int, limit: int, unit: str = "") -> tuple[int, str]:
    """End and unit of the general quantity at [start, end); ``unit`` if one was already read up to ``end``."""
    if not unit:
        end, unit = _with_unit(text, end, limit)
    r = _RANGE.match(text, end)
    if r and r.group(0).strip() == "and" and not re.search(r"between\s+\S*$", text[max(0, start - 12):start]):
        r = None
    if r and r.end() < limit:
        n2 = NUMBER_AT.match(text, r.end())
        if n2:
            end2, unit2 = _with_unit(text, n2.end(), limit)
            if not unit or unit2 == unit:
                end, unit = end2, unit2 or unit
    pm = _PLUS_MINUS.match(text, end)
    if pm:
        n3 = NUMBER_AT.match(text, pm.end())
        if n3:
            end3, unit3 = _with_unit(text, n3.end(), limit)
            end, unit = end3, unit or unit3
    if not unit:
        noun = _NOUN.match(text, end)
        if noun and noun.end() <= limit and noun.group("noun") not in _NOT_UNITS:
            return noun.end(), noun.group("noun")
    return end, unit


def _with_unit(text: str, end: int, limit: int) -> tuple[int, str]:
    """Extend over unit tokens pint knows ('mm2', 'Mg ha−1 year−1', '°C', '%')."""
    unit_end = end
    while True:
        m = _TOKEN.match(text, unit_end)
        if not m or m.end() > limit or not _is_unit(m.group("tok")):
            break
        unit_end = m.end()
        if m.group("tok").rstrip() in _WORD_UNITS:
            break
    return unit_end, text[end:unit_end].strip()


@lru_cache(maxsize=8192)
def _is_unit(token: str) -> bool:
    token = token.strip().lstrip("/")
    if token in _WORD_UNITS or token.replace(" ", "") in _WORD_UNITS:
        return True
    if token.lower() in _NOT_UNITS:
        return False
    expr = re.sub(r"[−\-]?\d$", lambda m: "**" + m.group(0).replace("−", "-"), token).replace("μ", "u").replace("µ", "u")
    try:
        registry().parse_units(expr)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, AssertionError, KeyError):
        return False
    return True
