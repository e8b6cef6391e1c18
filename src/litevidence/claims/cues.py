"""Cue-word lists of the vocabulary (``vocabulary/cues.toml``) compiled into matchers, once."""
from __future__ import annotations

import re
from functools import lru_cache

from ..vocabulary import load


def _entry(word: str) -> str:
    """One entry as a pattern: case-insensitive, a trailing * for any word ending, spaces or hyphens alike."""
    stem = word[:-1] if word.endswith("*") else word
    body = r"[- ]".join(re.escape(p) for p in re.split(r"[- ]", stem)) if stem.strip() else re.escape(stem)
    start = r"\b" if stem[:1].isalnum() else ""
    end = r"[\w-]*" if word.endswith("*") else (r"\b" if stem[-1:].isalnum() else "")
    return start + body + end


def compile_words(words: list[str]) -> re.Pattern:
    """A case-insensitive pattern matching any of ``words`` (longest first)."""
    return re.compile("|".join(_entry(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)


@lru_cache(maxsize=None)
def words(section: str, name: str) -> re.Pattern:
    """The matcher of list ``name`` in section ``section`` of cues.toml."""
    return compile_words(load("cues.toml")[section][name])


@lru_cache(maxsize=None)
def labelled(section: str) -> tuple[tuple[str, re.Pattern], ...]:
    """(label, matcher) for every list of a section, in file order (resources, phases, qualifiers, change)."""
    return tuple((name, compile_words(ws)) for name, ws in load("cues.toml")[section].items())


@lru_cache(maxsize=None)
def one_of(section: str) -> re.Pattern:
    """One matcher for every list of a section, each match's label in ``lastgroup``."""
    parts = [f"(?P<{name}>{'|'.join(_entry(w) for w in sorted(ws, key=len, reverse=True))})"
             for name, ws in load("cues.toml")[section].items()]
    return re.compile("|".join(parts), re.IGNORECASE)
