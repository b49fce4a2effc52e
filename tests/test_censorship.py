"""Days under a block count each day once and never give an open block an end; occasions
and the rate expected by chance follow their written rules."""

import pandas as pd
import pytest

from activism_book.censorship import (
    days_in_force,
    days_in_force_at_least,
    expected_by_chance,
    occasions,
    platform_blocks,
)


def event(start, end, platforms="Twitter/X", backwards=False, status="", years=None,
          extent="Service-based", cause="Protests"):
    return {"start_date": pd.Timestamp(start), "end_date": pd.Timestamp(end) if end else pd.NaT,
            "platforms_affected": platforms, "end_before_start": backwards,
            "shutdown_status": status, "count_years": years or start[:4],
            "shutdown_extent": extent, "actual_cause": cause}


def test_overlapping_blocks_count_their_shared_days_once_and_open_ones_none():
    events = pd.DataFrame([event("2024-01-01", "2024-01-03"), event("2024-01-03", "2024-01-04"),
                           event("2024-02-01", None), event("2024-03-02", "2024-03-01", True)])
    assert days_in_force(events) == 4


def test_each_platform_counts_only_the_events_that_name_it():
    events = pd.DataFrame([event("2024-01-01", "2024-01-02", "Facebook, Twitter/X"),
                           event("2024-05-01", None, "Twitter/X")])
    table = platform_blocks(events).set_index("platform")
    assert table.loc["Twitter/X"].tolist() == [2, 2, 1, 2]
    assert table.loc["Facebook"].tolist() == [1, 2, 0, 2]
    assert table.loc["WhatsApp"].tolist() == [0, 0, 0, 0]


def test_an_open_block_counts_at_least_to_the_first_day_of_its_last_count_year():
    repeated = event("2024-12-30", None, status="Ongoing", years="2024 2025")
    assert days_in_force_at_least(pd.DataFrame([repeated])) == 3  # 30, 31 December, 1 January
    once = event("2024-12-30", None, status="Ongoing")
    assert days_in_force_at_least(pd.DataFrame([once])) == 0  # the register shows no later day
    ended = event("2024-01-01", "2024-01-05")
    assert days_in_force_at_least(pd.DataFrame([ended, repeated])) == 5 + 3


def test_occasions_join_one_extent_and_cause_within_the_gap_and_no_further():
    register = pd.DataFrame([event("2024-07-13", "2024-07-13"), event("2024-07-14", None),
                             event("2024-07-16", None), event("2024-07-25", None),
                             event("2024-07-14", None, cause="Religious holiday/anniversary"),
                             event("2024-07-14", None, extent="Full network")])
    assert occasions(register, 3).nunique() == 4  # 13-16 July; 25 July; other cause; network
    assert occasions(register, 1).nunique() == 5  # the 16th is two days after the 14th


def test_the_rate_expected_by_chance_spreads_each_years_events_over_its_days():
    register = pd.DataFrame([event("2023-03-01", None)] * 365)
    march = pd.DataFrame({"date_start": [pd.Timestamp("2023-06-01")],
                          "date_end": [pd.Timestamp("2023-06-01")]})
    assert expected_by_chance(march, register, 3) == pytest.approx(7)
    assert expected_by_chance(march.assign(date_start=pd.Timestamp("2022-06-01"),
                                           date_end=pd.Timestamp("2022-06-01")),
                              register, 3) == 0


def test_near_a_campaign_counts_starts_in_each_window_and_long_blocks_apart():
    from activism_book.censorship import register_events_near

    register = pd.DataFrame([event("2024-01-01", "2024-01-10"),  # started before, in force
                             event("2024-01-20", None),  # starts inside the wider window
                             event("2024-01-09", "2024-01-09"),  # starts on the day
                             event("2023-06-01", None),  # no end, status unknown
                             event("2023-07-01", None, status="Ongoing")])  # still in force
    march = pd.DataFrame({"date_start": [pd.Timestamp("2024-01-08")],
                          "date_end": [pd.Timestamp("2024-01-15")]})
    counts = register_events_near(march, register, [0, 5]).iloc[0]
    assert counts[["within 0 days", "within 5 days", "in force from before"]].tolist() == \
        [1, 2, 2]
