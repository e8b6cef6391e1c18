"""Deciding what a quantity is: a claim or not, its metric, resource, direction, phase and rate.

The rules follow the annotation guideline (ANNOTATION.md): a claim measures a resource (energy,
power, emissions, water, cost, accelerator time) or a change or share of one. Units settle most
quantities; percentages and factors are read from the words around them: what the nearest cue
names (a resource, or something else: speed, accuracy, memory), whether a verb saves, consumes or
shares it, and which way it moved. Cue words come from ``vocabulary/cues.toml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import cues
from .lexicon import Unit
from .quantities import Quantity
from .units import CANONICAL, convert

_CLAUSE_END = re.compile(
    r"[,;:()\[\]]|\.\s|\b(?:and|but|while|whereas|with|without|than|compared|relative|versus|vs|against|over|at|"
    r"when|which|that|respectively|thereby|thus|leading|resulting|yielding|achieving|enabling|offering|using|on|"
    r"across|under|via|from|after|before|or|in\s+(?:the\s+)?(?:same|\d))\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[;:()\[\]]|,\s|\.\s|\b(?:while|whereas|but|which|that|and|respectively|as well as)\b",
                           re.IGNORECASE)
_GROUP_GAP = re.compile(
    r"\s?(?:(?:reductions?|savings?|lower|less|fewer|higher|more|better|improvements?|decreases?|increases?|"
    r"times)\s?)?(?:,\s?and|,\s?or|,|and|or|/|&|to)\s?(?:(?:up to|about|approximately|around|nearly|almost|over|"
    r"roughly|~|≈|an?|by)\s?)?", re.IGNORECASE)
_OF = re.compile(r"\s?\)?\s?of\s", re.IGNORECASE)
_SHARE_AFTER = re.compile(r"\s?\)?\s?(?:(?:is|are|was|were)\s)?(?:comes?\sfrom|came\sfrom|derived\sfrom|derives\sfrom|"
                          r"goes\sto|went\sto|is\sspent|are\sspent|spent\son|due\sto|attribut\w*\sto|of\s(?:it|this|that))\b",
                          re.IGNORECASE)
_CONTRIBUTE_TO = re.compile(r"\s?to\s", re.IGNORECASE)
_BASELINE = re.compile(r"\b(?:baseline|original|teacher|dense|full|previous|prior|standard|conventional|vanilla|"
                       r"unpruned|uncompressed|reference|default|existing|counterpart|larger|bigger|that|those|"
                       r"than|compared|relative|versus|vs\.?)\b|'s\b", re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?:(?:up\s+to|about|approximately|around|nearly|almost|over|more\s+than|at\s+least|roughly|"
                 r"an?\s+average\s+of|on\s+average|as\s+much\s+as|a\s+factor\s+of)\s+)?$", re.IGNORECASE)
_WEAK_CHANGE = re.compile(r"^\s?(?:smaller|larger|bigger|faster|slower)\b", re.IGNORECASE)
_MONEY_NOT_COST = re.compile(r"\s?(?:\w+\s){0,2}(?:market|revenue|revenues|valuation|sales|profit|profits|funding|"
                             r"prize|salary|salaries|grant|investment|investments|GDP|economy|industry)\b", re.IGNORECASE)
_LATENCY = re.compile(r"\b(?:latency|latencies|delay|response time|per\s(?:token|image|frame|query|request|sample|step|"
                      r"iteration|batch)|each\s(?:token|step|iteration)|end-to-end|real-time|TTFT|TPOT|round-trip)\b",
                      re.IGNORECASE)
_PERIOD = re.compile(r"\b(?:every|each|per|ahead|hourly|daily|over\s+the\s+(?:past|last|next)|lifetime|life\s?span|"
                     r"warranty|years?\s+old|ago|since|until|by\s+20\d\d|in\s+20\d\d|horizon|window|interval|"
                     r"resolution|granularity|forecast\w*|delay\w*|deadline\w*|slack|tolerance)\b", re.IGNORECASE)
_WORK_BEFORE = re.compile(
    r"\b(?:in|within|for|takes?|took|taking|requires?|required|requiring|needs?|needed|spent|spending|spend|"
    r"lasts?|lasted|completes?|completed|finish(?:es|ed)?|train\w*|search\w*|run\w*|ran|compute|process\w*|"
    r"converges?|converged|only|just|under|about|approximately|around|after|of)\s+(?:\S+\s+){0,3}$", re.IGNORECASE)
_COUNT = re.compile(
    r"(?<![\w.-])(?P<n>\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|sixteen|thirty-two|"
    r"sixty-four|a\s+single|single|a)\s+(?:(?:NVIDIA|Nvidia|Google|AMD|Intel|Cloud|Tesla|GTX|RTX|Titan|TITAN|"
    r"[A-Z][A-Za-z]*\d[\w.-]*|\d{3,4}[A-Za-z\d-]*|[A-Z][A-Za-z]+)\s+){0,3}?"
    r"(?P<dev>GPUs?|TPUs?(?:\s?v\d)?(?:\s(?:cores?|chips?))?|accelerators?|chips?|devices?|(?:CPU\s)?cores?|CPUs?|"
    r"A100s?|V100s?|H100s?|P100s?|IPUs?|NPUs?|FPGAs?)\b(?!-)")
_NODE = re.compile(r"(?<![\w.-])(?P<n>\d[\d,]*|one|two|four|eight|sixteen|a\s+single|single|a)\s+(?P<size>\d+)[- ]"
                   r"(?:GPU|TPU|A100|V100|H100)\s+(?:nodes?|servers?|machines?|DGX)\b")
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "twelve": 12, "sixteen": 16, "thirty-two": 32, "sixty-four": 64, "a single": 1,
                "single": 1, "a": 1}
_HOURS = {"hour": 1, "day": 24, "week": 168, "month": 730, "year": 8760, "minute": 1 / 60, "second": 1 / 3600,
          "millisecond": 1 / 3.6e6}
_PUE = re.compile(
    r"\bPUEs?\b(?:\s?(?:of|=|:|is|was|around|about|approximately|~|≈|values?|value of|as low as|below|under)){0,3}\s?"
    r"(?P<num>[1-3]\.\d+|[1-3])(?:\s?(?:--|–|-|to)\s?(?P<high>[1-3]\.\d+))?(?![\d.]*\s?(?:%|x|×))"
    r"|(?<![\w.])(?P<num2>[1-3]\.\d+)\s?PUE\b")
_SUBJECT = re.compile(r"\b(?:[A-Z][A-Za-z]*[-–]?\d[\w.-]*|[A-Z][a-z]+[A-Z][\w-]*|[A-Z]{2,}[\w-]*)")
_NOT_SUBJECT = {
    "GPU", "GPUs", "TPU", "TPUs", "CPU", "CPUs", "CO2", "CO2e", "CO2eq", "PUE", "AI", "ML", "NLP", "LLM", "LLMs",
    "US", "USA", "UK", "EU", "USD", "EUR", "MWh", "kWh", "GWh", "TWh", "Wh", "GHG", "ICT", "HPC", "IEA", "WUE",
    "NAS", "FLOPs", "FLOP", "TCO", "ID", "IT", "API", "HW", "SW", "CI", "DNN", "DNNs", "EDP", "PDP", "SLO", "SLOs",
}
_CONSUMPTION = {"energy", "emissions", "water", "cost", "compute_time", "power"}


@dataclass
class Document:
    """What the whole text says that a single sentence may lean on: devices named, phase, resources."""

    text: str
    sentences: list[tuple[int, int]]
    phase: str | None = None
    device_from: int | None = None
    """Offset of the first device named in the text (GPU, TPU, ...), or None."""
    resource_at: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def read(cls, text: str, sentences: list[tuple[int, int]]) -> "Document":
        doc = cls(text, sentences)
        device = cues.words("devices", "words").search(text)
        doc.device_from = device.start() if device else None
        counts = {name: len(p.findall(text)) for name, p in cues.labelled("phases")}
        for name, p in cues.labelled("phase_priors"):
            counts[name] += len(p.findall(text))
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if ranked[0][1] >= 1 and ranked[0][1] >= 2 * ranked[1][1]:
            doc.phase = ranked[0][0]
        return doc

    def previous_resource(self, s: int) -> str | None:
        """The last resource named in the sentence before the one starting at ``s``."""
        prev = [(a, b) for a, b in self.sentences if b <= s]
        if not prev:
            return None
        a, b = prev[-1]
        found = None
        for m in cues.one_of("resources").finditer(self.text, a, b):
            found = m.lastgroup
        return found


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


def decide_sentence(doc: Document, s: int, e: int, quantities: list[Quantity]) -> list[Decision]:
    """The claims among a sentence's quantities (``text[s:e]`` of the plain view)."""
    text = doc.text
    out: list[Decision] = []
    groups = _groups(text, quantities)
    for q in quantities:
        d = _decide(doc, s, e, q, groups.get(id(q)))
        if d is None and out and out[-1].metric == "relative_change" and q.kind in ("percent", "factor"):
            d = _coordinated(text, out[-1], q)
        if d is not None:
            out.append(d)
    out += _pue(text, s, e, quantities)
    for d in out:
        start = d.q.start if d.start is None else d.start
        d.qualifier = d.qualifier or _qualifier(text, s, start, d.q, groups.get(id(d.q)))
        d.phase = d.phase or _phase(doc, s, e, start)
        d.subject = _subject(text[s:e], start - s)
    return sorted(out, key=lambda d: (d.q.start if d.start is None else d.start))


