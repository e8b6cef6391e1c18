from litevidence.corpus import corpus_records
from litevidence.corpus.checks import check_papers, normalise_title
from litevidence.validate import validate
from conftest import DATA


def test_each_problem_is_named_with_its_entry_and_line():
    problems = validate(DATA / "invalid")
    by_key = {}
    for p in problems:
        by_key.setdefault(p.key, []).append(p.message)
    assert any("firstauthorYEARword" in m for m in by_key["Bad-Key"])
    assert any("differs from the entry's year 2021" in m for m in by_key["wrong2019year"])
    assert by_key["noauthor2021things"] == ["missing author", "missing topic (the first keyword)"]
    assert any("malformed DOI" in m for m in by_key["baddoi2022ids"])
    assert any("malformed arXiv id" in m for m in by_key["baddoi2022ids"])
    assert any("same DOI 10.1000/good.1 as good2020energy" in m for m in by_key["again2023same"])
    assert any("same arXiv id 2001.00001 as good2020energy" in m for m in by_key["arxivtwin2023copy"])
    assert any("nearly identical to good2020energy" in m for m in by_key["near2024energy"])
    assert any("not a key in papers.bib" in m for m in by_key["ghost2020paper"])
    assert len(by_key["good2020energy"]) == 1 and "'kWhh'" in by_key["good2020energy"][0]  # the entry itself is fine
    lines = {p.key: p.line for p in problems if p.file.endswith("papers.bib")}
    assert lines["Bad-Key"] == 12 and lines["near2024energy"] == 58


def test_a_clean_corpus_has_no_problems(tiny_corpus):
    papers, _ = corpus_records(tiny_corpus)
    assert check_papers(papers, "papers.bib") == []


def test_title_normalisation_ignores_case_accents_and_punctuation():
    assert normalise_title("Making {AI} Less ``Thirsty'': Café!") == normalise_title("making ai less thirsty cafe")
