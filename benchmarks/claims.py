"""Claim extraction measured on every split: real abstracts first, then the project's own gold, then MeasEval.

usage: python benchmarks/claims.py [--shared DIR] [--show N] [--split NAME]

Splits, in the order they are printed:
- real: ../shared/claims-dev/real_abstracts.jsonl, 114 real arXiv abstracts annotated under
  ../shared/ANNOTATION.md by people outside the project (read from there, never copied). The rules are
  hand-written, not learned, so there is nothing to cross-validate; they were written on half of it
  first and checked on the other half (see README, "How the extractor was measured").
- own-dev, own-heldout: tests/data/claims/{dev,heldout}.jsonl, sentences written for the project.
- measeval-train, measeval-trial, measeval-eval: every quantity (``extract --all-quantities``) on
  MeasEval (SemEval-2021 Task 8); rules may look at train and trial, eval is reported only.

Claims are scored by the maintainers' scorer (../shared/tools/score_claims.py, imported from there): a
prediction matches a gold claim of the same id when spans overlap and the metric agrees, one to one.
MeasEval by ../shared/tools/score_measeval.py. Without ../shared the project's own splits are scored by
``score`` below, which follows the same matching rules. Targets are the extraction issue's; the last
lines say which are met.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from litevidence.claims import extract_claims
from litevidence.schema import CONTRACT

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "claims"
TARGETS = {"precision": 0.92, "recall": 0.88, "canonical_exact": 0.95, "phase_right": 0.80}
"""On the real abstracts (the issue's targets)."""
MEASEVAL_TARGETS = {"overlap_f1": 0.88, "overlap_p": 0.80}
"""On MeasEval eval."""


def load(split: str) -> list[dict]:
    """The project's own gold: 'dev', 'heldout' or 'all'."""
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


def close(a, b) -> bool:
    if a is None or b is None:
        return False
    return abs(float(a) - float(b)) <= 1e-3 * max(abs(float(a)), abs(float(b)), 1e-12)


def score(gold: list[dict], preds: list[dict]) -> dict:
    """P, R, F1 and exactness of matched values, by the maintainers' matching rules (for when their scorer is absent)."""
    by_id: dict[str, list[dict]] = {}
    for p in preds:
        by_id.setdefault(p["id"], []).append(p)
    tp = fp = fn = value_ok = canon_ok = canon_n = phase_ok = phase_n = 0
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
            if golds[gi].get("phase"):
                phase_n += 1
                phase_ok += golds[gi]["phase"] == cands[pi].get("phase")
        fn += len(golds) - len(used_g)
        fp += len(cands) - len(used_p)
        misses += [(g["id"], c["quote"], c["metric"]) for i, c in enumerate(golds) if i not in used_g]
        extras += [(g["id"], c["quote"], c["metric"]) for i, c in enumerate(cands) if i not in used_p]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "value_exact": value_ok / tp if tp else 0.0, "canonical_exact": canon_ok / canon_n if canon_n else 0.0,
            "phase_right": phase_ok / phase_n if phase_n else 0.0, "misses": misses, "extras": extras}


def _reference(tools: Path, name: str):
    """The maintainers' scorer module ``name`` from ``tools``, or None."""
    if not (tools / f"{name}.py").exists():
        return None
    sys.path.insert(0, str(tools))
    return __import__(name)


def _claims_row(label: str, gold: list[dict], scorer, show: int) -> dict:
    preds = predict(gold)
    s = (scorer.score if scorer else score)(gold, preds)
    print(f"{label:<16}{len(gold):>6}{s['tp'] + s['fn']:>6}{s['tp'] + s['fp']:>6}{s['precision']:>7.3f}{s['recall']:>7.3f}"
          f"{s['f1']:>7.3f}{s['value_exact']:>8.3f}{s['canonical_exact']:>8.3f}{s['phase_right']:>8.3f}")
    for kind in ("misses", "extras"):
        for row in s[kind][:show]:
            print("   ", kind[:-2] if kind == "misses" else "extra", *row, sep=" | ")
    return s


def _measeval_row(split: str, data: Path, scorer) -> dict:
    docs, gold = scorer.split_docs(str(data / split))
    started = time.perf_counter()
    preds = [{"id": k, "start": c["start"], "end": c["end"]}
             for k, text in docs.items() for c in extract_claims(text, all_quantities=True)]
    seconds = time.perf_counter() - started
    s = scorer.score(gold, preds)
    print(f"{'measeval-' + split:<16}{len(docs):>6}{s['gold']:>6}{s['pred']:>6}{s['overlap_p']:>7.3f}{s['overlap_r']:>7.3f}"
          f"{s['overlap_f1']:>7.3f}   exact F1 {s['exact_f1']:.3f}, {len(docs) / seconds:.0f} docs/s")
    return s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show", type=int, default=0, help="print this many misses and extras per split")
    args = parser.parse_args()
    claims_scorer = _reference(args.shared / "tools", "score_claims")
    measeval_scorer = _reference(args.shared / "tools", "score_measeval")
    real_path = args.shared / "claims-dev" / "real_abstracts.jsonl"
    print("scorer: " + ("the maintainers' score_claims.py" if claims_scorer else "benchmarks/claims.py score (same rules)"))
    print(f"{'split':<16}{'texts':>6}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'value':>8}{'canon':>8}{'phase':>8}")
    real = None
    if real_path.exists():
        real = _claims_row("real", [json.loads(line) for line in real_path.open(encoding="utf-8") if line.strip()],
                           claims_scorer, args.show)
    else:
        print(f"real            {real_path} not found: the real-text figures cannot be measured here")
    _claims_row("own-dev", load("dev"), claims_scorer, args.show)
    _claims_row("own-heldout", load("heldout"), claims_scorer, args.show)
    evaluation = None
    if measeval_scorer and (args.shared / "measeval").is_dir():
        print(f"{'':<16}{'docs':>6}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}")
        for split in ("train", "trial", "eval"):
            s = _measeval_row(split, args.shared / "measeval", measeval_scorer)
            evaluation = s if split == "eval" else evaluation
        print("MeasEval eval is reported only: no rule or threshold was chosen by looking at it")
    if real is not None:
        met = {k: real[k] >= v for k, v in TARGETS.items()}
        print("targets on real abstracts: " + ", ".join(f"{k} ≥ {v} {'met' if met[k] else 'NOT met'}"
                                                         for k, v in TARGETS.items()))
    if evaluation is not None:
        print("targets on MeasEval eval: " + ", ".join(
            f"{k} ≥ {v} {'met' if evaluation[k] >= v else 'NOT met'}" for k, v in MEASEVAL_TARGETS.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
