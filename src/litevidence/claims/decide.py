"""Deciding what a quantity is: a claim or not, its metric, canonical value, phase, qualifier and rate.

The rules follow the annotation guideline (ANNOTATION.md): a claim measures a resource (energy,
power, emissions, water, cost, accelerator time) or a change or share of one. Units settle most
quantities (with checks for ratings, equivalences and context such as carbon for a bare mass);
durations are accelerator time when a device did the work; percentages and factors are read by
``relative``. Cue words come from ``vocabulary/cues.toml``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from . import cues
from .lexicon import KIND_METRIC, Unit
from .quantities import Quantity
from .reading import Document, Sentence
from .relative import Relative, coordinated, groups, read_relative
from .units import CANONICAL, convert
from ..vocabulary import load

_WORK_BEFORE = re.compile(
    r"\b(?:in|within|for|takes?|took|taking|requires?|required|requiring|needs?|needed|spent|spending|spend|"
    r"lasts?|lasted|completes?|completed|finish(?:es|ed)?|train\w*|search\w*|run\w*|ran|compute|process\w*|"
    r"converges?|converged|only|just|under|about|approximately|around|after|of)\s+(?:\S+\s+){0,3}[~≈<>]?\s?$",
    re.IGNORECASE)
_COUNT = re.compile(
    r"(?<![\w.-])(?P<n>\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|sixteen|thirty-two|"
    r"sixty-four|a\s+single|single|a)\s+(?:(?:NVIDIA|Nvidia|Google|AMD|Intel|Cloud|Tesla|GTX|RTX|Titan|TITAN|"
    r"[A-Z][A-Za-z]*\d[\w.-]*|\d{3,4}[A-Za-z\d-]*|[A-Z][A-Za-z]+)\s+){0,3}"
    r"(?P<dev>GPUs?|TPUs?(?:\s?v\d)?(?:\s(?:cores?|chips?))?|accelerators?|chips?|devices?|(?:CPU\s)?cores?|CPUs?|"
    r"A100s?|V100s?|H100s?|P100s?|IPUs?|NPUs?|FPGAs?)\b(?![-\s]?(?:hours?|hrs?|h|days?|weeks?|months?|years?)\b)(?!-)")
_NODE = re.compile(r"(?:(?<![\w.-])(?P<n>\d[\d,]*|one|two|four|eight|sixteen|a\s+single|single|an?)\s+(?:[A-Z][\w-]*\s+)?)?"
                   r"(?P<size>\d+|two|four|eight|sixteen)[- ](?:GPU|TPU|A100|V100|H100)\s+(?:nodes?|servers?|machines?|"
                   r"DGX|boxes|box)\b")
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "twelve": 12, "sixteen": 16, "thirty-two": 32, "sixty-four": 64, "a single": 1,
                "single": 1, "a": 1, "an": 1}
_HOURS = {"hour": 1, "day": 24, "week": 168, "month": 730, "year": 8760, "minute": 1 / 60, "second": 1 / 3600,
          "millisecond": 1 / 3.6e6}
_PUE = re.compile(
    r"\bPUEs?\b(?:\s?(?:of|=|:|is|was|would be|will be|could be|becomes|became|around|about|approximately|~|≈|"
    r"values?|value of|as low as|below|under|to|from|reaching|reached|at)){0,3}\s?"
    r"(?P<num>[1-3]\.\d+|[1-3])(?:\s?(?:--|–|-|to)\s?(?P<high>[1-3]\.\d+))?(?![\d.]*\s?(?:%|x|×))"
    r"|(?<![\w.])(?P<num2>[1-3]\.\d+)\s?PUE\b")
_SUBJECT = re.compile(r"\b(?:[A-Z][A-Za-z]*[-–]?\d[\w.-]*|[A-Z][a-z]+[A-Z][\w-]*|[A-Z]{2,}[\w-]*)")
_NOT_SUBJECT = {
    "GPU", "GPUs", "TPU", "TPUs", "CPU", "CPUs", "CO2", "CO2e", "CO2eq", "PUE", "AI", "ML", "NLP", "LLM", "LLMs",
    "US", "USA", "UK", "EU", "USD", "EUR", "MWh", "kWh", "GWh", "TWh", "Wh", "GHG", "ICT", "HPC", "IEA", "WUE",
    "NAS", "FLOPs", "FLOP", "TCO", "ID", "IT", "API", "HW", "SW", "CI", "DNN", "DNNs", "EDP", "PDP", "SLO", "SLOs",
}


@dataclass
class Decision:
    """A quantity read as a claim (before offsets go back to the original text)."""

    q: Quantity
    metric: str
    canonical: float | None
    canonical_high: float | None
    canonical_unit: str | None
    resource: str | None = None
    direction: str | None = None
    phase: str | None = None
    qualifier: str | None = None
    per: str | None = None
    subject: str | None = None
    start: int | None = None
    end: int | None = None
    relative: Relative | None = None


def decide_sentence(doc: Document, s: int, e: int, quantities: list[Quantity]) -> list[Decision]:
    """The claims among a sentence's quantities (``doc.text[s:e]`` of the plain view)."""
    sent = Sentence(doc, s, e, quantities, groups(doc.text, quantities))
    out: list[Decision] = []
    previous = None
    for q in quantities:
        d = _decide(sent, q)
        if d is None and previous is not None and q.kind in ("percent", "factor"):
            rel = coordinated(sent, previous[0], previous[1], q)
            d = _relative_decision(sent, q, rel) if rel else None
        if d is not None:
            out.append(d)
            previous = (q, d.relative) if d.relative is not None and d.metric == "relative_change" else previous
    out = _without_restatements(doc.text, out) + _pue(doc.text, s, e)
    for d in out:
        start = d.q.start if d.start is None else d.start
        d.qualifier = _qualifier(doc.text, s, start, d.q, sent.group(d.q))
        d.phase = _phase(doc, s, e, start)
        d.subject = _subject(doc.text, s, e, start)
    return sorted(out, key=lambda d: (d.q.start if d.start is None else d.start))


