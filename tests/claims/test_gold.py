"""The annotated sentences behind benchmarks/claims.py: well-formed, and the extractor does not regress on dev."""
import importlib.util
import json

from conftest import DATA, ROOT

from litevidence.vocabulary import METRICS

def _benchmark():
    spec = importlib.util.spec_from_file_location("claims_benchmark", ROOT / "benchmarks" / "claims.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_sentences_are_well_formed_and_about_a_fifth_is_held_out():
    splits = {name: [json.loads(line) for line in (DATA / "claims" / f"{name}.jsonl").open(encoding="utf-8")]
              for name in ("dev", "heldout")}
    rows = splits["dev"] + splits["heldout"]
    assert len(rows) >= 300 and len({r["id"] for r in rows}) == len(rows)
    assert 0.18 <= len(splits["heldout"]) / len(rows) <= 0.25  # about a fifth, kept aside
    for r in rows:
        for c in r["claims"]:
            assert r["text"][c["start"]:c["end"]] == c["quote"], r["id"]
            assert c["metric"] in METRICS, r["id"]
    assert sum(not r["claims"] for r in rows) >= 60  # negatives


def test_extractor_holds_its_dev_scores():
    bench = _benchmark()
    gold = bench.load("dev")
    s = bench.score(gold, bench.predict(gold))
    assert s["precision"] >= 0.95 and s["recall"] >= 0.95
    assert s["canonical_exact"] >= 0.95
