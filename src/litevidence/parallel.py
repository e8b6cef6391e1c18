"""Where per-paper work runs: in this process, or partitioned on a dask.distributed cluster.

A mapper takes a function and a list of chunks and returns the function's results in chunk order,
so a run gives the same tables wherever the chunks were computed.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Mapper = Callable[[Callable[[T], R], Sequence[T]], list[R]]


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
def dask_mapper(scheduler: str) -> Iterator[tuple[Mapper, int]]:
    """A mapper on a dask.distributed cluster and its number of workers.

    ``scheduler`` is a scheduler address (tcp://host:8786) or "local" for a LocalCluster of one
    single-threaded worker process per core on this machine.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ImportError(f"--scheduler needs dask.distributed ({e}); install the project (pip install -e .)") from e
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
