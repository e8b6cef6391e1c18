"""Sentence spans with offsets into the original text (no text is changed)."""
from __future__ import annotations

import re

_ABBREVIATIONS = r"(?<!\be\.g)(?<!\bi\.e)(?<!\bet al)(?<!\bFig)(?<!\bSec)(?<!\bEq)(?<!\bapprox)(?<!\bvs)(?<!\bcf)(?<!\bNo)(?<!\bca)"
_BOUNDARY = re.compile(rf"{_ABBREVIATIONS}[.!?](?:[\"'”’)\]]*)(?=\s+[\"'“‘(\[]*[A-Z0-9$€£~≈])|\n\s*\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, leading and trailing space excluded."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