def _without_restatements(text: str, decisions: list[Decision]) -> list[Decision]:
    """Drop a figure restated in brackets right after itself: 'one third (1/3)', '1.0e-4 kWh (0.0001 kWh)'."""
    out: list[Decision] = []
    for d in decisions:
        prev = out[-1] if out else None
        if prev is not None and prev.metric == d.metric and re.fullmatch(r"\s?\(\s?", text[prev.q.end:d.q.start]) \
                and _same_number(prev, d):
            continue
        out.append(d)
    return out


def _same_number(a: Decision, b: Decision) -> bool:
    x, y = (a.canonical, b.canonical) if a.canonical is not None and b.canonical is not None else (a.q.value, b.q.value)
    return x is not None and y is not None and abs(x - y) <= 1e-3 * max(abs(x), abs(y), 1e-12)


def _decide(sent: Sentence, q: Quantity) -> Decision | None:
    kind, text, s, e = q.kind, sent.text, sent.s, sent.e
    if kind in ("percent", "factor"):
        rel = read_relative(sent, q)
        return _relative_decision(sent, q, rel) if rel else None
    if kind in KIND_METRIC:
        if kind == "power" and _is_setting(text, s, e, q):
            return None
        if kind == "mass" and (_OTHER_EQUIVALENT.match(text, q.end) or not (
                sent.has("resources", "emissions") or any(x.kind in ("co2_mass", "carbon_intensity") for x in sent.quantities))):
            return None
        if _FUNCTIONAL_UNIT.search(text, max(s, q.start - 40), q.start):
            return None  # 'the functional unit is one GPU-hour': a definition, not a measurement
        if kind == "volume" and not (q.per_unit is not None and q.per_unit.kind == "energy" or
                                     sent.has("water_context", "words") or
                                     cues.words("water_context", "words").search(text, *sent.doc.previous_sentence(s))):
            return None
        if kind == "money" and _money_not_cost().match(text, q.end):
            return None
        return _absolute(q, KIND_METRIC[kind])
    if kind == "duration":
        return _duration(sent, q)
    return None


