"""What the words around a quantity say: phase, direction, qualifier, subject, functional unit, resource."""
from __future__ import annotations

import re
from functools import lru_cache

_PHASES = {
    "training": r"\b(?:train(?:s|ed|ing)?|pre-?train(?:ed|ing)?|fine-?tun(?:e|ed|ing)|development)\b",
    "inference": r"\b(?:inference|inferences|quer(?:y|ies)|serv(?:e|es|ing)|requests?|prompts?|responses?|deploy(?:ed|ment)?|generat(?:e|es|ing|ion)|conversations?|chats?)\b",
    "lifecycle": r"\b(?:life[- ]?cycle|embodied|manufactur(?:e|ing)|cradle|end[- ]of[- ]life|whole life)\b",
}
_PHASE_RE = tuple((p, re.compile(r, re.IGNORECASE)) for p, r in _PHASES.items())

_REDUCTION = re.compile(r"\b(?:reduc(?:e|es|ed|ing|tion|tions)|cut(?:s|ting)?|sav(?:e|es|ed|ing|ings)|lower(?:s|ed|ing)?|less|fewer|decreas(?:e|es|ed|ing)|drop(?:s|ped)?|f[ae]ll(?:s|ing)?|declin(?:e|es|ed|ing)|halv(?:e|es|ed|ing)|shr[ai]nk(?:s|ing)?|smaller|shrink(?:s|ing)?|avoid(?:s|ed)?|only|merely|just|faster|more efficient)\b", re.IGNORECASE)
_INCREASE = re.compile(r"\b(?:increas(?:e|es|ed|ing)|grow(?:s|th|ing)?|grew|rais(?:e|es|ed|ing)|ris(?:e|es|ing)|rose|jump(?:s|ed)|climb(?:s|ed)|soar(?:s|ed)|more|higher|greater|larger|additional|extra|doubl(?:e|es|ed|ing)|slower)\b", re.IGNORECASE)
_DIRECTION_RE = (("reduction", _REDUCTION), ("increase", _INCREASE))

_RESOURCES = [
    ("efficiency", r"\b(?:efficien(?:cy|t)|performance per watt|perf/W|throughput per watt)\b"),
    ("emissions", r"\b(?:emissions?|emitted|carbon|CO2e?|CO₂e?|footprint|GHG|greenhouse)\b"),
    ("energy", r"\b(?:energy|electricity|consumption|kWh|MWh|joules?)\b"),
    ("water", r"\bwater\b"),
    ("cost", r"\b(?:costs?|price|prices|dollars?|expenses?|spend(?:ing)?|cheaper|TCO)\b"),
    ("power", r"\b(?:power|draws?|drew|drawn|wattage)\b"),
    ("compute_time", r"\b(?:time|hours|latency|runtime|speed-?up|faster|slower|throughput|GPU-hours)\b"),
]
_RESOURCE_RE = tuple((r, re.compile(p, re.IGNORECASE)) for r, p in _RESOURCES)

_QUALIFIERS = [
    ("up_to", r"(?:up to|as (?:much|many|high) as|at most|a maximum of|maximum of)\s*$"),
    ("at_least", r"(?:at least|a minimum of|no less than|≥|>=)\s*$"),
    ("more_than", r"(?:more than|over|above|exceeding|in excess of|upwards of|>)\s*$"),
    ("less_than", r"(?:less than|under|below|fewer than|<|<=|≤)\s*$"),
    ("approx", r"(?:about|approximately|approx\.?|around|roughly|nearly|almost|close to|circa|ca\.|some|an estimated|estimated|~|∼|≈|\\sim|\$\\sim\$|\$\\approx\$)\s*$"),
]
_QUALIFIER_RE = [(q, re.compile(p, re.IGNORECASE)) for q, p in _QUALIFIERS]

_PER = re.compile(
    r"\s?(?:/|per|for each|each|a|an)\s?(?:(?P<n>\d[\d,]*|one|a|a single)\s)?(?P<what>"
    r"quer(?:y|ies)|requests?|inferences?|tokens?|prompts?|responses?|images?|pages?|conversations?|"
    r"training runs?|runs?|users?|GPUs?|chips?|servers?|hours?|h|hr|days?|years?|yr|kWh|MWh|searches|search|"
    r"1,?000 (?:queries|inferences|tokens|prompts|requests)|(?:1M|million|thousand) tokens)\b",
    re.IGNORECASE,
)

_SUBJECT = re.compile(r"\b(?:[A-Z][A-Za-z]*[-–]?\d[\w.-]*|[A-Z][a-z]+[A-Z][\w-]*|[A-Z]{2,}[\w-]*)")
_NOT_SUBJECT = {
    "GPU", "GPUs", "TPU", "TPUs", "CPU", "CPUs", "CO2", "CO2e", "CO2eq", "PUE", "AI", "ML", "NLP", "LLM", "LLMs",
    "US", "USA", "UK", "EU", "USD", "EUR", "MWh", "kWh", "GWh", "TWh", "Wh", "GHG", "ICT", "HPC", "IEA", "WUE",
    "NAS", "FLOPs", "FLOP", "TCO", "ID", "IT", "API", "HW", "SW", "CI", "DNN", "DNNs",
}