def _decide(doc: Document, s: int, e: int, q: Quantity, group: list[Quantity] | None) -> Decision | None:
    kind = q.kind
    text = doc.text
    if kind in ("percent", "factor"):
        return _relative(doc, s, e, q, group)
    if kind == "energy":
        return _absolute(q, "energy")
    if kind == "power":
        if _is_setting(text, s, e, q):
            return None
        return _absolute(q, "power")
    if kind == "co2_mass":
        return _absolute(q, "emissions")
    if kind == "carbon_intensity":
        return _absolute(q, "carbon_intensity")
    if kind == "mass":
        if cues.words("resources", "emissions").search(text, s, e):
            return _absolute(q, "emissions")
        return None
    if kind == "volume":
        water = cues.words("resources", "water")
        if water.search(text, s, e) or water.search(text, *_previous_span(doc, s)):
            return _absolute(q, "water")
        return None
    if kind == "money":
        if _MONEY_NOT_COST.match(text, q.end):
            return None
        return _absolute(q, "cost")
    if kind == "device_time":
        d = _absolute(q, "compute_time")
        d.canonical = _clean(q.value * q.scale * _HOURS[q.unit.pint])
        d.canonical_high = _clean(q.high * q.scale * _HOURS[q.unit.pint]) if q.high is not None else None
        d.canonical_unit = "accelerator-hours"
        return d
    if kind == "duration":
        return _duration(doc, s, e, q)
    return None


