"""Finding quantities: numbers with their units, ranges, lists, rates and word quantities.

This is the recall half of extraction: every quantity a sentence states, whatever it is about.
Deciding which of them are claims, and of what, is ``decide``'s work. All offsets are into the
plain text view (``textview``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..vocabulary import load
from .cues import CueMatcher
from .lexicon import Unit, match_unit
from .units import convert
from .numbers import NUMBER, NUMBER_AT, WORD_VALUES, is_article, parse_number, scaled

_CURRENCY_BEFORE = re.compile(r"(?:^|(?<=[\s(\[~≈<>:;,/-]))(?P<cur>US\$|US \$|C\$|A\$|\$|€|£|¥|USD|EUR|GBP|CNY)\s?$")
_CURRENCY_UNIT = {"$": "USD", "US$": "USD", "US $": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP",
                  "GBP": "GBP", "¥": "CNY", "CNY": "CNY", "C$": "CAD", "A$": "AUD"}
_SIGN = re.compile(r"(?:^|(?<=[\s(\[]))-$")
_RANGE = re.compile(r"\s?(?P<sep>--|–|—|-|~|to|and|through)\s?(?P<cur>US\$|\$|€|£|USD\s|EUR\s|GBP\s)?")
_YEAR = re.compile(r"(?:1[89]|2[01])\d\d")
_TIME_BEFORE = re.compile(r"\b(?:in|by|since|until|year|during|from)\s$", re.IGNORECASE)
_ASIDE = re.compile(r"\s?\([^()\d]{1,25}\)")
"""A short aside in brackets between the ends of a range."""
_LIST_LEADS = {"of", "to", "from", "and", "or", "between", "by", "at", "with", "were", "was", "are", "is", "be", "about",
               "approximately", "around", "only", "just", "roughly", "nearly", "almost", "over", "under", "than",
               "use", "used", "uses", "need", "needs", "needed", "consume", "consumed", "consumes", "emit", "emitted",
               "draw", "drew", "cost", "costs", "take", "took", "took", "reach", "reached", "respectively", "as",
               "up", "down", "ranges", "range", "ranged", "spans", "per", "on", "in", "for"}
"""Words a number of a list may follow; after another word ('batch size 1') a bare number names a setting."""
_LIST = re.compile(r"\s?(?:,|/|;|,?\s?and|,?\s?or|&)\s?")
_BETWEEN = re.compile(r"\bbetween\s+(?:about\s+|~|\$)?$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+(?:about\s+|~|\$|a\s+\w+\s+)?$", re.IGNORECASE)
_FACTOR_OF = re.compile(r"\bfactor\s+of\s+(?:about\s+|around\s+|approximately\s+|~\s?|nearly\s+|over\s+|up\s+to\s+)?$",
                        re.IGNORECASE)
_DASH_LIST = re.compile(r"(?<![\w.-])(?P<a>\d+(?:\.\d+)?)(?:\s?-\s?\d+(?:\.\d+)?){2,}\s?(?P<u>[x×])(?![A-Za-z0-9])")
_ORDERS = re.compile(r"\b(?P<n>an|one|two|three|four|five|six|\d)\s+orders?[- ]of[- ]magnitude\b"
                     r"|\b(?P<n2>an|one)\s+order-of-magnitude\b", re.IGNORECASE)
_WORD_HINT = CueMatcher(r"fold|doubl|tripl|quadrupl|hal(?:v|f)|third|quarter|f(?:ourth|ifth)|sixth|tenth|order|"
                        r"\d(?:/\d|\s?-\s?\d+(?:\.\d+)?\s?-)")
"""Cheap test for the word quantities below (any case): most sentences have none."""
_FOLD = re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred|thousand)fold\b",
                   re.IGNORECASE)
_MULTIPLY = re.compile(r"\b(?:(?P<d>doubl)|(?P<t>tripl)|(?P<q>quadrupl)|(?P<h>halv))(?:e|es|ed|ing)\b(?![- ]precision)",
                       re.IGNORECASE)
_FRACTION = re.compile(
    r"(?P<lt><\s?)?\b1/(?P<den>\d{1,3})(?:st|nd|rd|th)?\b"
    r"|\b(?:(?:one|a)[- ](?P<word>third|quarter|fourth|fifth|sixth|tenth))\b"
    r"|\b(?P<half>half)\b(?=\s(?:of\s)?(?:the|its|their|that|those|this|our|a|an|total|all|overall)\b)"
    r"(?!\sa\s(?:million|billion|thousand|trillion|dozen|day|year|week|month|hour|minute|second|kilo|mega|giga|tonne|ton|liter|litre|gallon|percent)\b)",
    re.IGNORECASE)
_FRACTION_WORDS = {"third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "tenth": 10}
_PER_SEP = r"\s?(?:/|per\s|for\s(?:each|every)\s|each\s|for\s(?=\d|one\s|a\ssingle\s))\s?"
_CHANGE_VERB = re.compile(r"\b(?:reduc\w*|cut\w*|lower\w*|decreas\w*|increas\w*|rais\w*|improv\w*|drop\w*|f[ae]ll\w*|"
                          r"grow\w*|grew|shr[ai]nk\w*|went|goes|go|rose|ris\w*|climb\w*|shift\w*|mov\w*|chang\w*|"
                          r"bring\w*|brought|down|up)\b[^,;.]{0,60}$", re.IGNORECASE)


@dataclass
class Quantity:
    """One stated quantity; offsets into the plain text view."""

    start: int
    end: int
    value: float
    high: float | None = None
    unit: Unit | None = None
    unit_text: str = ""
    scale: float = 1.0
    """Multiplier of a magnitude word ('million'): stated value × scale is the quantity in ``unit``."""
    per: str | None = None
    per_unit: Unit | None = None
    """The functional unit when it is itself a unit ('$/MWh', 'L/kWh'); its size goes into canonical values."""
    word: str | None = None
    """How a word quantity was written: 'orders', 'doubled', 'halved', 'fraction', 'half', 'factor'."""
    implied_direction: str | None = None
    inherited: bool = False
    """The unit came from a later member of a list ('12/40/300 fJ/op')."""
    change_end: bool = False
    """One end of 'from X to Y' after a change verb: two states, not a range."""
    number_end: int | None = None
    """Where the number itself ends, before any scale word or unit."""
    flags: set[str] = field(default_factory=set)

    @property
    def kind(self) -> str | None:
        return self.unit.kind if self.unit else None


def find_quantities(text: str, s: int, e: int) -> list[Quantity]:
    """Every quantity in ``text[s:e]`` (one sentence of the plain view), in text order."""
    found = _word_quantities(text, s, e)
    taken = [(q.start, q.end) for q in found]
    until = s
    for m in NUMBER.finditer(text, s, e):
        if m.start() < until or any(a <= m.start() < b for a, b in taken):
            continue
        q = _read(text, m, s, e)
        if q is None:
            continue
        found.append(q)
        until = q.end
    found.sort(key=lambda q: q.start)
    _inherit_list_units(text, found)
    return found


def is_article_quantity(text: str, q: Quantity) -> bool:
    """'a day', 'an hour': a quantity only where it measures work ('in less than a day on a single GPU')."""
    return re.match(r"(?i:an?|single|a single)\b", text[q.start:q.end]) is not None


def _word_quantities(text: str, s: int, e: int) -> list[Quantity]:
    """'two orders of magnitude', 'tripled', 'halving', 'a third of', '1/7th', dash lists '2-5-9x'."""
    out: list[Quantity] = []
    if not _WORD_HINT.search(text, s, e):
        return out
    factor = Unit("factor", "x")
    for m in _DASH_LIST.finditer(text, s, e):
        numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", m.group(0))]
        out.append(Quantity(m.start(), m.end(), min(numbers), max(numbers), factor, m.group("u")))
    for m in _ORDERS.finditer(text, s, e):
        n = (m.group("n") or m.group("n2")).lower()
        power = 1 if n in ("an", "one") else int(WORD_VALUES.get(n, n))
        out.append(Quantity(m.start(), m.end(), float(10 ** power), None, factor, "x", word="orders"))
    for m in _FOLD.finditer(text, s, e):
        out.append(Quantity(m.start(), m.end(), float(WORD_VALUES[m.group("n").lower()]), None, factor, "x"))
    for m in _MULTIPLY.finditer(text, s, e):
        value = 2.0 if m.group("d") or m.group("h") else 3.0 if m.group("t") else 4.0
        direction = "reduction" if m.group("h") else "increase"
        out.append(Quantity(m.start(), m.end(), value, None, factor, "x", word="halved" if m.group("h") else "doubled",
                            implied_direction=direction))
    for m in _FRACTION.finditer(text, s, e):
        if m.group("half"):
            q = Quantity(m.start(), m.end(), 2.0, None, factor, "x", word="half", implied_direction="reduction")
        else:
            den = float(m.group("den") or _FRACTION_WORDS[m.group("word").lower()])
            if den < 2:
                continue
            q = Quantity(m.start(), m.end(), den, None, factor, "x", word="fraction", implied_direction="reduction")
            if m.group("lt"):
                q.flags.add("more_than")
        out.append(q)
    out.sort(key=lambda q: (q.start, -q.end))
    kept: list[Quantity] = []
    for q in out:
        if not kept or q.start >= kept[-1].end:
            kept.append(q)
    return kept


def _read(text: str, m: re.Match, s: int, e: int) -> Quantity | None:
    """Number (+ scale) (+ unit) (+ rate) (+ range) starting at ``m``; None for an article with no unit."""
    value = parse_number(m)
    if value is None:
        return None
    start, pos = m.start(), m.end()
    before = text[max(s, start - 8):start]
    cur = _CURRENCY_BEFORE.search(before)
    if cur is None and _SIGN.search(text[max(s, start - 2):start]):
        start, value = start - 1, -value
    _, pos, scale = scaled(text, pos, value)
    scale_text = text[m.end():pos].strip()
    found = _unit_after(text, pos, e)
    if is_article(m) and (found is None or found[0].kind not in ("duration", "device_time")):
        return None
    q = Quantity(start, pos, value, scale=scale, number_end=m.end())
    if m.group("word") and found is None and not _FACTOR_OF.search(text[max(s, start - 30):start]):
        q.flags.add("count")  # a number word on its own ('two models'): a count, never a claim
        return q
    if cur is not None:
        q.start = start - len(cur.group(0))
        q.unit = Unit("money", _CURRENCY_UNIT[cur.group("cur")])
        q.unit_text = cur.group("cur") + (f" {scale_text}" if scale_text else "")
        if found and found[0].kind == "money":
            pos = found[1]
    elif found is not None:
        q.unit, pos = found[0], found[1]
        q.unit_text = (scale_text + " " if scale_text else "") + text[found[2]:pos].strip()
    elif _FACTOR_OF.search(text[max(s, start - 30):start]):
        q.unit, q.word = Unit("factor", "x"), "factor"
    else:
        q.unit_text = scale_text
    q.end = pos
    if q.unit is not None and q.unit.kind not in ("percent", "factor"):
        _read_rate(text, q, e)
    _read_range(text, q, s, e)
    return q


def _unit_after(text: str, pos: int, e: int) -> tuple[Unit, int, int] | None:
    """(unit, end, start) of the unit right after a number, after at most one space, '~' or a hyphen (words)."""
    for at in (pos, pos + 1):
        if at > pos and (at > e or text[pos:at] not in (" ", "~", "-")):
            break
        found = match_unit(text, at)
        if found is None or found.end > e:
            continue
        if at > pos and text[pos] == "-" and not text[at].isalpha():
            continue
        if at > pos and text[pos] == "-" and found.unit.kind not in ("factor", "duration", "device_time"):
            continue
        return found.unit, found.end, at
    return None


def _read_rate(text: str, q: Quantity, e: int) -> None:
    """The functional unit right after the unit: '/query', ' per 1,000 inferences', 'J/inf', '$/MWh'."""
    m = _per_pattern().match(text, q.end)
    if not m or m.end() > e:
        return
    n = (m.group("n") or "").strip().replace(",", "")
    what = m.group("what")
    per_unit = match_unit(what, 0)
    if per_unit and per_unit.end == len(what) and per_unit.unit.kind in ("energy", "duration", "device_time"):
        q.per_unit = per_unit.unit
    if n and n.lower() not in ("a", "one", "a single", "every", "1"):
        q.per = f"{n} {_singular(what) if n in ('1',) else what}"
    else:
        q.per = _singular(what)
    q.unit_text += text[q.end:m.end()]
    q.end = m.end()


@lru_cache(maxsize=1)
def _per_pattern() -> re.Pattern:
    """A functional unit after a unit, with its count ('per 1,000 inferences'); units from cues.toml."""
    units = load("cues.toml")["per"]["units"]
    alternatives = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"{_PER_SEP}(?:(?P<n>\d[\d,.]*\s?(?:k|K|M|million|thousand|billion)?|a|one|a single|every)\s)?"
                      rf"(?P<what>(?i:{alternatives})|inf)(?![A-Za-z0-9])")


def _singular(word: str) -> str:
    irregular = {"queries": "query", "searches": "search", "inf": "inference", "h": "hour", "hr": "hour",
                 "yr": "year", "s": "second", "ops": "op", "MACs": "MAC", "SOPs": "SOP"}
    if word in irregular:
        return irregular[word]
    if word.lower() in ("kwh", "mwh", "gwh"):
        return word[0].lower() + word[1:3].upper() if word[0].lower() == "k" else word[:1].upper() + "Wh"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 2 else word


def _read_range(text: str, q: Quantity, s: int, e: int) -> None:
    """Extend ``q`` over the high end of a range ('7-12 MWh', 'between 7 and 12', 'from 7 kg to 12 kg',
    '7% (optimistic) to 20% (expected)')."""
    aside = _ASIDE.match(text, q.end)
    r = _RANGE.match(text, aside.end() if aside else q.end)
    if aside and (not r or r.group("sep") not in ("to", "–", "—", "--")):
        return
    if not r or r.end() >= e:
        return
    sep = r.group("sep")
    before = text[max(s, q.start - 100):q.start]
    if sep == "and" and not _BETWEEN.search(before):
        return
    n2 = NUMBER_AT.match(text, r.end())
    if not n2 or n2.group("word") and (sep in ("-", "–", "—", "--") or is_article(n2)):
        return
    high = parse_number(n2)
    if high is None:
        return
    _, pos, scale2 = scaled(text, n2.end(), high)
    found = _unit_after(text, pos, e)
    unit2 = found[0] if found else None
    if r.group("cur"):
        unit2 = Unit("money", _CURRENCY_UNIT[r.group("cur").strip()])
    if q.unit is None and unit2 is None:
        return
    if q.unit is not None and unit2 is not None and q.unit.kind == "mass" and unit2.kind == "co2_mass" \
            and q.unit.pint == unit2.pint:
        q.unit = unit2  # 'from 7 kg to 12 kg CO2': the marker at the end covers both
    if q.unit is not None and unit2 is not None and q.unit != unit2 and q.unit.kind == unit2.kind != "money":
        factor = convert(unit2.pint, q.unit.pint)
        if factor is not None:  # 'from 300 W to 1 kW': one range, the high end in the low end's unit
            high, unit2 = float(f"{high * factor:.12g}"), q.unit
    if q.unit is not None and unit2 is not None and (q.unit != unit2 or (q.per and not _same_rate(text, found, q))):
        return
    if q.unit is not None and unit2 is None and not (q.unit.kind == "money" and r.group("cur") is None and found is None
                                                     and q.unit_text[:1] in "$€£"):
        return
    if high < q.value or (sep == "to" and _FROM.search(before) and _CHANGE_VERB.search(before)):
        q.change_end = sep == "to"
        return
    if q.unit is not None and q.unit.kind == "money" and q.scale == 1.0 and scale2 != 1.0:
        q.scale = scale2  # '$4 and $12 million': the scale word covers both ends
        q.unit_text = f"{q.unit_text} {text[n2.end():pos].strip()}"
    if q.unit is None and found is not None:
        q.unit = unit2
        scale_text = text[n2.end():pos].strip()
        q.unit_text = (scale_text + " " if scale_text else "") + text[found[2]:found[1]].strip()
        q.scale = scale2
        q.end = found[1]
        if q.unit.kind not in ("percent", "factor"):
            _read_rate(text, q, e)
    else:
        q.end = found[1] if found else pos
        if found and q.per:
            per_end = _per_pattern().match(text, q.end)
            if per_end and per_end.end() <= e:
                q.end = per_end.end()
    q.high = high


def _same_rate(text: str, found: tuple | None, q: Quantity) -> bool:
    """The second end of a rate range has the same functional unit, or none ('$1.46/hr–$2.40/hr')."""
    if not found:
        return True
    m = _per_pattern().match(text, found[1])
    return m is None or _singular(m.group("what")) == q.per.split(" ")[-1] or q.per.endswith(m.group("what"))


def _inherit_list_units(text: str, found: list[Quantity]) -> None:
    """Bare numbers listed before a quantity with a unit take its unit: '12/40/300 fJ/op', '7, 12 and 20 kWh'."""
    for i in range(len(found) - 2, -1, -1):
        q, nxt = found[i], found[i + 1]
        if "count" in q.flags or q.unit is not None or nxt.unit is None or nxt.unit.kind == "money" and nxt.unit_text[:1] in "$€£¥":
            continue
        if _YEAR.fullmatch(text[q.start:q.end]) or _TIME_BEFORE.search(text, max(0, q.start - 8), q.start):
            continue  # '58 TWh in 2014 and 176 TWh in 2023': a year is not a member of the list
        word = re.search(r"([A-Za-z]+)\s*$", text[max(0, q.start - 20):q.start])
        if word and word.group(1).lower() not in _LIST_LEADS:
            continue  # 'at batch size 1 and 0.9 J': a setting named by the word before it
        gap = text[q.end:nxt.start]
        if _LIST.fullmatch(gap) or gap == "":
            q.unit, q.unit_text, q.per, q.per_unit, q.inherited = nxt.unit, "", nxt.per, nxt.per_unit, True
            if q.scale == 1.0:
                q.scale = nxt.scale
