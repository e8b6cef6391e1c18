"""Claim extraction throughput on one core, in sentences per second, on three kinds of text.

usage: python benchmarks/claims_speed.py [--papers 3000] [--repeat 3]
- gold: the annotated sentences (tests/data/claims), where every sentence states a number;
- default corpus: the papers' titles, abstracts and summaries, as the pipeline reads them;
- synthetic: abstracts from make_corpus.py, as in benchmarks/scale.py (a mix of sentences with and
  without quantities, like real abstracts).
Each figure is the median of ``--repeat`` passes after a warm-up, in this one process, in CPU seconds of
the process (``time.process_time``: on a shared machine another process's load does not count against
it; wall-clock figures are printed beside). The issue's targets: 15,000 sentences per second on the
synthetic corpus, and no sentence slower than 10 ms (the worst 0.1% of sentences, each timed alone).
"""
from __future__ import annotations

import argparse
import gc
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
"""Sentences per CPU second on the synthetic corpus (issue 12); the other two rows are for comparison."""
TARGET_WORST = 0.010


def rate(work, items: list, sentences: int, repeat: int) -> tuple[float, float]:
    """Median sentences per CPU second and per wall-clock second over ``repeat`` passes."""
    for item in items:
        work(item)
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for item in items:
            work(item)
        cpu.append(sentences / (time.process_time() - c0))
        wall.append(sentences / (time.perf_counter() - w0))
    return float(np.median(cpu)), float(np.median(wall))


def worst_sentences(papers: list[dict]) -> tuple[float, float, str]:
    """(99.9th percentile, max) of the time to extract one sentence alone, and the slowest sentence.

    The garbage collector is paused while a sentence is timed and runs between sentences, so that a
    collection of garbage left by earlier ones is not charged to the one that happens to trigger it.
    """
    sentences = [t[s:e] for p in papers for f in TEXT_FIELDS if (t := p.get(f)) for s, e in sentence_spans(t)]
    times = []
    gc.disable()
    for n, text in enumerate(sentences):
        started = time.perf_counter()
        extract_claims(text)
        times.append((time.perf_counter() - started, text))
        if n % 1000 == 999:
            gc.collect()
    gc.enable()
    times.sort(key=lambda x: x[0])
    return float(np.percentile([t for t, _ in times], 99.9)), times[-1][0], times[-1][1]


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
    speeds = {}
    print(f"{'text':<38}{'sentences':>10}{'per CPU s':>11}{'per wall s':>12}")
    for name, (work, items, sentences) in kinds.items():
        speed, wall = rate(work, items, sentences, args.repeat)
        print(f"{name:<38}{sentences:>10,}{speed:>11,.0f}{wall:>12,.0f}")
        speeds[name] = speed
    synthetic_speed = speeds[f"synthetic abstracts ({args.papers:,} papers)"]
    print(f"target ≥{TARGET:,} sentences/s on one core, synthetic corpus: "
          + ("met" if synthetic_speed >= TARGET else f"not met ({synthetic_speed:,.0f})"))
    p999, worst, text = worst_sentences(synthetic + default)
    print(f"one sentence alone (synthetic and default corpus): 99.9th percentile {p999 * 1000:.2f} ms, "
          f"slowest {worst * 1000:.2f} ms ({text[:60]!r}...)")
    print(f"target no sentence slower than {TARGET_WORST * 1000:.0f} ms: " + ("met" if worst <= TARGET_WORST else "not met"))


if __name__ == "__main__":
    main()
