"""Where per-paper work runs: in this process, on this machine's cores, or on a dask.distributed cluster.

A mapper takes a function and a list of chunks and returns the function's results in chunk order,
so a run gives the same tables wherever the chunks were computed.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence, TypeVar

from .errors import LitevidenceError

T = TypeVar("T")
R = TypeVar("R")
Mapper = Callable[[Callable[[T], R], Sequence[T]], list[R]]

_PR_SET_PDEATHSIG = 1
"""prctl option from <sys/prctl.h>: the signal a process gets when its parent dies."""

POOL_MIN_ITEMS = 2000
"""Below this many items a process pool costs more to start (about a second) than it saves."""


def local_map(func: Callable[[T], R], chunks: Sequence[T]) -> list[R]:
    """Run every chunk here, in order."""
    return [func(chunk) for chunk in chunks]


def chunked(items: Sequence[T], n_chunks: int) -> list[list[T]]:
    """``items`` cut into at most ``n_chunks`` contiguous, nearly equal, non-empty parts."""
    n = max(1, min(n_chunks, len(items)))
    size, extra = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return [c for c in out if c]


@contextmanager
def machine_mapper(n_items: int, workers: int | None = None) -> Iterator[tuple[Mapper, int]]:
    """A mapper for ``n_items`` of per-paper work on this machine, and its number of workers.

    With at least ``POOL_MIN_ITEMS`` items and more than one core, chunks run in a pool of
    ``workers`` processes (default: one per core, started by spawning, so no thread state is
    forked); otherwise here. Workers die with this process, however it ends (``die_with_parent``).
    Functions mapped must be importable (module-level).
    """
    workers = workers or os.cpu_count() or 1
    if workers < 2 or n_items < POOL_MIN_ITEMS:
        yield local_map, 1
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        yield (lambda func, chunks: list(pool.map(func, chunks))), workers


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the process that started it dies, even by SIGKILL.

    Linux only (prctl PR_SET_PDEATHSIG); elsewhere a no-op. A worker whose parent died before the
    request took effect exits at once.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:
        os._exit(1)


@contextmanager
def dask_mapper(scheduler: str) -> Iterator[tuple[Mapper, int]]:
    """A mapper on a dask.distributed cluster and its number of workers.

    ``scheduler`` is a scheduler address (tcp://host:8786) or "local" for a LocalCluster of one
    single-threaded worker process per core on this machine.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise LitevidenceError(f"--scheduler needs dask.distributed ({e})", todo="install the project (pip install -e .)") from e
    cluster = LocalCluster(n_workers=None, threads_per_worker=1, processes=True) if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        workers = max(1, len(client.scheduler_info()["workers"]))

        def mapper(func, chunks):
            return client.gather(client.map(func, list(chunks), pure=False))

        yield mapper, workers
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
