"""Write papers.bib safely: new entries appended or one entry replaced, the rest of the file byte for byte
as the researcher wrote it (field order, comments), after a backup, atomically."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import bibtexparser

from .._io import atomic_write_text

FIELD_ORDER = ("title", "author", "year", "journal", "booktitle", "howpublished", "institution", "publisher",
               "volume", "pages", "doi", "eprint", "archiveprefix", "url", "keywords", "abstract", "annote")
VERBATIM = {"doi", "url", "eprint", "archiveprefix"}
"""Fields written as given: identifiers, never LaTeX-escaped."""
_DISPLAY_NAMES = {"archiveprefix": "archivePrefix"}


def render_entry(key: str, fields: dict) -> str:
    """One BibTeX entry in a stable layout; text fields escaped for LaTeX, identifiers verbatim."""
    names = [f for f in FIELD_ORDER if fields.get(f)] + sorted(
        f for f in fields if f not in FIELD_ORDER and not f.startswith("_") and f != "ENTRYTYPE" and fields[f])
    lines = [f"@{fields.get('ENTRYTYPE', 'misc')}{{{key},"]
    for name in names:
        value = str(fields[name]).strip()
        value = value if name in VERBATIM or fields.get("_latex") else escape_latex(value)
        lines.append(f"  {_DISPLAY_NAMES.get(name, name)} = {{{value}}},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}\n"


def escape_latex(text: str) -> str:
    """Escape the characters BibTeX/LaTeX would misread (% & # _ $) and drop unbalanced braces."""
    text = re.sub(r"(?<!\\)([%&#_$])", r"\\\1", text)
    depth, out = 0, []
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    return "".join(out) + "}" * depth


def backup(path: Path) -> Path:
    """Copy ``path`` to ``path.bak`` (the previous backup is replaced) before it is changed."""
    target = Path(str(path) + ".bak")
    shutil.copy2(path, target)
    return target


def append_entries(path: Path, entries: list[str]) -> None:
    """Append rendered entries to the file, keeping every existing byte."""
    path = Path(path)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if path.exists():
        backup(path)
    separator = "" if not old or old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
    atomic_write_text(path, old + separator + "\n".join(entries))


def replace_entry(path: Path, key: str, entry: str) -> None:
    """Replace the entry ``key`` with ``entry``; everything else in the file stays as it was."""
    path = Path(path)
    old = path.read_text(encoding="utf-8")
    blocks = [e for e in bibtexparser.parse_string(old).entries if e.key == key]
    if not blocks:
        raise KeyError(f"{path}: no entry {key!r} to replace")
    raw = blocks[0].raw
    start = old.index(raw)
    backup(path)
    atomic_write_text(path, old[:start] + entry.rstrip("\n") + old[start + len(raw):])
