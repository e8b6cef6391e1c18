"""What a researcher waits for: the first five rows of issue 16's table, each command a whole process.

usage: python benchmarks/latency.py [--repeat 5] [--fresh-repeat 3] [--embed-passes 7] [--skip-fresh]
Works on a copy of the default project in a temporary folder (corpus/, notebooks/, evidence/ as
committed). Each command is timed as a whole process (`litevidence ...` through this Python), the
median of ``--repeat`` runs, rounds interleaved across commands so that a slow spell of this shared
machine falls on all of them. "run, fresh clone" starts from no cache, no reports and no exported
ONNX model (a model cache of its own), as after `make run` on a new machine; it is slow, so it has
its own ``--fresh-repeat``. The embedding row is the default backend's rate over the fp32
sentence-transformers backend's, medians of ``--embed-passes`` interleaved passes in this process
(benchmarks/embedding.py has the full table). The load average before and after is printed: the
figures mean little on a machine busy with other work.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "litevidence.cli"]
TODAY = {"--version": "2.4–3.3 s", "cite": "2.4–3.3 s", "export": "2.4–3.3 s", "validate": "2.4–3.3 s",
         "search": "13.4 s", "similar": "5.5 s", "run, nothing changed": "39 s", "run, fresh clone": "about 80 s",
         "embedding, default vs fp32": "1.68–1.80x"}
TARGET = {"--version": 0.5, "cite": 0.5, "export": 0.5, "validate": 0.5, "search": 1.5, "similar": 1.5,
          "run, nothing changed": 5.0, "run, fresh clone": 30.0}
TARGET_RATIO = 3.0


def copy_project(target: Path) -> Path:
    """The default project as a fresh clone has it: corpus/, notebooks/ and the committed evidence/."""
    for name in ("corpus", "notebooks", "evidence"):
        shutil.copytree(ROOT / name, target / name)
    return target


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Wall seconds of one whole `litevidence` process; a failure stops the benchmark with its output."""
    started = time.perf_counter()
    done = subprocess.run(CLI + argv, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"litevidence {' '.join(argv)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def quick_commands(project: Path) -> dict[str, list[str]]:
    """The commands of rows 1 and 2, as a researcher types them in the project folder."""
    first_id = (project / "evidence" / "claims.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    return {"--version": ["--version"], "cite": ["cite", first_id],
            "export": ["export", "--format", "csv", "--output", str(project / "export.csv")],
            "validate": ["validate"], "search": ["search", "water used by datacentre cooling", "-k", "10"],
            "similar": ["similar", "strubell2019energy", "-k", "10"], "run, nothing changed": ["run"]}


def fresh_run(work: Path, env: dict[str, str], repeat: int) -> list[float]:
    """`run` on a new copy of the project with an empty model cache, ``repeat`` times."""
    times = []
    for i in range(repeat):
        project = copy_project(work / f"fresh-{i}")
        times.append(timed(["run"], project, {**env, "LITEVIDENCE_MODEL_CACHE": str(work / f"models-{i}")}))
        shutil.rmtree(project)
    return times


def embedding_ratio(passes: int) -> tuple[float, str, float, float]:
    """(default rate / fp32 rate, default backend, default texts/s, fp32 texts/s) over the default corpus."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from embedding import timed as timed_passes

    from litevidence.corpus import read_corpus
    from litevidence.embed import BACKENDS, default_backend, paper_texts

    texts = paper_texts(read_corpus(ROOT / "corpus")[0])
    default = default_backend()
    rates, _ = timed_passes({"minilm": BACKENDS.create("minilm"), default: BACKENDS.create(default)}, texts, passes)
    return rates[default] / rates["minilm"], default, rates[default], rates["minilm"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each quick command (median)")
    parser.add_argument("--fresh-repeat", type=int, default=3, help="runs of `run` on a fresh clone (median)")
    parser.add_argument("--embed-passes", type=int, default=7, help="interleaved embedding passes per backend (median)")
    parser.add_argument("--skip-fresh", action="store_true", help="leave out the fresh-clone row")
    parser.add_argument("--skip-embedding", action="store_true", help="leave out the embedding row")
    args = parser.parse_args()
    env = dict(os.environ)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    results: dict[str, str] = {}
    met: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(prefix="lv-latency-") as tmp:
        work = Path(tmp)
        project = copy_project(work / "project")
        timed(["run"], project, env)  # the researcher's project after a first run: caches, index, pages
        commands = quick_commands(project)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, argv in commands.items():
                times[name].append(timed(argv, project, env))
        for name, values in times.items():
            median = statistics.median(values)
            results[name] = f"{median:.2f} s (min {min(values):.2f})"
            met[name] = median <= TARGET[name]
        if not args.skip_fresh:
            values = fresh_run(work, env, args.fresh_repeat)
            median = statistics.median(values)
            results["run, fresh clone"] = f"{median:.1f} s (min {min(values):.1f})"
            met["run, fresh clone"] = median <= TARGET["run, fresh clone"]
    if not args.skip_embedding:
        ratio, default, rate, fp32 = embedding_ratio(args.embed_passes)
        results["embedding, default vs fp32"] = f"{ratio:.2f}x ({default} {rate:.0f}/s, fp32 {fp32:.0f}/s)"
        met["embedding, default vs fp32"] = ratio >= TARGET_RATIO
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'what':<28}{'today (issue 16)':<18}{'target':<10}{'now':<40}met")
    for name, value in results.items():
        target = f"≤ {TARGET[name]:g} s" if name in TARGET else f"≥ {TARGET_RATIO:g}x"
        print(f"{name:<28}{TODAY[name]:<18}{target:<10}{value:<40}{'yes' if met[name] else 'NO'}")
    missed = [name for name, ok in met.items() if not ok]
    print("all targets met" if not missed else f"targets not met: {', '.join(missed)}")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
