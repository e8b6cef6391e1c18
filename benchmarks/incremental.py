"""Adding one paper to a corpus of thousands: the rerun embeds and extracts that paper alone.

usage: python benchmarks/incremental.py [--papers 5000] [--backend NAME]
Prints the wall time of a full run from an empty cache and of the rerun after `add` of one paper,
per stage, and how many papers each embedded and extracted. Notebooks are not run (their cost does
not depend on what changed).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus  # noqa: E402

from litevidence.corpus.add import add_papers  # noqa: E402
from litevidence.embed import BACKENDS, default_backend  # noqa: E402
from litevidence.pipeline import run  # noqa: E402

NEW_PAPER = """@article{newcomer2026adding,
  title = {Adding One Paper to a Large Review},
  author = {Newcomer, Ada},
  year = {2026},
  journal = {Fixture Letters},
  keywords = {inference-footprint, incremental},
  abstract = {Serving the model needs 0.4 Wh per query, 30\\% less energy than before.}
}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=5000)
    parser.add_argument("--backend", default=default_backend(), choices=BACKENDS.names(),
                        help="embedding backend (default: the pipeline's, %(default)s here)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        write_corpus(args.papers, project)
        started = time.perf_counter()
        full = run(project, backend=args.backend, notebooks=False, progress=lambda m: None)
        full_s = time.perf_counter() - started
        (project / "new.bib").write_text(NEW_PAPER, encoding="utf-8")
        added = add_papers(project / "corpus", [str(project / "new.bib")])
        started = time.perf_counter()
        rerun = run(project, backend=args.backend, notebooks=False, progress=lambda m: None)
        rerun_s = time.perf_counter() - started
    print(f"corpus: {args.papers} synthetic papers, backend {args.backend}; added {added.added}")
    print(f"{'stage':<10}{'full (s)':>10}{'rerun (s)':>11}")
    for stage in full.timings:
        print(f"{stage:<10}{full.timings[stage]:>10.2f}{rerun.timings[stage]:>11.2f}")
    print(f"{'total':<10}{full_s:>10.2f}{rerun_s:>11.2f}   ({full_s / rerun_s:.1f}x faster)")
    print(f"full run: embedded {full.embedded}, extracted {full.extracted_papers} papers")
    print(f"rerun:    embedded {rerun.embedded}, extracted {rerun.extracted_papers} papers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
