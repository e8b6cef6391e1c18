"""The claim extractor: quantities found by the grammar, kept when they are about resources."""
from __future__ import annotations

import re

from . import context, general
from .general import is_reference
from .lexicon import UnitForm, match_unit
from .numbers import NUMBER, NUMBER_AT, SCALE, SCALE_VALUES, WORD_VALUES, parse_number
from .sentences import sentence_spans
from .units import CANONICAL, normalise

EXTRACTOR_VERSION = "0.1.0"

_CURRENCY_BEFORE = re.compile(r"(?:^|(?<=[\s(\[~≈]))(?P<cur>US\\\$|US\$|\\\$|\$|€|\\euro\{\}|£|USD|EUR)\s?$")
"""A currency just before a number; a '$' glued to a word or LaTeX ('$\\sim$30') is math, not money."""
_CURRENCY_PINT = {"US$": "USD", "US\\$": "USD", "$": "USD", "\\$": "USD", "USD": "USD", "€": "EUR", "\\euro{}": "EUR", "EUR": "EUR",
                  "£": "GBP"}
_RANGE = re.compile(r"\s?(?P<sep>--|–|—|−|-|to|and)\s?(?P<cur>US\$|\\\$|\$|€|\\euro\{\})?")
_PUE = re.compile(
    r"\bPUEs?\b(?:\s?(?:of|=|:|is|was|around|about|approximately|~|≈|\\sim|values?|value of)){0,3}\s?\$?(?P<num>\d\.\d+|\d)"
    r"(?:\s?(?:--|–|-|to)\s?(?P<high>\d\.\d+))?(?![\d.]*\s?(?:%|x|×))"
    r"|(?<![\w.])(?P<num2>[123]\.\d+)\s?PUE\b")
"""'PUE of 1.1', 'PUE values of 1.1--1.2', '1.12 PUE'."""
_FRACTION_OF = re.compile(
    r"^(?:\s?(?:\([^)]{0,30}\))?\s?(?:,|and|or|to|–|-)\s?(?:about\s|~)?[\d.]+\s?%)*\s?(?:\([^)]{0,30}\)\s?)?(?:of|the)\b")
"""After a percentage: 'of ...', also after the rest of a list ('4.6%, 5.0% or 9.1% of US electricity')."""
_CONSUMES = re.compile(r"\b(?:needs?|needed|uses?|used|using|consumes?|consumed|requires?|required|emits?|emitted|"
                       r"takes?|took|draws?|drew|costs?)\b[^,;.]{0,25}$|\b(?:reduc|cut|lower|decreas)\w*\b[^,;.]{0,50}\bto\s$",
                       re.IGNORECASE)
"""Before 'N% of': the new amount as a fraction of the old ('uses 10.8% of the GPU time', 'reduced ... to 58% of')."""
_SAVES = re.compile(r"\b(?:sav(?:e|es|ed|ing)|cut(?:s|ting)?|reduc(?:e|es|ed|ing)|eliminat\w*|avoid\w*)\b(?:\s+\S+){0,3}\s$",
                    re.IGNORECASE)
"""Before 'N% of': the saving itself ('saves up to 33% of GPU energy')."""
_SIGN = re.compile(r"(?:^|(?<=[\s(\[$~]))[-−]$")
_ANY_NUMBER = re.compile(rf"\d|\b(?:{'|'.join(sorted(WORD_VALUES, key=len, reverse=True))}|third|quarter|fourth|fifth|tenth)\b",
                         re.IGNORECASE)
_WRAP = re.compile(r"\\(?:mathrm|text|textrm|mbox)\{")
_GAP = re.compile(r"[ \u00a0\u2009\u202f~]|\\[,; ]\s?")
_FRACTION = re.compile(r"\b(?:1/(?P<den>\d+)(?:st|nd|rd|th)?|(?:one|a)[- ](?P<word>half|third|quarter|fourth|fifth|tenth))\b"
                       r"|\bfactor\sof\s(?P<factor>\d+(?:\.\d+)?)", re.IGNORECASE)
_FRACTION_WORDS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "tenth": 10}
_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|sixteen|sixty-four"
_DEVICES = r"(?:[A-Za-z][\w-]*\s){0,2}(?:GPUs|TPUs|chips|accelerators|devices|A100s|V100s|H100s|P100s)"
_TIME_UNITS = {"h": 1, "hour": 1, "hours": 1, "hrs": 1, "day": 24, "days": 24, "week": 168, "weeks": 168}
_DEVICE_TIME = re.compile(
    rf"(?<![\w.,])(?P<n>\d[\d,]*|{_WORDS})\s{_DEVICES}\s(?:for|over)\s(?:about\s|~|roughly\s)?(?P<t>\d[\d,.]*)\s?(?P<u>h|hrs|hours?|days?|weeks?)\b"
    rf"|(?<![\w.,])(?P<t2>\d[\d,.]*)\s?(?P<u2>days?|weeks?)\son\s(?P<n2>\d[\d,]*|{_WORDS})\s{_DEVICES}", re.IGNORECASE)