def phase(sentence: str, at: int) -> str | None:
    """The phase whose cue word is nearest to offset ``at`` in the sentence."""
    return _nearest(sentence, at, _PHASE_RE)


def resource(sentence: str, at: int, end: int | None = None) -> str | None:
    """What a relative change is about: a resource word in its own clause right after it
    ('3x less energy'), else the nearest resource word in the sentence."""
    following = _nearest(_clause_after(sentence, end), 0, _RESOURCE_RE) if end is not None else None
    return following or _nearest(sentence, at, _RESOURCE_RE)


_OTHER_QUANTITY = re.compile(
    r"\b(?:accuracy|F1|BLEU|ROUGE|perplexity|score|sparsity|memory|smaller|larger|size|SLO|weights|parameters?|"
    r"errors?|utili[sz]ation|occupancy|carbon-free|renewable|clean|tokens|users|samples|cache|KV-cache|quality|precision|recall|"
    r"of (?:the )?(?:papers|studies|models|respondents|authors|datasets))\b", re.IGNORECASE)
_BEFORE_WORDS = re.compile(r"\b(?:errors?|utili[sz]ation|accuracy|uncertainty|deviation|memory|cache|footprint of the KV|perplexity|"
                           r"F1|BLEU|score|parameters|size|length)\b(?:(?:\s+\S+){0,2}\s+(?:by|of|to|was|is|were)|:|,)\s*$", re.IGNORECASE)


def about_something_else(text: str, start: int, end: int) -> bool:
    """A percentage or factor whose own clause names what it measures, and that is not a resource
    ('0.51% lower validation accuracy', '60% unstructured sparsity', 'errors of up to 40%',
    'peak memory decreased by 38%')."""
    return bool(_OTHER_QUANTITY.search(_clause_after(text, end)) or _BEFORE_WORDS.search(text[max(0, start - 40):start]))


def _clause_after(text: str, end: int) -> str:
    """The words after a quantity up to the next punctuation, 'and', 'or' or 'with' (at most 40 characters)."""
    return re.split(r"[,;.()]|\b(?:and|or|with|without|while|at (?:equal|the same|iso|no|comparable|similar))\b",
                    text[end:end + 40], maxsplit=1)[0]


def direction(sentence: str, at: int) -> str | None:
    """reduction or increase, from the nearest change word."""
    return _nearest(sentence, at, _DIRECTION_RE)


def qualifier(text: str, start: int) -> str | None:
    """approx, up_to, at_least, more_than or less_than from the words just before ``start``."""
    before = text[max(0, start - 24):start]
    for name, pattern in _QUALIFIER_RE:
        if pattern.search(before):
            return name
    return None


def functional_unit(text: str, end: int) -> tuple[str | None, int]:
    """The functional unit right after a quantity ('per query', '/token'), and where it ends."""
    m = _PER.match(text, end)
    if not m:
        return None, end
    what = m.group("what").lower()
    n = (m.group("n") or "").lower().replace(",", "")
    if what in ("h", "hr"):
        what = "hour"
    elif what == "yr":
        what = "year"
    if n and n not in ("one", "a", "a single", "1"):
        return f"{n} {what}", m.end()
    if re.match(r"(?:1,?000|1m|million|thousand) ", what):
        return what.replace(",", ""), m.end()
    return _singular(what), m.end()


def subject(sentence: str, at: int) -> str | None:
    """The nearest model- or system-like name (GPT-3, BLOOM, LLaMA-65B) in the sentence, before ``at`` first."""
    names = [m for m in _SUBJECT.finditer(sentence) if m.group(0).rstrip(".-") not in _NOT_SUBJECT]
    before = [m for m in names if m.end() <= at]
    if before:
        return before[-1].group(0).rstrip(".,-")
    after = [m for m in names if m.start() >= at]
    return after[0].group(0).rstrip(".,-") if after else None


def _singular(word: str) -> str:
    irregular = {"queries": "query", "searches": "search", "kwh": "kWh", "mwh": "MWh", "gpus": "GPU", "gpu": "GPU"}
    if word in irregular:
        return irregular[word]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _nearest_match(sentence: str, at: int, patterns: tuple) -> tuple[str, int] | None:
    """The name of the pattern matching nearest to ``at`` (the first listed on a tie), and the distance."""
    best = None
    for name, start, end in _cue_spans(sentence, patterns):
        distance = max(at - end if end <= at else start - at, 0)
        if best is None or distance < best[1]:
            best = (name, distance)
    return best


@lru_cache(maxsize=32)
def _cue_spans(sentence: str, patterns: tuple) -> tuple[tuple[str, int, int], ...]:
    """Every match of ``patterns`` in the sentence, in pattern order: computed once for all the sentence's quantities."""
    return tuple((name, m.start(), m.end()) for name, pattern in patterns for m in pattern.finditer(sentence))


def _nearest(sentence: str, at: int, patterns) -> str | None:
    found = _nearest_match(sentence, at, patterns)
    return found[0] if found else None
