"""The extractor on real abstracts nobody on the project wrote (../shared/claims-dev), scored by the maintainers' scorer.

Read from ../shared, never copied into the project. Where the data or the scorer is not beside the
project the test says so and skips; the benchmark (benchmarks/claims.py) prints the full figures.
"""
import importlib.util
import json

import pytest
from conftest import SHARED

from litevidence.claims import extract_claims
from litevidence.schema import CONTRACT

DEV = SHARED / "claims-dev" / "real_abstracts.jsonl"
SCORER = SHARED / "tools" / "score_claims.py"


@pytest.mark.skipif(not (DEV.exists() and SCORER.exists()), reason=f"needs {DEV} and {SCORER} beside the project")
def test_real_abstracts_meet_the_extraction_targets():
    spec = importlib.util.spec_from_file_location("score_claims", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = [json.loads(line) for line in DEV.open(encoding="utf-8") if line.strip()]
    fields = [c.name for c in CONTRACT]
    preds = [{"id": r["id"], **{k: c[k] for k in fields}} for r in gold for c in extract_claims(r["text"])]
    s = scorer.score(gold, preds)
    assert s["precision"] >= 0.92 and s["recall"] >= 0.88, {k: s[k] for k in ("precision", "recall", "f1")}
    assert s["canonical_exact"] >= 0.95 and s["phase_right"] >= 0.80
