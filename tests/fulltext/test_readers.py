"""Full texts in every format read into blocks with places, and their claims with locators."""
import json
import re
import shutil

import pytest
from conftest import DATA, SHARED

from litevidence.claims import paper_claims
from litevidence.claims.blocks import block_claims
from litevidence.cli import main
from litevidence.fulltext import Document, read_document, suffixes

FIXTURES = DATA / "fulltext"


def _pdf(tmp_path, pages: list[list[str]], columns: int = 1):
    """A PDF made here with reportlab: one list of paragraphs per page, in one or two columns."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph
    from xml.sax.saxutils import escape

    path = tmp_path / "paper.pdf"
    doc = BaseDocTemplate(str(path), pagesize=A4)
    w, h = A4
    width = (w - 80 - 20 * (columns - 1)) / columns
    frames = [Frame(40 + i * (width + 20), 40, width, h - 80, id=f"c{i}") for i in range(columns)]
    doc.addPageTemplates([PageTemplate(id="p", frames=frames)])
    style = getSampleStyleSheet()["BodyText"]
    story = []
    for i, page in enumerate(pages):
        if i:
            story.append(PageBreak())
        story += [Paragraph(escape(p), style) for p in page]
    doc.build(story)
    return path


def _claims(path):
    rows, notes = block_claims(read_document(path))
    assert notes == []
    return [(r["quote"], r["metric"], r["value"], r["locator"]) for r in rows]


def test_every_format_has_a_reader():
    assert set(suffixes()) >= {".md", ".txt", ".pdf", ".html"}


@pytest.mark.parametrize("name, expected", [
    ("paper.md", [
        ("3.2 kW", "power", 3.2, "Section 1 Introduction"),
        ("2.3 MWh", "energy", 2.3, "Section 1 Introduction"),
        ("2.3", "energy", 2.3, "Table 2, row Baseline, column Energy (MWh)"),
        ("410", "water", 410, "Table 2, row Baseline, column Water (L)"),
        ("1.6", "energy", 1.6, "Table 2, row Batched, column Energy (MWh)"),
        ("290", "water", 290, "Table 2, row Batched, column Water (L)"),
        ("30%", "relative_change", 30, "Section 2 Results"),
        ("0.9 tCO<sub>2</sub>e", "emissions", 0.9, "footnote, Section 2 Results"),
    ]),
    ("paper.html", [
        ("1.2 million L", "water", 1.2, "Section 3 Water"),
        ("8%", "relative_change", 8, "Section 3 Water"),
        ("140,000 L", "water", 140000, "Figure 3 caption, Section 3 Water"),
        ("310", "emissions", 310, "Table 1, row North, column Emissions (tCO2e)"),
        ("95", "emissions", 95, "Table 1, row South, column Emissions (tCO2e)"),
    ]),
    ("paper.txt", [
        ("16 GPUs for 40 hours", "compute_time", 40, "Section 1 Setup"),
        ("PUE was 1.12", "pue", 1.12, "Section 1 Setup"),
        ("5,100", "energy", 5100, "Table 1, row Training, column Energy (kWh)"),
        ("85", "share", 85, "Table 1, row Training, column Share (%)"),
        ("900", "energy", 900, "Table 1, row Evaluation, column Energy (kWh)"),
        ("15", "share", 15, "Table 1, row Evaluation, column Share (%)"),
        ("15%", "share", 15, "Section 2 Results"),
    ]),
])
def test_each_format_yields_claims_with_locators(name, expected):
    """Standard-deviation and rank columns, references, scripts, image alt text and converter figure
    descriptions yield nothing."""
    assert _claims(FIXTURES / name) == expected


def test_a_pdf_has_pages_and_numbered_sections(tmp_path):
    path = _pdf(tmp_path, [["1 Introduction", "We study serving costs."],
                           ["4 Results", "Serving used 2.3 MWh in the month, and the cluster drew 3.2 kW."]])
    claims = _claims(path)
    assert claims == [("2.3 MWh", "energy", 2.3, "Section 4 Results, page 2"), ("3.2 kW", "power", 3.2,
                                                                                 "Section 4 Results, page 2")]


def test_pdf_text_repair():
    from litevidence.fulltext.pdf import repair
    assert repair("e\ufb03cient CO 2 emissions of 5 × 10 6 kWh\n12\n") == "efficient CO2 emissions of 5 × 10^6 kWh\n"


def test_cell_claims_quote_the_cell_and_reconstruct_the_sentence():
    rows, _ = block_claims(read_document(FIXTURES / "paper.md"))
    cell = next(r for r in rows if r["table"])
    doc = read_document(FIXTURES / "paper.md")
    assert doc.text[cell["start"]:cell["end"]] == cell["quote"] == "2.3"
    assert cell["sentence"] == "Baseline · Energy (MWh) · 2.3"
    assert (cell["unit"], cell["canonical_value"], cell["table"]) == ("MWh", 2300, "Table 2, row Baseline, column Energy (MWh)")


def test_blocks_round_trip_through_the_papers_table():
    doc = read_document(FIXTURES / "paper.md")
    again = Document.from_json(doc.text, doc.to_json())
    assert again.blocks == doc.blocks
    paper = {"key": "k2024x", "title": "", "abstract": "", "annote": "", "fulltext": doc.text,
             "fulltext_blocks": doc.to_json()}
    assert {r["locator"] for r in paper_claims(paper)} >= {"Table 2, row Baseline, column Energy (MWh)"}


@pytest.mark.parametrize("odd", ["a hash 04e714 in a link", "1e400 kWh", "10^999 J", "\x00\x01", "| 5% |" * 3000])
def test_one_odd_string_breaks_nothing(odd):
    doc = Document(f"Energy was 5 kWh. {odd} It emitted 2 tCO2e.")
    from litevidence.fulltext import Block
    doc.blocks.append(Block("paragraph", doc.text, 0))
    rows, notes = block_claims(doc)
    assert [r["quote"] for r in rows][:1] == ["5 kWh"] and rows[-1]["quote"] == "2 tCO2e"


def test_a_full_text_in_the_corpus_runs_through_to_evidence_with_locators(project, capsys):
    shutil.copy(FIXTURES / "paper.md", project / "corpus" / "texts" / "li2023making.md")
    (project / "corpus" / "texts" / "samsi2023words.txt").unlink(missing_ok=True)
    assert main(["run", "--project", str(project), "--backend", "tfidf", "--no-notebooks"]) == 0
    import pandas as pd
    ev = pd.read_csv(project / "evidence" / "claims.csv")
    rows = ev[(ev.paper_key == "li2023making") & (ev.field == "fulltext")]
    assert "Table 2, row Batched, column Water (L)" in set(rows["locator"])
    assert set(rows["section"].dropna()) >= {"1 Introduction", "2 Results"}
    eid = rows[rows["table"].notna()]["evidence_id"].iloc[0]
    capsys.readouterr()
    assert main(["cite", eid, "--project", str(project)]) == 0
    assert "Table 2, row" in capsys.readouterr().out


DEV = SHARED / "claims-dev" / "real_abstracts.jsonl"
SCORER = SHARED / "tools" / "score_claims.py"


@pytest.mark.skipif(not (DEV.exists() and SCORER.exists()), reason=f"needs {DEV} and {SCORER} beside the project")
def test_real_abstracts_in_a_two_column_pdf_score_as_in_plain_text(tmp_path):
    """The dev abstracts laid out in two columns, read back with pypdf: F1 at least 0.97 of plain text's."""
    import importlib.util

    from litevidence.claims import extract_claims
    from litevidence.schema import CONTRACT

    spec = importlib.util.spec_from_file_location("score_claims", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = [json.loads(line) for line in DEV.open(encoding="utf-8") if line.strip()]
    text = read_document(_pdf(tmp_path, [[x for r in gold for x in (r["id"], r["text"])]], columns=2)).text
    starts = sorted((text.index(r["id"]), r["id"]) for r in gold)
    segments = {rid: text[i + len(rid):(starts[k + 1][0] if k + 1 < len(starts) else len(text))].strip()
                for k, (i, rid) in enumerate(starts)}
    fields = [c.name for c in CONTRACT]
    relocated, preds = [], []
    for r in gold:
        seg = segments[r["id"]]
        claims = []
        for c in r["claims"]:
            at = seg.find(re.sub(r"\s+", " ", c["quote"]))
            assert at >= 0, (r["id"], c["quote"])
            claims.append(dict(c, start=at, end=at + len(c["quote"])))
        relocated.append({"id": r["id"], "text": seg, "claims": claims})
        preds += [{"id": r["id"], **{k: c[k] for k in fields}} for c in extract_claims(seg)]
    plain = [{"id": r["id"], **{k: c[k] for k in fields}} for r in gold for c in extract_claims(r["text"])]
    assert scorer.score(relocated, preds)["f1"] >= 0.97 * scorer.score(gold, plain)["f1"]
