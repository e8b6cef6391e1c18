"""A run on a dask LocalCluster with two worker processes gives what a single-process run gives."""
import shutil

import numpy as np
import pytest

from conftest import DATA
from litevidence.embed import BACKENDS, VectorCache, paper_texts
from litevidence.corpus import read_corpus
from litevidence.parallel import chunked, dask_mapper
from litevidence.paths import ProjectPaths
from litevidence.pipeline import run


def test_chunked_keeps_order_and_covers_everything():
    assert chunked(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert chunked([1], 4) == [[1]] and chunked([], 2) == []


@pytest.mark.slow
def test_a_local_cluster_gives_the_same_evidence_and_vectors(tmp_path):
    projects = {}
    for name in ("single", "dask"):
        projects[name] = tmp_path / name
        shutil.copytree(DATA / "tiny", projects[name] / "corpus")
    run(projects["single"], backend="tfidf", notebooks=False, progress=lambda m: None)
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        messages = []
        run(projects["dask"], backend="tfidf", notebooks=False, progress=messages.append, scheduler=cluster.scheduler_address)
    assert "[dask] 2 workers" in messages[0]
    for table in ("claims.csv", "papers.csv", "topics.csv", "clusters.csv"):
        assert (projects["dask"] / "evidence" / table).read_bytes() == (projects["single"] / "evidence" / table).read_bytes()
    texts = paper_texts(read_corpus(projects["single"] / "corpus")[0])
    backend = BACKENDS.create("tfidf").fit(texts)
    vectors = {name: VectorCache(ProjectPaths(p).cache / "vectors").load("tfidf", backend.model_id) for name, p in projects.items()}
    assert vectors["single"].keys() == vectors["dask"].keys() and len(vectors["single"]) == 6
    assert all(np.array_equal(vectors["single"][h], vectors["dask"][h]) for h in vectors["single"])


@pytest.mark.slow
def test_dask_mapper_runs_chunks_on_the_workers_in_order():
    with dask_mapper("local") as (mapper, workers):
        assert workers >= 1
        assert mapper(sum, [[1, 2], [3], [4, 5, 6]]) == [3, 3, 15]