@lru_cache(maxsize=1)
def _money_not_cost() -> cues.CueMatcher:
    """Money that is not a cost: 'a $5 billion market', '$3M in funding' (the words of cues.toml's money_not_cost)."""
    return cues.CueMatcher(r"\s?(?:in\s)?(?:\w+\s){0,2}(?:" + cues.words("money_not_cost", "words").pattern + ")")


def _relative_decision(sent: Sentence, q: Quantity, rel: Relative) -> Decision:
    return Decision(q, rel.metric, rel.canonical, rel.canonical_high, "%" if rel.canonical is not None else None,
                    resource=rel.resource, direction=rel.direction, relative=rel, per=_per_after(sent.after(q.end)))


def _absolute(q: Quantity, metric: str) -> Decision:
    """An absolute quantity of ``metric``, normalised to its canonical unit (rates: '<unit>/<per>')."""
    pint_unit = q.unit.pint
    per = q.per
    if q.per_unit is not None and metric == "cost" and q.per_unit.kind == "energy":
        pint_unit, per = f"({pint_unit}) / {q.per_unit.pint}", None
        canonical_unit = "USD/kWh"
        factor = convert(pint_unit, "USD / kilowatt_hour")
    elif q.per_unit is not None and metric in ("water", "emissions") and q.per_unit.kind == "energy":
        canonical_unit = f"{CANONICAL[metric][1]}/kWh"
        factor = convert(f"({pint_unit}) / {q.per_unit.pint}", f"{CANONICAL[metric][0]} / kilowatt_hour")
        per = None
    elif metric == "compute_time":
        factor = _HOURS[pint_unit]
        canonical_unit = "accelerator-hours"
    else:
        factor = convert(pint_unit, CANONICAL[metric][0]) if metric in CANONICAL else None
        canonical_unit = CANONICAL[metric][1] if factor is not None else None
        if canonical_unit and per:
            canonical_unit = f"{canonical_unit}/{per}"
    scale = q.scale
    canonical = _clean(q.value * scale * factor) if factor is not None else None
    high = _clean(q.high * scale * factor) if factor is not None and q.high is not None else None
    return Decision(q, metric, canonical, high, canonical_unit if canonical is not None else None, per=per)


def _clean(x: float | None) -> float | None:
    """``x`` to 12 significant digits; None for nothing, or for a conversion that left the float range."""
    return None if x is None or not math.isfinite(x) else float(f"{x:.12g}")


def _is_setting(text: str, s: int, e: int, q: Quantity) -> bool:
    """A rating or setting rather than a measured draw: 'a 700 W GPU', 'capping power at 250 W', 'TDP of 400 W'."""
    if _SETTING_BEFORE.search(text, max(s, q.start - 40), q.start):
        return True
    words = text[q.end:min(e, q.end + 30)].split()[:2]
    if not words or re.match(r"(?:on|of|per|for|in|when|while|at|during|to|and|or)$", words[0], re.I):
        return False
    after = cues.words("settings", "after_devices")
    return any(after.fullmatch(w.strip(".,;:)")) for w in words)


_OTHER_EQUIVALENT = re.compile(r"\s?(?:of\s)?(?!CO)(?:[A-Z][A-Za-z]?\d*|PO4|SO2|NOx|CFC-?11|1,4-DB|PM2\.5|U235)"
                               r"[\s-]?(?:eq|equivalents?)\b")
"""A mass of another substance than CO2 ('660 kg Sb eq', '3 kg PO4 eq'): a life-cycle category that is not a claim."""
_FUNCTIONAL_UNIT = re.compile(r"\bfunctional unit\b[^.;]{0,20}$", re.IGNORECASE)
_SETTING_BEFORE = re.compile(r"\b(?:TDP|thermal design power|design power|power rating|rated|nameplate|cap|caps|capped|"
                             r"capping|limit|limits|limited|limiting|budget|"
                             r"set|setting|envelope)\b(?:\s+[^\s,;.]+){0,4}?\s+(?:at|of|to|=)?\s*(?:a\s|an\s)?$", re.IGNORECASE)
"""Words before a power that make it a setting ('capped at', 'a power cap of', 'power limit set to')."""


