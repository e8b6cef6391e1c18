"""`litevidence add`: every source kind, duplicates, bad input, network lookups against a local server."""
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from conftest import DATA
from litevidence.cli import main
from litevidence.corpus import read_corpus
from litevidence.corpus.add import add_papers

SOURCES = DATA / "sources"
RECORDED = DATA / "recorded"


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(DATA / "tiny", tmp_path / "corpus")
    return tmp_path / "corpus"


@pytest.fixture
def services(monkeypatch):
    """Crossref and arXiv stand-ins on 127.0.0.1 serving the recorded responses."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.startswith("/works/"):
                name = "crossref_" + self.path[len("/works/"):].replace("/", "_") + ".json"
            elif self.path.startswith("/api/query?id_list="):
                name = "arxiv_" + self.path.split("=", 1)[1] + ".xml"
            else:
                name = ""
            file = RECORDED / name
            if name and file.exists():
                body = file.read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("LITEVIDENCE_CROSSREF_URL", base + "/works/")
    monkeypatch.setenv("LITEVIDENCE_ARXIV_URL", base + "/api/query")
    yield base
    server.shutdown()


def _write_pdf(path: Path, text: str | None, title: str | None = None) -> Path:
    """A minimal one-page PDF with an optional line of text and an optional /Title."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               (f"<< /Title ({title}) /Author (Lee, Dana) /CreationDate (D:20240501) >>" if title else "<< >>").encode()]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)
    return path


@pytest.mark.parametrize("source, key", [
    ("new.bib", "chen2024serving"), ("new.ris", "novak2023carbon"), ("new.json", "haddad2025water"),
])
def test_each_file_format_adds_one_well_keyed_entry(corpus, source, key):
    before = (corpus / "papers.bib").read_text(encoding="utf-8")
    result = add_papers(corpus, [str(SOURCES / source)], topic="inference-footprint")
    assert result.added == [key] and result.problems == []
    after = (corpus / "papers.bib").read_text(encoding="utf-8")
    assert after.startswith(before)  # every byte the researcher wrote is kept, comments included
    assert (corpus / "papers.bib.bak").read_text(encoding="utf-8") == before
    papers = read_corpus(corpus)[0].set_index("key")
    assert papers.loc[key, "topic"] == "inference-footprint" and papers.loc[key, "doi"].startswith("10.5555/")


def test_pdf_text_goes_to_texts_and_its_metadata_to_the_entry(corpus, tmp_path):
    pdf = _write_pdf(tmp_path / "paper.pdf", "Inference used 3 kWh per 1,000 queries.", title="Energy of Chat Serving")
    result = add_papers(corpus, [str(pdf)])
    assert result.added == ["lee2024energy"]
    assert "3 kWh per 1,000 queries" in (corpus / "texts" / "lee2024energy.txt").read_text(encoding="utf-8")


def test_pdf_without_text_or_metadata_is_a_clear_error(corpus, tmp_path):
    before = (corpus / "papers.bib").read_bytes()
    result = add_papers(corpus, [str(_write_pdf(tmp_path / "scan.pdf", None))])
    assert result.added == [] and "no extractable text" in result.problems[0].message
    result = add_papers(corpus, [str(_write_pdf(tmp_path / "untitled.pdf", "Some text."))])
    assert result.added == [] and "--title" in result.problems[0].message
    assert (corpus / "papers.bib").read_bytes() == before


def test_doi_and_arxiv_lookups_against_recorded_responses(corpus, services):
    result = add_papers(corpus, ["10.5555/fixture.2022.11", "arXiv:2401.00001"])
    assert result.added == ["ito2022measuring", "raman2024quantised"], result.problems
    papers = read_corpus(corpus)[0].set_index("key")
    assert papers.loc["raman2024quantised", "arxiv_id"] == "2401.00001"
    assert papers.loc["raman2024quantised", "authors"] == "Raman, Priya and Vries, Jonas de"
    assert papers.loc["ito2022measuring", "venue"] == "Proceedings of the Fixture Conference"
    assert "within 5%" in papers.loc["ito2022measuring", "abstract"]


def test_unknown_doi_and_offline_are_named(corpus, services, monkeypatch):
    result = add_papers(corpus, ["10.5555/does.not.exist"])
    assert "not found (404)" in result.problems[0].message
    monkeypatch.setenv("LITEVIDENCE_CROSSREF_URL", "http://127.0.0.1:9/works/")  # nothing listens there
    result = add_papers(corpus, ["10.5555/fixture.2022.11"], timeout=1)
    assert "cannot reach the service" in result.problems[0].message and "offline" in result.problems[0].message


def test_duplicates_are_caught_and_left_out_unless_merged(corpus, tmp_path):
    dup = tmp_path / "dup.bib"
    dup.write_text("@misc{x, title={Carbon emissions and large neural network training!}, year={2021},"
                   " author={Patterson, David}, url={https://example.org/patterson}}\n"
                   "@misc{y, title={Other}, year={2019}, doi={10.18653/V1/P19-1355}}\n", encoding="utf-8")
    before = (corpus / "papers.bib").read_bytes()
    assert main(["add", str(dup), "--project", str(corpus.parent)]) == 1
    assert (corpus / "papers.bib").read_bytes() == before
    result = add_papers(corpus, [str(dup)], merge=True)
    assert [(d.key, d.why) for d in result.duplicates] == [("patterson2021carbon", "near-identical title"),
                                                           ("strubell2019energy", "same DOI 10.18653/v1/p19-1355")]
    papers = read_corpus(corpus)[0].set_index("key")
    assert papers.loc["patterson2021carbon", "url"] == "https://example.org/patterson"
    assert papers.loc["patterson2021carbon", "title"] == "Carbon Emissions and Large Neural Network Training"


def test_broken_bib_is_reported_and_nothing_written(corpus):
    before = (corpus / "papers.bib").read_bytes()
    result = add_papers(corpus, [str(SOURCES / "broken.bib")])
    assert result.added == [] and "broken.bib" in str(result.problems[0])
    assert (corpus / "papers.bib").read_bytes() == before


def test_a_key_that_would_escape_the_corpus_folder_is_replaced(corpus, tmp_path):
    evil = tmp_path / "evil.bib"
    evil.write_text("@misc{../../outside, title={Escaping Keys}, author={Mallory, M.}, year={2024}}\n", encoding="utf-8")
    result = add_papers(corpus, [str(evil)])
    assert result.added == ["mallory2024escaping"]
    assert not (tmp_path / "outside.txt").exists()


def test_an_interrupted_write_leaves_the_old_file_intact(corpus, monkeypatch):
    before = (corpus / "papers.bib").read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        add_papers(corpus, [str(SOURCES / "new.bib")])
    assert (corpus / "papers.bib").read_bytes() == before
    assert [p.name for p in corpus.iterdir() if p.name.endswith(".tmp")] == []


def test_regression_a_rewritten_papers_bib_keeps_its_permissions(corpus):
    (corpus / "papers.bib").chmod(0o640)
    add_papers(corpus, [str(SOURCES / "new.bib")])
    assert (corpus / "papers.bib").stat().st_mode & 0o777 == 0o640
