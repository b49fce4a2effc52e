"""Days under a block count each day once and never give an open block an end."""

import pandas as pd

from activism_book.censorship import days_in_force, platform_blocks


def event(start, end, platforms="Twitter/X", backwards=False, status=""):
    return {"start_date": pd.Timestamp(start), "end_date": pd.Timestamp(end) if end else pd.NaT,
            "platforms_affected": platforms, "end_before_start": backwards,
            "shutdown_status": status}


def test_overlapping_blocks_count_their_shared_days_once_and_open_ones_none():
    events = pd.DataFrame([event("2024-01-01", "2024-01-03"), event("2024-01-03", "2024-01-04"),
                           event("2024-02-01", None), event("2024-03-02", "2024-03-01", True)])
    assert days_in_force(events) == 4


def test_each_platform_counts_only_the_events_that_name_it():
    events = pd.DataFrame([event("2024-01-01", "2024-01-02", "Facebook, Twitter/X"),
                           event("2024-05-01", None, "Twitter/X")])
    table = platform_blocks(events).set_index("platform")
    assert table.loc["Twitter/X"].tolist() == [2, 2, 1]
    assert table.loc["Facebook"].tolist() == [1, 2, 0]
    assert table.loc["WhatsApp"].tolist() == [0, 0, 0]


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
