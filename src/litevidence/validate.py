"""Every check on a project's corpus: what `litevidence validate` runs and CI gates on."""
from __future__ import annotations

from pathlib import Path

from .corpus import Problem, corpus_records
from .corpus.checks import check_papers
from .errors import LitevidenceError
from .evidence.curated import curated_rows
from .paths import BIB_NAME, CURATED_NAME, REVIEWS_NAME, SCREENING_NAME


def validate(corpus_dir: Path) -> list[Problem]:
    """Problems in papers.bib (parse, keys, fields, identifiers, duplicates), curated_claims.csv and the
    decision files (screening.csv: known papers and reason codes; reviews.csv: usable decisions).

    A file that cannot be read at all is one error here, so the other checks still report. Every file is
    read as rows, without pandas: validating is a quick command.
    """
    from .review.decisions import review_rows
    from .review.screening import screening_rows

    corpus_dir = Path(corpus_dir)
    papers, problems = corpus_records(corpus_dir)
    problems += check_papers(papers, str(corpus_dir / BIB_NAME))
    keys = {p["key"] for p in papers}
    readers = ((CURATED_NAME, lambda path: curated_rows(path, keys)), (SCREENING_NAME, lambda path: screening_rows(path, keys)),
               (REVIEWS_NAME, review_rows))
    for name, read in readers:
        try:
            problems += read(corpus_dir / name)[1]
        except LitevidenceError as e:
            problems.append(Problem(e.file or str(corpus_dir / name), e.place if isinstance(e.place, int) else None,
                                    None, "error", e.what + (f"; {e.todo}" if e.todo else "")))
    return problems
