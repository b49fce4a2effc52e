"""Process tracing: every case follows one reform through its sourced stages, beside the
stand-in campaign's demands, and says only what the sources state of a link."""

import nbformat
import pandas as pd
import pytest

from activism_book.case_chapters import case_studies
from activism_book.cases import AFTER, BEFORE, baseline, events_of, rise
from activism_book.tracing import (
    DEMAND_LANE,
    first_dated,
    link_reading,
    read_links,
    read_statements,
    reform_trace,
    stage_timeline,
    stages_not_found,
)
from book_engine import data
from book_engine.execution.glued import glued_values
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def events():
    return data.load("policy_events")


def traces(events):
    """Each case's trace, recomputed as the chapter does."""
    rule, stages = baseline(data.load("event_rule")), data.load("reform_stages")
    traced = data.load("traced_reforms").set_index("case")
    for case in case_studies(ROOT):
        risen = rise(events_of(events, case["case"]), rule)
        yield case, reform_trace(events, traced.loc[case["case"], "reform"], stages, risen)


def test_every_case_traces_one_reform_and_its_page_shows_that_trace(events):
    traced = data.load("traced_reforms")
    assert sorted(traced["case"]) == sorted(case["case"] for case in case_studies(ROOT))
    stages = data.load("reform_stages")
    for case, trace in traces(events):
        assert len(trace) >= 2, case["case"]  # a reform traced through stages
        assert trace["date_start"].is_monotonic_increasing
        notebook = nbformat.read(ROOT / f"{case['chapter']}.ipynb", as_version=4)
        glued = {value.name: value.plain.strip("'") for value in glued_values(notebook)}
        prefix = case["glue_prefix"]
        assert int(glued[f"{prefix}_traced_stages"]) == len(trace)
        assert int(glued[f"{prefix}_traced_before"]) == (trace["timing"] == BEFORE).sum()
        unsourced = stages_not_found(trace, stages)["stage"].str.replace("_", " ")
        assert all(stage in glued[f"{prefix}_traced_unsourced"] for stage in unsourced)


def test_the_traces_place_each_stage_against_its_case_stand_in(events):
    placed = {case["case"]: trace["timing"] for case, trace in traces(events)}
    assert (placed["harassment_free_streets"] == BEFORE).all()  # the 2010 law, #GirlsAtDhabas 2015
    assert (placed["metoo_pakistan"] == AFTER).all()  # the 2022 amendment, #MeToo 2017


def test_a_reform_no_event_is_a_stage_of_is_refused(events):
    with pytest.raises(ValueError, match="no_such_reform"):
        reform_trace(events, "no_such_reform", data.load("reform_stages"), None)


def dated(row_id, start, end, kind="demand"):
    return {"row_id": row_id, "kind": kind, "date_start": pd.Timestamp(start),
            "date_end": pd.Timestamp(end)}


def test_the_first_demand_is_the_one_known_to_come_first():
    demands = pd.DataFrame([dated("G05", "2015-01-01", "2015-12-31"),
                            dated("G01", "2015-08-11", "2015-08-11")])
    assert first_dated(demands)["row_id"] == "G01"  # a whole year is not its first day
    assert first_dated(demands.iloc[:0]) is None


def link(reform, credits):
    return {"kind": "link", "reform": reform, "credits": credits}


def test_the_link_reading_counts_only_links_to_the_reform_and_says_when_the_stages_came_first():
    elsewhere = pd.DataFrame([link("another_reform", "case_campaign"),
                              link("this_reform", "no_one")])
    earlier = pd.DataFrame({"timing": [BEFORE, BEFORE]})
    assert link_reading(elsewhere, earlier, "this_reform") == (
        "No stored page credits activists, rights groups or complainants' cases with a part "
        "in this reform, and every sourced stage lies before the stand-in.")
    links = pd.DataFrame([link("this_reform", "others"),
                          link("this_reform", "case_campaign"), link("this_reform", "no_one"),
                          link("another_reform", "case_campaign")])
    assert link_reading(links, pd.DataFrame({"timing": [BEFORE, AFTER]}), "this_reform") == (
        "Stored pages that credit activists, rights groups or complainants' cases with a part "
        "in this reform: 2, each its source's claim, not a finding; of them, crediting the "
        "case's own campaign, of which the stand-in is one event: 1.")


def test_every_link_has_a_reading_to_a_traced_or_labelled_reform_and_one_without_is_refused():
    demands = data.load("campaign_demands")
    readings = data.load("link_readings")
    links = read_links(demands, readings)
    assert links["reform"].isin(data.load("policy_events")["reform"]).all()
    with pytest.raises(ValueError, match="M11"):
        read_links(demands, readings[readings["row_id"] != "M11"])


def test_the_stage_timeline_shows_the_stand_in_and_each_mark_its_source_and_quote(events):
    case, trace = next(traces(events))
    demands = read_statements(data.load("campaign_demands").query("case == @case['case']"),
                              data.load("demand_readings"))
    risen = rise(events_of(events, case["case"]), baseline(data.load("event_rule")))
    spec = stage_timeline(trace, demands, risen, "test").to_dict()
    marks, rule = spec["layer"]
    assert rule["mark"]["type"] == "rule"
    for layer in marks["layer"]:
        fields = {tooltip["field"] for tooltip in layer["encoding"]["tooltip"]}
        assert {"source", "quote", "date_as_published", "what"} <= fields
    lanes = marks["layer"][0]["encoding"]["y"]["sort"]
    assert lanes.index("lower house") < lanes.index("assent") < lanes.index(DEMAND_LANE)


def test_every_statement_has_a_reading_and_one_without_is_refused():
    demands = data.load("campaign_demands")
    readings = data.load("demand_readings")
    read = read_statements(demands, readings)
    statements = read[read["kind"] == "demand"]
    assert statements["addressed_to"].notna().all()
    asks = statements["asks_for_change"].astype(bool)
    assert (statements.loc[asks, "addressed_to"] == "government").all()
    with pytest.raises(ValueError, match="M01"):
        read_statements(demands, readings[readings["row_id"] != "M01"])