def _previous_span(doc: Document, s: int) -> tuple[int, int]:
    prev = [(a, b) for a, b in doc.sentences if b <= s]
    return prev[-1] if prev else (s, s)


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
    return None if x is None else float(f"{x:.12g}")


def _is_setting(text: str, s: int, e: int, q: Quantity) -> bool:
    """A rating or setting rather than a measured draw: 'a 700 W GPU', 'capped at 250 W', 'TDP of 400 W'."""
    before = text[max(s, q.start - 25):q.start]
    if cues.words("settings", "before").search(before) and re.search(
            r"(?:TDP|rated|nameplate|cap|capped|capping|limit|limited|budget|set to)\w*(?:\s(?:of|at|to))?\s*$", before, re.I):
        return True
    after = text[q.end:q.end + 24]
    m = re.match(r"^\s?(?:\w+\s)?(?P<w>\S+)", after)
    return bool(m and cues.words("settings", "after_devices").fullmatch(m.group("w").strip(".,;)")) and
                not re.match(r"^\s?(?:on|of|per|for|in|when|while|at|during|to)\b", after))


def _duration(doc: Document, s: int, e: int, q: Quantity) -> Decision | None:
    """A duration is accelerator time when a device did the work in it (guideline section 5)."""
    text = doc.text
    pint = q.unit.pint
    if pint in ("millisecond", "month", "year") or q.per or q.change_end:
        return None
    before = text[max(s, q.start - 40):q.start]
    after = text[q.end:min(e, q.end + 30)]
    if _LATENCY.search(text, max(s, q.start - 40), min(e, q.end + 25)) or _PERIOD.search(before[-20:]) or \
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
    for m in _NODE.finditer(text, s, e):
        n = _COUNT_WORDS.get(m.group("n").lower(), None) or float(m.group("n").replace(",", ""))
        best = _nearer(best, (float(n) * float(m.group("size")), m.start(), m.end()), q)
    for m in _COUNT.finditer(text, s, e):
        if best and best[1] <= m.start() < best[2]:
            continue
        raw = m.group("n").lower()
        if raw == "a" and not m.group("dev").lower().startswith(("gpu", "tpu", "cpu", "a100", "v100", "h100")):
            continue
        n = _COUNT_WORDS.get(raw) or float(m.group("n").replace(",", ""))
        best = _nearer(best, (float(n), m.start(), m.end()), q)
    return best


