"""Table schemas: each stage's columns written down once.

The same descriptions validate tables between stages and become the
Frictionless ``datapackage.json`` beside the evidence tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a table is made: the CLI parser reads names from here at once
    import pandas as pd

from .vocabulary import FIELD_VALUES, METRICS


def is_missing(value: object) -> bool:
    """Whether a table cell is missing (None, NaN or pandas' NA); pandas is consulted only for a value that is
    neither text nor a plain number, which comes from a table anyway."""
    if value is None or isinstance(value, str):
        return value is None
    if isinstance(value, (int, float)):
        return value != value
    import pandas as pd

    return bool(pd.isna(value))


@dataclass(frozen=True)
class Column:
    """One column: its name, Frictionless type and what it holds."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Schema:
    """An ordered set of columns with a name and a one-line purpose."""

    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def empty(self) -> pd.DataFrame:
        """An empty table with this schema's columns."""
        import pandas as pd

        return pd.DataFrame({c.name: pd.Series(dtype=_DTYPES[c.type]) for c in self.columns})

    def conform(self, df: pd.DataFrame) -> pd.DataFrame:
        """Return ``df`` with exactly this schema's columns, in order; missing ones raise."""
        missing = [n for n in self.names if n not in df.columns]
        if missing:
            raise ValueError(f"table {self.name!r} lacks columns {missing}")
        return df.loc[:, self.names]

    def frictionless_fields(self) -> list[dict]:
        return [{"name": c.name, "type": c.type, "description": c.description} for c in self.columns]


_DTYPES = {"string": "object", "integer": "Int64", "number": "float64", "boolean": "bool"}

PAPERS = Schema(
    "papers",
    "One row per paper of the corpus, as read from corpus/papers.bib and corpus/texts/.",
    (
        Column("key", "string", "BibTeX key; unique in the corpus"),
        Column("entry_type", "string", "BibTeX entry type (article, inproceedings, misc, ...)"),
        Column("title", "string", "Title with LaTeX accents and braces decoded"),
        Column("authors", "string", "Authors, 'Last, First' joined by ' and ', decoded"),
        Column("year", "integer", "Publication year"),
        Column("venue", "string", "journal, booktitle, howpublished, institution or publisher"),
        Column("doi", "string", "DOI without resolver prefix, lower-cased; empty if none"),
        Column("arxiv_id", "string", "arXiv identifier (eprint with archivePrefix arXiv); empty if none"),
        Column("url", "string", "URL of the work; empty if none"),
        Column("topic", "string", "The curator's topic: the first entry of keywords; empty if none"),
        Column("keywords", "string", "Keywords, comma separated, decoded"),
        Column("abstract", "string", "Abstract, decoded; empty if none"),
        Column("annote", "string", "The curator's summary, decoded; empty if none"),
        Column("fulltext", "string", "Full text from corpus/texts/<key>.md, .txt, .pdf or .html, as its reader lays it out; "
               "empty if none"),
        Column("fulltext_blocks", "string", "The full text's blocks (paragraphs, captions, footnotes, table cells) with "
               "their places, as JSON; empty if none"),
        Column("content_hash", "string", "SHA-256 of the fields above that embedding and extraction read"),
        Column("source_line", "integer", "1-based line of the entry in papers.bib"),
    ),
)

PAPERS_TABLE = Schema(
    "papers",
    "One row per paper (evidence/papers.csv): the papers table without the full texts.",
    tuple(c for c in PAPERS.columns if c.name not in ("fulltext", "fulltext_blocks")),
)

TEXT_FIELDS = ("title", "abstract", "annote", "fulltext")
"""Paper fields the extractor reads, in order; a claim's ``field`` is one of these."""

CONTRACT = (
    Column("quote", "string", "Exact substring of the field text that states the quantity"),
    Column("start", "integer", "Character offset of quote in the field text (start)"),
    Column("end", "integer", "Character offset of quote in the field text (end, exclusive)"),
    Column("value", "number", "The number as stated (low end of a range)"),
    Column("value_high", "number", "High end of a range, else empty"),
    Column("unit", "string", "Unit as stated; 'x' for a factor, '%' for a percentage"),
    Column("metric", "string", ", ".join(METRICS)),
    Column("canonical_value", "number", "Value in canonical_unit; empty for factors"),
    Column("canonical_value_high", "number", "value_high in canonical_unit, else empty"),
    Column("canonical_unit", "string", "kWh, W, kgCO2e, L, USD, accelerator-hours, %, gCO2e/kWh, a rate '<unit>/<per>', or empty (pue, factors)"),
    Column("direction", "string", "reduction, increase, or empty"),
    Column("phase", "string", "training, inference, lifecycle, or empty"),
    Column("subject", "string", "What was measured (a model, system, task), or empty"),
    Column("qualifier", "string", "approx, up_to, at_least, more_than, less_than, or empty"),
    Column("per", "string", "Functional unit of a rate (query, 1000 queries, token, kWh, hour, ...), or empty"),
    Column("resource", "string", "For a relative change, what changed; for a share, the whole's resource: "
           + ", ".join(FIELD_VALUES["resource"]) + "; else empty"),
)
"""The fields of one claim in the ``litevidence extract`` contract (after ``id``)."""

CLAIMS = Schema(
    "claims",
    "One row per claim, extracted from a paper's text or curated by hand; cite a row by evidence_id.",
    (
        Column("evidence_id", "string", "Stable id: depends only on the paper key, field and quote (extracted) or the curated row's content"),
        Column("paper_key", "string", "Key of the paper in corpus/papers.bib"),
        Column("source", "string", "extracted, curated, or curated+extracted when both state the same quantity"),
        Column("field", "string", "Where the quote is: title, abstract, annote, fulltext, or curated"),
        Column("sentence", "string", "The sentence that holds the quote (curated: the curator's statement)"),
        *CONTRACT,
        Column("locator", "string", "Where in the paper, as a reader looks it up: Abstract, Curator's summary (annote), "
               "'Section 4.1 Energy, page 7', 'Table 4, row GPT-3, column Energy (MWh), page 7'; curated rows: the curator's"),
        Column("section", "string", "Full-text rows: the heading path of the section ('4 Results > 4.1 Energy'), else empty"),
        Column("page", "integer", "Full-text rows from a PDF (or a converter's page marks): the 1-based page, else empty"),
        Column("table", "string", "Table cells: the table, row and column ('Table 4, row GPT-3, column Energy (MWh)'), else empty"),
        Column("caveat", "string", "Curator's caveat (second-hand figure, range, upper bound), else empty"),
        Column("year", "integer", "The paper's year"),
        Column("extractor_version", "string", "Version of the extractor that produced or matched the row"),
        Column("review", "string", "The reviewer's decision in corpus/reviews.csv: unreviewed, accepted, rejected (the row "
               "stays here but leaves figures, report tables and scenario defaults) or corrected (the corrected fields "
               "and their canonical values are in place)"),
    ),
)

TOPICS = Schema(
    "topics",
    "One row per paper: its cluster, the cluster's label and its position on the 2-D map.",
    (
        Column("key", "string", "Paper key"),
        Column("cluster", "integer", "Cluster number, 0-based, ordered by size (largest first)"),
        Column("label", "string", "Readable cluster label from its most distinctive terms"),
        Column("x", "number", "First coordinate of the 2-D map"),
        Column("y", "number", "Second coordinate of the 2-D map"),
        Column("centrality", "number", "Cosine similarity of the paper to its cluster centre (higher = more representative)"),
    ),
)

CLUSTERS = Schema(
    "clusters",
    "One row per cluster: label, size and distinctive terms.",
    (
        Column("cluster", "integer", "Cluster number"),
        Column("label", "string", "Readable label"),
        Column("size", "integer", "Number of papers"),
        Column("terms", "string", "Most distinctive terms, '; ' separated, most distinctive first"),
    ),
)

REVIEW_STATES = ("unreviewed", "accepted", "rejected", "corrected")
"""Values of the evidence table's ``review`` column."""

CORRECTABLE = ("value", "value_high", "unit", "metric", "per", "phase", "direction", "subject", "qualifier", "resource")
"""Fields of an evidence row a reviewer can correct; the canonical values follow from them."""

REVIEWS = Schema(
    "reviews",
    "corpus/reviews.csv: one decision per evidence row, written by `litevidence review` and the review notebook.",
    (
        Column("evidence_id", "string", "The evidence row decided on; unique in the file"),
        Column("paper_key", "string", "The row's paper (to tell a row of an excluded paper from a vanished one)"),
        Column("decision", "string", "accept, reject or correct"),
        Column("reason", "string", "Why (required to reject), else empty"),
        *(Column(name, "number" if name.startswith("value") else "string",
                 f"Corrected {name}; empty where the row's own is kept") for name in CORRECTABLE),
        Column("reviewer", "string", "Who decided"),
        Column("date", "string", "When (YYYY-MM-DD)"),
        Column("fingerprint", "string", "Hash of the row's quote and sentence when decided: a decision whose row's "
               "sentence changed since is stale, reported and not applied"),
    ),
)

SCREENING = Schema(
    "screening",
    "corpus/screening.csv: one screening decision per paper, written by `litevidence screen`.",
    (
        Column("key", "string", "Paper key in papers.bib; unique in the file"),
        Column("decision", "string", "include, exclude (the paper leaves evidence, topics and figures) or maybe"),
        Column("reason", "string", "A reason code of vocabulary/screening_reasons.csv (required to exclude)"),
        Column("note", "string", "Free text, else empty"),
        Column("reviewer", "string", "Who decided"),
        Column("date", "string", "When (YYYY-MM-DD)"),
    ),
)

RECORDS = Schema(
    "records",
    "corpus/records.csv: every record `litevidence add` read, where it came from and what became of it (PRISMA).",
    (
        Column("key", "string", "The paper it was added as, or the paper it duplicates"),
        Column("outcome", "string", "added, or duplicate (not added; merged into key with --merge)"),
        Column("source", "string", "The source as given to add: a file, a DOI or an arXiv id"),
        Column("via", "string", "bibtex, ris, csl-json, pdf, crossref or arxiv"),
        Column("entry", "string", "The record in its source (file:line [key], or its title)"),
        Column("date", "string", "When it was added (YYYY-MM-DD)"),
    ),
)
