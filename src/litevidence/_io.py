"""Atomic file writes and content hashing shared by every stage."""
from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .escape import csv_table, markdown_text

if TYPE_CHECKING:  # tables need pandas; atomic writes and hashes (search, model export) do not
    import pandas as pd


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half."""
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` for a writer that needs a file name (an exporter, say);
    it replaces ``path`` only when the block ends without an error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or the usual ones for a new file (0666 less the umask)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write a table as UTF-8 CSV with LF line ends, atomically; byte-identical for equal tables.

    Text cells are guarded against spreadsheet formulas (``escape.csv_table``); ``evidence.read_table`` undoes it.
    """
    atomic_write_text(path, csv_table(df))


def sha256_text(*parts: str) -> str:
    """Hex SHA-256 of the parts, each terminated by a NUL so that boundaries count."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def markdown_table(df: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table; every cell is literal text (``escape.markdown_text``), never HTML."""
    import pandas as pd

    def cell(v) -> str:
        return "" if pd.isna(v) else markdown_text(v)

    lines = ["| " + " | ".join(map(markdown_text, df.columns)) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines) + "\n"