def _nearer(best, cand, q: Quantity):
    dist = lambda c: q.start - c[2] if c[2] <= q.start else c[1] - q.end
    return cand if best is None or dist(cand) < dist(best) else best


_COORDINATED = re.compile(r"\s?,?\s?and\s[^,;.]{0,50}?\bby\s(?:up\sto\s|about\s|over\s|nearly\s)?")


def _coordinated(text: str, previous: Decision, q: Quantity) -> Decision | None:
    """'beating A by 24x and B by 16x': the second change is of what the first one was."""
    if not _COORDINATED.fullmatch(text, previous.q.end, q.start):
        return None
    canonical = _clean(q.value) if q.kind == "percent" else None
    high = _clean(q.high) if q.kind == "percent" else None
    return Decision(q, "relative_change", canonical, high, "%" if canonical is not None else None,
                    resource=previous.resource, direction=previous.direction)


def _pue(text: str, s: int, e: int, quantities: list[Quantity]) -> list[Decision]:
    """'PUE of 1.1', 'PUE values of 1.1-1.2', '1.12 PUE'."""
    out = []
    for m in _PUE.finditer(text, s, e):
        num = m.group("num") or m.group("num2")
        start = m.start("num") if m.group("num") else m.start("num2")
        end = m.end("high") if m.group("high") else m.end("num") if m.group("num") else m.end()
        value, high = float(num), float(m.group("high")) if m.group("high") else None
        q = Quantity(start, end, value, high, Unit("pue", ""), "PUE")
        out.append(Decision(q, "pue", value, high, None))
    return out


def _groups(text: str, quantities: list[Quantity]) -> dict[int, list[Quantity]]:
    """Percentages or factors listed together ('up to 7x, 2.5x, and 53x lower energy'): id → the group."""
    groups: dict[int, list[Quantity]] = {}
    current: list[Quantity] = []
    for q in quantities:
        if q.kind not in ("percent", "factor"):
            current = []
            continue
        if current and _GROUP_GAP.fullmatch(text, current[-1].end, q.start):
            current.append(q)
        else:
            current = [q]
        for member in current:
            groups[id(member)] = current
    return {k: v for k, v in groups.items() if len(v) > 1}


