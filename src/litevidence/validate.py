"""Every check on a project's corpus: what `litevidence validate` runs and CI gates on."""
from __future__ import annotations

from pathlib import Path

from .corpus import Problem, read_corpus
from .corpus.checks import check_papers
from .errors import LitevidenceError
from .evidence import read_curated
from .paths import BIB_NAME, CURATED_NAME


def validate(corpus_dir: Path) -> list[Problem]:
    """Problems in papers.bib (parse, keys, fields, identifiers, duplicates) and curated_claims.csv.

    A curated file that cannot be read at all is one error here, so the other checks still report.
    """
    corpus_dir = Path(corpus_dir)
    papers, problems = read_corpus(corpus_dir)
    problems += check_papers(papers, str(corpus_dir / BIB_NAME))
    try:
        problems += read_curated(corpus_dir / CURATED_NAME, set(papers["key"]))[1]
    except LitevidenceError as e:
        problems.append(Problem(e.file or str(corpus_dir / CURATED_NAME), e.place if isinstance(e.place, int) else None,
                                None, "error", e.what + (f"; {e.todo}" if e.todo else "")))
    return problems
