"""Cue-word lists of the vocabulary (``vocabulary/cues.toml``) compiled into matchers, once.

Each list becomes one regular expression shaped as a trie (words sharing a beginning share its
branch), so that scanning a window costs one pass with little backtracking, however long the
lists grow.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..vocabulary import load

__all__ = ["CueMatcher", "compile_words", "fold", "labelled", "load", "one_of", "trie", "words"]

_END = "\0end"


def _atoms(word: str) -> list[str]:
    """An entry as regex atoms: characters, '[- ]' between parts, a word boundary or any ending at the end."""
    star = word.endswith("*")
    stem = word[:-1] if star else word
    atoms = [r"\b"] if stem[:1].isalnum() else []
    atoms += ["[- ]" if c in " -" else re.escape(fold(c)) for c in stem]
    atoms.append(r"[\w-]*" if star else r"\b" if stem[-1:].isalnum() else "")
    return atoms


def trie(words: list[str]) -> str:
    """A regex matching any of ``words``, longest alternative first at every branch."""
    root: dict = {}
    for w in words:
        node = root
        for atom in _atoms(w):
            node = node.setdefault(atom, {})
        node[_END] = {}
    return _emit(root)


def _emit(node: dict) -> str:
    branches = [atom + _emit(child) for atom, child in sorted(node.items(), key=_branch_order) if atom != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        body = f"(?:{body})?"
    return body


def _branch_order(item: tuple[str, dict]) -> tuple[int, str]:
    """Continuations before endings, so the longest entry wins ('energy efficiency' before 'energy')."""
    atom = item[0]
    return (1 if atom in (r"\b", r"[\w-]*", "", _END) else 0, atom)


def fold(text: str) -> str:
    """``text`` in lower case, character for character (offsets stay valid)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class _Shifted:
    """A match found in a slice, with offsets into the whole text."""

    __slots__ = ("_m", "_by")

    def __init__(self, m: re.Match, by: int) -> None:
        self._m, self._by = m, by

    def start(self, group: int | str = 0) -> int:
        return self._m.start(group) + self._by

    def end(self, group: int | str = 0) -> int:
        return self._m.end(group) + self._by

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self.start(group), self.end(group)

    def group(self, *groups):
        return self._m.group(*groups)

    @property
    def lastgroup(self) -> str | None:
        return self._m.lastgroup


class CueMatcher:
    """A cue pattern matched without regard to case: the text is folded to lower case first, which is
    much faster than a case-insensitive expression. Same methods as a compiled pattern."""

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern)

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def _slice(self, text: str, pos: int, endpos: int | None) -> tuple[str, int]:
        if pos == 0 and endpos is None:
            return fold(text), 0
        return fold(text[pos:endpos]), pos

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        window, by = self._slice(text, pos, endpos)
        m = self.regex.search(window)
        return m if m is None or by == 0 else _Shifted(m, by)

    def match(self, text: str, pos: int = 0, endpos: int | None = None):
        window, by = self._slice(text, pos, endpos)
        m = self.regex.match(window)
        return m if m is None or by == 0 else _Shifted(m, by)

    def fullmatch(self, text: str):
        return self.regex.fullmatch(fold(text))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        window, by = self._slice(text, pos, endpos)
        return (m if by == 0 else _Shifted(m, by) for m in self.regex.finditer(window))


def compile_words(words: list[str]) -> CueMatcher:
    """A pattern matching any of ``words``, whatever their case."""
    return CueMatcher(trie(words))


@lru_cache(maxsize=None)
def words(section: str, name: str) -> CueMatcher:
    """The matcher of list ``name`` in section ``section`` of cues.toml."""
    return compile_words(load("cues.toml")[section][name])


@lru_cache(maxsize=None)
def labelled(section: str) -> tuple[tuple[str, CueMatcher], ...]:
    """(label, matcher) for every list of a section, in file order (resources, phases, qualifiers, change)."""
    return tuple((name, compile_words(ws)) for name, ws in load("cues.toml")[section].items())


@lru_cache(maxsize=None)
def one_of(section: str) -> CueMatcher:
    """One matcher for every list of a section, each match's label in ``lastgroup`` (the first list wins)."""
    return CueMatcher("|".join(f"(?P<{name}>{trie(ws)})" for name, ws in load("cues.toml")[section].items()))
