"""The claims ledger: every claim has a verdict, a quote that is the paper's, evidence whose
numbers are the chapters' computed values, and a link to a section that exists."""

import re
from urllib.parse import urldefrag

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from activism_book.ledger import (
    CAUSAL,
    UNACCOUNTED,
    check_verdicts,
    paper_sentences,
    section_links,
    sentence_accounts,
    statuses,
)
from book_engine.data.validation import DataValidationError
from book_engine.execution.glued import PLACEHOLDER, fill_placeholders
from tests.conftest import ROOT, squeezed

LEDGER = pd.read_csv(ROOT / "data" / "editorial" / "claims_ledger.csv", dtype=str,
                     keep_default_na=False)
BARRIERS = pd.read_csv(ROOT / "data" / "editorial" / "barriers.csv", dtype=str,
                       keep_default_na=False)
PAPER = (ROOT / "data" / "raw" / "khalid2025" / "paper.txt").read_text(encoding="utf-8")
# Digits an evidence sentence may hold outside placeholders: names, not computed numbers.
NAMES_WITH_DIGITS = re.compile("|".join([
    r"PSLM 2015-16", r"\b2017 census\b", r"\bChapter [1-9]\b", r"\bTable 1\b", r"PRISMA 2020",
    r"#\w+",  # hashtags
    r"[A-Z][\w'-]+(?: (?:and|&) [A-Z][\w'-]+)? \((?:19|20)\d\d\)",  # a cited work: Shah (2020)
]))


def section_text(section: str) -> str:
    """The paper from the heading ``section`` to the next heading of the ledger's sections."""
    lines = PAPER.splitlines()
    headings = [i for i, line in enumerate(lines) if line.strip() in set(LEDGER["section"])]
    start = lines.index(section)
    end = next((i for i in headings if i > start), len(lines))
    return squeezed("\n".join(lines[start + 1:end]))


def test_every_claim_has_a_verdict_of_the_scale_and_the_schema_lists_the_same_scale():
    scale = pd.read_csv(ROOT / "data" / "editorial" / "verdict_scale.csv")
    assert statuses() == scale["verdict"].tolist() == ["transcribed", "reproduced",
                                                       "consistent", "timing only",
                                                       "contradicted", "not testable"]
    assert LEDGER["status"].isin(statuses()).all()


def test_no_causal_claim_is_consistent_on_the_order_of_dates_alone():
    causal_on_dates = LEDGER[LEDGER["quote"].str.contains(CAUSAL)
                             & (LEDGER["evidence_kind"] == "order of dates")]
    assert not causal_on_dates.empty
    assert set(causal_on_dates["status"]) <= {"timing only", "contradicted"}


def test_no_contradicted_verdict_rests_on_an_absence():
    assert not ((LEDGER["status"] == "contradicted")
                & (LEDGER["evidence_kind"] == "absence")).any()


def test_the_paper_restating_itself_is_transcribed_and_outside_the_counts():
    transcribed = LEDGER["status"] == "transcribed"
    assert (transcribed == (LEDGER["evidence_kind"] == "the paper itself")).all()
    scale = pd.read_csv(ROOT / "data" / "editorial" / "verdict_scale.csv").set_index("verdict")
    assert not scale.loc["transcribed", "counted"] and not scale.loc["timing only", "support"]


def test_every_claim_not_testable_says_why_and_no_other_does():
    untestable = LEDGER["status"] == "not testable"
    assert (untestable == (LEDGER["not_testable_because"] != "")).all()


def test_a_verdict_breaking_the_rules_stops_the_ledger_naming_line_and_column():
    table = LEDGER.copy()
    row = table.index[table["evidence_kind"] == "order of dates"][0]
    table.loc[row, ["status", "quote"]] = ["consistent", "The campaign led to a law."]
    with pytest.raises(DataValidationError, match=rf"claims_ledger.csv, line {row + 2}, "
                                                  r"column 'status': .*timing only"):
        check_verdicts(table)


def test_a_claim_not_testable_on_computed_values_is_measured_not_linked_and_no_other():
    table = LEDGER.copy()
    row = table.index[table["claim_id"] == "barriers_censorship_pressure"][0]
    check_verdicts(table)  # today: 'measured, not linked', on a computed value
    table.loc[row, "not_testable_because"] = "no shipped data"
    with pytest.raises(DataValidationError, match=rf"line {row + 2}, column "
                                                  r"'not_testable_because': .*measured, not"):
        check_verdicts(table)


def test_a_claim_a_cited_work_carries_is_never_untestable_for_want_of_shipped_data():
    table = LEDGER.copy()
    row = table.index[table["claim_id"] == "intro_attention_not_policy"][0]
    check_verdicts(table)  # today: 'source not found'
    table.loc[row, "not_testable_because"] = "no shipped data"
    with pytest.raises(DataValidationError, match=rf"line {row + 2}, column "
                                                  r"'not_testable_because': .*cited work"):
        check_verdicts(table)


