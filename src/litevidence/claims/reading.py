"""What the words around a quantity say: the document and sentence it sits in, its phrase windows and cues.

A quantity's meaning is read from its phrase: the words after it up to the end of the phrase
('3x less energy than'), the words before it back to the start of its clause ('reduces the
energy by'), with asides in brackets skipped. A cue is a resource word (from ``cues.toml``'s
resources) or a word for something that is not a resource (speed, accuracy, memory), labelled
'other'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from bisect import bisect_right
from functools import cached_property, lru_cache

from . import cues
from .quantities import Quantity

CLAUSE_END = re.compile(
    r"[,;:()\[\]|]|\.\s|\b(?:and|but|while|whereas|with|without|than|compared|relative|versus|vs|against|over|at|"
    r"when|which|that|respectively|thereby|thus|leading|resulting|yielding|achieving|enabling|offering|using|on|"
    r"across|under|via|from|after|before|or|for|during|in\s+(?:the\s+)?(?:same|\d))\b", re.IGNORECASE)
CLAUSE_START = re.compile(r"[;:()\[\]|]|,\s|\.\s|\b(?:while|whereas|but|which|that|and|respectively|as well as)\b",
                          re.IGNORECASE)
SCOPE = 250
"""How far a rule reads along a sentence from a quantity: work per quantity stays bounded."""
_ASIDE = re.compile(r"\([^()]{0,60}\)")
_AND_MORE = re.compile(r"\s?(?:and|&|/|or)\s(?:the\s|its\s|their\s)?", re.IGNORECASE)


class Document:
    """The whole plain text and what sentences lean on: where a device is first named, the dominant phase.

    Both are read on first use: most texts have no claim that needs them.
    """

    def __init__(self, text: str, sentences: list[tuple[int, int]]) -> None:
        self.text = text
        self.sentences = sentences
        self._ends = [b for _, b in sentences]
        self._previous: dict[int, str | None] = {}

    @classmethod
    def read(cls, text: str, sentences: list[tuple[int, int]]) -> "Document":
        return cls(text, sentences)

    @cached_property
    def device_from(self) -> int | None:
        """Offset of the first device named in the text (GPU, TPU, ...), or None."""
        device = cues.words("devices", "words").search(self.text)
        return device.start() if device else None

    @cached_property
    def phase(self) -> str | None:
        """The phase the text's cue words lean to clearly (twice any other), or None."""
        counts = {name: 0 for name, _ in cues.labelled("phases")}
        for m in _phases_and_priors().finditer(self.text):
            counts[m.lastgroup.split("_")[0]] += 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        return ranked[0][0] if ranked[0][1] >= 1 and ranked[0][1] >= 2 * ranked[1][1] else None

    def previous_sentence(self, s: int) -> tuple[int, int]:
        """(start, end) of the sentence before the one starting at ``s`` (empty at the start)."""
        i = bisect_right(self._ends, s)
        return self.sentences[i - 1] if i else (s, s)

    def previous_resource(self, s: int) -> str | None:
        """The last resource named in the sentence before the one starting at ``s``."""
        if s not in self._previous:
            a, b = self.previous_sentence(s)
            found = None
            for m in cues.one_of("resources").finditer(self.text, a, b):
                found = m.lastgroup
            self._previous[s] = found
        return self._previous[s]


RESOURCE_OF_KIND = {"energy": "energy", "power": "power", "co2_mass": "emissions", "money": "cost", "volume": "water",
                    "device_time": "compute_time", "carbon_intensity": "emissions"}
"""The resource a quantity's unit measures, for the unit kinds that measure one."""


@lru_cache(maxsize=1)
def _phases_and_priors() -> cues.CueMatcher:
    """The phase cues and the phase priors of cues.toml in one pattern (groups 'training', 'inference_prior', ...)."""
    data = cues.load("cues.toml")
    parts = [f"(?P<{name}>{cues.trie(words)})" for name, words in data["phases"].items()]
    parts += [f"(?P<{name}_prior>{cues.trie(words)})" for name, words in data["phase_priors"].items()]
    return cues.CueMatcher("|".join(parts))