"""'N GPUs for T h|days' or 'T days on N GPUs'; 'T hours on N GPUs' is left alone, as papers use it
both for wall time and for device-hours already summed."""
_CARBON = re.compile(r"\b(?:CO2|CO₂|carbon|emissions?|emitted|emit|GHG|greenhouse)", re.IGNORECASE)
_SHARE = re.compile(r"\b(?:makes?\s+up|made\s+up|accounts?\s+for|accounted\s+for|represents?|represented|constitutes?|"
                    r"comprises?|cover(?:s|ed|ing)?)\b[^,;.]{0,20}$", re.IGNORECASE)
_BASELINE_OF = re.compile(r"^\s?of\s(?:that|those|its|their\b|[^,;.]{0,40}?\b(?:baseline|original|teacher|dense|full|previous|"
                          r"standard|conventional|vanilla|unpruned|uncompressed)\b|[^,;.]{0,40}?'s\b)")
_COMPARED = re.compile(r"\b(?:compared (?:with|to)|relative to|versus|vs\.?)\W", re.IGNORECASE)
"""'uses N% of ...' is a fraction of a baseline only when the object is one ('of the teacher's', 'of that energy')
or the sentence compares with one; otherwise it is a share of a whole ('used 4% of US electricity')."""
_ONLY = re.compile(r"\b(?:only|merely|just|mere)\s+(?:about\s+|~|∼)?$", re.IGNORECASE)
_LESS_MORE = re.compile(r"^\s?(?P<w>less|lower|fewer|smaller|cheaper|more|higher|greater|larger|faster|slower|reduction|increase)\b", re.IGNORECASE)


def extract_claims(text: str, all_quantities: bool = False) -> list[dict]:
    """Claims in ``text`` in the extract contract's fields (without ``id``), in text order.

    Each claim also carries ``sentence_start``/``sentence_end``. With ``all_quantities``,
    quantities that are not about resources are kept with metric "other".
    """
    claims = []
    for s, e in sentence_spans(text):
        claims.extend(_sentence_claims(text, s, e, all_quantities))
    return claims


def _sentence_claims(text: str, s: int, e: int, all_quantities: bool) -> list[dict]:
    if not _ANY_NUMBER.search(text, s, e):  # most sentences state no number at all
        return []
    sentence = text[s:e]
    out = []
    for m in _PUE.finditer(sentence):
        value = float(m.group("num") or m.group("num2"))
        high = float(m.group("high")) if m.group("high") else None
        end = m.end() if m.group("num2") else m.end("high" if high else "num")
        if 1.0 <= value <= 3.0:
            out.append(_claim(text, s + m.start(), s + end, value, high, "PUE", "pue", value, high, None, sentence, s))
    out += _device_time(text, sentence, s) + _fractions(text, sentence, s)
    taken = [(c["start"], c["end"]) for c in out]
    taken_until = s
    for m in NUMBER.finditer(text, s, e):
        if m.start() < taken_until or any(a <= m.start() < b for a, b in taken):
            continue
        q = _quantity(text, m, e)
        if q is None:
            continue
        claim = _classify(text, sentence, s, q)
        if claim is None and all_quantities and not is_reference(text, m.start(), m.end()):
            claim = _other(text, sentence, s, q, e)
        if claim is not None:
            out.append(claim)
            taken_until = claim["end"]
    for claim in out:
        claim["sentence_start"], claim["sentence_end"] = s, e
    return sorted(out, key=lambda c: (c["start"], c["end"]))


def _device_time(text: str, sentence: str, s: int) -> list[dict]:
    """'8 GPUs for 100 h' and '8 days on 256 A100 GPUs': the duration as stated, canonical in device-hours (800)."""
    out = []
    for m in _DEVICE_TIME.finditer(sentence):
        devices = m.group("n") or m.group("n2")
        n = float(WORD_VALUES.get(devices.lower()) or devices.replace(",", ""))
        t = float((m.group("t") or m.group("t2")).replace(",", ""))
        unit = m.group("u") or m.group("u2")
        out.append(_claim(text, s + m.start(), s + m.end(), t, None, unit, "compute_time",
                          float(f"{n * t * _TIME_UNITS[unit.lower()]:.12g}"), None, CANONICAL["compute_time"][1], sentence, s))
    return out


