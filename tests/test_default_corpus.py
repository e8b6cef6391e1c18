"""Quality gates on the default corpus that CI runs: validation and coverage of the facts file."""
import csv

import pytest

from conftest import ROOT, SHARED
from litevidence.cli import main
from litevidence.corpus import read_corpus
from litevidence.evidence import read_curated
from litevidence.validate import validate

FACTS = SHARED / "corpus-facts" / "papers.csv"


def test_default_corpus_validates_cleanly(capsys):
    problems = validate(ROOT / "corpus")
    assert problems == [], "\n".join(map(str, problems))
    assert main(["validate", "--project", str(ROOT)]) == 0


@pytest.mark.skipif(not FACTS.exists(), reason="../shared/corpus-facts is not beside the project")
def test_every_work_of_the_facts_file_is_in_the_corpus_with_its_facts():
    papers = read_corpus(ROOT / "corpus")[0].set_index("key")
    with FACTS.open(encoding="utf-8") as f:
        facts = list(csv.DictReader(f))
    assert sorted(papers.index) == sorted(r["key"] for r in facts)
    for r in facts:
        p = papers.loc[r["key"]]
        assert (p["title"], p["year"], p["venue"], p["url"], p["topic"], p["doi"], p["arxiv_id"]) == (
            r["title"], int(r["year"]), r["venue"], r["url"], r["topic"], r["doi"].lower(), r["arxiv_id"]), r["key"]
        assert p["authors"] == r["authors"].replace("{", "").replace("}", ""), r["key"]  # corporate braces decoded


def test_curated_claims_all_normalise_and_cover_most_papers_with_figures():
    papers = read_corpus(ROOT / "corpus")[0]
    curated, problems = read_curated(ROOT / "corpus" / "curated_claims.csv", set(papers["key"]))
    assert problems == []
    assert len(curated) >= 150 and curated["paper_key"].nunique() >= 60
