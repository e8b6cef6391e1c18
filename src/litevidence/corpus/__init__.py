"""Ingest: the corpus folder → the papers table (schema ``PAPERS``) and a problem report."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .._io import sha256_text
from .. import fulltext
from ..errors import LitevidenceError
from ..fulltext import Document
from ..paths import BIB_NAME, TEXTS_DIR
from ..schema import PAPERS, TEXT_FIELDS
from .problems import Problem
from .readers import READERS, reader_for

if TYPE_CHECKING:  # pandas is imported when a table is built: `cite` reads papers.bib without it
    import pandas as pd

__all__ = ["Problem", "READERS", "corpus_records", "paper_records", "papers_table", "read_corpus", "read_papers",
           "BIB_NAME", "TEXTS_DIR"]


def read_papers(path: Path, texts_dir: Path | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one bibliography file into the papers table, with full texts from ``texts_dir`` if given."""
    rows, problems = paper_records(path, texts_dir)
    return papers_table(rows), problems


def read_corpus(corpus_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``corpus_dir/papers.bib`` and attach ``corpus_dir/texts/<key>.md|.txt|.pdf|.html`` as full text.

    Returns the papers table (schema ``PAPERS``, sorted by key) and every problem found;
    a text file whose name matches no paper is reported as a warning.
    """
    rows, problems = corpus_records(corpus_dir)
    return papers_table(rows), problems


def corpus_records(corpus_dir: Path) -> tuple[list[dict], list[Problem]]:
    """``read_corpus`` without pandas: the papers as dicts (the columns of ``PAPERS``), and every problem."""
    corpus_dir = Path(corpus_dir)
    bib = corpus_dir / BIB_NAME
    if not bib.exists():
        raise LitevidenceError("no bibliography", bib, todo=f"a project's corpus/ folder holds {BIB_NAME} (and optionally "
                               f"{TEXTS_DIR}/); run the command in the project folder or give --project")
    return paper_records(bib, corpus_dir / TEXTS_DIR)


def paper_records(path: Path, texts_dir: Path | None = None) -> tuple[list[dict], list[Problem]]:
    """One bibliography file as paper dicts (the columns of ``PAPERS``: text '' when absent, year and
    source_line int or None), sorted by key, with full texts from ``texts_dir``; and the problems, by place."""
    records, problems = reader_for(path)(Path(path))
    docs = _read_texts(Path(texts_dir), {r["key"] for r in records}, problems) if texts_dir else {}
    rows = []
    for record in records:
        row = {c: "" if record.get(c) is None else str(record[c]) for c in PAPERS.names}
        doc = docs.get(row["key"])
        row.update(year=record.get("year"), source_line=record.get("source_line"),
                   fulltext=doc.text if doc else "", fulltext_blocks=doc.to_json() if doc else "")
        row["content_hash"] = sha256_text(*(row[f] for f in TEXT_FIELDS))
        rows.append(row)
    return sorted(rows, key=lambda r: r["key"]), sorted(problems, key=lambda p: (p.file, p.line or 0))


def papers_table(rows: list[dict]) -> pd.DataFrame:
    """Paper dicts (``paper_records``) as the papers table of schema ``PAPERS``."""
    import pandas as pd

    return PAPERS.conform(pd.DataFrame(rows, columns=PAPERS.names).astype({"year": "Int64", "source_line": "Int64"}))


def _read_texts(folder: Path, keys: set[str], problems: list[Problem]) -> dict[str, Document]:
    """The full text of each paper that has one, read by the reader for its suffix; what a reader skipped or
    could not read is a problem naming the file."""
    docs: dict[str, Document] = {}
    if not folder.is_dir():
        return docs
    allowed = set(fulltext.suffixes())
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in allowed or not path.is_file():
            continue
        if path.stem not in keys:
            problems.append(Problem(str(path), None, path.stem, "warning", "text file matches no paper key in papers.bib — ignored"))
            continue
        if path.stem in docs:
            problems.append(Problem(str(path), None, path.stem, "warning", "a second text file for this key — ignored"))
            continue
        try:
            doc = fulltext.read_document(path)
        except UnicodeDecodeError as e:
            problems.append(Problem(str(path), None, path.stem, "error", f"not UTF-8 text ({e}) — ignored"))
            continue
        docs[path.stem] = doc
        problems += [Problem(str(path), None, path.stem, "warning", note) for note in doc.notes]
    return docs
