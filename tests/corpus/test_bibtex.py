from pathlib import Path

from litevidence.corpus import read_corpus, read_papers
from litevidence.corpus.latex import decode_latex


def test_reads_fixture_and_reports_problems_with_line_and_key(tiny_corpus):
    papers, problems = read_corpus(tiny_corpus)
    assert sorted(papers["key"]) == ["li2023making", "luccioni2023bloom", "luccioni2024power",
                                     "patterson2021carbon", "samsi2023words", "strubell2019energy"]
    by_key = {p.key: p for p in problems}
    assert by_key["broken2020entry"].line == 59 and "missing year" in by_key["broken2020entry"].message
    assert by_key["strubell2019energy"].line == 65 and "duplicate key" in by_key["strubell2019energy"].message
    assert "papers.bib:59 [broken2020entry]" in str(by_key["broken2020entry"])
    first = papers.set_index("key").loc["strubell2019energy"]
    assert first["title"] == "Energy and Policy Considerations for Deep Learning in NLP"  # the first one wins


def test_fields_are_decoded_and_identifiers_normalised(tiny_corpus):
    papers = read_corpus(tiny_corpus)[0].set_index("key")
    assert papers.loc["strubell2019energy", "doi"] == "10.18653/v1/p19-1355"
    assert papers.loc["patterson2021carbon", "arxiv_id"] == "2104.10350"
    assert papers.loc["strubell2019energy", "topic"] == "training-footprint"
    assert "626,155 lbs of CO2e" in papers.loc["strubell2019energy", "annote"]
    assert "$3.2 million" in papers.loc["strubell2019energy", "annote"]
    assert papers.loc["samsi2023words", "fulltext"].startswith("Results.")
    assert papers.loc["li2023making", "title"].startswith("Making AI Less “Thirsty”")


def test_unparsable_entry_is_named_and_the_rest_go_on(tmp_path: Path):
    bib = tmp_path / "papers.bib"
    bib.write_text("@article{good2020a, title={Good}, year={2020}}\n\n@article{bad2021b, title = {unclosed,\n"
                   "@misc{fine2022c, title={Fine}, year={2022}}\n", encoding="utf-8")
    papers, problems = read_papers(bib)
    assert "good2020a" in set(papers["key"])
    assert any(p.key == "bad2021b" and p.line == 3 and "unparsable" in p.message for p in problems)


def test_non_utf8_file_is_an_error_not_a_crash(tmp_path: Path):
    bib = tmp_path / "papers.bib"
    bib.write_bytes("@article{a2020b, title={Caf\xe9}, year={2020}}".encode("latin-1"))
    papers, problems = read_papers(bib)
    assert papers.empty and "UTF-8" in problems[0].message


def test_content_hash_changes_with_text_only(tiny_corpus, tmp_path):
    papers = read_corpus(tiny_corpus)[0]
    text = (tiny_corpus / "papers.bib").read_text(encoding="utf-8")
    (tmp_path / "papers.bib").write_text(text.replace("cooling", "cooling, heat").replace("500 mL", "510 mL"), encoding="utf-8")
    changed = read_papers(tmp_path / "papers.bib")[0].set_index("key")["content_hash"]
    before = papers.set_index("key")["content_hash"]
    assert changed["li2023making"] != before["li2023making"]
    assert changed["patterson2021carbon"] == before["patterson2021carbon"]


def test_decode_latex_keeps_text_and_resolves_escapes():
    assert decode_latex(r"Caf{\'e} M{\"u}ller \% 40 CO$_2$e") == "Café Müller % 40 CO2e"
    assert decode_latex("50% of {GPU} time") == "50% of GPU time"  # a bare % is not a comment
    assert decode_latex(r"run\_0 emits CO$_2$ in {\'E}vry") == "run_0 emits CO2 in Évry"  # an escaped _ is no subscript


from hypothesis import given, settings, strategies as st  # noqa: E402

from litevidence.corpus.latex import _DECODER, _SPACES  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ 0123456789.,;:!?()[]-'\"/+=<>@*é\n\t")), max_size=60))
def test_plain_text_fast_path_gives_what_the_decoder_gives(text):
    expected = _SPACES.sub(" ", _DECODER.latex_to_text(text)).strip()
    assert decode_latex(text) == expected


_TOKENS = [*"abc XYZ 019.,;:!?()[]-'\"/+=<>@*é\n", r"\%", r"\$", r"\&", r"\#", r"\_", "{", "}", "%", "{GPU}"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join))
def test_escaped_specials_and_braces_take_a_fast_path_that_agrees_with_the_decoder(text):
    from litevidence.corpus.latex import _decode

    assert decode_latex(text) == _decode(text)


def test_issue13_11_bibtexparser_log_lines_stay_off_the_terminal(tmp_path: Path, capfd):
    bib = tmp_path / "papers.bib"
    bib.write_text("@misc{a2020x, title={Unclosed\n@misc{b2021y, title={Fine}, year={2021}}\n@misc{c2022z, title={x",
                   encoding="utf-8")
    papers, problems = read_papers(bib)
    assert list(papers["key"]) == ["b2021y"]
    assert [(p.line, p.key) for p in problems] == [(1, "a2020x"), (3, "c2022z")]  # the problems say it, with lines
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""  # not bibtexparser's "(line 0) aborted"