def _duration(sent: Sentence, q: Quantity) -> Decision | None:
    """A duration is accelerator time when a device did the work in it (guideline section 5)."""
    doc, text, s, e = sent.doc, sent.text, sent.s, sent.e
    pint = q.unit.pint
    if pint in ("millisecond", "year") or q.per or q.change_end:
        return None
    if pint == "month" and not cues.words("devices", "words").search(text, s, e):
        return None  # months are periods unless the sentence names the machine that ran for them
    before = text[max(s, q.start - 40):q.start]
    after = text[q.end:min(e, q.end + 30)]
    if cues.words("durations", "latency").search(text, max(s, q.start - 40), min(e, q.end + 25)) or \
            cues.words("durations", "period").search(before[-20:]) or \
            re.match(r"^\s?(?:per|each|/|ahead|later|earlier|before|after|of\s(?:the\s)?(?:day|year|week))\b", after, re.I):
        return None
    if doc.device_from is None or doc.device_from >= e:
        return None
    if not (_WORK_BEFORE.search(before) or re.match(r"^\s?(?:to\s(?:train|complete|finish|search|run|converge)|of\s"
                                                    r"(?:training|compute|computation|search|GPU|TPU)|on\s)", after, re.I)
            or _count_near(text, s, e, q) is not None):
        return None
    count = _count_near(text, s, e, q)
    d = Decision(q, "compute_time", None, None, None)
    if count is not None:
        hours = _HOURS[pint]
        d.canonical = _clean(q.value * q.scale * hours * count[0])
        d.canonical_high = _clean(q.high * q.scale * hours * count[0]) if q.high is not None else None
        d.canonical_unit = "accelerator-hours"
        d.start, d.end = min(q.start, count[1]), max(q.end, count[2])
        if count[2] - count[1] > 60 or abs(count[1] - q.start) > 60:
            d.start, d.end = q.start, q.end
    return d


def _count_near(text: str, s: int, e: int, q: Quantity) -> tuple[float, int, int] | None:
    """(device count, start, end) of the devices that ran a duration: the nearest count in the sentence."""
    best = None
    for count in _counts(text, s, e):
        best = _nearer(best, count, q)
    return best


@lru_cache(maxsize=64)
def _counts(text: str, s: int, e: int) -> tuple[tuple[float, int, int], ...]:
    """(device count, start, end) of every device count of a sentence ('8 GPUs', 'a single 8-GPU node')."""
    nodes = [(_count(m.group("n") or "one") * _count(m.group("size")), m.start(), m.end())
             for m in _NODE.finditer(text, s, e)]
    out = list(nodes)
    for m in _COUNT.finditer(text, s, e):
        raw = m.group("n").lower()
        if any(a <= m.start() < b for _, a, b in nodes) or raw == "a" and not m.group("dev").lower().startswith(
                ("gpu", "tpu", "cpu", "a100", "v100", "h100")):
            continue
        out.append((_count(raw), m.start(), m.end()))
    return tuple(out)


def _count(word: str) -> float:
    """A device count written in digits or words ('8', 'eight', 'a single')."""
    word = re.sub(r"\s+", " ", word.lower())
    return float(_COUNT_WORDS[word]) if word in _COUNT_WORDS else float(word.replace(",", ""))


def _nearer(best, cand, q: Quantity):
    dist = lambda c: q.start - c[2] if c[2] <= q.start else c[1] - q.end
    return cand if best is None or dist(cand) < dist(best) else best


def _pue(text: str, s: int, e: int) -> list[Decision]:
    """'PUE of 1.1', 'PUE values of 1.1-1.2', '1.12 PUE'."""
    out = []
    if "PUE" not in text[s:e]:
        return out
    for m in _PUE.finditer(text, s, e):
        num = m.group("num") or m.group("num2")
        start = m.start()
        end = m.end("high") if m.group("high") else m.end("num") if m.group("num") else m.end()
        value, high = float(num), float(m.group("high")) if m.group("high") else None
        q = Quantity(start, end, value, high, Unit("pue", ""), "PUE")
        out.append(Decision(q, "pue", value, high, None))
        other = _PUE_OTHER.match(text, end)
        if other and other.end() <= e:  # 'a PUE of 1.21 instead of 1.12'
            v = float(other.group("v"))
            out.append(Decision(Quantity(other.start("v"), other.end("v"), v, None, Unit("pue", ""), "PUE"), "pue", v, None,
                                None))
    return out


