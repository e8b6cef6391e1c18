"""Claim extraction throughput on one core, in sentences per second, on three kinds of text.

usage: python benchmarks/claims_speed.py [--papers 3000] [--repeat 3]
- gold: the annotated sentences (tests/data/claims), where every sentence states a number;
- default corpus: the papers' titles, abstracts and summaries, as the pipeline reads them;
- synthetic: abstracts from make_corpus.py, as in benchmarks/scale.py (a mix of sentences with and
  without quantities, like real abstracts).
Each figure is the median of ``--repeat`` passes after a warm-up, in this one process. The issue's
target is 15,000 sentences per second; the last line says where it is met.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import write_corpus  # noqa: E402

from litevidence.claims import extract_claims, paper_claims  # noqa: E402
from litevidence.claims.sentences import sentence_spans  # noqa: E402
from litevidence.corpus import read_corpus  # noqa: E402
from litevidence.schema import TEXT_FIELDS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET = 15_000


def rate(work, items: list, sentences: int, repeat: int) -> float:
    for item in items:
        work(item)
    rates = []
    for _ in range(repeat):
        started = time.perf_counter()
        for item in items:
            work(item)
        rates.append(sentences / (time.perf_counter() - started))
    return float(np.median(rates))


def paper_sentences(papers: list[dict]) -> int:
    return sum(len(sentence_spans(p.get(f) or "")) for p in papers for f in TEXT_FIELDS if p.get(f))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=3000, help="synthetic papers (default 3000)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    gold = [json.loads(line)["text"] for name in ("dev", "heldout")
            for line in (ROOT / "tests" / "data" / "claims" / f"{name}.jsonl").open(encoding="utf-8") if line.strip()]
    default = read_corpus(ROOT / "corpus")[0].to_dict("records")
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(args.papers, Path(tmp))
        synthetic = read_corpus(Path(tmp) / "corpus")[0].to_dict("records")
    kinds = {
        "gold sentences (all with numbers)": (extract_claims, gold, sum(len(sentence_spans(t)) for t in gold)),
        "default corpus (155 papers)": (paper_claims, default, paper_sentences(default)),
        f"synthetic abstracts ({args.papers:,} papers)": (paper_claims, synthetic, paper_sentences(synthetic)),
    }
    met = []
    print(f"{'text':<38}{'sentences':>10}{'sentences/s':>13}")
    for name, (work, items, sentences) in kinds.items():
        speed = rate(work, items, sentences, args.repeat)
        print(f"{name:<38}{sentences:>10,}{speed:>13,.0f}")
        if speed >= TARGET:
            met.append(name)
    print(f"target ≥{TARGET:,} sentences/s on one core: " + (f"met on {'; '.join(met)}" if met else "not met"))


if __name__ == "__main__":
    main()
