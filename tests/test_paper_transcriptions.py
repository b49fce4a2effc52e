"""What the book transcribes from the paper matches the paper, cell by cell and field by field."""

import csv
import re

import pytest
from pybtex.database import parse_file

from tests.conftest import ROOT

PAPER = (ROOT / "data" / "raw" / "khalid2025" / "paper.txt").read_text(encoding="utf-8")
TABLE1 = ROOT / "data" / "raw" / "khalid2025" / "table1_engagement_metrics.csv"
BIBLIOGRAPHY = parse_file(str(ROOT / "references.bib"), "bibtex")

ARTICLE = re.compile(
    r"^(?P<number>\d+)\. (?P<authors>.+?) \((?P<year>\d{4})\)\. (?P<title>.+?)\. "
    r"\*(?P<journal>.+?)\*, (?P<volume>\d+)(?:\((?P<number_issue>\d+)\))?, (?P<pages>\d+-\d+)\.$"
)
REPORT = re.compile(
    r"^(?P<number>\d+)\. (?P<authors>\w+)\. \((?P<year>\d{4})\)\. (?P<title>.+?)\. "
    r"(?P<institution>.+)\.$"
)


def paper_table1() -> list[list[str]]:
    """The header and rows of Table 1 as printed (tab-separated in the text)."""
    lines = PAPER.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Campaign Name\t"))
    return [line.split("\t") for line in lines[start:start + 4]]


def test_table1_matches_the_paper_cell_by_cell():
    with TABLE1.open(encoding="utf-8", newline="") as handle:
        shipped = list(csv.reader(handle))
    printed = paper_table1()
    assert len(shipped) == len(printed) == 4
    assert printed[1][2] == "5.2" and printed[2][2] == printed[3][2] == ""  # the empty cells
    assert shipped[1:] == printed[1:]


def paper_references() -> list[dict]:
    section = PAPER.split("\nReferences\n", 1)[1]
    entries = [line.strip() for line in section.splitlines() if re.match(r"^\d+\. ", line)]
    parsed = [(ARTICLE.match(line) or REPORT.match(line)) for line in entries]
    assert all(parsed), [line for line, match in zip(entries, parsed, strict=True) if not match]
    return [match.groupdict() for match in parsed]


def plain(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("\\&", "&").replace("--", "-")


def bib_authors(entry) -> str:
    names = [", ".join(filter(None, [" ".join(p.last_names), " ".join(p.first_names)]))
             for p in entry.persons["author"]]
    return plain(", & ".join(names) if len(names) > 1 else names[0])


def matching_entry(reference: dict):
    candidates = [
        entry for entry in BIBLIOGRAPHY.entries.values()
        if plain(entry.fields["title"]) == reference["title"]
    ]
    assert len(candidates) == 1, f"reference {reference['number']}: {reference['title']!r}"
    return candidates[0]


def test_the_paper_lists_27_references_and_the_bib_has_each_once():
    references = paper_references()
    assert [int(r["number"]) for r in references] == list(range(1, 28))
    assert len(BIBLIOGRAPHY.entries) == 28  # the 27 plus the paper itself


@pytest.mark.parametrize("reference", paper_references(), ids=lambda r: r["number"])
def test_each_reference_is_transcribed_exactly(reference):
    entry = matching_entry(reference)
    assert bib_authors(entry) == reference["authors"]
    assert entry.fields["year"] == reference["year"]
    if "journal" in reference:
        assert plain(entry.fields["journal"]) == reference["journal"]
        assert entry.fields["volume"] == reference["volume"]
        assert entry.fields.get("number") == reference["number_issue"]
        assert plain(entry.fields["pages"]) == reference["pages"]
    else:
        assert entry.type == "techreport"
        assert entry.fields["institution"] == reference["institution"]


CLAIMS = ROOT / "data" / "raw" / "khalid2025" / "case_claims.csv"


def section_of(passage: str) -> str:
    """The heading (a short line) under which ``passage`` begins in the paper."""
    lines = PAPER.splitlines()
    first = next(i for i, line in enumerate(lines) if passage[:40] in line)
    return next(line.strip() for line in reversed(lines[:first])
                if 2 < len(line.strip()) < 70 and not line.startswith(("-", "#")))


def test_the_claims_about_each_case_are_verbatim_in_their_section_and_cite_known_works():
    words = " ".join(PAPER.split())
    table1 = {row[0] for row in paper_table1()[1:]}
    with CLAIMS.open(encoding="utf-8") as handle:
        claims = list(csv.DictReader(handle))
    assert {claim["campaign"] for claim in claims} == table1
    for claim in claims:
        assert claim["quote"] in words, claim["quote"]
        assert section_of(claim["quote"]) == claim["section"], claim["quote"]
        line = next(line for line in PAPER.splitlines() if claim["quote"][:40] in line)
        assert claim["campaign"] in line, f"the paper's line does not name {claim['campaign']}"
        for key in claim["cites"].split():
            assert key in BIBLIOGRAPHY.entries, key


PROTOCOL = ROOT / "data" / "raw" / "khalid2025" / "protocol.csv"


def test_each_element_of_the_protocol_stands_in_its_quote_in_its_section():
    words = " ".join(PAPER.split())
    with PROTOCOL.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert row["quote"] in words, row["quote"]
        line = next(line for line in PAPER.splitlines() if row["quote"][:40] in line)
        assert row["value"] in row["quote"] or row["value"] in line, row["value"]
        assert section_of(row["quote"]) == row["section"], row["quote"]
    counts = {row["element"]: int(row["value"]) for row in rows
              if row["element"].startswith("included_")}
    assert counts == {"included_peer_reviewed_articles": 90, "included_government_reports": 15,
                      "included_ngo_case_studies": 10}


def test_every_line_of_the_paper_that_names_a_campaign_gives_a_claim_about_it():
    with CLAIMS.open(encoding="utf-8") as handle:
        claims = list(csv.DictReader(handle))
    campaigns = {row[0] for row in paper_table1()[1:]}
    for line in PAPER.splitlines():
        if "\t" in line:  # Table 1 itself, which the book loads as a table
            continue
        for campaign in campaigns:
            if campaign in line:
                assert any(claim["campaign"] == campaign and claim["quote"] in " ".join(
                    line.split()) for claim in claims), (campaign, line[:80])


def test_the_recommendations_are_the_papers_list_word_for_word_and_in_order():
    lines = PAPER.splitlines()
    listed = lines[lines.index("Recommendations") + 1:lines.index("References")]
    printed = [line.removeprefix("- ") for line in listed if line.startswith("- ")]
    with (ROOT / "data" / "raw" / "khalid2025" / "recommendations.csv").open(
            encoding="utf-8", newline="") as handle:
        shipped = list(csv.DictReader(handle))
    assert [int(row["number"]) for row in shipped] == list(range(1, len(printed) + 1))
    assert [row["recommendation"] for row in shipped] == printed
