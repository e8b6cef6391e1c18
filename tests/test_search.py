"""Search and similar read the index `run` leaves (one matrix, memory-mapped) and rebuild it when papers.bib changed."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT
from litevidence.paths import ProjectPaths
from litevidence.search import search

NEW_ENTRY = """
@article{haddad2025water,
  title = {Water evaporated by datacentre cooling towers},
  author = {Haddad, Rana},
  year = {2025},
  journal = {Fixture Journal},
  keywords = {water, cooling},
  annote = {Cooling towers evaporate about 1.8 L of water per kWh.}
}
"""


def test_run_leaves_one_matrix_with_its_key_index(ran):
    folder = ProjectPaths(ran).cache / "search"
    index = json.loads((folder / "tfidf.json").read_text(encoding="utf-8"))
    matrix = np.load(folder / index["matrix"], mmap_mode="r")
    assert isinstance(matrix, np.memmap) and matrix.shape[0] == len(index["rows"])
    keys = [row[0] for row in index["rows"]]
    assert keys == sorted(keys) and "strubell2019energy" in keys
    assert all(row[3] for row in index["rows"])  # every paper has its cluster label
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1, atol=1e-5)


def test_similar_reads_the_index_without_reading_the_corpus(ran, monkeypatch):
    def unread(*args, **kwargs):
        raise AssertionError("the corpus was read")

    monkeypatch.setattr("litevidence.corpus.read_corpus", unread)
    hits = search(ran, key="patterson2021carbon", k=3, backend="tfidf")
    assert len(hits) == 3 and "patterson2021carbon" not in [h.key for h in hits]
    assert hits[0].score >= hits[1].score >= hits[2].score and hits[0].cluster_label


def test_an_index_older_than_papers_bib_is_rebuilt_with_the_new_paper(ran):
    bib = ProjectPaths(ran).bib
    bib.write_text(bib.read_text(encoding="utf-8") + NEW_ENTRY, encoding="utf-8")
    hits = search(ran, query="water evaporated by cooling towers", k=1, backend="tfidf")
    assert hits[0].key == "haddad2025water" and hits[0].cluster_label == ""  # not clustered until the next run
    index = json.loads((ProjectPaths(ran).cache / "search" / "tfidf.json").read_text(encoding="utf-8"))
    assert "haddad2025water" in [row[0] for row in index["rows"]]
    assert len(list((ProjectPaths(ran).cache / "search").glob("tfidf-*.npy"))) == 1  # the old matrix is gone


@pytest.mark.slow
def test_minilm_search_embeds_the_query_without_torch_and_prints_only_results(project, tmp_path):
    """The query goes through ONNX Runtime and `tokenizers` (no torch, transformers or pandas); no progress bar or
    loading notice reaches the terminal."""
    env = {**os.environ, "LITEVIDENCE_MODEL_CACHE": str(tmp_path / "models")}
    cli = [sys.executable, "-m", "litevidence.cli"]
    done = subprocess.run([*cli, "run", "--project", str(project), "--backend", "minilm", "--no-notebooks"],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "Loading" not in done.stdout + done.stderr and "it/s" not in done.stdout + done.stderr
    probe = ("import runpy, sys; sys.argv = ['litevidence', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('litevidence.cli', run_name='__main__')\n"
             "finally:\n    heavy = {m.split('.')[0] for m in sys.modules} & {'torch', 'sklearn', 'pandas', 'transformers'}\n"
             "    print('LOADED:' + ','.join(sorted(heavy)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe, "search", "energy of training a large language model", "-k", "3",
                           "--project", str(project), "--backend", "minilm"], capture_output=True, text=True, env=env,
                          cwd=ROOT)
    assert done.returncode == 0 and done.stderr.strip() == "LOADED:", done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 3 and all(line.lstrip().startswith(f"{i}. ") for i, line in enumerate(lines, 1))
