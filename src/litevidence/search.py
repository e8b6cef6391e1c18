"""Semantic search over a project's corpus with the same embeddings the pipeline uses."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .corpus import read_corpus
from .embed import BACKENDS, default_backend, embed_texts, paper_texts
from .errors import LitevidenceError
from .evidence import read_table
from .paths import ProjectPaths
from .schema import TOPICS

RESULT_COLUMNS = ["rank", "key", "score", "year", "title", "cluster_label"]
"""Columns of a search result: rank (1 = best), paper key, cosine score, year, title, its cluster's label."""


def search(project: Path, query: str | None = None, key: str | None = None, k: int = 10,
           backend: str | None = None) -> pd.DataFrame:
    """The ``k`` papers closest to ``query`` (text) or to paper ``key`` (excluding itself).

    ``backend`` defaults to the pipeline's (``embed.default_backend()``), whose vectors are cached.
    """
    paths = ProjectPaths(project)
    papers, _ = read_corpus(paths.corpus)
    if papers.empty:
        raise LitevidenceError("no usable paper to search", paths.bib, todo="run `litevidence validate` to see why")
    embedder = BACKENDS.create(backend or default_backend())
    vectors, _ = embed_texts(paper_texts(papers), embedder, paths.cache / "vectors")
    if key is not None:
        hits = np.flatnonzero(papers["key"].to_numpy() == key)
        if not len(hits):
            raise LitevidenceError(f"no paper {key!r}", paths.bib, todo="give a key of papers.bib")
        target, exclude = vectors[hits[0]], hits[0]
    else:
        target, exclude = embedder.encode([query or ""])[0], None
    scores = vectors @ target
    order = [i for i in np.argsort(-scores, kind="stable") if i != exclude][:k]
    labels = _cluster_labels(paths)
    rows = [{"rank": r, "key": papers["key"].iat[i], "score": round(float(scores[i]), 4), "year": papers["year"].iat[i],
             "title": papers["title"].iat[i], "cluster_label": labels.get(papers["key"].iat[i], "")}
            for r, i in enumerate(order, 1)]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def _cluster_labels(paths: ProjectPaths) -> dict[str, str]:
    path = paths.evidence / "topics.csv"
    if not path.exists():
        return {}
    topics = read_table(path, TOPICS)
    return dict(zip(topics["key"], topics["label"]))
