"""The case studies: one chapter per case from one template, and one reading of the events."""

import re
import shutil

import pandas as pd
import pytest

from activism_book.case_chapters import TEMPLATE, case_studies, chapter_text, write_case_chapters
from activism_book.cases import (
    AFTER,
    BEFORE,
    UNORDERED,
    baseline,
    months_between,
    one_per_event,
    rise,
    timeline,
    timing,
)
from book_engine import data
from book_engine.execution.chapters import toc_files
from tests.conftest import ROOT, toc

MIN_EVENTS = 8
PLACEHOLDER = re.compile(r"\{\{(case|campaign|title|prefix)\}\}")


def test_each_case_has_its_chapter_made_from_the_template_and_listed_in_the_toc():
    template = (ROOT / TEMPLATE).read_text(encoding="utf-8")
    listed = set(toc_files(toc()))
    for case in case_studies(ROOT):
        text = (ROOT / f"{case['chapter']}.md").read_text(encoding="utf-8")
        assert text == chapter_text(template, case), f"{case['chapter']}.md was edited by hand"
        assert not PLACEHOLDER.search(text)
        assert case["chapter"] in listed


def test_a_case_is_added_with_a_row_of_data(tmp_path):
    for part in ["book", "data"]:
        shutil.copytree(ROOT / part, tmp_path / part)
    table = tmp_path / "data" / "editorial" / "case_studies.csv"
    table.write_text(table.read_text(encoding="utf-8") + "new_case,#NewCase,#NewCase: a test,"
                     "book/09_case_new_case,newcase,SP.URB.TOTL\n", encoding="utf-8")
    written = write_case_chapters(tmp_path)
    assert written == [tmp_path / "book" / "09_case_new_case.md"]
    text = written[0].read_text(encoding="utf-8")
    assert 'CASE = "new_case"' in text and 'glue_value("newcase_events"' in text
    assert write_case_chapters(tmp_path) == []  # unchanged text is not written again


@pytest.fixture(scope="module")
def events():
    return data.load("policy_events")


def test_every_case_has_enough_sourced_events_and_only_known_cases(events):
    cases = {case["case"] for case in case_studies(ROOT)}
    assert set(events["case"]) <= cases | {"none"}
    per_case = events[events["case"] != "none"].groupby("case")["event_group"].nunique()
    assert set(per_case.index) == cases
    assert (per_case >= MIN_EVENTS).all(), per_case.to_dict()
    assert events["source"].str.match(r"https?://").all()
    assert (events["quote"].str.len() > 0).all()


def test_conflicting_sources_stay_two_rows_and_are_marked(events):
    policy = events.set_index("event_id").loc[["nccp_2012_approved_A", "nccp_2012_approved_B"]]
    assert policy["dates_conflict"].all()
    assert policy["event_group"].nunique() == 1
    merged = one_per_event(events[events["event_id"].isin(policy.index)])
    assert len(merged) == 1
    assert merged["date_start"].iloc[0] == pd.Timestamp("2012-03-19")
    assert merged["date_end"].iloc[0] == pd.Timestamp("2012-09-26")  # the rereading's day


RULE = baseline(data.load("event_rule"))


def test_the_2010_act_predates_metoo_and_the_2022_amendment_follows_it(events):
    metoo = events[events["case"] == "metoo_pakistan"]
    responses = timing(metoo, rise(metoo, RULE), RULE).set_index("event_id")
    assert responses.loc["harassment_act_2010_assent", "timing"] == BEFORE
    assert responses.loc["harassment_amendment_2022_assent", "timing"] == AFTER


def event(start, end, precision, kind="act", group="e", reform="", draft=False,
          event_id=None, conflict=False):
    return {"event_id": event_id or group, "event_group": group, "kind": kind, "event": group,
            "date_start": pd.Timestamp(start), "date_end": pd.Timestamp(end),
            "date_as_published": start, "date_precision": precision, "reform": reform,
            "draft": draft, "emergency": False, "foreign_body": False,
            "audit_outcome": "confirmed", "source_is_copy": False, "dates_conflict": conflict}


