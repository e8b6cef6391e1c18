"""This machine's process pool: used only when there is enough work, and results keep their order."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import DATA
from processes import cmdline, descendants, wait_gone
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


POOL_SCRIPT = r"""
import time
from litevidence import parallel

with parallel.machine_mapper(parallel.POOL_MIN_ITEMS, workers=2) as (mapper, workers):
    mapper(time.sleep, [600, 600])
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_issue13_8_pool_workers_die_with_their_parent(sig):
    parent, tree = subprocess.Popen([sys.executable, "-c", POOL_SCRIPT]), set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            workers = {p for p in descendants(parent.pid) if "multiprocessing" in cmdline(p) and "spawn_main" in cmdline(p)}
            if len(workers) == 2:
                break
            time.sleep(0.1)
        assert len(workers) == 2, "the pool did not start its two workers"
        time.sleep(1)  # let the workers run their initializer
        tree = descendants(parent.pid)
        os.kill(parent.pid, sig)
        parent.wait(timeout=30)
        assert wait_gone(tree, timeout=15) == set(), "processes outlived the run that started them"
    finally:
        started = tree | descendants(parent.pid)
        parent.kill()
        for pid in wait_gone(started, timeout=0):
            os.kill(pid, signal.SIGKILL)