def _after(text: str, end: int, e: int, limit: int = 70) -> str:
    """The words after a quantity up to the end of its phrase."""
    window = text[end:min(e, end + limit)]
    m = _CLAUSE_END.search(window, 1 if window[:1] in ",;:)" else 0)
    return window[:m.start()] if m else window


def _before(text: str, s: int, start: int, limit: int = 90) -> str:
    """The words before a quantity back to the start of its clause; asides in brackets are skipped,
    and a quantity inside brackets reads the words before the bracket ('energy (up to 20%)')."""
    window = _drop_asides(text[max(s, start - limit):start])
    cut = 0
    for m in _CLAUSE_START.finditer(window):
        cut = m.end()
    if window[cut - 1:cut] == "(":
        head = window[:cut - 1].rstrip()
        return head[-30:] + " ("
    return window[cut:]


_ASIDE = re.compile(r"\([^()]{0,60}\)")


def _drop_asides(window: str) -> str:
    """Blank out balanced '(...)' asides, keeping offsets ('the Power-Delay Product (PDP) by')."""
    return _ASIDE.sub(lambda m: " " * len(m.group(0)), window)


def _first_cue(window: str) -> tuple[str, int] | None:
    """The first cue in ``window``: a resource name, or 'other' for a quantity of something else."""
    hits = []
    r = cues.one_of("resources").search(window)
    if r:
        hits.append((r.start(), r.lastgroup, r))
    n = cues.words("not_resources", "words").search(window)
    if n:
        hits.append((n.start(), "other", n))
    if not hits:
        return None
    hits.sort(key=lambda h: (h[0], h[1] == "other"))
    pos, label, m = hits[0]
    if label == "efficiency" and m.group(0).lower() == "efficiency":
        return None  # bare 'efficiency' says nothing of energy or cost on its own
    if label == "energy" and m.group(0).lower() == "power consumption":
        label = "power"
    return label, pos


def _last_cue(window: str) -> tuple[str, int] | None:
    """The cue nearest the end of ``window`` (the words right before a quantity)."""
    hits = [(m.end(), m.lastgroup, m.group(0)) for m in cues.one_of("resources").finditer(window)]
    hits += [(m.end(), "other", m.group(0)) for m in cues.words("not_resources", "words").finditer(window)]
    hits = [h for h in hits if not (h[1] == "efficiency" and h[2].lower() == "efficiency")]
    if not hits:
        return None
    hits.sort(key=lambda h: (h[0], len(h[2])))
    end, label, word = hits[-1]
    if label == "energy" and word.lower() == "power consumption":
        label = "power"
    return label, end


def _cues_in_order(window: str) -> list[str]:
    """Every cue of a coordinated list in a window, in order ('power consumption and GOPs/J')."""
    hits = [(m.start(), m.end(), m.lastgroup) for m in cues.one_of("resources").finditer(window)]
    hits += [(m.start(), m.end(), "other") for m in cues.words("not_resources", "words").finditer(window)]
    hits.sort()
    out, last_end = [], -1
    for a, b, label in hits:
        if a >= last_end:
            out.append(label)
            last_end = b
    return out


def _relative(doc: Document, s: int, e: int, q: Quantity, group: list[Quantity] | None) -> Decision | None:
    """A percentage or factor: a relative change, a share of a whole, or neither."""
    text = doc.text
    after = _after(text, q.end, e)
    before = _before(text, s, q.start)
    share = _share(doc, s, e, q, before, after)
    if share is not None:
        return share if share.metric else None
    resource = _resource(doc, s, e, q, group, before, after)
    if resource is None or resource == "other":
        return None
    if _is_equivalence_or_error(text, s, e, q, after, before):
        return None
    direction, canonical, high = _direction(doc, s, e, q, group, before, after, resource)
    unit = "%" if q.kind == "percent" else "x"
    return Decision(q, "relative_change", canonical, high, "%" if canonical is not None else None,
                    resource=resource, direction=direction, per=_per_after(after))


