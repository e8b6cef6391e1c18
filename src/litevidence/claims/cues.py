"""Cue-word lists of the vocabulary (``vocabulary/cues.toml``) compiled into matchers, once.

Each list becomes one regular expression shaped as a trie (words sharing a beginning share its
branch), so that scanning a window costs one pass with little backtracking, however long the
lists grow.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..vocabulary import load

_END = "\0end"


def _atoms(word: str) -> list[str]:
    """An entry as regex atoms: characters, '[- ]' between parts, a word boundary or any ending at the end."""
    star = word.endswith("*")
    stem = word[:-1] if star else word
    atoms = [r"\b"] if stem[:1].isalnum() else []
    atoms += ["[- ]" if c in " -" else re.escape(c.lower()) for c in stem]
    atoms.append(r"[\w-]*" if star else r"\b" if stem[-1:].isalnum() else "")
    return atoms


def _trie(words: list[str]) -> str:
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


def compile_words(words: list[str]) -> re.Pattern:
    """A case-insensitive pattern matching any of ``words``."""
    return re.compile(_trie(words), re.IGNORECASE)


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
    """One matcher for every list of a section, each match's label in ``lastgroup`` (the first list wins)."""
    parts = [f"(?P<{name}>{_trie(ws)})" for name, ws in load("cues.toml")[section].items()]
    return re.compile("|".join(parts), re.IGNORECASE)
