"""The case studies' events under one rule: every row audited against a named page, every
row's case the one its issue gives, and the comparison's figures within the range the rule's
variants allow. Each check recomputes from the raw and editorial files with its own code."""

import csv
import json
import re
import shutil

import nbformat
import pandas as pd
import pytest

from activism_book.cases import events_of, sensitivity, variants
from activism_book.derive.cited_sources import (
    DEMANDS_FILES,
    campaign_demands,
    check_reforms,
    policy_events,
)
from book_engine import data
from book_engine.data.derivations import Inputs
from book_engine.data.validation import DataValidationError, check_table
from book_engine.execution.glued import glued_values
from tests.conftest import ROOT

SOURCES = ROOT / "data" / "raw" / "cited_sources"
EDITORIAL = ROOT / "data" / "editorial"
CASE_PAGES = ["book/_case_study.md", "book/08_cases_compared.md", "book/claims_ledger.md",
              "data/editorial/claims_ledger.csv"]


def rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def compiled() -> pd.DataFrame:
    """Every compiled row with the case it was compiled under, its audit and its label."""
    assigned = {row["event_id"]: row for row in rows(SOURCES / "policy_event_cases.csv")}
    events = [{"event_id": row["event_id"], "case": assigned[row["event_id"]]["case"],
               "excluded_because": assigned[row["event_id"]]["excluded_because"]}
              for row in rows(SOURCES / "policy_events.csv")]
    for name in ("campaign_events.csv", "added_events.csv", "review_events.csv",
                 "reread_events.csv"):
        events += [{"event_id": row["event_id"], "case": row["case"], "excluded_because": ""}
                   for row in rows(SOURCES / name)]
    audit = {row["event_id"]: row["outcome"] for name in AUDITS
             for row in rows(SOURCES / name)}
    issue = {row["event_id"]: row["issue"] for row in rows(EDITORIAL / "event_labels.csv")}
    unnamed = {row["event_id"] for name in ("event_sources.csv", "review_event_sources.csv",
                                            "reread_event_sources.csv")
               for row in rows(SOURCES / name)
               if row["cited_kind"] == "copy" and row["outlet"] == "not named"}
    table = pd.DataFrame(events)
    return table.assign(outcome=table["event_id"].map(audit), issue=table["event_id"].map(issue),
                        unnamed_copy=table["event_id"].isin(unnamed))


def test_every_compiled_row_is_audited_once_and_labelled_once(compiled):
    assert compiled["outcome"].notna().all() and compiled["issue"].notna().all()
    assert sum(len(rows(SOURCES / name)) for name in AUDITS) == len(compiled)
    assert len(rows(EDITORIAL / "event_labels.csv")) == len(compiled)


AUDITS = ["event_audit.csv", "added_events_audit.csv", "review_events_audit.csv",
          "reread_events_audit.csv"]


def test_every_confirmed_corrected_or_conflicting_row_names_and_quotes_its_page():
    for row in (row for name in AUDITS for row in rows(SOURCES / name)):
        if row["outcome"] != "not found":
            assert re.match(r"https?://", row["deciding_url"]), row["event_id"]
            assert row["deciding_quote"].strip(), row["event_id"]
        assert row["searched"].strip(), row["event_id"]


def test_a_corrected_date_replaces_the_compiled_one_and_keeps_it_beside():
    corrections = {row["event_id"]: row["corrected_date"]
                   for row in rows(SOURCES / "event_audit.csv") if row["corrected_date"]}
    events = data.load("policy_events").set_index("event_id")
    assert corrections
    for event_id, date in corrections.items():
        assert events.loc[event_id, "date_as_published"] == date
        assert events.loc[event_id, "date_corrected"]
        assert events.loc[event_id, "date_as_compiled"] != date


