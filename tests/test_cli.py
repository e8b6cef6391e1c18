import json
import re
import subprocess
import sys

import pytest

from litevidence.cli import main
from litevidence.evidence import load_evidence
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


def test_issue13_9_extract_names_every_bad_line_with_its_number_and_goes_on(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "a", "text": "It used 5 kWh."}\n'
                    b'{"id": "b", "text": "caf\xe9 used 7 kWh"}\n'  # Latin-1, not UTF-8
                    b'[1, 2]\n'
                    b'{"text": "no id"}\n'
                    b'{"id": "e", "text": 5}\n'
                    b'\n'
                    b'{"id": "g", "text": "Serving used 2 MWh."}\n')
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(src), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2: skipped: not UTF-8 (byte 0xe9" in err
    assert f"{src}:3: skipped: a JSON list" in err and f"{src}:4: skipped: no id" in err
    assert f"{src}:5: skipped: text is not a string" in err and f"{src}:6:" not in err
    assert "Traceback" not in err and "4 input line(s) skipped" in err
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a", "g"]


def _cli(*args, cwd=None):
    """The command as a user runs it, in a fresh process."""
    return subprocess.run([sys.executable, "-m", "litevidence.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_issue13_expected_failures_are_one_line_and_bugs_keep_their_traceback(tmp_path, monkeypatch, capsys):
    done = _cli("run", "--project", str(tmp_path), "--backend", "tfidf")
    assert done.returncode == 1 and done.stderr == f"litevidence: error: {tmp_path / 'corpus' / 'papers.bib'}: no bibliography; " \
        "a project's corpus/ folder holds papers.bib (and optionally texts/); run the command in the project folder or give --project\n"
    for args in (["export", "--format", "csv", "--project", str(tmp_path)], ["cite", "ev-000000000000", "--project", str(tmp_path)],
                 ["similar", "x2020y", "--project", str(tmp_path)], ["report", "nope", "--project", str(tmp_path)],
                 ["lab", "--project", str(tmp_path / "missing")]):
        assert main(args) == 1, args
        err = capsys.readouterr().err
        assert err.startswith("litevidence: error: ") and len(err.strip().splitlines()) == 1, err

    from litevidence import pipeline

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pipeline, "run", broken)
    with pytest.raises(ZeroDivisionError):  # not caught: a bug shows its traceback
        main(["run", "--project", str(tmp_path), "--backend", "tfidf"])


def test_issue13_9_a_corpus_with_no_usable_paper_is_one_line_and_writes_nothing(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "papers.bib").write_text("@misc{a2020x, title={Unclosed\n@misc{b2021y, year={2021}}\n",
                                                    encoding="utf-8")
    done = _cli("run", "--project", str(tmp_path), "--backend", "tfidf", "--no-notebooks")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == f"litevidence: error: {tmp_path / 'corpus' / 'papers.bib'}: no usable paper; " \
                                  "fix the entries named above (or add papers with `litevidence add`) and run again"
    assert "[b2021y]: error: missing title" in done.stdout
    assert not (tmp_path / "evidence").exists()


def test_issue13_9_papers_without_a_word_run_through_topics(tmp_path, capsys):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "papers.bib").write_text(
        "@misc{a2020x, title={1234 5678}, year={2020}}\n@misc{b2021y, title={2048 -- 4096}, year={2021}}\n"
        "@misc{c2022z, title={???}, year={2022}}\n", encoding="utf-8")
    assert main(["run", "--project", str(tmp_path), "--backend", "tfidf", "--no-notebooks"]) == 0
    clusters = load_evidence(tmp_path / "evidence")["clusters"]
    assert clusters["label"].str.startswith("(no distinctive terms)").all()
    (tmp_path / "corpus" / "papers.bib").write_text("@misc{c2022z, title={???}, year={2022}}\n"
                                                    "@misc{d2023w, title={!!}, year={2023}}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["run", "--project", str(tmp_path), "--backend", "tfidf", "--no-notebooks"]) == 1
    assert "the tfidf backend found no word in any paper" in capsys.readouterr().err


def test_issue13_11_export_writes_standard_output_and_never_makes_folders(ran, tmp_path):
    done = _cli("export", "--format", "csv", "--metric", "water", "--project", str(ran), "--output", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("evidence_id,") and done.stdout.count("\n") == 3
    assert "2 rows written to standard output" in done.stderr
    assert not (tmp_path / "-").exists()
    missing = tmp_path / "no" / "such" / "folder" / "out.csv"
    done = _cli("export", "--format", "csv", "--project", str(ran), "--output", str(missing))
    assert done.returncode == 1 and "does not exist" in done.stderr and str(missing.parent) in done.stderr
    assert not (tmp_path / "no").exists()


def test_issue13_11_latex_export_prints_canonical_values_without_trailing_zeros(ran, tmp_path):
    out = tmp_path / "out.tex"
    assert main(["export", "--format", "latex", "--paper", "luccioni2023bloom", "--project", str(ran), "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "& 24700 &" in text and "& 1080000 &" in text  # 24.7 tCO2eq in kg, 1.08 million GPU hours
    assert not re.search(r"\d\.\d*0 ", text) and "000000 " not in text


HEAVY = ("torch", "sentence_transformers", "sklearn", "onnxruntime", "pandas")
PROBE = """import runpy, sys
sys.argv = ["litevidence", *sys.argv[1:]]
try:
    runpy.run_module("litevidence.cli", run_name="__main__")
except SystemExit as e:
    code = e.code
print("IMPORTED:" + ",".join(sorted({m.split('.')[0] for m in sys.modules} & set(%r))), file=sys.stderr)
sys.exit(code)
""" % (HEAVY,)


@pytest.mark.parametrize("command", [["--help"], ["--version"], ["cite", "FIRST_ID"],
                                     ["export", "--format", "csv", "--output", "-"], ["export", "--format", "md", "--output", "-"]])
def test_quick_commands_import_no_embedding_or_learning_library(command):
    """Issue 16: building the parser lists backends and formats by name; only commands that embed load them,
    and `cite` and CSV export read rows without pandas (a Markdown table is built with it)."""
    from conftest import ROOT

    first_id = (ROOT / "evidence" / "claims.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    argv = [first_id if a == "FIRST_ID" else a for a in command]
    if argv[0] in ("cite", "export"):
        argv += ["--project", str(ROOT)]
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    imported = done.stderr.strip().splitlines()[-1]
    assert imported == ("IMPORTED:pandas" if "md" in argv else "IMPORTED:"), done.stderr
    if argv[0] == "cite":
        assert done.stdout.startswith(first_id)
