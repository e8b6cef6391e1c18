"""Quantities in general (``--all-quantities``): any unit pint knows, ranges, ± and counted nouns.

The resource grammar in ``extract`` knows only resource units; this module extends a bare
number over what follows it (``20–30 cm``, ``46.8% ± 1.6%``, ``11.25 Mg ha−1 year−1``,
``274 participants``) and recognises numbers that are references rather than quantities.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .cues import CueMatcher
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

_LABELS = r"Fig|Figs|Figure|Table|Section|Sect|Eq|Eqs|Equation|Chapter|Appendix|Ref|Refs|Supplementary|Supplemental"
"""Words before a figure, table, section or reference number, in any case."""
_NAMES = r"Phase|Step|Site|Case|Experiment|Study|Model|Type|Line|Sample|Column|Row|Month|Week|Panel|Lane|Patient|Subject|Group"
"""Capitalised words that name a numbered thing ('Phase 3', 'Model 2'); lower-case they are ordinary words."""
_NUMBERED = r"s?\.?\s?(?:\d+[A-Za-z]?\s?(?:,|and|–|-|to|,\s?and)\s?)*"
_OTHER_REFERENCES = r"\bNos?\.\s?(?:\d+\s?(?:,|and|–|-)\s?)*|\bpp?\.\s?|et al\.?,?\s?\(?|\[|\[\[|[,\[]\d+,"
_LABEL_BEFORE = re.compile(rf"(?:\b(?:(?i:{_LABELS})|{_NAMES}){_NUMBERED}|{_OTHER_REFERENCES})$")
"""Before a number that is a label even when a unit follows it ('Figure 3J', 'Phase 2 W')."""
_REFERENCE_BEFORE = re.compile(rf"(?:\b(?i:{_LABELS}|{_NAMES}){_NUMBERED}|{_OTHER_REFERENCES})$")
"""Before a bare number that is a label ('phases 3, 5 and 7', 'lines 2-12')."""


def is_label(text: str, start: int) -> bool:
    """The number at ``start`` follows a label word: a figure, table, section, equation or reference number."""
    a = max(0, start - 40)
    return bool((_LABEL_HINT.search(text, a, start) or _NAME_HINT.search(text, a, start))
                and _LABEL_BEFORE.search(text, a, start))


_LABEL_HINT = CueMatcher(r"fig|tab|sec|eq|chap|app|ref|supp|no\.|al\.|\[|,\d")
_NAME_HINT = re.compile(r"P(?:hase|anel|atient)|S(?:tep|ite|tud|ample|ubject)|C(?:ase|ol)|Exper|Model|Type|L(?:ine|ane)|"
                        r"Row|Month|Week|Group")
"""Cheap tests before the full label pattern (label words in any case, names capitalised): most numbers have
none of these before them."""


def is_reference(text: str, start: int, end: int, unit: str = "") -> bool:
    """A citation, figure/table/section number, identifier or similar label rather than a quantity.

    ``unit`` is what ``extend`` read after the number; a number with a unit ('1 m') is not taken for
    a label by the word before it ('Core 22', 'Voyager 2', 'axis 1').
    """
    before = text[max(0, start - 40):start]
    after = text[end:end + 12]
    token = text[start:end]
    if is_label(text, start) or _CITATION_LIST.search(before) and _CITATION_END.match(after):
        return True
    if not unit and _REFERENCE_BEFORE.search(before):
        return True
    if re.search(r"[A-Za-z]\d*/$|\w[+\]]$", before) or re.match(r"[-−]\d+/[A-Za-z]", after):
        return True  # identifiers and formulas: 'Ktzi202/2007', 'Oct3/4', '3f+1', '[Fe(Cat)3]3−', '1−1/nc'

    if _GLUED.match(after) or re.match(r"(?:st|nd|rd|th)\b", after):  # 3J, 40Ar, 1-D, 2σ, 22/10a-4, 1st, 3f+1
        return True
    if token.lower() == "one":
        return True  # 'one' alone is more often a pronoun or an article ('one of the main', 'unless one is') than a count
    year = re.fullmatch(r"(?:1[6-9]|20)\d\d", token)
    if year and re.match(r"[a-z]?[);,\]]", after) and re.search(r"(?:al\.?,?|[A-Z][a-z]+,?|\d{4}[a-z]?,)\s?\(?$", before):
        return True  # a citation year: (Smith et al., 2009), (Knox, 1996, 2010b)
    if unit:
        return False
    if re.search(r"(?:^|[\s;:])\($", before) and after.startswith(")"):  # an enumeration: (1)
        return True
    if re.search(r"[A-Za-z]\($", before) or re.match(r"\s?=", after) or re.match(r"-dimensional", after, re.I):
        return True  # poly(3-..., F(3, 8.9), '0 = less than one day', 'two-dimensional'
    word = _WORD_BEFORE.search(before)
    return bool(word and (word.group("w")[0].isupper() and word.group("w") not in _FUNCTION_WORDS
                          or word.group("w").lower() in _LABEL_NOUNS) and not _NOUN.match(after))


_CITATION_LIST = re.compile(r"[(\[]\s?(?:\d+\s?[,–-]\s?)*$")
_CITATION_END = re.compile(r"\s?(?:[,–-]\s?\d+\s?)*[)\]]")
_GLUED = re.compile(r"[A-Z][a-z]?(?![a-z])|-D\b|D\b|[σε]|SD\b|/\d*[A-Za-z]|[a-z]-\d|[a-z](?=[+*/^=−-])")
_WORD_BEFORE = re.compile(r"(?:^|[\s(])(?P<w>[A-Za-z][A-Za-z-]*)\s$")
_FUNCTION_WORDS = {
    "In", "At", "To", "From", "Of", "With", "About", "Over", "Under", "For", "By", "After", "Before", "All", "The",
    "These", "Those", "Some", "Each", "Every", "Between", "Within", "Around", "Up", "Approximately", "Nearly",
    "Only", "Roughly", "About", "Almost", "Over", "Below", "Above", "On", "During", "Than", "Of", "And", "Or",
}
_LABEL_NOUNS = {
    "complex", "clone", "fraction", "fractions", "numbered", "column", "listing", "p", "pp", "page", "figure", "table",
    "number", "lines", "nos",
    "axis", "bed", "phase", "phases", "core", "method", "sample", "samples", "site", "sites", "station", "run", "case",
    "model", "layer", "type", "group", "class", "step", "code", "codes", "section", "chapter", "appendix",
    "equation", "eq", "experiment", "version", "stage", "level", "mode", "region", "zone", "cycle", "wave", "line",
    "lane", "panel", "well", "borehole", "plot", "position", "item", "items", "trial", "cohort", "assemblage",
    "tier", "grade", "day", "week", "month", "visit", "round", "batch", "participant", "patient", "subject",
}


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
    import pint  # only this mode parses units it was not told of: the sentence extractor runs without pint

    try:
        registry().parse_units(expr)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, AssertionError, KeyError):
        return False
    return True
