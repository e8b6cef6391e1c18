"""Sentence spans with offsets into the original text (no text is changed)."""
from __future__ import annotations

import re

_ABBREVIATIONS = ("e.g", "i.e", "et al", "Fig", "Sec", "Eq", "approx", "vs", "cf", "No", "ca")
# The look-behinds come after the stop, so they are tried only where there is one.
_NOT_AFTER = "".join(rf"(?<!\b{re.escape(a)}[.!?])" for a in _ABBREVIATIONS)
_BOUNDARY = re.compile(rf"[.!?]{_NOT_AFTER}(?:[\"'”’)\]]*)(?=\s+[\"'“‘(\[]*[A-Z0-9$€£~≈])|\n\s*\n")


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
