"""The pipeline: wires the stages, caches by content hash, and decides what to recompute."""
from __future__ import annotations

import json
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from . import claims as claims_stage
from ._io import atomic_write_text, sha256_text, write_csv
from ._progress import PROGRESS_MIN, progress_bar
from ._publish import publishing
from .corpus import Problem, read_corpus
from .embed import BACKENDS, QUERY_BACKENDS, default_backend, embed_texts, paper_texts
from .evidence import build_evidence, changes_markdown, datapackage, diff_claims, read_curated, read_table, summary_line
from .errors import LitevidenceError
from .parallel import Mapper, chunked, dask_mapper, local_map, machine_mapper
from .paths import ProjectPaths
from .reports import NotebookFailed, run_all, write_index
from .review.apply import apply_reviews, stale_markdown
from .review.decisions import read_reviews
from .review.screening import excluded_keys, read_screening
from .schema import CLAIMS, CLUSTERS, PAPERS_TABLE, TOPICS
from .search import write_search_index


@dataclass
class RunResult:
    """What a run did: counts, problems in the inputs and notebooks that failed."""

    papers: int = 0
    claims: int = 0
    embedded: int = 0
    extracted_papers: int = 0
    corpus_hash: str = ""
    problems: list[Problem] = field(default_factory=list)
    failures: list[NotebookFailed] = field(default_factory=list)
    excluded: int = 0
    """Papers excluded at screening (in the corpus, not in the evidence)."""
    stale: int = 0
    """Review decisions not applied because the row they were made on is gone or changed."""
    timings: dict[str, float] = field(default_factory=dict)
    """Wall time of each stage in seconds, in the order the stages ran."""


def run(project: Path, backend: str | None = None, notebooks: bool = True, k: int | None = None,
        progress: Callable[[str], None] = print, scheduler: str | None = None) -> RunResult:
    """Run ingest → embed → topics → claims → evidence (→ reports) on ``project``.

    Problems in the inputs are reported and the other entries go on; an input that cannot be
    used at all (no usable paper, an unreadable curated_claims.csv) raises ``LitevidenceError``
    before anything is written. evidence/ and reports/changes.md are published as one set (an
    interrupted run leaves the previous set); a notebook that fails keeps its previous report. With ``scheduler``
    (a dask.distributed address, or "local"), embedding and extraction run partitioned on
    that cluster, with the same results. ``backend`` defaults to ``embed.default_backend()``.
    """
    backend = backend or default_backend()
    if scheduler is None:
        return _run(project, backend, notebooks, k, progress, None)
    with dask_mapper(scheduler) as cluster:
        progress(f"[dask] {cluster[1]} workers at {scheduler}")
        return _run(project, backend, notebooks, k, progress, cluster)


