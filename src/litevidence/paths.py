"""Where a project keeps its inputs, outputs and caches: one object instead of path joins spread over the code."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BIB_NAME = "papers.bib"
CURATED_NAME = "curated_claims.csv"
TEXTS_DIR = "texts"
REVIEWS_NAME = "reviews.csv"
SCREENING_NAME = "screening.csv"
RECORDS_NAME = "records.csv"


@dataclass(frozen=True)
class ProjectPaths:
    """The files and folders of the project at ``root`` (the folder that holds corpus/)."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @classmethod
    def of_evidence(cls, evidence_dir: Path | str) -> "ProjectPaths":
        """The project whose evidence folder is ``evidence_dir`` (what notebooks are handed)."""
        return cls(Path(evidence_dir).parent)

    @property
    def corpus(self) -> Path:
        """corpus/: what the researcher curates."""
        return self.root / "corpus"

    @property
    def bib(self) -> Path:
        """corpus/papers.bib: one BibTeX entry per paper."""
        return self.corpus / BIB_NAME

    @property
    def curated(self) -> Path:
        """corpus/curated_claims.csv: hand-entered claims."""
        return self.corpus / CURATED_NAME

    @property
    def reviews(self) -> Path:
        """corpus/reviews.csv: the reviewer's decision on each evidence row (accept, reject, correct)."""
        return self.corpus / REVIEWS_NAME

    @property
    def screening(self) -> Path:
        """corpus/screening.csv: the screening decision on each paper (include, exclude, maybe)."""
        return self.corpus / SCREENING_NAME

    @property
    def records(self) -> Path:
        """corpus/records.csv: every record `add` read, where it came from and whether it was a duplicate (PRISMA)."""
        return self.corpus / RECORDS_NAME

    @property
    def texts(self) -> Path:
        """corpus/texts/: full texts and notes, <key>.txt or .md."""
        return self.corpus / TEXTS_DIR

    @property
    def evidence(self) -> Path:
        """evidence/: the generated, committed tables."""
        return self.root / "evidence"

    @property
    def notebooks(self) -> Path:
        """notebooks/: the parameterised survey notebooks."""
        return self.root / "notebooks"

    @property
    def reports(self) -> Path:
        """reports/: executed notebooks, pages, figures and tables (not committed)."""
        return self.root / "reports"

    @property
    def changes(self) -> Path:
        """reports/changes.md: what the last run changed in the evidence table."""
        return self.reports / "changes.md"

    @property
    def figures(self) -> Path:
        """reports/figures/: every figure as HTML and PNG."""
        return self.reports / "figures"

    @property
    def tables(self) -> Path:
        """reports/tables/: every table as CSV, Markdown and LaTeX."""
        return self.reports / "tables"

    @property
    def state(self) -> Path:
        """.litevidence/: caches and the publishing journal, never committed."""
        return self.root / ".litevidence"

    @property
    def cache(self) -> Path:
        """.litevidence/cache/: vectors and extracted claims by content hash."""
        return self.state / "cache"

    @property
    def journal(self) -> Path:
        """Where a run stages the evidence set before publishing it (see ``litevidence._publish``)."""
        return self.state / "publish"