@pytest.mark.parametrize("claim", list(LEDGER.itertuples()), ids=lambda claim: claim.claim_id)
def test_every_quote_is_the_papers_own_words_under_its_section(claim):
    assert squeezed(claim.quote) in section_text(claim.section)


def test_the_ledger_covers_every_part_of_the_paper():
    parts = {"ABSTRACT", "Introduction", "Literature Review", "Methodology",
             "Results and Discussion", "Discussion", "Conclusion"}
    assert parts <= set(LEDGER["section"])


def numbers_outside_placeholders(text: str) -> list[str]:
    rest = NAMES_WITH_DIGITS.sub("", PLACEHOLDER.sub("", text))
    return re.findall(r"\S*\d\S*", rest)


@pytest.mark.parametrize("table,column", [(LEDGER, "evidence"), (BARRIERS, "measured")],
                         ids=["ledger", "barriers"])
def test_evidence_types_no_number_the_chapters_did_not_compute(table, column):
    typed = {text: found for text in table[column] if (found := numbers_outside_placeholders(text))}
    assert typed == {}


def test_every_placeholder_names_a_value_a_chapter_glued():
    filled = [fill_placeholders(text, "test") for text in [*LEDGER["evidence"],
                                                          *BARRIERS["measured"]]]
    assert not any(PLACEHOLDER.search(text) for text in filled)


def test_a_placeholder_naming_no_glued_value_fails_with_where_it_is():
    with pytest.raises(DataValidationError, match="claims.csv, line 9, column 'evidence': "
                                                  r"\{09_barriers:no_such_value\} names no"):
        fill_placeholders("{09_barriers:no_such_value}", "claims.csv, line 9, column 'evidence'")


def test_a_link_to_no_section_fails_naming_file_line_and_column():
    table = LEDGER.head(2).copy()
    table.loc[table.index[1], "link"] = "book/09_barriers.html#no-such-section"
    with pytest.raises(DataValidationError,
                       match=r"data/editorial/claims_ledger.csv, line 3, column 'link': "
                             "'book/09_barriers.html#no-such-section' names no section"):
        section_links(table, "link", "claims_ledger")


def test_every_claim_is_on_the_built_page_with_a_link_that_leads_to_a_section(built_site):
    soup = BeautifulSoup((built_site / "book" / "claims_ledger.html").read_text("utf-8"),
                         "html.parser")
    ids: dict[str, set[str]] = {}  # of each page linked to, parsed once, not once a claim
    for claim in LEDGER.itertuples():
        anchor = "claim-" + claim.claim_id.replace("_", "-")
        block = soup.find(id=anchor)
        assert block is not None, claim.claim_id
        link = block.find_next(lambda tag: tag.name == "a" and "#" in tag.get("href", "")
                               and not tag["href"].startswith("#"))
        page, section = urldefrag(link["href"])
        if page not in ids:
            target = BeautifulSoup((built_site / "book" / page).read_text("utf-8"),
                                   "html.parser")
            ids[page] = {tag["id"] for tag in target.find_all(id=True)}
        assert section in ids[page], link["href"]
        assert f"book/{page}#{section}" == claim.link


def test_a_comment_in_a_code_cell_is_no_section_to_link_to(tmp_path):
    from activism_book.ledger import link_titles_in

    page = ("# Title\n\n## A section\n\n```{code-cell} ipython3\n# a comment, not a section\n"
            "x = 1\n```\n\n## Another section\n")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "any_page.md").write_text(page, encoding="utf-8")
    assert link_titles_in(tmp_path, "any_page#a-section") == ("Title", "A section")
    assert link_titles_in(tmp_path, "any_page#another-section") == ("Title", "Another section")
    assert link_titles_in(tmp_path, "any_page#a-comment-not-a-section") == ("Title", None)


def accounted(others: pd.DataFrame) -> pd.DataFrame:
    return sentence_accounts(paper_sentences(PAPER), LEDGER, others)


def test_every_sentence_of_the_paper_is_a_claim_or_has_a_class_and_a_reason():
    others = pd.read_csv(ROOT / "data" / "editorial" / "paper_sentences.csv", dtype=str,
                         keep_default_na=False)
    sentences = accounted(others)
    assert len(sentences) > 100 and not sentences["class"].isin(["", UNACCOUNTED]).any()
    claims = sentences.loc[sentences["class"] == "claim", "claims"].str.split().explode()
    assert set(claims) <= set(LEDGER["claim_id"])
    for quote in LEDGER["quote"]:  # each claim is the whole or a part of some sentences
        assert any(squeezed(quote) in squeezed(s) or squeezed(s) in squeezed(quote)
                   for s in sentences["sentence"]), quote
    missing = accounted(others[~others["starts"].str.startswith("This study focuses")])
    assert missing.loc[missing["class"] == UNACCOUNTED, "sentence"].str.startswith(
        "This study focuses").tolist() == [True]
    stale = pd.concat([others, pd.DataFrame([{"starts": "No such sentence", "claim_id": "",
                                              "class": "aim", "reason": "none"}])],
                      ignore_index=True)
    with pytest.raises(DataValidationError, match=rf"line {len(stale) + 1}, column 'starts'"):
        accounted(stale)
