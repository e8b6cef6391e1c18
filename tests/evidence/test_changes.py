import pandas as pd

from litevidence.evidence import changes_markdown, diff_claims
from litevidence.schema import CLAIMS


def _table(rows):
    df = pd.DataFrame(rows)
    for c in CLAIMS.names:
        if c not in df:
            df[c] = pd.NA
    return df[CLAIMS.names]


def test_rows_added_removed_and_changed_are_told_apart():
    old = _table([{"evidence_id": "ev-a", "paper_key": "p1", "metric": "energy", "quote": "5 kWh", "value": 5.0},
                  {"evidence_id": "ev-b", "paper_key": "p1", "metric": "water", "quote": "2 L", "value": 2.0},
                  {"evidence_id": "ev-c", "paper_key": "p2", "metric": "cost", "quote": "$3", "value": 3.0}])
    new = _table([{"evidence_id": "ev-a", "paper_key": "p1", "metric": "energy", "quote": "5 kWh", "value": 5.0},
                  {"evidence_id": "ev-c", "paper_key": "p2", "metric": "cost", "quote": "$3", "value": 4.0, "phase": "training"},
                  {"evidence_id": "ev-d", "paper_key": "p3", "metric": "emissions", "quote": "1 t", "value": 1.0}])
    changes = diff_claims(old, new)
    assert changes[["change", "evidence_id", "paper_key", "fields"]].values.tolist() == [
        ["removed", "ev-b", "p1", ""], ["changed", "ev-c", "p2", "value, phase"], ["added", "ev-d", "p3", ""]]
    text = changes_markdown(changes, 3, 3)
    assert "1 added, 1 removed, 1 changed" in text and "| changed | ev-c | p2 | cost | \\$3 | value, phase |" in text  # \$: literal, not math
    assert "| p2 | cost | 0 | 1 | 0 |" in text  # per paper and metric: added, changed, removed


def test_an_identical_table_has_no_changes_even_through_csv(tmp_path):
    new = _table([{"evidence_id": "ev-a", "paper_key": "p1", "metric": "energy", "quote": "5 kWh", "value": 5.0,
                   "start": 3, "year": 2020}])
    path = tmp_path / "claims.csv"
    new.to_csv(path, index=False)
    from litevidence.evidence import read_table
    assert diff_claims(read_table(path, CLAIMS), new).empty
