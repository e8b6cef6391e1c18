"""Readers of bibliography files, chosen by file suffix."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..registry import Registry
from .bibtex import read_bibtex
from .problems import Problem

Reader = Callable[[Path], tuple[list[dict], list[Problem]]]

READERS: Registry[Reader] = Registry("bibliography reader")
READERS.register(".bib")(read_bibtex)


def reader_for(path: Path) -> Reader:
    """The reader for ``path``'s suffix; an unknown suffix names the supported ones."""
    return READERS.get(Path(path).suffix.lower())
