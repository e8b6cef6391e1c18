"""Pages are rebuilt only when what their notebook reads changed; the index says when and from what."""
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from litevidence.reports import run_all, write_index
from litevidence.reports.builds import fingerprint, last_build, notebook_inputs
from litevidence.reports.runner import notebook_parameters


def _notebook(path, code):
    params = new_code_cell("evidence_dir = figures_dir = tables_dir = ''")
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[new_code_cell("# Demo"), params, new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def layout(tmp_path):
    for folder in ("corpus", "evidence", "notebooks", "reports/figures"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "corpus" / "papers.bib").write_text("@misc{a2020b, title={B}}\n", encoding="utf-8")
    (tmp_path / "corpus" / "texts").mkdir()
    (tmp_path / "corpus" / "texts" / "a2020b.txt").write_text("full text", encoding="utf-8")
    (tmp_path / "evidence" / "claims.csv").write_text("evidence_id\nev-1\n", encoding="utf-8")
    (tmp_path / "reports" / "figures" / "old.png").write_bytes(b"png")
    return tmp_path


def test_inputs_are_the_evidence_and_the_corpus_files_beside_it_not_outputs(layout):
    inputs = notebook_inputs(notebook_parameters(layout))
    names = sorted(p.split("/")[-2] + "/" + p.split("/")[-1] for p in inputs)
    assert names == ["corpus/papers.bib", "evidence/claims.csv"]  # texts/ and reports/figures/ are not read


def test_the_fingerprint_follows_inputs_notebook_and_parameters(layout):
    nb = _notebook(layout / "notebooks" / "demo.ipynb", "print(1)")
    params = notebook_parameters(layout)
    before = fingerprint(nb, params, notebook_inputs(params))
    assert fingerprint(nb, params, notebook_inputs(params)) == before
    (layout / "corpus" / "screening.csv").write_text("key,decision\na2020b,exclude\n", encoding="utf-8")
    after_screening = fingerprint(nb, params, notebook_inputs(params))
    assert after_screening != before  # review state a notebook reads without it being a parameter
    assert fingerprint(nb, {**params, "requests_per_day": 5}, notebook_inputs(params)) != after_screening
    _notebook(nb, "print(2)")
    assert fingerprint(nb, params, notebook_inputs(params)) != after_screening
    (layout / "reports" / "figures" / "new.png").write_bytes(b"png")
    (layout / "corpus" / "texts" / "a2020b.txt").write_text("changed", encoding="utf-8")
    assert fingerprint(nb, params, notebook_inputs(params)) == fingerprint(nb, params, notebook_inputs(params))


@pytest.mark.slow
def test_unchanged_notebooks_are_not_run_again_and_changed_ones_run_in_parallel(layout):
    nbs = [_notebook(layout / "notebooks" / f"{name}.ipynb", code) for name, code in
           (("a", "print('a')"), ("b", "open(evidence_dir + '/claims.csv').read()"), ("c", "raise ValueError('boom')"))]
    messages = []
    pages, failures = run_all(layout, nbs, progress=messages.append)
    assert [p.name for p in pages] == ["a", "b"] and [f.notebook.name for f in failures] == ["c.ipynb"]
    stamps = {p.name: p.html.stat().st_mtime_ns for p in pages}
    built = {p.name: last_build(layout / "reports", p.name) for p in pages}
    assert all(str(layout / "evidence" / "claims.csv") in b.inputs for b in built.values())

    messages.clear()
    pages, failures = run_all(layout, nbs, progress=messages.append)
    assert "[reports] 2 of 3 pages up to date (their inputs did not change)" in messages
    assert {p.name: p.html.stat().st_mtime_ns for p in pages} == stamps and len(failures) == 1

    (layout / "evidence" / "claims.csv").write_text("evidence_id\nev-2\n", encoding="utf-8")
    pages, _ = run_all(layout, nbs[:2], progress=messages.append)
    assert all(p.html.stat().st_mtime_ns > stamps[p.name] for p in pages)
    index = write_index(layout / "reports", pages, "0" * 64).read_text(encoding="utf-8")
    build = last_build(layout / "reports", "b")
    assert f"built {build.built.strftime('%Y-%m-%d %H:%M UTC')}, inputs {build.fingerprint[:12]}" in index
    assert "<code>evidence/claims.csv</code>" in index and "<code>corpus/papers.bib</code>" in index
