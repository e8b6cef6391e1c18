"""Every stage at scale: wall time, time per paper and peak memory for synthetic corpora of N papers.

usage: python benchmarks/scale.py [--sizes 1000 10000 100000 | --n 100000] [--backend NAME]
Each size runs in a fresh process (so its peak memory is its own) on a corpus from
make_corpus.py, without notebooks, from an empty cache. Peak memory is the run process's own
high-water mark, and the highest sum of resident memory over it and its worker processes (the
claims pool), sampled every 0.2 s from /proc; the sum counts shared pages twice, so it is an
upper bound.
"""
from __future__ import annotations

import argparse
import json
import resource
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from litevidence.embed import BACKENDS, default_backend

HERE = Path(__file__).resolve().parent
TARGET_SECONDS, TARGET_MIB = 15 * 60, 4 * 1024
"""Issue 16's targets for 100,000 papers end to end without notebooks."""


class TreeMemory:
    """The highest resident memory of this process and all its descendants together, sampled from /proc."""

    def __init__(self, every: float = 0.2) -> None:
        self.every, self.peak_kib, self._stop = every, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(self.every):
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(pid) for pid in _tree(os.getpid())))


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                continue
    return pids


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def one(n: int, backend: str) -> dict:
    sys.path.insert(0, str(HERE))
    from make_corpus import write_corpus

    from litevidence.pipeline import run

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(n, Path(tmp))
        started = time.perf_counter()
        with TreeMemory() as memory:
            result = run(Path(tmp), backend=backend, notebooks=False, progress=lambda m: None)
        total = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "total": total, "timings": result.timings, "peak_mib": peak_mib,
            "tree_mib": memory.peak_kib / 1024, "claims": result.claims}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", "--n", dest="sizes", type=int, nargs="+", default=[1000, 10000, 100000],
                        help="corpus sizes, each run in its own process (--n 100000: the issue's one size)")
    parser.add_argument("--backend", default=default_backend(), choices=BACKENDS.names(),
                        help="embedding backend (default: the pipeline's, %(default)s here)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.backend)))
        return 0
    print(f"backend {args.backend}; seconds per stage, ms per paper, peak memory of the run's process "
          "and of it with its worker processes")
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--backend", args.backend],
                             capture_output=True, text=True)
        if out.returncode:
            print(f"N={n}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        stages = "  ".join(f"{k} {v:.1f}s" for k, v in r["timings"].items())
        print(f"N={n:>7}: total {r['total']:.1f}s, {1000 * r['total'] / n:.2f} ms/paper, peak {r['peak_mib']:.0f} MiB "
              f"(with workers {r['tree_mib']:.0f} MiB), "
              f"{r['claims']} evidence rows | {stages}")
        if n >= 100_000:
            fast, small = r["total"] <= TARGET_SECONDS, max(r["peak_mib"], r["tree_mib"]) <= TARGET_MIB
            print(f"N={n}: target ≤ {TARGET_SECONDS / 60:.0f} min and ≤ {TARGET_MIB / 1024:.0f} GiB (issue 16): "
                  f"time {'met' if fast else 'NOT met'} ({r['total'] / 60:.1f} min), "
                  f"memory {'met' if small else 'NOT met'} ({max(r['peak_mib'], r['tree_mib']) / 1024:.2f} GiB, the larger peak)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