def test_a_later_reading_replaces_the_audits_page_words_and_date_and_keeps_the_compiled():
    events = data.load("policy_events").set_index("event_id")
    readings = rows(SOURCES / "event_rereading.csv")
    fields = {(row["event_id"], row["field"]): row for row in readings}
    for (event_id, field), row in fields.items():
        event = events.loc[event_id]
        if field == "date" or (event_id, "date") not in fields:  # the date's page is last
            assert event["audit_page"] == row["deciding_url"]
        words = fields.get((event_id, "event"), {})
        narrowed = words.get("outcome") == "narrowed"
        assert event["event"] == (words["corrected_event"] if narrowed
                                  else event["event_as_compiled"])
        assert narrowed == (event["event"] != event["event_as_compiled"])
        if row["corrected_date"]:
            assert event["date_as_published"] == row["corrected_date"] != event[
                "date_as_compiled"]
            assert event["audit_outcome"] == "corrected" and event["date_corrected"]


def test_a_reading_whose_correction_does_not_fit_its_outcome_is_refused(events_inputs):
    path = events_inputs.data_dir / "raw" / "cited_sources" / "event_rereading.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    confirmed = table.index[table["outcome"] == "confirmed"][0]
    table.loc[confirmed, "corrected_event"] = "words no page gives"
    table.to_csv(path, index=False)
    with pytest.raises(DataValidationError, match=rf"event_rereading\.csv, line "
                                                  rf"{confirmed + 2}, column 'corrected_event'"):
        policy_events(events_inputs)


def test_the_rule_gives_every_row_the_case_of_its_issue(compiled):
    """The case an event belongs to follows from its issue alone; rows with no page to stand
    on, or only a copy naming no original, leave the table; every row that leaves its
    compiled case is listed with a reason."""
    owner = {issue: row["case"] for row in rows(EDITORIAL / "case_studies.csv")
             for issue in row["issues"].split()}
    stays = (compiled["outcome"] != "not found") & (compiled["excluded_because"] == "") \
        & ~compiled["unnamed_copy"]
    expected = compiled[stays].set_index("event_id")["issue"].map(owner).fillna("none")
    events = data.load("policy_events").set_index("event_id")["case"]
    assert events.sort_index().to_dict() == expected.sort_index().to_dict()
    moved = set(compiled.loc[~stays, "event_id"]) | set(
        expected.index[expected != compiled.set_index("event_id").loc[expected.index, "case"]])
    exclusions = data.load("event_exclusions")
    assert set(exclusions["event_id"]) == moved
    assert exclusions["reason"].str.len().gt(0).all()


def test_a_reform_whose_stages_disagree_on_their_issue_is_refused():
    labels = pd.DataFrame({"reform": ["act", "act", ""], "issue": ["climate", "other", "x"]})
    with pytest.raises(DataValidationError, match=r"event_labels.csv, column 'issue': the "
                                                  r"stages of reform 'act'"):
        check_reforms(labels)


def test_chapter_8_reports_every_case_under_every_variant_and_its_headlines_lie_within():
    rule = data.load("event_rule")
    assert rule.groupby("aspect")["baseline"].sum().eq(1).all()  # one baseline per aspect
    events, cases = data.load("policy_events"), data.load("case_studies")
    readings = {case: sensitivity(events_of(events, case), rule) for case in cases["case"]}
    notebook = nbformat.read(ROOT / "book" / "08_cases_compared.ipynb", as_version=4)
    glued = {value.name: value.plain for value in glued_values(notebook)}
    assert int(glued["compare_variants"]) == len(variants(rule))
    months = pd.concat(readings.values())["months"].dropna()
    baseline_months = [reading["months"].iloc[0] for reading in readings.values()]
    low, high = float(glued["compare_months_low"]), float(glued["compare_months_high"])
    assert (low, high) == (months.min(), months.max())
    assert low <= float(glued["compare_months_min"]) <= float(glued["compare_months_max"]) <= high
    assert float(glued["compare_months_min"]) == min(m for m in baseline_months if pd.notna(m))


