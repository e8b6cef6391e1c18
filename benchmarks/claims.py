"""Sustainability claims: precision, recall and F1 of the extractor on the annotated sentences.

usage: python benchmarks/claims.py [--split dev|heldout|all] [--show N]
Gold: tests/data/claims/{dev,heldout}.jsonl ({"id", "text", "style", "claims": [contract fields]}).
dev (330 sentences) is what rules are tuned on; heldout (100 sentences, about a fifth of all, written
separately by another annotator who never saw the extractor) is reported and never tuned on.
Matching follows the maintainers' scorer (../shared/tools/score_claims.py): a prediction matches a
gold claim of the same id when the spans overlap and the metric agrees, one-to-one, greedy by
overlap; value and canonical value are exact within 0.1%. Where that scorer is beside the project it
is run on the same files and its figures are printed too.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from litevidence.claims import extract_claims
from litevidence.schema import CONTRACT

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "claims"
REFERENCE = ROOT.parent / "shared" / "tools" / "score_claims.py"


def load(split: str) -> list[dict]:
    names = ["dev", "heldout"] if split == "all" else [split]
    rows = []
    for name in names:
        with (GOLD / f"{name}.jsonl").open(encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def predict(rows: list[dict]) -> list[dict]:
    """Predictions in the contract's fields."""
    fields = [c.name for c in CONTRACT]
    return [{"id": r["id"], **{k: c[k] for k in fields}} for r in rows for c in extract_claims(r["text"])]


def sentences_per_second(rows: list[dict], repeat: int = 5) -> float:
    """Throughput of ``extract_claims`` in one process (one core), after a warm-up pass."""
    texts = [r["text"] for r in rows]
    for t in texts:
        extract_claims(t)
    started = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            extract_claims(t)
    return repeat * len(texts) / (time.perf_counter() - started)


def close(a, b) -> bool:
    if a is None or b is None:
        return False
    return abs(float(a) - float(b)) <= 1e-3 * max(abs(float(a)), abs(float(b)), 1e-12)


def score(gold: list[dict], preds: list[dict]) -> dict:
    """P, R, F1 and exactness of matched values, by the maintainers' matching rules."""
    by_id: dict[str, list[dict]] = {}
    for p in preds:
        by_id.setdefault(p["id"], []).append(p)
    tp = fp = fn = value_ok = canon_ok = canon_n = 0
    misses, extras = [], []
    for g in gold:
        golds, cands = g["claims"], by_id.get(g["id"], [])
        pairs = sorted(((min(a["end"], b["end"]) - max(a["start"], b["start"]), gi, pi)
                        for gi, a in enumerate(golds) for pi, b in enumerate(cands)
                        if min(a["end"], b["end"]) > max(a["start"], b["start"])), reverse=True)
        used_g, used_p = set(), set()
        for _, gi, pi in pairs:
            if gi in used_g or pi in used_p or golds[gi]["metric"] != cands[pi]["metric"]:
                continue
            used_g.add(gi)
            used_p.add(pi)
            tp += 1
            value_ok += close(golds[gi]["value"], cands[pi]["value"])
            if golds[gi].get("canonical_value") is not None:
                canon_n += 1
                canon_ok += close(golds[gi]["canonical_value"], cands[pi]["canonical_value"])
        fn += len(golds) - len(used_g)
        fp += len(cands) - len(used_p)
        misses += [(g["id"], c["quote"], c["metric"]) for i, c in enumerate(golds) if i not in used_g]
        extras += [(g["id"], c["quote"], c["metric"]) for i, c in enumerate(cands) if i not in used_p]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "value_exact": value_ok / tp if tp else 0.0, "canonical_exact": canon_ok / canon_n if canon_n else 0.0,
            "misses": misses, "extras": extras}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="heldout", choices=["dev", "heldout", "all"])
    parser.add_argument("--show", type=int, default=0, help="print this many misses and extras")
    args = parser.parse_args()
    gold = load(args.split)
    preds = predict(gold)
    rate = sentences_per_second(load("all"))
    s = score(gold, preds)
    n_claims = sum(len(g["claims"]) for g in gold)
    print(f"split {args.split}: {len(gold)} sentences, {n_claims} gold claims, {len(preds)} predicted")
    print(f"precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}  "
          f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    print(f"matched claims with exact value {s['value_exact']:.3f}, exact canonical value {s['canonical_exact']:.3f}")
    print(f"speed: {rate:,.0f} sentences per second on one core (all sentences, 5 passes after a warm-up)")
    for kind in ("misses", "extras"):
        for row in s[kind][:args.show]:
            print(kind[:-2] if kind == "misses" else "extra", *row, sep=" | ")
    if REFERENCE.exists():
        with tempfile.TemporaryDirectory() as tmp:
            g, p = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
            g.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold), encoding="utf-8")
            p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in preds), encoding="utf-8")
            out = subprocess.run([sys.executable, str(REFERENCE), str(g), str(p), "--json"], capture_output=True, text=True)
        ref = json.loads(out.stdout)
        print("maintainers' scorer: " + ", ".join(f"{k} {ref[k]}" for k in ("precision", "recall", "f1", "value_exact", "canonical_exact")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
