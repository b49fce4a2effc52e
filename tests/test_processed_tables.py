"""The processed tables say what their sources say, and keep secondary evidence apart."""

import pandas as pd
import pytest

from book_engine.data import load
from tests.conftest import ROOT

RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def indicators():
    return load("national_indicators")


def test_internet_users_keep_three_releases_apart(indicators):
    internet = indicators[indicators["indicator_code"] == "IT.NET.USER.ZS"]
    assert sorted(internet["release"].unique()) == ["ITU 2019-06", "OWID 2025-01-24",
                                                    "WDI 2026-07-13"]
    pakistan = internet[internet["country_code"] == "PAK"].pivot(
        index="year", columns="release", values="value")
    assert pakistan.loc[2024, "WDI 2026-07-13"] == 57.253
    assert pd.isna(pakistan.loc[2021, "WDI 2026-07-13"])
    assert pakistan.loc[2021, "OWID 2025-01-24"] == 24.9775
    assert pakistan.loc[2017, "ITU 2019-06"] == 15.51  # since revised down
    assert pakistan.loc[2017, "WDI 2026-07-13"] == pytest.approx(13.78, abs=0.001)


def test_every_wdi_indicator_arrives_with_its_unit(indicators):
    wdi = indicators[indicators["release"] == "WDI snapshot 2026-07-01"]
    assert wdi["indicator_code"].nunique() == 40
    units = wdi.drop_duplicates("indicator_code").set_index("indicator_code")["unit"]
    assert units["IT.CEL.SETS.P2"] == "per 100 people"
    assert units["SP.POP.TOTL"] == "people"
    assert units["SL.TLF.CACT.FE.ZS"] == "% of female population ages 15+"


def test_wdi_values_equal_the_raw_file(indicators):
    raw = pd.read_csv(RAW / "wdi_worldbank/indicators/se.adt.litr.fe.zs.csv")
    derived = indicators[indicators["indicator_code"] == "SE.ADT.LITR.FE.ZS"]
    merged = raw.merge(derived, left_on=["Country Code", "Year"],
                       right_on=["country_code", "year"], validate="one_to_one")
    assert len(merged) == len(raw) == len(derived)
    assert (merged["Value"] == merged["value"]).all()


def test_freedom_scores_match_freedom_houses_own_rows():
    scores = load("freedom_scores").query("survey == 'Freedom in the World'")
    subset = pd.read_csv(RAW / "freedom_house/fiw_2013_2024_south_asia_subset.csv")
    long = subset.melt(id_vars=["Country/Territory", "Edition"], value_vars=["Total", "D1", "PR"],
                       var_name="measure", value_name="published")
    merged = long.merge(scores, left_on=["Country/Territory", "Edition", "measure"],
                        right_on=["country", "edition", "measure"], validate="one_to_one")
    assert len(merged) == len(long) == 5 * 12 * 3
    assert (merged["published"] == merged["score"]).all()


def test_fotn_2018_stays_on_its_old_scale():
    fotn = load("freedom_scores").query("survey == 'Freedom on the Net'")
    pakistan = fotn.query("country_code == 'PAK' and measure == 'Total'").iloc[0]
    assert pakistan["score"] == 73 and not pakistan["higher_is_freer"]
    assert pakistan["status"] == "not free"


def test_policy_event_spans_follow_their_precision():
    events = load("policy_events").set_index("event_id")
    assert (events["date_start"] <= events["date_end"]).all()
    month = events.loc["kp_harassment_bill_passed_2018"]
    assert (month["date_precision"], month["date_start"].day, month["date_end"].day) == \
        ("month", 1, 28)
    day = events.loc["harassment_act_2010_assent"]
    assert day["date_start"] == day["date_end"] == pd.Timestamp("2010-03-09")
    # both conflicting approval dates of the climate policy are kept, neither chosen
    assert {"nccp_2012_approved_A", "nccp_2012_approved_B"} <= set(events.index)


def test_quoted_figures_are_flagged_by_their_page_and_carried_by_their_quotes():
    figures = load("press_reported_figures")
    on_publisher_pages = figures["source_url"].str.contains("freedomhouse.org|ecoi.net")
    assert (figures.loc[on_publisher_pages, "evidence"] == "primary").all()
    assert (figures.loc[~on_publisher_pages, "evidence"] == "secondary").all()
    assert on_publisher_pages.sum() > 0
    numbers = figures.dropna(subset=["value_number"])
    assert len(numbers) > 20
    for _, row in numbers.iterrows():
        assert row["value_as_printed"] in row["quote"], row["figure_id"]


def test_press_figures_never_enter_a_primary_table(indicators):
    # Primary tables hold only the releases shipped as data; the press figures' other
    # Freedom on the Net editions (2011-2025) stay in their own table.
    assert set(indicators["release"]) == {"WDI snapshot 2026-07-01", "WDI 2026-07-13",
                                          "OWID 2025-01-24", "ITU 2019-06"}
    fotn = load("freedom_scores").query("survey == 'Freedom on the Net'")
    assert set(fotn["edition"]) == {2018}
    press_fotn = load("press_reported_figures").query("figure_id.str.startswith('fotn_')")
    assert len(press_fotn) > 10