def _fractions(text: str, sentence: str, s: int) -> list[dict]:
    """'1/7th the carbon', 'a third of the energy' (a reduction by that factor), 'by a factor of 5.3'."""
    out = []
    for m in _FRACTION.finditer(sentence):
        res = context.resource(sentence, m.start(), m.end())
        if m.group("factor"):
            factor, direction = float(m.group("factor")), context.direction(sentence, m.start())
        else:
            if not re.match(r"\s(?:of\s)?(?:the|its|their|those|that)\b", sentence[m.end():]):
                continue
            factor = float(m.group("den")) if m.group("den") else float(_FRACTION_WORDS[m.group("word").lower()])
            direction = "reduction"
        if res is not None:
            out.append(_claim(text, s + m.start(), s + m.end(), factor, None, "x", "relative_change", None, None, None,
                              sentence, s, res=res, direction=direction))
    return out


def _quantity(text: str, m: re.Match, limit: int) -> dict | None:
    """Number (+ scale) (+ range) (+ unit) starting at ``m``; None when no unit or currency follows."""
    start, pos = m.start(), m.end()
    value = parse_number(m)
    if _SIGN.search(text, max(0, start - 2), start):  # '−54.8%', '($-41\%$)'
        start, value = start - 1, -value
    cur = _CURRENCY_BEFORE.search(text[max(0, start - 8):start])
    value, pos, scale = _scaled(text, pos, value)
    unit1 = _unit_at(text, pos)
    if unit1 and unit1[0].metric != "cost":
        cur = None
    if cur:
        start -= len(cur.group(0))
    value_high = None
    after_first = unit1[2] if unit1 else pos
    r = _RANGE.match(text, after_first)
    if r and r.end() < limit:
        n2 = NUMBER_AT.match(text, r.end())
        ok_sep = r.group("sep") != "and" or re.search(r"between\s+\S*\s*$", text[max(0, start - 12):start], re.IGNORECASE)
        both_money = n2 and ok_sep and unit1 is None and cur and r.group("cur")
        high, pos2, scale2 = _scaled(text, n2.end(), parse_number(n2)) if n2 else (None, pos, 1.0)
        if both_money and high >= value * (scale2 if scale == 1 else 1):  # '$4 and $12 million'
            value, value_high, pos = value * (scale2 if scale == 1 else 1), high, pos2
        elif n2 and ok_sep and not both_money:
            low = value * scale2 if scale == 1 and unit1 is None else value  # '2-3 million' scales both ends
            unit2 = _unit_at(text, pos2)
            same_unit = unit1 is None or unit1[0].pint_unit == unit2[0].pint_unit if unit2 else False
            is_change = unit1 is not None and r.group("sep") == "to"  # 'from 4.1 tCO2e to 6.8 tCO2e'
            if unit2 and same_unit and high >= low and not is_change:
                value, value_high, unit1, pos = low, high, unit2, pos2
    if unit1 is None and not cur:
        return {"start": m.start(), "end": pos, "value": value, "value_high": value_high,
                "form": None, "unit": "", "currency": None}
    if unit1 is not None:
        form, unit_start, unit_end = unit1
        return {"start": start, "end": unit_end, "value": value, "value_high": value_high,
                "form": form, "unit": text[unit_start:unit_end].strip(), "currency": cur.group("cur") if cur else None}
    return {"start": start, "end": pos, "value": value, "value_high": value_high, "form": None,
            "unit": cur.group("cur"), "currency": cur.group("cur")}


def _scaled(text: str, pos: int, value: float) -> tuple[float, int, float]:
    """Apply a scale word right after a number ('4.6 million', '3.2M'); returns value, end, scale."""
    sm = SCALE.match(text, pos)
    if sm is None:
        return value, pos, 1.0
    scale = SCALE_VALUES[sm.group("scale")]
    return value * scale, sm.end(), scale


def _unit_at(text: str, pos: int) -> tuple[UnitForm, int, int] | None:
    """(form, start, end) of the unit at ``pos``, after at most one space of any kind (also LaTeX
    '\\,' or '~'), possibly wrapped in ``\\mathrm{...}``."""
    gap = _GAP.match(text, pos)
    for at in (pos, gap.end()) if gap else (pos,):
        wrap = _WRAP.match(text, at)
        found = match_unit(text, wrap.end() if wrap else at)
        if found:
            end = found[1].end()
            if wrap and text.startswith("}", end):
                end += 1
            return found[0], at, end
    return None


