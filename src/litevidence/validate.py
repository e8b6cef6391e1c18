"""Every check on a project's corpus: what `litevidence validate` runs and CI gates on."""
from __future__ import annotations

from pathlib import Path

from .corpus import BIB_NAME, Problem, read_corpus
from .corpus.checks import check_papers
from .evidence import read_curated

CURATED_NAME = "curated_claims.csv"


def validate(corpus_dir: Path) -> list[Problem]:
    """Problems in papers.bib (parse, keys, fields, identifiers, duplicates) and curated_claims.csv."""
    corpus_dir = Path(corpus_dir)
    papers, problems = read_corpus(corpus_dir)
    problems += check_papers(papers, str(corpus_dir / BIB_NAME))
    problems += read_curated(corpus_dir / CURATED_NAME, set(papers["key"]))[1]
    return problems
