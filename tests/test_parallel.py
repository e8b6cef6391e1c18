"""This machine's process pool: used only when there is enough work, and results keep their order."""
import shutil

import pytest

from conftest import DATA
from litevidence import parallel
from litevidence.pipeline import run


def test_small_work_stays_in_this_process():
    with parallel.machine_mapper(parallel.POOL_MIN_ITEMS - 1, workers=2) as (mapper, workers):
        assert mapper is parallel.local_map and workers == 1
    with parallel.machine_mapper(10 ** 6, workers=1) as (mapper, workers):
        assert mapper is parallel.local_map and workers == 1


def test_a_pool_maps_chunks_in_order():
    with parallel.machine_mapper(parallel.POOL_MIN_ITEMS, workers=2) as (mapper, workers):
        assert workers == 2 and mapper is not parallel.local_map
        assert mapper(sum, [[1, 2], [3], [4, 5, 6], []]) == [3, 3, 15, 0]


@pytest.mark.slow
def test_claims_on_two_processes_equal_claims_in_one(tmp_path, monkeypatch):
    projects = {name: tmp_path / name for name in ("one", "two")}
    for project in projects.values():
        shutil.copytree(DATA / "tiny", project / "corpus")
    run(projects["one"], backend="tfidf", notebooks=False, progress=lambda m: None)
    monkeypatch.setattr(parallel, "POOL_MIN_ITEMS", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    messages = []
    run(projects["two"], backend="tfidf", notebooks=False, progress=messages.append)
    assert any(", on 2 workers" in m for m in messages)
    for table in ("claims.csv", "papers.csv", "topics.csv"):
        assert (projects["two"] / "evidence" / table).read_bytes() == (projects["one"] / "evidence" / table).read_bytes()
