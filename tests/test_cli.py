import json
import subprocess
import sys

import pytest

from litevidence.cli import main
from conftest import SHARED

FIELDS = {"id", "quote", "start", "end", "value", "value_high", "unit", "metric", "canonical_value",
          "canonical_value_high", "canonical_unit", "direction", "phase", "subject", "qualifier", "per", "resource"}


def _write_input(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": "Training used 1,287 MWh and emitted 552 tCO2e; GPT-3 has 175B parameters."},
            {"id": "b", "text": "Quantisation cut energy by 40%. We used 8 GPUs."}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return src, {r["id"]: r["text"] for r in rows}


def test_extract_follows_the_contract(tmp_path):
    src, texts = _write_input(tmp_path)
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(src), "--output", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["metric"]) for r in rows] == [("a", "energy"), ("a", "emissions"), ("b", "relative_change")]
    for r in rows:
        assert set(r) == FIELDS
        assert texts[r["id"]][r["start"]:r["end"]] == r["quote"]


@pytest.mark.skipif(not (SHARED / "tools" / "check_extract_output.py").exists(), reason="maintainers' checker not beside the project")
def test_extract_passes_the_maintainers_contract_check(tmp_path):
    src, _ = _write_input(tmp_path)
    out = tmp_path / "out.jsonl"
    main(["extract", "--input", str(src), "--output", str(out), "--all-quantities"])
    done = subprocess.run([sys.executable, str(SHARED / "tools" / "check_extract_output.py"), str(src), str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert "0 breaking" in done.stdout


def test_extract_names_bad_input_lines_and_goes_on(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "It used 5 kWh."}\nnot json\n{"id": "c"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(src), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2:" in err and f"{src}:3:" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_missing_corpus_is_a_clear_error(tmp_path, capsys):
    assert main(["run", "--project", str(tmp_path), "--backend", "tfidf"]) == 1
    assert "papers.bib" in capsys.readouterr().err