def _resource(doc: Document, s: int, e: int, q: Quantity, group: list[Quantity] | None,
              before: str, after: str) -> str | None:
    """What a percentage or factor is about: the cue after it, the cue before it in its clause, its list's,
    or (for an explicit saving with nothing else named) the sentence's or the previous sentence's resource."""
    text = doc.text
    if group is not None:
        mapped = _respectively(text, s, e, q, group)
        if mapped is not None:
            return mapped
    found = _first_cue(after)
    if found is not None:
        return found[0]
    found = _last_cue(before)
    if found is not None and (_BY.search(before) or len(before) - found[1] <= 30 or before.endswith(" (")):
        return found[0]
    if group is not None:
        last, first = group[-1], group[0]
        if q is not last:
            found = _first_cue(_after(text, last.end, e))
            if found is not None:
                return found[0]
        if q is not first:
            found = _last_cue(_before(text, s, first.start))
            if found is not None:
                return found[0]
    if found is not None:
        return found[0]
    if _WEAK_CHANGE.match(after) or not _explicit_change(after, before, q):
        return None
    cue = _last_cue(_drop_asides(text[s:q.start])) or _first_cue(text[q.end:e])
    if cue is not None:
        return cue[0]
    return doc.previous_resource(s)


def _explicit_change(after: str, before: str, q: Quantity) -> bool:
    """The quantity is stated as a change ('a 90% reduction', 'cuts ... by 40%', 'halved')."""
    if q.implied_direction:
        return True
    change = cues.labelled("change")
    words = [p for name, p in change if name in ("reduction", "increase")]
    verbs = [p for name, p in change if name != "spread"]
    return any(p.match(after.lstrip()) for p in words) or bool(_BY.search(before)) and any(p.search(before) for p in verbs)


def _respectively(text: str, s: int, e: int, q: Quantity, group: list[Quantity]) -> str | None:
    """'improves power consumption and GOPs/J by 34% and 28%, respectively': the i-th cue for the i-th number."""
    tail = text[group[-1].end:min(e, group[-1].end + 40)]
    head = _drop_asides(re.split(r"[;:]", text[max(s, group[0].start - 120):group[0].start])[-1])
    slash = all(text[a.end:b.start].strip() == "/" for a, b in zip(group, group[1:]))
    if not (re.search(r"\brespectively\b", tail) or slash or re.search(r"\brespectively\b", head)):
        return None
    window = re.sub(r",?\s*respectively,?", " ", head)
    if slash:
        m = re.search(r"(\S+(?:/\S+)+)\s+(?:by\s+)?$", window)
        labels = [(_first_cue(part) or ("other", 0))[0] for part in m.group(1).split("/")] if m else []
    else:
        labels = _cues_in_order(window)
    if len(labels) < len(group):
        return None
    return labels[len(labels) - len(group) + group.index(q)]


_FRACTION_OF_BASELINE = re.compile(r"\b(?:only|merely|just|mere|as little as)\s+(?:about\s+|~|around\s+)?$", re.IGNORECASE)


