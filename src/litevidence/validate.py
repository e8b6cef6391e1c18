"""Every check on a project's corpus: what `litevidence validate` runs and CI gates on."""
from __future__ import annotations

from pathlib import Path

from .corpus import Problem, read_corpus
from .corpus.checks import check_papers
from .errors import LitevidenceError
from .evidence import read_curated
from .paths import BIB_NAME, CURATED_NAME, REVIEWS_NAME, SCREENING_NAME


def validate(corpus_dir: Path) -> list[Problem]:
    """Problems in papers.bib (parse, keys, fields, identifiers, duplicates), curated_claims.csv and the
    decision files (screening.csv: known papers and reason codes; reviews.csv: usable decisions).

    A file that cannot be read at all is one error here, so the other checks still report.
    """
    from .review.decisions import read_reviews
    from .review.screening import read_screening

    corpus_dir = Path(corpus_dir)
    papers, problems = read_corpus(corpus_dir)
    problems += check_papers(papers, str(corpus_dir / BIB_NAME))
    keys = set(papers["key"])
    readers = ((CURATED_NAME, lambda path: read_curated(path, keys)), (SCREENING_NAME, lambda path: read_screening(path, keys)),
               (REVIEWS_NAME, read_reviews))
    for name, read in readers:
        try:
            problems += read(corpus_dir / name)[1]
        except LitevidenceError as e:
            problems.append(Problem(e.file or str(corpus_dir / name), e.place if isinstance(e.place, int) else None,
                                    None, "error", e.what + (f"; {e.todo}" if e.todo else "")))
    return problems