def _run(project: Path, backend: str, notebooks: bool, k: int | None, progress: Callable[[str], None],
         cluster: tuple[Mapper, int] | None) -> RunResult:
    """The stages; per-paper work goes to ``cluster`` (a mapper and its workers) if given."""
    paths = ProjectPaths(project)
    result = RunResult()
    clock = _Clock(result.timings)

    progress("[ingest] reading corpus/")
    papers, problems = read_corpus(paths.corpus)
    for p in problems:
        progress(f"[ingest] {p}")
    curated, curated_problems = read_curated(paths.curated, set(papers["key"]))
    for p in curated_problems:
        progress(f"[ingest] {p}")
    screening, screening_problems = read_screening(paths.screening, set(papers["key"]))
    reviews, review_problems = read_reviews(paths.reviews)
    for p in screening_problems + review_problems:
        progress(f"[review] {p}")
    result.problems = problems + curated_problems + screening_problems + review_problems
    if papers.empty:
        raise LitevidenceError("no usable paper", paths.bib,
                               todo="fix the entries named above (or add papers with `litevidence add`) and run again")
    result.papers = len(papers)
    result.corpus_hash = sha256_text(*papers["content_hash"], *papers["key"],
                                     paths.curated.read_text(encoding="utf-8") if paths.curated.exists() else "",
                                     *(f.read_text(encoding="utf-8") for f in (paths.screening, paths.reviews, paths.records)
                                       if f.exists()))
    progress(f"[ingest] {len(papers)} papers, {len(curated)} curated claims ({clock.lap('ingest'):.1f} s)")

    embedder = BACKENDS.create(backend)
    progress(f"[embed] {backend}: {len(papers)} papers")
    texts = paper_texts(papers)
    mapper, workers = cluster or (local_map, 1)
    vectors, result.embedded = embed_texts(texts, embedder, paths.cache / "vectors", mapper=mapper,
                                           partitions=4 * workers if cluster else 1, progress=True)
    progress(f"[embed] {result.embedded} embedded, {len(papers) - result.embedded} from cache ({clock.lap('embed'):.1f} s)")

    excluded = excluded_keys(screening)
    kept = ~papers["key"].isin(excluded).to_numpy()
    included = papers[kept].reset_index(drop=True)
    result.excluded = int((~kept).sum())
    if included.empty:
        raise LitevidenceError("every paper is excluded at screening", paths.screening,
                               todo="include or mark maybe at least one paper (`litevidence screen include KEY`)")
    if result.excluded:
        progress(f"[review] {result.excluded} papers excluded at screening leave the evidence, topics and figures")

    progress("[topics] clustering")
    topics, clusters = _topics_cached(paths.cache / "topics", list(included["key"]),
                                      [t for t, keep in zip(texts, kept) if keep], vectors[kept], k=k)
    progress(f"[topics] {len(clusters)} clusters ({clock.lap('topics'):.1f} s): " + "; ".join(clusters["label"]))

    extracted, result.extracted_papers = _extract_cached(included, paths.cache / "claims.json", progress, cluster)
    progress(f"[claims] {len(extracted)} claims found ({clock.lap('claims'):.1f} s)")
    if len(curated):
        curated = curated[~curated["paper_key"].isin(excluded)]
    evidence = build_evidence(included, extracted, curated, claims_stage.EXTRACTOR_VERSION)
    reviewed = apply_reviews(evidence, reviews, excluded)
    evidence, result.stale = reviewed.claims, len(reviewed.stale)
    result.claims = len(evidence)
    if len(reviews):
        progress(f"[review] {sum(reviewed.applied.values())} decisions applied ("
                 + ", ".join(f"{n} {state}" for state, n in reviewed.applied.items()) + f"), {len(reviewed.stale)} stale"
                 + (f", {reviewed.waiting} on rows of excluded papers" if reviewed.waiting else ""))
    for stale in reviewed.stale.itertuples(index=False):
        progress(f"[review] stale: {stale.evidence_id} ({stale.paper_key}), {stale.decision} on {stale.date}: {stale.why}")
    progress(f"[evidence] {len(evidence)} rows ({(evidence['source'] == 'extracted').sum()} extracted, "
             f"{(evidence['source'] == 'curated').sum()} curated, {(evidence['source'] == 'curated+extracted').sum()} merged)")
    out = paths.evidence
    with publishing(paths.journal, paths.root) as staged:
        previous = read_table(out / "claims.csv", CLAIMS, fill_missing=True) if (out / "claims.csv").exists() else CLAIMS.empty()
        changes = diff_claims(previous, evidence)
        atomic_write_text(staged.file(paths.changes),
                          changes_markdown(changes, len(previous), len(evidence)) + stale_markdown(reviewed.stale))
        write_csv(evidence, staged.file(out / "claims.csv"))
        write_csv(PAPERS_TABLE.conform(included), staged.file(out / "papers.csv"))
        write_csv(topics, staged.file(out / "topics.csv"))
        write_csv(clusters, staged.file(out / "clusters.csv"))
        atomic_write_text(staged.file(out / "datapackage.json"), datapackage(result.corpus_hash))
    progress(f"[evidence] since the previous run: {summary_line(changes)}"
             + (f", {result.stale} stale review decisions" if result.stale else "") + " → reports/changes.md")
    clock.lap("evidence")
    write_search_index(paths, backend, embedder.model_id, papers, vectors, dict(zip(topics["key"], topics["label"])))
    if backend in QUERY_BACKENDS:
        BACKENDS.create(QUERY_BACKENDS[backend]).model_path()  # exported once per machine, so search needs no torch
    clock.lap("search index")

    if notebooks:
        nbs = sorted(paths.notebooks.glob("*.ipynb"))
        pages, result.failures = run_all(paths.root, nbs, progress)
        write_index(paths.reports, pages, result.corpus_hash)
        clock.lap("reports")
        progress(f"[reports] {len(pages)} pages, {len(result.failures)} failed → {paths.reports / 'index.html'}")
    return result


