"""Decision files (reviews.csv, screening.csv, records.csv): read whole, change one row or append, atomically.

A decision file is a researcher's input like curated_claims.csv, so a write never rewrites it: the
lines of every row not decided again stay byte for byte as they were (hand edits included), a row
decided again is replaced where it stands, a new one is appended. Writers hold a lock, so the
command line and the review notebook can write at the same time without losing a decision.
"""
from __future__ import annotations

import codecs
import csv
import fcntl
import io
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .._io import atomic_write_text
from ..corpus.problems import Problem
from ..errors import LitevidenceError
from ..escape import csv_cell, csv_unescape_cell
from ..schema import Schema

if TYPE_CHECKING:
    import pandas as pd

_LINES = re.compile(r"[^\n]*\n|[^\n]+$")
"""Physical lines as the csv module counts them (a line ends at LF only, so CR LF files keep their ends)."""


def read_decisions(path: Path, schema: Schema, key: str | None) -> tuple[pd.DataFrame, list[Problem]]:
    """``decision_rows`` as a table (``decisions_table``)."""
    rows, problems = decision_rows(path, schema, key)
    return decisions_table(rows, schema), problems


def decision_rows(path: Path, schema: Schema, key: str | None) -> tuple[list[dict], list[Problem]]:
    """The rows of a decision file as text (empty cells ''), with their line in ``line``; no file means no rows.

    A file that cannot be read as a whole (not UTF-8, a column missing, broken CSV) raises
    ``LitevidenceError``; a ``key`` given twice is a problem, and the later row is the one kept.
    """
    rows, problems = [], []
    path = Path(path)
    if path.exists():
        text = _text(path)
        seen: dict[str, int] = {}
        for line, row in _records(text, path, schema):
            value = row[key] if key else line
            if value in seen:
                problems.append(Problem(str(path), line, value, "warning",
                                        f"{key} {value!r} decided twice (also line {seen[value]}); the later row counts"))
                rows = [r for r in rows if r[key] != value]
            seen[value] = line
            rows.append({**row, "line": line})
    return [{**{name: csv_unescape_cell(row[name]) for name in schema.names}, "line": row["line"]} for row in rows], problems


def decisions_table(rows: list[dict], schema: Schema) -> pd.DataFrame:
    """Decision rows (``decision_rows``) as a table: ``schema``'s columns as text, plus ``line``."""
    import pandas as pd

    return pd.DataFrame(rows, columns=[*schema.names, "line"]).astype({c: "object" for c in schema.names})


def upsert(path: Path, schema: Schema, key: str | None, rows: list[dict], lock: Path) -> None:
    """Replace the row of each of ``rows``' keys where it stands, or append it (all, when ``key`` is None); one atomic write.

    The lines of every other row are kept exactly, and new lines end as the file's do (LF or CR LF).
    ``lock`` is the lock file writers share.
    """
    with locked(lock):
        path = Path(path)
        text = _text(path) if path.exists() else ""
        bom = "\ufeff" if path.exists() and path.read_bytes().startswith(codecs.BOM_UTF8) else ""
        if not text.strip():
            text = _render(schema.names)
        lines = _LINES.findall(text)
        eol = "\r\n" if lines[0].endswith("\r\n") else "\n"
        spans = {row[key]: (line - 1, end) for line, end, row in _spans(lines, path, schema)} if key else {}
        replaced: dict[int, tuple[int, str]] = {}
        appended = []
        for row in rows:
            rendered = _render([row.get(name, "") for name in schema.names])[:-1] + eol
            if key and row[key] in spans:
                start, end = spans[row[key]]
                replaced[start] = (end, rendered)
            else:
                appended.append(rendered)
        out, i = [], 0
        while i < len(lines):
            if i in replaced:
                end, rendered = replaced[i]
                out.append(rendered)
                i = end
            else:
                out.append(lines[i])
                i += 1
        if out and not out[-1].endswith("\n"):
            out[-1] += eol
        atomic_write_text(path, bom + "".join(out + appended))


@contextmanager
def locked(lock: Path) -> Iterator[None]:
    """An exclusive lock on the file ``lock`` for the block (made, with its folder, if missing)."""
    lock = Path(lock)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _text(path: Path) -> str:
    """The file's text as written (line ends kept, a byte-order mark dropped)."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = path.read_bytes()[:e.start].count(b"\n") + 1
        raise LitevidenceError(f"not UTF-8 text (byte {e.object[e.start]:#04x})", path, line,
                               todo="save the file as UTF-8 (CSV UTF-8 in a spreadsheet program)") from None


def _records(text: str, path: Path, schema: Schema) -> Iterator[tuple[int, dict]]:
    """(first line, row) of every non-empty row."""
    for line, _, row in _spans(_LINES.findall(text), path, schema):
        yield line, row


def _spans(lines: list[str], path: Path, schema: Schema) -> Iterator[tuple[int, int, dict]]:
    """(first line, 1-based; index just past its last line, 0-based; row) of each non-empty row; a bad header or CSV raises."""
    reader = csv.reader(iter(lines), strict=True)
    start = 1
    try:
        header = next(reader, None)
        missing = [c for c in schema.names if c not in (header or [])]
        if missing:
            raise LitevidenceError(f"the header lacks column(s) {', '.join(missing)}", path, 1,
                                   todo=f"the header must name {','.join(schema.names)}")
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            row = dict(zip(header, cells))
            yield line, start - 1, {name: (row.get(name) or "").strip() for name in schema.names}
    except csv.Error as e:
        raise LitevidenceError(f"not readable as CSV ({e})", path, start,
                               todo="check the quotes of the row that starts on this line") from None


def _render(cells: list) -> str:
    """One CSV line (LF), text cells guarded against spreadsheet formulas like every file litevidence writes."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["" if c is None else csv_cell(c) for c in cells])
    return out.getvalue()
