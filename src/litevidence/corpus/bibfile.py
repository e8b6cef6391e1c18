"""Write papers.bib safely: new entries appended or entries replaced, the rest of the file byte for byte
as the researcher wrote it (field order, comments), after a backup, atomically."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from .._io import atomic_write_text
from .bibtex import parse_library

FIELD_ORDER = ("title", "author", "year", "journal", "booktitle", "howpublished", "institution", "publisher",
               "volume", "pages", "doi", "eprint", "archiveprefix", "url", "keywords", "abstract", "annote")
VERBATIM = {"doi", "url", "eprint", "archiveprefix"}
"""Fields written as given: identifiers, never LaTeX-escaped."""
_DISPLAY_NAMES = {"archiveprefix": "archivePrefix"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters (NUL and the like) that PDFs and JSON carry but a .bib file must not."""


def render_entry(key: str, fields: dict) -> str:
    """One BibTeX entry in a stable layout; text fields escaped for LaTeX, identifiers verbatim."""
    names = [f for f in FIELD_ORDER if fields.get(f)] + sorted(
        f for f in fields if f not in FIELD_ORDER and not f.startswith("_") and f != "ENTRYTYPE" and fields[f])
    lines = [f"@{fields.get('ENTRYTYPE', 'misc')}{{{key},"]
    for name in names:
        value = _CONTROL.sub("", str(fields[name])).strip()
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


def update_entries(path: Path, replacements: dict[str, str], new_entries: list[str]) -> None:
    """Replace the entries named in ``replacements`` (key → rendered entry) and append ``new_entries``.

    Everything else in the file stays byte for byte as it was; the file is read and parsed once,
    backed up, and written atomically, however many entries change.
    """
    path = Path(path)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    text = old
    if replacements:
        blocks = {e.key: e.raw for e in parse_library(old, str(path))[0].entries if e.key in replacements}
        missing = sorted(set(replacements) - set(blocks))
        if missing:
            raise KeyError(f"{path}: no entry {missing[0]!r} to replace")
        pieces, at = [], 0
        for start, raw, key in sorted((old.index(raw), raw, key) for key, raw in blocks.items()):
            pieces += [old[at:start], replacements[key].rstrip("\n")]
            at = start + len(raw)
        text = "".join(pieces) + old[at:]
    if new_entries:
        separator = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        text += separator + "\n".join(new_entries)
    if path.exists():
        backup(path)
    atomic_write_text(path, text)