@dataclass
class Sentence:
    """One sentence ``doc.text[s:e]`` with its quantities and the lists they form."""

    doc: Document
    s: int
    e: int
    quantities: list[Quantity]
    groups: dict[int, list[Quantity]] = field(default_factory=dict)
    _has: dict[object, bool] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.doc.text

    def group(self, q: Quantity) -> list[Quantity] | None:
        return self.groups.get(id(q))

    @cached_property
    def in_reach(self) -> bool:
        """Does anything this sentence can lean on name a resource (a cue, a unit, the sentence before)?"""
        return bool(self.matches(cues.one_of("resources")) or any(q.kind in RESOURCE_OF_KIND for q in self.quantities)
                    or self.doc.previous_resource(self.s))

    def has(self, section: str, name: str) -> bool:
        """Does the sentence name a cue of list ``name`` of cues.toml's ``section``?"""
        return self.matches(cues.words(section, name))

    def matches(self, pattern: re.Pattern | cues.CueMatcher) -> bool:
        """Does ``pattern`` occur in the sentence? Read once per sentence, however many quantities ask."""
        if pattern not in self._has:
            self._has[pattern] = pattern.search(self.text, self.s, self.e) is not None
        return self._has[pattern]

    def left(self, start: int, limit: int = SCOPE) -> str:
        """The sentence's text before ``start``, at most ``limit`` characters of it."""
        return self.text[max(self.s, start - limit):start]

    def right(self, end: int, limit: int = SCOPE) -> str:
        """The sentence's text after ``end``, at most ``limit`` characters of it."""
        return self.text[end:min(self.e, end + limit)]

    def after(self, end: int, limit: int = 70) -> str:
        """The words after offset ``end`` up to the end of their phrase."""
        window = self.text[end:min(self.e, end + limit)]
        m = CLAUSE_END.search(window, 1 if window[:1] in ",;:)" else 0)
        return window[:m.start()] if m else window

    def before(self, start: int, limit: int = 90) -> str:
        """The words before offset ``start`` back to the start of their clause; inside brackets, the
        words before the bracket followed by ' (' ('energy (up to 20%)')."""
        window = drop_asides(self.text[max(self.s, start - limit):start])
        cut = 0
        for m in CLAUSE_START.finditer(window):
            cut = m.end()
        if window[cut - 1:cut] == "(":
            head = window[:cut - 1].rstrip()
            head = head[-45:].split(" ", 1)[-1] if len(head) > 45 else head
            return head + " ("
        return window[cut:]


def drop_asides(window: str) -> str:
    """Blank out balanced '(...)' asides, keeping offsets ('the Power-Delay Product (PDP) by')."""
    return _ASIDE.sub(lambda m: " " * len(m.group(0)), window)


def first_cue(window: str, following: str = "") -> str | None:
    """The first cue in ``window``: a resource name, or 'other' for something that is not a resource.

    A non-resource coordinated with a resource right after it ('7.3x better latency and cost',
    ``following`` being the text after the window) yields the resource.
    """
    hits = []
    r = cues.one_of("resources").search(window)
    if r and not _bare_efficiency(r):
        hits.append((r.start(), r.lastgroup, r))
    n = cues.words("not_resources", "words").search(window)
    if n:
        hits.append((n.start(), "other", n))
    if not hits:
        return None
    hits.sort(key=lambda h: (h[0], -len(h[2].group(0))))
    _, label, m = hits[0]
    if label == "other" and following is not None:
        rest = (window + following)[m.end():]
        more = _AND_MORE.match(rest)
        if more:
            nxt = cues.one_of("resources").match(rest, more.end())
            if nxt and not _bare_efficiency(nxt):
                return _label(nxt)
    return _label(m) if label != "other" else "other"


def last_cue(window: str) -> tuple[str, int] | None:
    """The cue nearest the end of ``window`` and where it ends (the longest one on a tie)."""
    hits = [(m.end(), m.start(), _label(m), m) for m in cues.one_of("resources").finditer(window)
            if not _bare_efficiency(m)]
    hits += [(m.end(), m.start(), "other", m) for m in cues.words("not_resources", "words").finditer(window)]
    if not hits:
        return None
    hits.sort(key=lambda h: (h[0], -h[1]))
    end, _, label, _ = hits[-1]
    return label, end


def cues_in_order(window: str) -> list[str]:
    """Every cue of a coordinated list in a window, in order ('power consumption and GOPs/J')."""
    hits = [(m.start(), m.end(), _label(m)) for m in cues.one_of("resources").finditer(window) if not _bare_efficiency(m)]
    hits += [(m.start(), m.end(), "other") for m in cues.words("not_resources", "words").finditer(window)]
    hits.sort(key=lambda h: (h[0], -h[1]))
    out, last_end = [], -1
    for a, b, label in hits:
        if a >= last_end:
            out.append(label)
            last_end = b
    return out


def sentence_resource(text: str, s: int, e: int) -> str | None:
    """The first resource named in ``text[s:e]``."""
    m = cues.one_of("resources").search(text, s, e)
    return _label(m) if m else None


def _label(m: re.Match) -> str:
    if m.lastgroup == "energy" and m.group(0).lower() == "power consumption":
        return "power"
    return m.lastgroup


def _bare_efficiency(m: re.Match) -> bool:
    """'efficiency' alone says nothing of energy or cost (guideline section 7)."""
    return m.lastgroup == "efficiency" and m.group(0).lower() == "efficiency"