def _extract_cached(papers: pd.DataFrame, cache_file: Path, progress: Callable[[str], None],
                    cluster: tuple[Mapper, int] | None = None) -> tuple[pd.DataFrame, int]:
    """Claims of every paper; only papers whose text (content hash) or the extractor changed are read again.

    The papers to read go to ``cluster`` if given, else to this machine's cores (``machine_mapper``).
    """
    version = claims_stage.extractor_fingerprint()
    cached: dict[str, list[dict]] = {}
    if cache_file.exists():
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            cached = data["papers"] if data.get("extractor_version") == version else {}
        except (OSError, ValueError, KeyError):
            progress(f"[claims] cache {cache_file} unreadable; extracting everything again")
    todo = papers[~papers["content_hash"].isin(cached.keys())]
    records = todo.to_dict("records")
    with (nullcontext(cluster) if cluster else machine_mapper(len(records))) as (mapper, workers):
        progress(f"[claims] extracting {len(todo)} papers, {len(papers) - len(todo)} from cache"
                 + (f", on {workers} workers" if workers > 1 else ""))
        results = _map_papers(mapper, workers, claims_stage.claims_of_papers, records, "[claims]")
    cached.update(zip((p["content_hash"] for p in records), results))
    current = {h: cached[h] for h in sorted(set(papers["content_hash"]))}
    if len(todo) or len(current) != len(cached):
        atomic_write_text(cache_file, json.dumps({"extractor_version": version, "papers": current}))
    rows = [{"paper_key": key, **row} for key, h in zip(papers["key"], papers["content_hash"]) for row in current[h]]
    for row in rows:
        if "problem" in row:  # a full-text block that could not be read: skipped, the rest went on
            progress(f"[claims] {row['paper_key']} full text: {row['problem']}")
    rows = [row for row in rows if "problem" not in row]
    return pd.DataFrame(rows, columns=claims_stage.PAPER_CLAIM_COLUMNS), len(todo)


def _map_papers(mapper: Mapper, workers: int, func: Callable[[list[dict]], list], records: list[dict],
                desc: str) -> list:
    """``func`` over ``records`` in chunks through ``mapper``, one result per record, in order.

    From ``PROGRESS_MIN`` records they go in about fifty groups, so that a bar (papers, rate, ETA)
    moves as groups finish; each group is cut into chunks for the workers. Results do not depend on
    the grouping (``func`` reads each paper on its own).
    """
    per_group = len(records) if len(records) < PROGRESS_MIN else max(4 * workers, -(-len(records) // 50))
    results: list = []
    with progress_bar(len(records), "papers", desc) as bar:
        for start in range(0, len(records), max(1, per_group)):
            group = records[start:start + per_group]
            results += [rows for chunk in mapper(func, chunked(group, 4 * workers if workers > 1 else 1)) for rows in chunk]
            bar.update(len(group))
    return results


def _topics_cached(folder: Path, keys: list[str], texts: list[str], vectors: "np.ndarray",
                   k: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``topics.fit_topics``, reused from ``folder`` when the keys, texts, vectors, k and the topics code are unchanged.

    The tables are kept as Parquet (types exact), so a reused result writes byte-identical evidence;
    a hit imports no scikit-learn.
    """
    import hashlib

    import numpy as np

    code = sorted((Path(__file__).parent / "topics").glob("*.py"))
    key = sha256_text(hashlib.sha256(np.ascontiguousarray(vectors).tobytes()).hexdigest(), *keys, *texts, str(k),
                      *(sha256_text(p.read_text(encoding="utf-8")) for p in code))
    stamp = folder / "key.txt"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == key:
        try:
            return (TOPICS.conform(pd.read_parquet(folder / "topics.parquet")),
                    CLUSTERS.conform(pd.read_parquet(folder / "clusters.parquet")))
        except (OSError, ValueError):
            pass
    from .topics import fit_topics

    topics, clusters = fit_topics(keys, texts, vectors, k=k)
    folder.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    topics.to_parquet(folder / "topics.parquet", index=False)
    clusters.to_parquet(folder / "clusters.parquet", index=False)
    atomic_write_text(stamp, key)
    return topics, clusters


class _Clock:
    """Records the wall time since the previous lap under a stage name."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, stage: str) -> float:
        now = time.perf_counter()
        self.timings[stage] = now - self.last
        self.last = now
        return self.timings[stage]