@pytest.mark.parametrize("path", CASE_PAGES)
def test_the_case_pages_and_the_ledger_time_steps_against_the_stand_in(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert not re.search(r"(before|after) the campaign\b", text, re.IGNORECASE)


@pytest.mark.parametrize("relative", DEMANDS_FILES)
def test_the_campaigns_demands_fit_their_schema_and_every_found_row_quotes_its_page(relative):
    schema = json.loads((ROOT / "data" / "schemas" / "cited_campaign_demands.json").read_text(
        encoding="utf-8"))
    check_table(ROOT / "data" / relative, schema, f"data/{relative}")
    for row in rows(ROOT / "data" / relative):
        found = row["kind"] != "no_link_found"
        assert bool(row["quote"]) == found and bool(row["source_url"]) == found, row["row_id"]
        assert bool(row["date"]) == bool(row["date_precision"]) == found, row["row_id"]


def test_a_demand_without_its_page_is_refused_with_file_line_and_column(tmp_path):
    for part in ["raw/cited_sources", "schemas"]:
        shutil.copytree(ROOT / "data" / part, tmp_path / part)
    path = tmp_path / "raw" / "cited_sources" / "campaign_demands.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[3, "source_url"] = ""
    table.to_csv(path, index=False)
    inputs = Inputs(tmp_path, ["raw/cited_sources/", "schemas/"], "campaign_demands", [])
    with pytest.raises(DataValidationError, match=r"campaign_demands\.csv, line 5, "
                                                  r"column 'source_url'"):
        campaign_demands(inputs)


@pytest.fixture()
def events_inputs(tmp_path):
    """A copy of what the derivation of policy_events reads, to break."""
    for part in ["raw/cited_sources", "schemas", "editorial"]:
        shutil.copytree(ROOT / "data" / part, tmp_path / part)
    return Inputs(tmp_path, ["raw/cited_sources/", "schemas/", "editorial/"], "policy_events",
                  [])


def test_every_added_row_has_its_second_audit_and_an_unknown_same_event_is_refused(
        events_inputs):
    audit_path = events_inputs.data_dir / "raw" / "cited_sources" / "added_events_audit.csv"
    table = pd.read_csv(audit_path, dtype=str, keep_default_na=False)
    table.iloc[1:].to_csv(audit_path, index=False)
    with pytest.raises(DataValidationError, match=rf"added_events_audit\.csv, column "
                                                  rf"'event_id'.*{table['event_id'].iloc[0]}"):
        policy_events(events_inputs)
    table.to_csv(audit_path, index=False)
    same_path = events_inputs.data_dir / "editorial" / "same_events.csv"
    same = pd.read_csv(same_path, dtype=str, keep_default_na=False)
    same.loc[1, "same_as"] = "no_such_event"
    same.to_csv(same_path, index=False)
    with pytest.raises(DataValidationError,
                       match=r"same_events\.csv, line 3, column 'same_as': 'no_such_event'"):
        policy_events(events_inputs)


def test_the_source_rule_moves_a_copy_to_its_outlet_and_leaves_out_one_naming_none():
    events = data.load("policy_events").set_index("event_id")
    moved = events.loc["minar_e_pakistan_fir_2021"]
    assert moved["source"].startswith("https://www.dawn.com/") != \
        moved["source_as_compiled"].startswith("https://www.dawn.com/")
    pages = pd.read_csv(SOURCES / "event_sources.csv", dtype=str, keep_default_na=False)
    unnamed = pages.loc[(pages["cited_kind"] == "copy") & (pages["outlet"] == "not named"),
                        "event_id"]
    assert len(unnamed) and not set(unnamed) & set(events.index)
    left = data.load("event_exclusions").set_index("event_id")
    assert left.loc[list(unnamed), "reason"].str.contains("the source rule").all()
    named = pages.loc[(pages["cited_kind"] == "copy") & (pages["outlet"] != "not named")
                      & (pages["outlet_url"] == ""), "event_id"]
    assert events.loc[events.index.intersection(named), "source_is_copy"].all()


def test_a_page_that_is_no_copy_but_names_an_outlet_page_is_refused(events_inputs):
    path = events_inputs.data_dir / "raw" / "cited_sources" / "event_sources.csv"
    pages = pd.read_csv(path, dtype=str, keep_default_na=False)
    first = pages.index[pages["cited_kind"] == "outlet"][0]
    pages.loc[first, ["outlet_url", "outlet_quote"]] = ["https://example.org/x", "a quote"]
    pages.to_csv(path, index=False)
    with pytest.raises(DataValidationError, match=rf"event_sources\.csv, line {first + 2}, "
                                                  r"column 'outlet_url'"):
        policy_events(events_inputs)
