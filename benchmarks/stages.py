"""Wall time of each pipeline stage on the default corpus: a cold run (empty cache) and a warm rerun.

usage: python benchmarks/stages.py [--backend NAME] [--no-notebooks]
Works on a temporary copy of corpus/ and notebooks/, so the project itself is not touched.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from litevidence.embed import BACKENDS, default_backend
from litevidence.pipeline import run

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", default=default_backend(), choices=BACKENDS.names(),
                        help="embedding backend (default: the pipeline's, %(default)s here)")
    parser.add_argument("--no-notebooks", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "corpus", project / "corpus")
        shutil.copytree(ROOT / "notebooks", project / "notebooks")
        runs = {name: run(project, backend=args.backend, notebooks=not args.no_notebooks, progress=lambda m: None)
                for name in ("cold", "warm")}
        cold = runs["cold"]
        print(f"default corpus: {cold.papers} papers, {cold.claims} evidence rows, backend {args.backend}")
        print(f"{'stage':<10}{'cold (s)':>10}{'warm (s)':>10}")
        for stage in cold.timings:
            print(f"{stage:<10}{cold.timings[stage]:>10.2f}{runs['warm'].timings[stage]:>10.2f}")
        print(f"{'total':<10}{sum(cold.timings.values()):>10.2f}{sum(runs['warm'].timings.values()):>10.2f}")
        print(f"warm rerun embedded {runs['warm'].embedded} papers and extracted {runs['warm'].extracted_papers}")


if __name__ == "__main__":
    main()
