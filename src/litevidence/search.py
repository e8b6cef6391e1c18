"""Semantic search over a project's corpus with the same embeddings the pipeline uses.

``run`` leaves a search index per backend in ``.litevidence/cache/search/``: the papers' vectors as
one ``.npy`` matrix (memory-mapped when read) and, beside it, a JSON file with each row's key,
year, title and cluster label and the hash of ``papers.bib`` they were made from. ``search`` and
``similar`` read that index and embed only the query (MiniLM backends through ONNX Runtime and
the ``tokenizers`` package: no torch), so a cold command takes about a second. An index older than
``papers.bib`` (or missing) is rebuilt first, through the vector cache.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .embed import BACKENDS, QUERY_BACKENDS, default_backend
from .errors import LitevidenceError
from .paths import ProjectPaths

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


class Hit(NamedTuple):
    """One search result: rank (1 = best), paper key, cosine score, year, title, its cluster's label."""

    rank: int
    key: str
    score: float
    year: int | None
    title: str
    cluster_label: str


INDEX_VERSION = 1
"""Bumped when the index files change shape; an index of another version is rebuilt."""


def search(project: Path, query: str | None = None, key: str | None = None, k: int = 10,
           backend: str | None = None) -> list[Hit]:
    """The ``k`` papers closest to ``query`` (text) or to paper ``key`` (excluding itself).

    ``backend`` defaults to the pipeline's (``embed.default_backend()``), whose vectors are cached.
    """
    import numpy as np

    paths = ProjectPaths(project)
    backend = backend or default_backend()
    index = _current_index(paths, backend)
    fitted = None
    if index is None:
        index, fitted = _rebuild_index(paths, backend)
    rows, vectors = index["rows"], np.load(paths.cache / "search" / index["matrix"], mmap_mode="r")
    if key is not None:
        hits = [i for i, row in enumerate(rows) if row[0] == key]
        if not hits:
            raise LitevidenceError(f"no paper {key!r}", paths.bib, todo="give a key of papers.bib")
        target, exclude = np.asarray(vectors[hits[0]]), hits[0]
    else:
        target, exclude = _query_vector(paths, backend, query or "", fitted), None
    scores = vectors @ target
    order = [i for i in np.argsort(-scores, kind="stable") if i != exclude][:k]
    return [Hit(r, rows[i][0], round(float(scores[i]), 4), rows[i][1], rows[i][2], rows[i][3])
            for r, i in enumerate(order, 1)]


def corpus_vectors(project: Path, backend: str | None = None) -> tuple[list[str], "np.ndarray"]:
    """Every paper's key and vector, from the search index `run` leaves (rebuilt first when papers.bib changed).

    Screening ranks papers on these (``review.rank``): the pipeline's vectors, with no model loaded.
    """
    import numpy as np

    paths = ProjectPaths(project)
    backend = backend or default_backend()
    index = _current_index(paths, backend) or _rebuild_index(paths, backend)[0]
    return [row[0] for row in index["rows"]], np.load(paths.cache / "search" / index["matrix"], mmap_mode="r")


def write_search_index(paths: ProjectPaths, backend: str, model_id: str, papers: "pd.DataFrame",
                       vectors: "np.ndarray", labels: dict[str, str]) -> Path:
    """Write the index of ``papers`` (rows of ``vectors``) for ``backend``; returns its JSON file.

    The matrix is named by its content and the JSON, written last and atomically, names it: a reader
    never pairs a new JSON with an old matrix, even after an interrupted write.
    """
    import numpy as np
    import pandas as pd

    from ._io import atomic_path, atomic_write_text

    folder = paths.cache / "search"
    folder.mkdir(parents=True, exist_ok=True)
    matrix = np.ascontiguousarray(vectors, dtype=np.float32)
    digest = hashlib.sha256(matrix.tobytes() + "\0".join(papers["key"]).encode("utf-8")).hexdigest()[:16]
    name = f"{backend}-{digest}.npy"
    if not (folder / name).exists():
        with atomic_path(folder / name) as tmp, open(tmp, "wb") as f:
            np.save(f, matrix)
    rows = [[key, None if pd.isna(year) else int(year), title, labels.get(key, "")]
            for key, year, title in zip(papers["key"], papers["year"], papers["title"])]
    index = {"version": INDEX_VERSION, "backend": backend, "model_id": model_id, "bib_sha256": _bib_hash(paths),
             "matrix": name, "rows": rows}
    target = folder / f"{backend}.json"
    atomic_write_text(target, json.dumps(index, ensure_ascii=False))
    for old in folder.glob(f"{backend}-*.npy"):
        if old.name != name:
            old.unlink(missing_ok=True)
    return target


def _bib_hash(paths: ProjectPaths) -> str:
    return hashlib.sha256(paths.bib.read_bytes()).hexdigest() if paths.bib.exists() else ""


def _current_index(paths: ProjectPaths, backend: str) -> dict | None:
    """The backend's index if it was made from the current papers.bib (and model), else None."""
    try:
        index = json.loads((paths.cache / "search" / f"{backend}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (index.get("version") != INDEX_VERSION or index.get("bib_sha256") != _bib_hash(paths)
            or not (paths.cache / "search" / index.get("matrix", "")).is_file()):
        return None
    if backend in QUERY_BACKENDS and index.get("model_id") != BACKENDS.create(backend).model_id:
        return None
    return index


def _rebuild_index(paths: ProjectPaths, backend: str):
    """Embed the corpus through the vector cache and write its index; returns (index, fitted backend)."""
    from .corpus import read_corpus
    from .embed import embed_texts, paper_texts
    from .evidence import read_table
    from .schema import TOPICS

    papers, _ = read_corpus(paths.corpus)
    if papers.empty:
        raise LitevidenceError("no usable paper to search", paths.bib, todo="run `litevidence validate` to see why")
    embedder = BACKENDS.create(backend)
    vectors, _ = embed_texts(paper_texts(papers), embedder, paths.cache / "vectors")
    labels = {}
    if (paths.evidence / "topics.csv").exists():
        topics = read_table(paths.evidence / "topics.csv", TOPICS)
        labels = dict(zip(topics["key"], topics["label"]))
    target = write_search_index(paths, backend, embedder.model_id, papers, vectors, labels)
    return json.loads(target.read_text(encoding="utf-8")), embedder


def _query_vector(paths: ProjectPaths, backend: str, query: str, fitted) -> "np.ndarray":
    """The query's vector: through the backend's query encoder, else the corpus-fitted backend itself."""
    if backend in QUERY_BACKENDS:
        return BACKENDS.create(QUERY_BACKENDS[backend], batch_size=1).encode([query])[0]
    if fitted is None:
        fitted = _rebuild_index(paths, backend)[1]
    return fitted.encode([query])[0]