def test_rows_of_one_event_that_agree_give_its_most_precise_date_and_conflicts_their_span():
    agreed = pd.DataFrame([event("2021-01-01", "2021-12-31", "year", event_id="a"),
                           event("2021-10-13", "2021-10-13", "day", event_id="b")])
    merged = one_per_event(agreed).iloc[0]
    assert (merged["event_id"], merged["date_start"], merged["date_end"]) == \
        ("b", pd.Timestamp("2021-10-13"), pd.Timestamp("2021-10-13"))
    conflicting = pd.DataFrame([event("2017-04-03", "2017-04-03", "day", event_id="b",
                                      conflict=True),
                                event("2017-03-31", "2017-03-31", "day", event_id="a",
                                      conflict=True)])
    merged = one_per_event(conflicting).iloc[0]
    assert (merged["event_id"], merged["date_as_published"]) == ("a", "2017-03-31 or 2017-04-03")
    assert (merged["date_start"], merged["date_end"]) == \
        (pd.Timestamp("2017-03-31"), pd.Timestamp("2017-04-03"))


def test_a_foreign_body_act_is_never_an_official_step():
    rows = pd.DataFrame([event("2019-09-20", "2019-09-20", "day", "campaign", "rise"),
                         {**event("2023-07-11", "2023-07-11", "day", "programme", "fund"),
                          "foreign_body": True}])
    assert timing(rows, rise(rows, RULE), RULE).empty


def test_a_response_whose_span_overlaps_the_rise_cannot_be_ordered():
    rows = pd.DataFrame([event("2019-09-20", "2019-09-20", "day", "campaign", "rise"),
                         event("2019-01-01", "2019-12-31", "year", "act", "same_year"),
                         event("2019-10-01", "2019-10-31", "month", "act", "after")])
    timed = timing(rows, rise(rows, RULE), RULE).set_index("event_id")["timing"]
    assert timed.to_dict() == {"same_year": UNORDERED, "after": AFTER}


def test_stages_count_each_or_once_and_drafts_in_or_out_as_the_rule_says():
    rows = pd.DataFrame([event("2019-09-20", "2019-09-20", "day", "campaign", "rise"),
                         event("2019-10-01", "2019-10-01", "day", "policy", "draft", draft=True),
                         event("2019-11-01", "2019-11-01", "day", "bill", "passed", "law"),
                         event("2019-12-01", "2019-12-01", "day", "act", "assent", "law")])
    def after(**options):
        rule = {**RULE, **options}
        return sorted(timing(rows, rise(rows, rule), rule).query("timing == @AFTER")["event_id"])
    assert after() == ["assent", "draft", "passed"]
    assert after(stages="once") == ["draft", "passed"]
    assert after(drafts="out", stages="once") == ["passed"]


def test_months_are_the_fewest_the_two_dates_allow_whatever_their_precision():
    day = pd.Series(event("2017-10-16", "2017-10-16", "day"))
    month = pd.Series(event("2020-07-01", "2020-07-31", "month"))
    year = pd.Series(event("2021-01-01", "2021-12-31", "year"))
    assert months_between(day, month) == 32  # 16 October 2017 to 1 July 2020
    assert months_between(day, year) == 38  # to 1 January 2021, the earliest the year allows
    assert months_between(month, year) == 5  # from 31 July 2020


def test_the_timeline_draws_spans_for_months_and_years_and_shows_source_and_quote(events):
    spec = timeline(events[events["case"] == "climate_action_pk"], "test").to_dict()
    spans, days = spec["layer"]
    assert spans["mark"]["type"] == "bar" and "x2" in spans["encoding"]
    assert "date_precision != 'day'" in spans["transform"][0]["filter"]
    assert days["mark"]["type"] == "point"
    for layer in (spans, days):
        fields = {tooltip["field"] for tooltip in layer["encoding"]["tooltip"]}
        assert {"source", "quote", "date_as_published", "event"} <= fields


def test_a_case_whose_identifier_could_break_its_chapter_is_refused(tmp_path):
    for part in ["book", "data"]:
        shutil.copytree(ROOT / part, tmp_path / part)
    table = tmp_path / "data" / "editorial" / "case_studies.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("metoo_pakistan,", 'me"too,', 1),
                     encoding="utf-8")
    with pytest.raises(ValueError, match=r"case_studies.csv, line 2, column 'case'"):
        write_case_chapters(tmp_path)


def test_a_case_title_from_data_is_text_in_its_chapter():
    case = {"case": "x", "glue_prefix": "x", "campaign": "#X", "title": "<b onclick=y>{raw}`z`"}
    text = chapter_text("# {{title}} on {{campaign}}", case)
    assert text == r"# \<b onclick\=y\>\{raw\}\`z\` on \#X"