def _share(doc: Document, s: int, e: int, q: Quantity, before: str, after: str) -> Decision | None:
    """A percentage of a whole: a share, or not a claim; None when ``_relative`` should read it.

    'saves 30% of the energy' is a saving and 'needs only 10.8% of the baseline's GPU time' a
    fraction of a baseline (both relative changes); '4% of US electricity', '30-40% of the energy',
    'accounts for 56%', 'contributing 96% to climate change' are shares (guideline sections 4, 7).
    A Decision with an empty metric is a share of something that is not a resource.
    """
    text = doc.text
    if q.kind == "factor" and q.word != "half":
        return None
    near_before = text[max(s, q.start - 45):q.start]
    saving = _ends_with_verb(near_before, "saving")
    consuming = _ends_with_verb(near_before, "consuming")
    share_verb = cues.words("share", "verbs")
    of = _OF.match(text, q.end)
    if of is not None:
        whole = text[of.end():min(e, of.end() + 60)]
        whole_phrase = re.split(r"[,;()]|\b(?:and|while|with|than|compared|by|when|for|in\s20)\b", whole, maxsplit=1)[0]
        if saving and not consuming:
            return None
        is_whole = cues.words("share", "whole").search(whole_phrase) or share_verb.search(near_before)
        if consuming and not is_whole:
            return None
        cue = _first_cue(whole_phrase)
        if cue is None:
            cue = _last_cue(near_before) if share_verb.search(text[s:e]) else None
        if cue is None or cue[0] == "other":
            return Decision(q, "", None, None, None)
        return _share_decision(q, cue[0])
    if q.kind == "factor":
        return None
    contributes = _CONTRIBUTE_TO.match(text, q.end) and re.search(r"contribut\w*\s*$", near_before, re.I)
    if _SHARE_AFTER.match(text, q.end) or contributes:
        cue = _first_cue(text[q.end:min(e, q.end + 60)]) or _last_cue(text[s:q.start])
        resource = cue[0] if cue else doc.previous_resource(s) or _sentence_resource(text, s, e)
        return _share_decision(q, resource) if resource and resource != "other" else Decision(q, "", None, None, None)
    in_brackets = before.endswith(" (")
    named_share = re.search(r"\b(?:share|portion|fraction|proportion)\b", near_before, re.I)
    if (in_brackets or named_share) and share_verb.search(text[s:e]) and not _BY.search(before):
        cue = _last_cue(before) if in_brackets else _first_cue(text[q.end:e]) or _last_cue(text[s:q.start])
        if cue and cue[0] != "other":
            return _share_decision(q, cue[0])
    return None


def _ends_with_verb(window: str, name: str) -> bool:
    """A verb of list ``name`` (share section) within three words before the end of ``window``."""
    return bool(re.search(r"(?:" + cues.words("share", name).pattern + r")(?:\s+\S+){0,3}\s*$", window, re.I))


def _sentence_resource(text: str, s: int, e: int) -> str | None:
    m = cues.one_of("resources").search(text, s, e)
    return m.lastgroup if m else None


def _share_decision(q: Quantity, resource: str) -> Decision:
    value = 50.0 if q.word == "half" else q.value
    d = Decision(q, "share", _clean(value), _clean(q.high), "%", resource=resource)
    if q.word == "half":
        q.value, q.unit_text = 50.0, "%"
    return d


def _is_equivalence_or_error(text: str, s: int, e: int, q: Quantity, after: str, before: str) -> bool:
    """A comparison with something familiar, or the error of someone else's estimate."""
    window = text[q.end:min(e, q.end + 40)]
    if cues.words("equivalences", "words").match(window.lstrip()):
        return True
    return bool(re.search(r"\b(?:off|error|errors|overestimat\w*|underestimat\w*|uncertaint\w*|discrepanc\w*)\b"
                          r"(?:\s+\S+){0,3}\s*$", before, re.I) and re.search(r"\b(?:estimat\w*|previous|prior|earlier)\b",
                                                                               text[s:e], re.I))


