"""Percentages and factors: a relative change of a resource, a share of a whole, or neither.

Guideline sections 3, 4 and 7. What a percentage or factor is about comes from its phrase: the
cue right after it ('3x less energy'), else the cue before it in its clause ('reduces the energy
by 40%'), else its list's ('up to 7x, 2.5x and 53x lower energy'), else, for a number stated as a
change with nothing else named, the resource of its sentence or the sentence before. A cue for
something else (speed, accuracy, memory) makes it no claim.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from . import cues
from .quantities import Quantity
from .reading import RESOURCE_OF_KIND, Sentence, cues_in_order, drop_asides, first_cue, last_cue, sentence_resource

_OF = re.compile(r"\s?\)?\s?of\s", re.IGNORECASE)
_SHARE_AFTER = re.compile(r"\s?\)?\s?(?:(?:is|are|was|were)\s)?(?:comes?\sfrom|came\sfrom|derived\sfrom|derives\sfrom|"
                          r"goes\sto|went\sto|is\sspent|are\sspent|spent\son|due\sto|attribut\w*\sto|of\s(?:it|this|that)\b)",
                          re.IGNORECASE)
_SHARED_AFTER = re.compile(r"^[^,;.]{0,60}?\b(?:comes?\sfrom|came\sfrom|goes\sto|went\sto|is\sspent|are\sspent|"
                           r"is\sdue\sto|are\sdue\sto|is\sattribut\w*|are\sattribut\w*|is\sused\sby|occurs?\sin)\b",
                           re.IGNORECASE)
"""A share verb after the whole: 'one-fifth of the water footprint comes from stressed watersheds'."""
_SHARE_BEFORE = re.compile(r"(?:\bof\s+which\s+(?:\w+\s+){0,3}|\b(?:account\w*|made?\s+up|makes\s+up|constitut\w*|"
                           r"represent\w*|contribut\w*|compris\w*)\s+(?:for\s+)?(?:about\s+|around\s+|roughly\s+|nearly\s+|"
                           r"some\s+|over\s+|almost\s+|only\s+|just\s+)?)$", re.IGNORECASE)
"""Words right before a share: 'of which 74%', 'the GPUs accounted for 71%', 'contribute about 45%'."""
_CONTRIBUTE_TO = re.compile(r"\s?to\s", re.IGNORECASE)
_BASELINE = re.compile(r"\b(?:baseline|original|teacher|dense|full|previous|prior|standard|conventional|vanilla|"
                       r"unpruned|uncompressed|reference|default|existing|counterpart|that|those)\b"
                       r"|\b(?:[A-Z][\w.-]*|[^\W\d]*+\d\w*+)['’]s\b")
"""A baseline a fraction is of: 'the dense model', 'that of', 'GPT-4's' (a named system, not 'the hardware's')."""
_BY = re.compile(r"\bby\s+(?:(?:up\s+to|about|approximately|around|nearly|almost|over|more\s+than|less\s+than|at\s+least|"
                 r"at\s+most|roughly|only|just|merely|some|an?\s+average\s+of|on\s+average|as\s+much\s+as|"
                 r"a\s+factor\s+of|[<>≥≤~≈])\s*)*$", re.IGNORECASE)
_REDUCE_TO = re.compile(r"\b(?:reduc\w*|cut\w*|lower\w*|decreas\w*|bring\w*|brought|shr[ai]nk\w*|compress\w*|"
                        r"drop\w*|trim\w*)\b[^,;.]{0,70}(?<!\bup\s)\bto\s+(?:only\s+|just\s+|about\s+|around\s+|~\s?)?$", re.IGNORECASE)
_ONLY = re.compile(r"\b(?:only|merely|just|mere|as little as)\s+(?:about\s+|~\s?|around\s+)?$", re.IGNORECASE)
_CHANGE_NOUN_OF = re.compile(r"\b(?:an?\s)?(?:saving|savings|reduction|reductions|decrease|cut|drop|decline|increase|"
                             r"rise|growth|improvement|gain)\s(?:of|by)\s+(?:(?:up\sto|about|around|nearly|over|some)\s+)?$",
                             re.IGNORECASE)
_UP_DOWN = re.compile(r"\b(?:up|down)\s+(?:by\s+)?(?:(?:about|around|nearly|some|over|almost)\s+)?$", re.IGNORECASE)
_ABOVE_BELOW = re.compile(r"\s?(?:above|below|up|down|higher|lower)\s(?:than\s|on\s|from\s|the\s|its\s|their\s|"
                          r"a\s|an\s|last|previous|year)", re.IGNORECASE)
_CHANGE_VERB_END = re.compile(r"\b(?:increas\w*|decreas\w*|reduc\w*|ris\w*|rose|grew|grow\w*|fell|f[ae]ll\w*|drop\w*|"
                              r"cut\w*|lower\w*|rais\w*|gain\w*|sav\w*|improv\w*|shr[ai]nk\w*|add\w*)\s+"
                              r"(?:by\s+|to\s+)?(?:only|just|merely)\s+$", re.IGNORECASE)
_TIMES_AS = re.compile(r"\s?(?:times\s)?(?:as\s(?:much|many|high|large|long)|that\sof|those\sof|the\s(?:amount|energy|"
                       r"emissions|cost|water|power)\sof)\b", re.IGNORECASE)
"""After a factor: what it multiplies ('ten times as much', '3.9 times that of January')."""
_QUALIFIER_WORDS = re.compile(r"\b(?:less|more|fewer|greater|lower|higher)\s+than\b|\bup\s+to\b|\bat\s+(?:least|most)\b",
                              re.IGNORECASE)
_WEAK_CHANGE = re.compile(r"\s?(?:smaller|larger|bigger|faster|slower)\b", re.IGNORECASE)
_GROUP_GAP = re.compile(
    r"\s?(?:[\w-]+\s){0,3}?(?:,\s?and|,\s?or|,|and|or|/|&|to)\s?(?:(?:up to|about|approximately|around|nearly|almost|"
    r"over|roughly|more than|less than|~|≈|>|<|≥|≤|an?|by)\s?)?", re.IGNORECASE)
_COORDINATED = re.compile(
    r"\s?(?:[\w-]+\s){0,4}?,?\s?and\s[^,;.]{0,50}?\bby\s(?:up\sto\s|about\s|over\s|nearly\s)?"
    r"|[^;.]{0,90}?,?\s(?:and|with)\s(?:a\sfurther|an\sadditional|another)\s(?:\w+\sof\s)?", re.IGNORECASE)
_ERROR = re.compile(r"\b(?:off|error|errors|overestimat\w*|underestimat\w*|discrepanc\w*)\b(?:\s+\S+){0,3}\s*$", re.I)
_LIST_ITEM_GAP = re.compile(r"[^.;:]{0,45}")


@dataclass
class Relative:
    """How a percentage or factor reads: metric ('' for a share of something that is not a resource)."""

    metric: str
    resource: str | None
    direction: str | None = None
    canonical: float | None = None
    canonical_high: float | None = None


def read_relative(sent: Sentence, q: Quantity) -> Relative | None:
    """A relative change or share, or None when the percentage or factor is not a claim."""
    if not sent.in_reach:
        return None
    share = _share(sent, q)
    if share is not None:
        return share if share.metric else None
    if sent.matches(_populations()) and _OF.match(sent.text, q.end) is None:
        return None  # 'of the 120 papers we reviewed, 37% reported ...': shares of a population, not of a resource
    resource = _resource(sent, q)
    if resource is None or resource == "other" or _is_error_of_estimate(sent, q) or _is_tolerance(sent, q):
        return None
    return _change(sent, q, resource)


def coordinated(sent: Sentence, previous_q: Quantity, previous: Relative, q: Quantity) -> Relative | None:
    """'beating A by 24x and B by 16x': the second change is of what the first one was."""
    if not _COORDINATED.fullmatch(sent.text, previous_q.end, q.start):
        return None
    own = last_cue(sent.before(q.start)) or (first_cue(sent.after(q.end)), 0)
    if own[0] == "other":
        return None  # 'lowers energy by 32% and raises throughput by 1.7x': the second is of something else
    percent = q.kind == "percent"
    return Relative("relative_change", previous.resource, previous.direction,
                    _clean(q.value) if percent else None, _clean(q.high) if percent else None)


def groups(text: str, quantities: list[Quantity]) -> dict[int, list[Quantity]]:
    """Percentages or factors listed together ('up to 7x, 2.5x, and 53x lower energy'): id → the list."""
    found: dict[int, list[Quantity]] = {}
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
            found[id(member)] = current
    return {k: v for k, v in found.items() if len(v) > 1}


def _resource(sent: Sentence, q: Quantity) -> str | None:
    text, s, e = sent.text, sent.s, sent.e
    group = sent.group(q)
    mapped = _respectively(sent, q, group) if group is not None else None
    if mapped is not None:
        return mapped
    after = sent.after(q.end)
    if _counted_after().match(after):
        return "other"  # '30% more servers', '3x fewer GPUs': a count
    cue = first_cue(after, text[q.end + len(after):min(e, q.end + len(after) + 30)])
    if cue is None and (phrase := _of_phrase(sent, q)):
        cue = first_cue(phrase)
    if cue is None:
        cue = _measured_after(sent, q)
    if cue is not None:
        return cue
    before = sent.before(q.start)
    found = last_cue(before)
    if found is not None and (_BY.search(before) or len(before) - found[1] <= 30 or before.endswith(" (")):
        return found[0]
    if group is not None:
        last, first = group[-1], group[0]
        if q is not last:
            tail = sent.after(last.end)
            cue = first_cue(tail, text[last.end + len(tail):min(e, last.end + len(tail) + 30)])
            if cue is not None:
                return cue
        if q is not first:
            found_first = last_cue(sent.before(first.start))
            if found_first is not None:
                return found_first[0]
    if found is not None:
        return found[0]
    if _WEAK_CHANGE.match(after) or not _stated_as_change(after, before, q, sent):
        return None
    measured = _measured_before(sent, q)
    if measured is not None and q.start - measured[1] <= 40:
        return measured[0]  # 'drew 5.9 kW on average, 22% more than the smallest'
    cue_before = last_cue(drop_asides(sent.left(q.start)))
    if measured is not None and (cue_before is None or measured[1] > q.start - len(sent.left(q.start)) + cue_before[1]):
        return measured[0]
    if cue_before is not None:
        return cue_before[0]
    return sent.doc.previous_resource(s)


def _measured_after(sent: Sentence, q: Quantity) -> str | None:
    """The resource of a quantity right after ``q`` that it is compared with ('2.5 times the $250,000 spent')."""
    for x in sent.quantities:
        if x.start >= q.end and x.kind in RESOURCE_OF_KIND and re.fullmatch(
                r"\s(?:the|that\sof|than(?:\sthe)?|those\sof)\s", sent.text[q.end:x.start]):
            return RESOURCE_OF_KIND[x.kind]
        if x.start >= q.end:
            return None
    return None


def _measured_before(sent: Sentence, q: Quantity) -> tuple[str, int] | None:
    """The resource of the nearest quantity with a resource unit before ``q`` in its sentence ('drew 5.9 kW
    on average, 22% more than the smallest'), and where it ends."""
    for x in reversed(sent.quantities):
        if x.end <= q.start and x.kind in RESOURCE_OF_KIND:
            return RESOURCE_OF_KIND[x.kind], x.end
    return None


def _stated_as_change(after: str, before: str, q: Quantity, sent: Sentence) -> bool:
    """The quantity is stated as a change or spread ('a 90% reduction', 'cuts ... by 40%', 'halved',
    'reduce it to 66%', 'spans three orders of magnitude')."""
    near = sent.text[max(sent.s, q.start - 30):q.start]
    if q.implied_direction or _REDUCE_TO.search(before) or _CHANGE_NOUN_OF.search(near) or _UP_DOWN.search(near) \
            or _ABOVE_BELOW.match(sent.text, q.end) or q.kind == "factor" and _TIMES_AS.match(sent.text, q.end):
        return True
    if _near_end("change", "spread", 2).search(near) or _near_end("change", "reduction", 3).search(near) \
            or _near_end("change", "increase", 3).search(near) or _near_end("change", "positive", 2).search(near):
        return True  # 'the saving grows to 35%', 'saves a further 22%', 'gains only 8%', 'shrinks to 3x'
    if re.search(r"\b(?:reduction|reductions|saving|savings|decrease|increase|improvement|gain|cut)\b(?:[\s,]+\S+){0,3}"
                 r"[\s,]+(?:is|was|are|were|of|by|to|reaches|reached)?\s*$", near, re.I):
        return True  # a change named just before ('Reduction, best is 85%')
    change = cues.labelled("change")
    moves = [p for name, p in change if name in ("reduction", "increase")]
    verbs = [p for name, p in change if name != "spread"]
    earlier = sent.left(q.start)
    return any(p.match(after.lstrip()) for p in moves) or bool(_BY.search(before)) and any(p.search(earlier) for p in verbs)


def _respectively(sent: Sentence, q: Quantity, group: list[Quantity]) -> str | None:
    """The i-th item for the i-th number: 'improves power and GOPs/J by 34% and 28%, respectively',
    '77.6% and 53.5% compute and latency savings, respectively', 'latency/energy by 2x/1.3x', or the
    quantities listed before the numbers ('4.83 mW power and 0.57 mJ energy, reducing by 63.74% and 82.67%')."""
    text, s, e = sent.text, sent.s, sent.e
    tail = text[group[-1].end:min(e, group[-1].end + 70)]
    head = drop_asides(re.split(r"[;:]", text[max(s, group[0].start - 120):group[0].start])[-1])
    n = len(group)
    said_after = re.search(r"\brespectively\b", tail)
    labels: list[str | None] = []
    if all(text[a.end:b.start].strip() == "/" for a, b in zip(group, group[1:])):
        m = re.search(r"(\S+(?:/\S+)+)\s+(?:by\s+)?$", head)
        labels = [first_cue(part) or "other" for part in m.group(1).split("/")] if m else []
    elif said_after and _named_after(tail[:said_after.start()], n):
        labels = [first_cue(item) for item in _items(tail[:said_after.start()])]
    elif said_after or re.search(r"\brespectively\b", head):
        head = re.sub(r",?\s*respectively,?", " ", head)
        by = _BY.search(head)
        items = _items(head[:by.start()] if by else head)[-n:]
        labels = [(last_cue(item) or (None,))[0] for item in items]
    else:
        labels = _listed_quantities(sent, group)
    if len(labels) != n or any(label is None for label in labels):
        return None
    return labels[group.index(q)]


def _named_after(tail: str, n: int) -> bool:
    """The words after the numbers list what they measure, one cue each ('77.6% and 53.5% compute and
    latency savings'), rather than what they were compared with ('compared with A and B')."""
    items = _items(tail)
    return (len(items) == n and not _COMPARISON.match(tail)
            and all(first_cue(item) is not None for item in items))


_COMPARISON = re.compile(r"\s*(?:compared|relative|than|over|versus|vs|against|with|on|in|for|across|when|at)\b", re.I)


def _items(text: str) -> list[str]:
    """The parts of a coordinated list ('power consumption and GOPs/J', 'cost, latency and energy')."""
    parts = re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*", text)
    return [p.strip() for p in parts if p.strip()]


def _listed_quantities(sent: Sentence, group: list[Quantity]) -> list[str | None]:
    """What each of the quantities listed before the numbers measures, when the numbers change them
    ('... 4.83 mW power, and 0.57 mJ energy consumption, reducing by ..., 63.74%, and 82.67%')."""
    text = sent.text
    earlier = [x for x in sent.quantities if x.end <= group[0].start and x.kind not in ("percent", "factor")
               or x.end <= group[0].start and x.kind in ("percent", "factor") and x not in group]
    gap = text[earlier[-1].end:group[0].start] if earlier else ""
    if len(earlier) < len(group) or not _BY.search(gap) or len(gap) > 80:
        return []
    items = earlier[-len(group):]
    if not all(_LIST_ITEM_GAP.fullmatch(text, a.end, b.start) for a, b in zip(items, items[1:])):
        return []
    labels = []
    for x in items:
        if x.kind in ("energy", "power", "co2_mass", "money", "device_time", "carbon_intensity"):
            labels.append({"co2_mass": "emissions", "money": "cost", "device_time": "compute_time",
                           "carbon_intensity": "emissions"}.get(x.kind, x.kind))
        else:
            labels.append(first_cue(sent.after(x.end)) or "other")
    return labels


def _share(sent: Sentence, q: Quantity) -> Relative | None:
    """A percentage of a whole: a share (or not a claim); None when it reads as a relative change.

    'saves 30% of the energy' is a saving, 'needs only 10.8% of the baseline's GPU time' and
    'less than 50% of GPT-4's cost' fractions of a baseline (relative changes); '4% of US electricity',
    '30-40% of the energy', 'accounts for 56%', 'contributing 96% to climate change' are shares.
    """
    text, s, e = sent.text, sent.s, sent.e
    if q.kind == "factor" and q.word not in ("half", "fraction"):
        return None
    group = sent.group(q)
    first = group[0] if group else q
    near_before = text[max(s, first.start - 45):first.start]
    saving = _ends_with(near_before, "saving")
    consuming = _ends_with(near_before, "consuming")
    share_verb = cues.words("share", "verbs")
    phrase = _of_phrase(sent, q) or (_of_phrase(sent, group[-1]) if group else None)
    if phrase is not None:
        if saving and not consuming:
            return None
        is_whole = (cues.words("share", "whole").search(phrase) or share_verb.search(near_before)
                    or _SHARED_AFTER.search(sent.right(q.end, 100)))
        cue = first_cue(phrase)
        if cue is None and not (re.match(r"(?:that|those|it|them)\b", phrase, re.I) or _BASELINE.search(phrase)):
            return Relative("", None)  # 'only 13% of the training': a part of something that is not a resource
        if (consuming or _BASELINE.search(phrase) or _REDUCE_TO.search(near_before) or q.word) and not is_whole:
            return None  # a fraction of a baseline ('1/7th of the carbon', 'only 10.8% of its GPU time'): a change
        if cue is None and sent.has("share", "verbs"):
            found = last_cue(near_before)
            cue = found[0] if found else None
        return _as_share(q, cue)
    if q.kind == "factor":
        return None
    contributes = _CONTRIBUTE_TO.match(text, q.end) and re.search(r"contribut\w*\s*$", near_before, re.I)
    share_before = _SHARE_BEFORE.search(near_before)
    if _SHARE_AFTER.match(text, q.end) or contributes or share_before:
        cue = first_cue(text[q.end:min(e, q.end + 60)])
        if cue is None:
            found = last_cue(sent.left(q.start))
            cue = found[0] if found else sent.doc.previous_resource(s) or sentence_resource(text, s, e)
        return _as_share(q, cue)
    before = sent.before(q.start)
    in_brackets = before.endswith(" (")
    named = re.search(r"\b(?:share|portion|fraction|proportion)\b", near_before, re.I)
    if (in_brackets or named) and sent.has("share", "verbs") and not _BY.search(before):
        if in_brackets:
            found = last_cue(before)
            cue = found[0] if found else None
        else:
            cue = first_cue(sent.right(q.end))
            if cue is None:
                found = last_cue(sent.left(q.start))
                cue = found[0] if found else sent.doc.previous_resource(s)
        if cue and cue != "other":
            return _as_share(q, cue)
    return None


_PHRASE_END = re.compile(r"[,;()|]|\b(?:and|while|with|than|compared|by|when|for|in\s20\d\d|is|are|was|were|has|have|"
                         r"had|can|could|will|would|may|reduc\w*|increas\w*|lead\w*|result\w*|yield\w*|achiev\w*|"
                         r"sav\w*|cut\w*|improv\w*|lower\w*|compar\w*|consum\w*|uses|used|emit\w*|requir\w*|need\w*|took|takes|"
                         r"draw\w*|drew)\b", re.IGNORECASE)


def _of_phrase(sent: Sentence, q: Quantity) -> str | None:
    """The whole in 'X% of <whole>' (at most eight words, up to a verb or clause break), or None."""
    of = _OF.match(sent.text, q.end)
    if of is None:
        return None
    window = sent.text[of.end():min(sent.e, of.end() + 60)]
    m = _PHRASE_END.search(window)
    return " ".join((window[:m.start()] if m else window).split()[:8])


def _ends_with(window: str, name: str) -> bool:
    """A verb of list ``name`` of the share section within three words of the end of ``window``."""
    return bool(_near_end("share", name, 3).search(window))


@lru_cache(maxsize=1)
def _populations() -> cues.CueMatcher:
    """'of the 120 papers', 'among all respondents': a population the sentence's percentages are of."""
    return cues.CueMatcher(r"\b(?:of|among)\s+(?:the\s+|all\s+)?(?:\d[\d,]*\s+)?(?:\w+\s+)?(?:"
                           + cues.words("populations", "words").pattern + ")")


@lru_cache(maxsize=1)
def _counted_after() -> cues.CueMatcher:
    return cues.CueMatcher(r"\s?(?:(?:more|fewer|less|additional|extra)\s)?(?:" + cues.words("counted", "words").pattern + ")")


@lru_cache(maxsize=None)
def _near_end(section: str, name: str, words: int) -> cues.CueMatcher:
    """A cue of list ``name`` followed by at most ``words`` words to the end of a window."""
    return cues.CueMatcher(r"(?:" + cues.words(section, name).pattern + rf")(?:\s+\S+){{0,{words}}}\s*$")


def _as_share(q: Quantity, resource: str | None) -> Relative:
    """A share of ``resource``; 'half of the total' is 50 %. A whole that is not a resource: no claim."""
    if resource is None or resource == "other" or q.value in (0, 100) and q.high is None and not q.word:
        return Relative("", None)  # all or nothing of a whole is not a share of it
    if q.word in ("half", "fraction"):  # 'half of the total energy' is 50 %, 'one-fifth of ... comes from' 20 %
        q.value, q.high, q.unit_text = float(f"{100 / q.value:.12g}"), None, "%"
    return Relative("share", resource, None, _clean(q.value), _clean(q.high))


def _is_tolerance(sent: Sentence, q: Quantity) -> bool:
    """A bound kept while something else changes: 'while maintaining training time (within 1%)'
    (but 'while maintaining 5x less energy' states the change itself)."""
    return bool(cues.words("tolerance", "words").search(sent.before(q.start))) and first_cue(sent.after(q.end)) is None


def _is_error_of_estimate(sent: Sentence, q: Quantity) -> bool:
    """'earlier estimates were off by 10-100x': the error of someone else's estimate (guideline section 1)."""
    before = sent.text[max(sent.s, q.start - 40):q.start]
    return bool(_ERROR.search(before) and re.search(r"\b(?:estimat\w*|previous|prior|earlier)\b",
                                                      sent.text[sent.s:sent.e], re.I))


def _change(sent: Sentence, q: Quantity, resource: str) -> Relative:
    """Direction and canonical values of a relative change; percentages canonical as the size of the change."""
    text, s, e = sent.text, sent.s, sent.e
    percent = q.kind == "percent"
    value, high = q.value, q.high
    if value < 0:
        return Relative("relative_change", resource, "reduction", -value if percent else None,
                        -high if percent and high is not None else None)
    near_before = text[max(s, q.start - 80):q.start]
    fraction = (percent or q.word == "half") and (
        (_OF.match(text, q.end) and not _ends_with(near_before[-45:], "saving"))
        or _REDUCE_TO.search(near_before)
        or (_ONLY.search(near_before) and not _BY.search(near_before) and not _CHANGE_VERB_END.search(near_before)))
    if fraction:
        if q.word == "half":
            return Relative("relative_change", resource, "reduction")
        low, top = 100 - value, (100 - high if high is not None else None)
        if top is not None:
            low, top = top, low
        return Relative("relative_change", resource, "reduction", _clean(low), _clean(top))
    before, after = sent.before(q.start), sent.after(q.end)
    lower = bool(cues.words("lower_is_better", "words").search(before + " " + after))
    direction = q.implied_direction or _stated_way(sent, q) or _direction_word(after, resource, True, lower) or \
        _direction_word(before, resource, False, lower)
    if direction is None and q.kind == "factor" and _TIMES_AS.match(text, q.end) and value > 1:
        direction = "increase"
    group = sent.group(q)
    if direction is None and group is not None:
        head = sent.before(group[0].start)
        lower = lower or bool(cues.words("lower_is_better", "words").search(head))
        direction = _direction_word(sent.after(group[-1].end), resource, True, lower) or \
            _direction_word(head, resource, False, lower)
    spread = cues.words("change", "spread")
    if direction is None and not sent.has("change", "spread"):
        direction = _direction_word(sent.left(q.start), resource) or _direction_word(sent.right(q.end), resource, True)
    elif direction is not None and spread.search(before + " " + after) and not _BY.search(before) \
            and not q.implied_direction:
        direction = None
    return Relative("relative_change", resource, direction, _clean(value) if percent else None,
                    _clean(high) if percent else None)


def _stated_way(sent: Sentence, q: Quantity) -> str | None:
    """'up 20%', 'down 5%', '40% above', '12% below': the way stated right at the number."""
    up_down = _UP_DOWN.search(sent.text[max(sent.s, q.start - 30):q.start])
    if up_down:
        return "increase" if up_down.group(0).lower().startswith("up") else "reduction"
    m = _ABOVE_BELOW.match(sent.text, q.end)
    if m:
        word = m.group(0).split()[0].lower()
        return "increase" if word in ("above", "up", "higher") else "reduction"
    return None


def _direction_word(window: str, resource: str, first: bool = False, lower_is_better: bool = False) -> str | None:
    """reduction or increase from the change word nearest the quantity in ``window``; improving something
    consumed (or an efficiency figure where lower is better, such as EDP) is a reduction."""
    hits = []
    window = _QUALIFIER_WORDS.sub(lambda m: " " * len(m.group(0)), window)
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
    return name


def _clean(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(f"{x:.12g}")