_PUE_OTHER = re.compile(r"\s?(?:instead of|rather than|versus|vs\.?|compared with|compared to|down from|up from|from|to|"
                        r"and|or)\s(?:a\s|about\s|around\s)?(?P<v>[1-3]\.\d+)(?![\d.]*\s?(?:%|x|×))")


def _per_after(after: str) -> str | None:
    m = re.search(r"\bper\s(?P<what>token|query|request|inference|image|sample|prompt|response|word|operation|op|"
                  r"bit|kWh|MWh)\b", after, re.I)
    return m.group("what") if m else None


def _qualifier(text: str, s: int, start: int, q: Quantity, group: list[Quantity] | None) -> str | None:
    """approx, up_to, at_least, more_than or less_than from the words right before the quantity (or its list)."""
    if "more_than" in q.flags:
        return "more_than"
    before = text[max(s, start - 26):start]
    if q.kind in ("duration", "device_time") and re.search(r"\b(?:over|during|throughout)\s+$", before, re.I):
        return None  # 'took 4,789 jobs over 172 days': the span, not a bound
    found = _qualifier_in(before)
    if found is None and group is not None and q is not group[0]:
        found = _qualifier_in(text[max(s, group[0].start - 26):group[0].start])
    return found


def _qualifier_in(before: str) -> str | None:
    """The qualifier whose words end ``before``, or end it but for a few small words ('up to a', 'about $')."""
    m = _qualifier_reversed().match(before[::-1].lower())
    return m.lastgroup if m else None


@lru_cache(maxsize=1)
def _qualifier_reversed() -> re.Pattern:
    """The qualifier phrases of cues.toml, reversed, matched at the start of the reversed window: a
    'search at the end' that costs one match instead of one try per position."""
    small = r"(?:[\s($]|\b(?:a|na|eht|fo|yb|ylno|tsuj|ot|eb)\b)*?"
    groups = []
    for name, words in load("cues.toml")["qualifiers"].items():
        phrases = sorted((w.lower()[::-1] for w in words), key=len, reverse=True)
        alternatives = "|".join(re.escape(p) + (r"(?![a-z0-9])" if p[-1].isalnum() else "") for p in phrases)
        groups.append(f"(?P<{name}>{alternatives})")
    return re.compile(small + "(?:" + "|".join(groups) + ")")


def _phase(doc: Document, s: int, e: int, at: int) -> str | None:
    """The phase whose cue is nearest ``at`` in the sentence, else the text's dominant phase."""
    best = None
    for name, start, end in _phase_cues(doc.text, s, e):
        dist = at - end if end <= at else start - at
        if best is None or dist < best[1]:
            best = (name, dist)
    return best[0] if best else doc.phase


@lru_cache(maxsize=64)
def _phase_cues(text: str, s: int, e: int) -> tuple[tuple[str, int, int], ...]:
    """Every phase cue of a sentence, read once for all of its claims."""
    return tuple((m.lastgroup, m.start(), m.end()) for m in cues.one_of("phases").finditer(text, s, e))


def _subject(text: str, s: int, e: int, at: int) -> str | None:
    """The nearest model- or system-like name (GPT-3, BLOOM, LLaMA-65B) in the sentence, before ``at`` first."""
    names = _names(text, s, e)
    before = [n for n in names if n[1] <= at]
    if before:
        return before[-1][2]
    after = [n for n in names if n[0] >= at]
    return after[0][2] if after else None


@lru_cache(maxsize=64)
def _names(text: str, s: int, e: int) -> tuple[tuple[int, int, str], ...]:
    """(start, end, name) of every model- or system-like name of a sentence, read once for all its claims."""
    return tuple((m.start(), m.end(), m.group(0).rstrip(".,-")) for m in _SUBJECT.finditer(text, s, e)
                 if m.group(0).rstrip(".-") not in _NOT_SUBJECT)
