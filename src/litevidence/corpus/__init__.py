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

__all__ = ["Problem", "READERS", "read_corpus", "read_papers", "BIB_NAME", "TEXTS_DIR"]

def read_papers(path: Path, texts_dir: Path | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one bibliography file into the papers table, with full texts from ``texts_dir`` if given."""
    import pandas as pd

    records, problems = reader_for(path)(Path(path))
    df = pd.DataFrame.from_records(records, columns=[c for c in PAPERS.names
                                                     if c not in ("fulltext", "fulltext_blocks", "content_hash")])
    docs = _read_texts(Path(texts_dir), set(df["key"]), problems) if texts_dir else {}
    df["fulltext"] = [docs[k].text if k in docs else "" for k in df["key"]]
    df["fulltext_blocks"] = [docs[k].to_json() if k in docs else "" for k in df["key"]]
    return _finish(df), sorted(problems, key=lambda p: (p.file, p.line or 0))


def read_corpus(corpus_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``corpus_dir/papers.bib`` and attach ``corpus_dir/texts/<key>.md|.txt|.pdf|.html`` as full text.

    Returns the papers table (schema ``PAPERS``, sorted by key) and every problem found;
    a text file whose name matches no paper is reported as a warning.
    """
    corpus_dir = Path(corpus_dir)
    bib = corpus_dir / BIB_NAME
    if not bib.exists():
        raise LitevidenceError("no bibliography", bib, todo=f"a project's corpus/ folder holds {BIB_NAME} (and optionally "
                               f"{TEXTS_DIR}/); run the command in the project folder or give --project")
    return read_papers(bib, corpus_dir / TEXTS_DIR)


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


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for col in PAPERS.names:
        if col not in ("year", "source_line", "content_hash") and col in df:
            df[col] = df[col].fillna("").astype(str)
    df["year"] = df["year"].astype("Int64")
    df["source_line"] = df["source_line"].astype("Int64")
    df["content_hash"] = [sha256_text(*parts) for parts in zip(*(df[f] for f in TEXT_FIELDS))]
    return PAPERS.conform(df.sort_values("key", kind="stable").reset_index(drop=True))
