"""Every stage at scale: wall time, time per paper and peak memory for synthetic corpora of N papers.

usage: python benchmarks/scale.py [--sizes 1000 10000 100000] [--backend NAME]
Each size runs in a fresh process (so its peak memory is its own) on a corpus from
make_corpus.py, without notebooks, from an empty cache.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from litevidence.embed import BACKENDS, default_backend

HERE = Path(__file__).resolve().parent


def one(n: int, backend: str) -> dict:
    sys.path.insert(0, str(HERE))
    from make_corpus import write_corpus

    from litevidence.pipeline import run

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(n, Path(tmp))
        started = time.perf_counter()
        result = run(Path(tmp), backend=backend, notebooks=False, progress=lambda m: None)
        total = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "total": total, "timings": result.timings, "peak_mib": peak_mib, "claims": result.claims}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--backend", default=default_backend(), choices=BACKENDS.names(),
                        help="embedding backend (default: the pipeline's, %(default)s here)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.backend)))
        return 0
    print(f"backend {args.backend}; seconds per stage, ms per paper, peak memory of the run's process")
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--backend", args.backend],
                             capture_output=True, text=True)
        if out.returncode:
            print(f"N={n}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        stages = "  ".join(f"{k} {v:.1f}s" for k, v in r["timings"].items())
        print(f"N={n:>7}: total {r['total']:.1f}s, {1000 * r['total'] / n:.2f} ms/paper, peak {r['peak_mib']:.0f} MiB, "
              f"{r['claims']} evidence rows | {stages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
