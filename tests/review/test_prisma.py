"""The PRISMA 2020 counts, read from the project's actual files."""
from __future__ import annotations

from litevidence.cli import main
from litevidence.review.decisions import Decision, record
from litevidence.review.prisma import HAND_ENTERED, prisma_table
from review_fixtures import DATA, claims_of, row_id


def _counts(table) -> dict[tuple[str, str], int]:
    return {(box, item): n for box, item, n in zip(table["box"], table["item"], table["n"])}


def test_prisma_counts_records_by_source_duplicates_screening_and_reviewed_rows(ran, tmp_path, capsys):
    dup = tmp_path / "scopus.bib"
    dup.write_text("@misc{other, title={Carbon Emissions and Large Neural Network Training}, author={Patterson, David},"
                   " year={2021}, eprint={2104.10350}, archivePrefix={arXiv}}\n", encoding="utf-8")
    assert main(["add", str(DATA / "sources" / "new.bib"), str(DATA / "sources" / "new.ris"), "--project", str(ran)]) == 0
    assert main(["add", str(dup), "--project", str(ran)]) == 1
    for args in (["exclude", "samsi2023words", "li2023making", "--reason", "no-figures"],
                 ["exclude", "novak2023carbon", "--reason", "off-topic"], ["include", "patterson2021carbon"],
                 ["maybe", "strubell2019energy"]):
        assert main(["screen", *args, "--project", str(ran)]) == 0
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    rows = [row_id(ran, "luccioni2023bloom", "50.5 tonnes"), row_id(ran, "luccioni2023bloom", "24.7 tonnes of CO2eq")]
    record(ran, [Decision(rows[0], "reject", "lifecycle"), Decision(rows[1], "accept")], reviewer="ada")
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    table = prisma_table(ran)
    assert list(table.columns) == ["stage", "box", "item", "n"]
    counts = _counts(table)
    assert counts[("identified", "new.bib")] == 1 and counts[("identified", "new.ris")] == 1
    assert counts[("identified", "scopus.bib")] == 1 and counts[("identified", HAND_ENTERED)] == 6
    assert counts[("removed", "duplicate records")] == 1
    assert counts[("screened", "records in the corpus")] == 8 and counts[("screened", "records screened")] == 5
    assert counts[("excluded", "No resource figures (no-figures)")] == 2 and counts[("excluded", "Off topic (off-topic)")] == 1
    assert counts[("awaiting", "not yet screened")] == 3 and counts[("awaiting", "maybe")] == 1
    assert counts[("included", "papers included")] == 1
    assert counts[("evidence", "papers in the evidence (included, maybe or not yet screened)")] == 5
    assert counts[("rows", "evidence rows")] == len(claims_of(ran))
    assert (counts[("rows", "reviewed")], counts[("rows", "accepted")], counts[("rows", "rejected")]) == (2, 1, 1)
    identified = table[table["box"] == "identified"]["n"].sum()
    assert identified == counts[("removed", "duplicate records")] + counts[("screened", "records in the corpus")]
