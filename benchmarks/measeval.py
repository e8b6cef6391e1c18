"""Quantities in general: `litevidence extract --all-quantities` on MeasEval (SemEval-2021 Task 8).

usage: python benchmarks/measeval.py [--shared DIR]
Reads the data from ../shared/measeval and scores with the maintainers' scorer
(../shared/tools/score_measeval.py): span-overlap and exact-span F1 of Quantity annotations.
train and trial are the splits rules may be tuned on; eval is reported, never tuned on.
Nothing of the data is copied into the project; without it the benchmark says so and exits 0.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from litevidence.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    data, tools = args.shared / "measeval", args.shared / "tools"
    if not (data.is_dir() and (tools / "score_measeval.py").exists()):
        print(f"MeasEval data or scorer not found under {args.shared}; nothing to measure (skipped)")
        return 0
    sys.path.insert(0, str(tools))
    import score_measeval

    print(f"{'split':<7}{'docs':>6}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'exact F1':>10}{'docs/s':>9}")
    for split in ("train", "trial", "eval"):
        docs, gold = score_measeval.split_docs(str(data / split))
        with tempfile.TemporaryDirectory() as tmp:
            src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
            src.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in docs.items()), encoding="utf-8")
            started = time.perf_counter()
            cli(["extract", "--all-quantities", "--input", str(src), "--output", str(out)])
            seconds = time.perf_counter() - started
            preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]
        s = score_measeval.score(gold, preds)
        print(f"{split:<7}{len(docs):>6}{s['gold']:>6}{s['pred']:>6}{s['overlap_p']:>7.3f}{s['overlap_r']:>7.3f}"
              f"{s['overlap_f1']:>7.3f}{s['exact_f1']:>10.3f}{len(docs) / seconds:>9.0f}")
    print("eval is the reporting split: no rule or threshold was chosen by looking at it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