def _classify(text: str, sentence: str, s: int, q: dict) -> dict | None:
    """Metric, canonical value and context of a quantity; None when it is not about a resource."""
    form: UnitForm | None = q["form"]
    if form is not None and form.metric == "relative_change":
        return _relative(text, sentence, s, q, form)
    if form is None and not q["currency"]:
        return None
    metric = form.metric if form else "cost"
    pint_unit = form.pint_unit if form else _CURRENCY_PINT[q["currency"]]
    if metric == "mass":
        if not _CARBON.search(sentence):
            return None
        metric = "emissions"
    per, end = context.functional_unit(text, q["end"])
    if per is None:
        end = q["end"]
    unit = text[q["end"] - len(q["unit"]):end] if form else q["unit"] + text[q["end"]:end]
    if metric == "emissions" and per in ("kWh", "MWh"):
        metric, pint_unit, per = "carbon_intensity", f"{pint_unit} / {'kilowatt_hour' if per == 'kWh' else 'megawatt_hour'}", None
    canonical_unit = CANONICAL[metric][1] if normalise(1.0, pint_unit, metric) is not None else None
    if per and canonical_unit:
        canonical_unit = f"{canonical_unit}/{per}"
    return _claim(text, q["start"], end, q["value"], q["value_high"], unit, metric,
                  normalise(q["value"], pint_unit, metric), normalise(q["value_high"], pint_unit, metric),
                  canonical_unit, sentence, s, per=per)


def _relative(text: str, sentence: str, s: int, q: dict, form: UnitForm) -> dict | None:
    at = q["start"] - s
    res = context.resource(sentence, at, q["end"] - s)
    if res is None or context.about_something_else(text, q["start"], q["end"]):
        return None
    value, high = q["value"], q["value_high"]
    after = text[q["end"]:q["end"] + 80]
    before = text[max(0, q["start"] - 50):q["start"]]
    word = _LESS_MORE.match(after)
    of = form.pint_unit == "%" and _FRACTION_OF.match(after)
    saving = of and _SAVES.search(before) and not _CONSUMES.search(before)
    fraction_of_baseline = of and (_BASELINE_OF.match(after) or _COMPARED.search(sentence)) and (
        _CONSUMES.search(before) or (_ONLY.search(before) and not _SHARE.search(before)))
    if of and not (saving or fraction_of_baseline):
        return None  # a share of a whole ("4% of US electricity", "makes up only 2-6% of the cost"), not a change
    if value < 0:  # a signed change: '−41%'
        direction, canonical, canonical_high = "reduction", -value, None if high is None else -high
    elif saving:
        direction, canonical, canonical_high = "reduction", value, high
    elif fraction_of_baseline:
        direction = "reduction"
        canonical, canonical_high = (100 - value, None if high is None else 100 - high)
        if canonical_high is not None:
            canonical, canonical_high = canonical_high, canonical
    else:
        if word:
            direction = "reduction" if word.group("w").lower() in ("less", "lower", "fewer", "smaller", "cheaper", "faster", "reduction") else "increase"
        else:
            direction = context.direction(sentence, at)
        canonical, canonical_high = (value, high) if form.pint_unit == "%" else (None, None)
    return _claim(text, q["start"], q["end"], value, high, "%" if form.pint_unit == "%" else "x", "relative_change",
                  canonical, canonical_high, "%" if form.pint_unit == "%" else None, sentence, s,
                  res=res, direction=direction)


def _other(text: str, sentence: str, s: int, q: dict, limit: int) -> dict:
    """A quantity that is not about a resource, for ``--all-quantities``, with any unit pint knows."""
    end, unit = general.extend(text, q["start"], q["end"], limit, q["unit"])
    return _claim(text, q["start"], end, q["value"], q["value_high"], unit, "other", None, None, None, sentence, s)


def _claim(text: str, start: int, end: int, value: float | None, high: float | None, unit: str, metric: str,
           canonical: float | None, canonical_high: float | None, canonical_unit: str | None, sentence: str, s: int,
           per: str | None = None, res: str | None = None, direction: str | None = None) -> dict:
    at = start - s
    return {
        "quote": text[start:end], "start": start, "end": end,
        "value": _clean(value), "value_high": _clean(high), "unit": unit, "metric": metric,
        "canonical_value": _clean(canonical), "canonical_value_high": _clean(canonical_high),
        "canonical_unit": canonical_unit, "direction": direction,
        "phase": context.phase(sentence, at), "subject": context.subject(sentence, at),
        "qualifier": context.qualifier(text, start), "per": per, "resource": res,
    }


def _clean(x: float | None) -> float | None:
    return None if x is None else float(f"{x:.12g}")