def _direction(doc: Document, s: int, e: int, q: Quantity, group: list[Quantity] | None, before: str, after: str,
               resource: str) -> tuple[str | None, float | None, float | None]:
    """(direction, canonical, canonical_high) of a relative change; percentages canonical as the size of the change."""
    text = doc.text
    percent = q.kind == "percent"
    value, high = q.value, q.high
    if q.value < 0:
        return "reduction", (-value if percent else None), (-high if percent and high is not None else None)
    near_before = text[max(s, q.start - 45):q.start]
    fraction = (percent or q.word == "half") and (
        (_OF.match(text, q.end) and _ends_with_verb(near_before, "consuming") and not _ends_with_verb(near_before, "saving"))
        or (_FRACTION_OF_BASELINE.search(near_before) and not _BY.search(near_before)))
    if fraction and q.word == "half":
        return "reduction", None, None
    if fraction:
        low, top = 100 - value, (100 - high if high is not None else None)
        if top is not None:
            low, top = top, low
        return "reduction", _clean(low), _clean(top)
    lower = bool(cues.words("lower_is_better", "words").search(before + " " + after))
    direction = q.implied_direction or _direction_word(after, resource, True, lower) or _direction_word(before, resource,
                                                                                                        False, lower)
    if direction is None and group is not None:
        head = _before(text, s, group[0].start)
        lower = lower or bool(cues.words("lower_is_better", "words").search(head))
        direction = _direction_word(_after(text, group[-1].end, e), resource, True, lower) or \
            _direction_word(head, resource, False, lower)
    if direction is None:
        spread = cues.words("change", "spread")
        if spread.search(text, s, e):
            direction = None
        else:
            direction = _direction_word(text[s:q.start], resource) or _direction_word(text[q.end:e], resource, first=True)
    elif cues.words("change", "spread").search(before + " " + after) and not _BY.search(before):
        direction = None
    canonical = (_clean(value), _clean(high)) if percent else (None, None)
    return direction, canonical[0], canonical[1]


def _direction_word(window: str, resource: str, first: bool = False, lower_is_better: bool = False) -> str | None:
    """reduction or increase from the change word nearest the quantity in ``window``; improving something
    consumed (or an efficiency figure where lower is better, such as EDP) is a reduction."""
    hits = []
    for name, pattern in cues.labelled("change"):
        if name == "spread":
            continue
        for m in pattern.finditer(window):
            hits.append((m.start(), m.end(), name, m.group(0).lower()))
    if not hits:
        return None
    hits.sort(key=lambda h: h[0] if first else -h[1])
    _, _, name, word = hits[0]
    if name == "positive":
        return "increase" if resource == "efficiency" and not lower_is_better else "reduction"
    if resource == "efficiency" and word in ("more", "higher", "greater"):
        return "increase"
    return name


def _per_after(after: str) -> str | None:
    m = re.search(r"\bper\s(?P<what>token|query|request|inference|image|sample|prompt|response|word|operation|op|"
                  r"bit|kWh|MWh)\b", after, re.I)
    return m.group("what") if m else None


def _qualifier(text: str, s: int, start: int, q: Quantity, group: list[Quantity] | None) -> str | None:
    """approx, up_to, at_least, more_than or less_than from the words right before the quantity (or its list)."""
    if "more_than" in q.flags:
        return "more_than"
    before = text[max(s, start - 26):start]
    found = _qualifier_in(before)
    if found is None and group is not None and q is not group[0]:
        found = _qualifier_in(text[max(s, group[0].start - 26):group[0].start])
    return found


def _qualifier_in(before: str) -> str | None:
    for name, pattern in cues.labelled("qualifiers"):
        for m in pattern.finditer(before):
            if not before[m.end():].strip(" ($~") or re.fullmatch(r"\s*(?:a|an|the|of|by|only|just|to|be)?\s*(?:a|an)?\s*",
                                                                  before[m.end():]):
                return name
    return None


def _phase(doc: Document, s: int, e: int, at: int) -> str | None:
    """The phase whose cue is nearest ``at`` in the sentence, else the text's dominant phase."""
    best = None
    for name, pattern in cues.labelled("phases"):
        for m in pattern.finditer(doc.text, s, e):
            dist = at - m.end() if m.end() <= at else m.start() - at
            if best is None or dist < best[1]:
                best = (name, dist)
    return best[0] if best else doc.phase


def _subject(sentence: str, at: int) -> str | None:
    """The nearest model- or system-like name (GPT-3, BLOOM, LLaMA-65B) in the sentence, before ``at`` first."""
    names = [m for m in _SUBJECT.finditer(sentence) if m.group(0).rstrip(".-") not in _NOT_SUBJECT]
    before = [m for m in names if m.end() <= at]
    if before:
        return before[-1].group(0).rstrip(".,-")
    after = [m for m in names if m.start() >= at]
    return after[0].group(0).rstrip(".,-") if after else None
