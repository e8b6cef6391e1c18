"""`litevidence add`: every source kind, duplicates, bad input, network lookups against a local server."""
import http.server
import json
import os
import random
import shutil
import threading
from pathlib import Path

import pytest

from conftest import DATA
from litevidence.cli import main
from litevidence.corpus import checks, read_corpus
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


def _random_bib(n: int, seed: int = 13) -> list[str]:
    """``n`` entries with random pronounceable titles and authors (so titles share few words)."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))

    return [f"@article{{e{i},\n  title = {{{' '.join(word().capitalize() for _ in range(rng.randint(5, 9)))}}},\n"
            f"  author = {{{word().capitalize()}, {word().capitalize()}}},\n  year = {{{rng.randint(1990, 2025)}}}\n}}\n"
            for i in range(n)]


def test_issue13_5_add_checks_a_large_bib_through_an_index_shows_progress_and_names_every_skip(
        corpus, tmp_path, monkeypatch, capsys):
    n = 3000
    entries = _random_bib(n)
    entries[10] = entries[10].replace("@article{e10,", "@article{e5,")  # a second entry with the key of an earlier one
    entries.append("@misc{again, title={Carbon Emissions and Large Neural Network Training}, year={2021}}\n")
    entries.append("@misc{undated, title={A Paper Without a Year}}\n")
    bib = tmp_path / "large.bib"
    bib.write_text("\n".join(entries), encoding="utf-8")
    compared = []
    similar = checks.similar_titles
    monkeypatch.setattr(checks, "similar_titles", lambda a, b: compared.append(1) or similar(a, b))

    assert main(["add", str(bib), "--project", str(corpus.parent)]) == 1
    out, err = capsys.readouterr()
    assert len(compared) < 3 * n  # titles meet only within their blocks: all pairs would be 4.5 million
    assert f"{bib}: 1000/{n + 1} entries checked" in err and f"{bib}: 3000/{n + 1} entries checked" in err
    assert f"{bib}:{_line_of(bib, '@article{e5,', 2)} [e5]: error: duplicate key" in err
    assert f"{bib}:{_line_of(bib, '@misc{undated')} [undated]: error: no year found" in err and "entry skipped" in err
    assert f"{bib}:{_line_of(bib, '@misc{again')} [again]: not added: duplicate of patterson2021carbon" in out
    papers = read_corpus(corpus)[0]
    assert len(papers) == 6 + n - 1  # every new entry but the three named above


def _line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The line number of the ``occurrence``-th line of ``path`` that starts with ``text``."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(text)]
    return lines[occurrence - 1]


def _encrypt(pdf: Path, user_password: str) -> Path:
    """``pdf`` encrypted with AES-256 (an empty user password opens it for reading, as in many published PDFs)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    out = pdf.with_name(pdf.stem + "-aes.pdf")
    with open(out, "wb") as f:
        writer.write(f)
    return out


def test_issue13_9_an_aes_encrypted_pdf_is_read_and_a_password_protected_one_named(corpus, tmp_path, capfd):
    pdf = _write_pdf(tmp_path / "paper.pdf", "Inference used 3 kWh per 1,000 queries.", title="Energy of Chat Serving")
    aes = _encrypt(pdf, "")
    assert b"/AESV3" in aes.read_bytes()
    result = add_papers(corpus, [str(aes)])
    assert result.added == ["lee2024energy"] and not [p for p in result.problems if p.severity == "error"]
    assert "3 kWh per 1,000 queries" in (corpus / "texts" / "lee2024energy.txt").read_text(encoding="utf-8")
    locked = _encrypt(_write_pdf(tmp_path / "locked.pdf", "Secret text.", title="Locked Paper"), "secret")
    assert main(["add", str(locked), "--project", str(corpus.parent)]) == 1
    err = capfd.readouterr().err
    assert f"{locked}: error: the PDF is encrypted with a password" in err and "Traceback" not in err


def test_issue13_11_pypdf_warnings_become_problems_instead_of_terminal_lines(corpus, tmp_path, capfd):
    pdf = _write_pdf(tmp_path / "paper.pdf", "Inference used 3 kWh per 1,000 queries.", title="Energy of Chat Serving")
    data = pdf.read_bytes()
    pdf.write_bytes(data.replace(b"startxref\n", b"startxref\n1").replace(b"xref\n0 7", b"xref\n1 7"))  # damaged offsets
    result = add_papers(corpus, [str(pdf)])
    assert result.added == ["lee2024energy"]
    warnings = [p for p in result.problems if p.severity == "warning"]
    assert warnings and all(p.message.startswith("pypdf: ") and p.file == str(pdf) for p in warnings)
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_issue13_11_csl_json_names_the_bad_item_and_adds_the_others(corpus, tmp_path, capsys):
    items = [
        {"id": "good-one", "type": "article-journal", "title": "Water Use of Inference Clusters",
         "author": [{"family": "Haddad", "given": "Lina"}], "issued": {"date-parts": [[2025, 3]]}},
        {"id": "bad-author", "title": "Broken Authors", "author": "Someone, A.", "issued": {"date-parts": [[2024]]}},
        {"id": "bad-date", "title": "Broken Date", "issued": "2024"},
        "not an object",
        {"id": "good-two", "type": "report", "title": "Energy of Batch Serving", "author": [{"literal": "Fixture Lab"}],
         "issued": {"date-parts": [["2023"]]}},
    ]
    source = tmp_path / "zotero.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    assert main(["add", str(source), "--project", str(corpus.parent)]) == 1
    err = capsys.readouterr().err
    assert f"{source}: error: item 2 (id 'bad-author'): 'author' must be a list" in err
    assert f"{source}: error: item 3 (id 'bad-date'): 'issued' must be a CSL date" in err
    assert f"{source}: error: item 4: expected a CSL-JSON object, found str" in err
    keys = set(read_corpus(corpus)[0]["key"])
    assert {"haddad2025water", "lab2023energy"} <= keys


def test_issue13_11_nul_bytes_do_not_reach_papers_bib(corpus, tmp_path):
    source = tmp_path / "nul.json"
    source.write_text(json.dumps([{"title": "Energy\u0000 of\u0007 Serving", "author": [{"family": "Nul\u0000l", "given": "A"}],
                                   "issued": {"date-parts": [[2024]]}, "abstract": "It used\u0000 5 kWh."}]), encoding="utf-8")
    result = add_papers(corpus, [str(source)])
    assert result.added == ["null2024energy"]
    text = (corpus / "papers.bib").read_bytes()
    assert b"\x00" not in text and b"\x07" not in text
    assert read_corpus(corpus)[0].set_index("key").loc["null2024energy", "abstract"] == "It used 5 kWh."
