"""Reading Access Now's register of shutdowns and blocks (``access_now_pakistan``) without
filling in what it does not record.

A block whose end the register does not record (ongoing, unknown, or an end before its
start) has no number of days: it is counted apart, as open, never given an end.
"""

import pandas as pd

PLATFORMS = ["Facebook", "Twitter/X", "WhatsApp", "Instagram", "Telegram"]


def with_recorded_end(events: pd.DataFrame) -> pd.Series:
    """Which events have an end date the book can use: recorded, and not before the start."""
    return events["end_date"].notna() & ~events["end_before_start"].astype(bool)


def blocks_of(events: pd.DataFrame, platform: str) -> pd.DataFrame:
    """The events the register marks as affecting ``platform`` (one of ``PLATFORMS``)."""
    named = events["platforms_affected"].fillna("").str.split(", ")
    return events[named.map(lambda platforms: platform in platforms)]


def days_in_force(events: pd.DataFrame) -> int:
    """Calendar days on which at least one of the events with a usable end was in force, its
    start and end days both counted; overlapping events count their shared days once."""
    ended = events[with_recorded_end(events)]
    return len(days_between(ended["start_date"], ended["end_date"]))


def known_in_force_until(events: pd.DataFrame) -> pd.Series:
    """For events with no usable end: 1 January of the last year the register counts each
    under, a day it was still in force (the register repeats an event under the next year
    only when it is ongoing at the end of a year); none for an event counted under one year."""
    last_year = events["count_years"].str.split().str[-1].astype(int)
    first_of_year = pd.to_datetime(last_year.astype(str) + "-01-01")
    return first_of_year.where(~with_recorded_end(events)
                               & (first_of_year > events["start_date"]))


def days_in_force_at_least(events: pd.DataFrame) -> int:
    """:func:`days_in_force`, with each event of no usable end counted from its start to the
    last day the register shows it in force (:func:`known_in_force_until`): a lower bound."""
    until = events["end_date"].where(with_recorded_end(events), known_in_force_until(events))
    return len(days_between(events["start_date"], until))


def days_between(starts: pd.Series, ends: pd.Series) -> set:
    """The calendar days from each start to its end, both counted; a missing end adds none."""
    days = set()
    for start, end in zip(starts, ends, strict=True):
        if pd.notna(end):
            days.update(pd.date_range(start, end, freq="D"))
    return days


def platform_blocks(events: pd.DataFrame) -> pd.DataFrame:
    """For each named platform: the events affecting it, the days in force of those with a
    usable end (:func:`days_in_force`), those with none, and the days in force at least with
    the open ones counted as far as the register shows them (:func:`days_in_force_at_least`)."""
    rows = []
    for platform in PLATFORMS:
        blocks = blocks_of(events, platform)
        rows.append({"platform": platform, "events": len(blocks),
                     "days_in_force": days_in_force(blocks),
                     "no_usable_end": int((~with_recorded_end(blocks)).sum()),
                     "days_at_least": days_in_force_at_least(blocks)})
    return pd.DataFrame(rows)


def starting_within(register: pd.DataFrame, first: pd.Timestamp,
                    last: pd.Timestamp) -> pd.Series:
    """Which events of the register start on one of the days ``first`` to ``last``."""
    return register["start_date"].between(first, last)


def in_force_from_before(register: pd.DataFrame, first: pd.Timestamp,
                         last: pd.Timestamp) -> pd.Series:
    """Which events started before ``first`` and were still in force on one of the days to
    ``last``: by their recorded end, or because the register marks them ongoing. One with no
    usable end and another status is not counted: the register does not say it was."""
    in_force = (with_recorded_end(register) & (register["end_date"] >= first)) \
        | (register["shutdown_status"].fillna("") == "Ongoing")
    return in_force & (register["start_date"] < first)


def register_events_near(campaign_events: pd.DataFrame, register: pd.DataFrame,
                         windows: list[int]) -> pd.DataFrame:
    """For each campaign event (its span ``date_start`` to ``date_end``): how many events of
    the register start within that span widened by each number of days in ``windows``, and
    how many started before the widest window and were, by their recorded end, still in
    force in it."""
    spans = list(zip(campaign_events["date_start"], campaign_events["date_end"], strict=True))
    widest = pd.Timedelta(days=max(windows))
    counts = {f"within {days} days": [
        int(starting_within(register, start - pd.Timedelta(days=days),
                            end + pd.Timedelta(days=days)).sum()) for start, end in spans]
        for days in windows}
    counts["in force from before"] = [
        int(in_force_from_before(register, start - widest, end + widest).sum())
        for start, end in spans]
    return campaign_events.assign(**counts)


def occasions(register: pd.DataFrame, days: int) -> pd.Series:
    """Another reading of what one event is: events of one extent (network or services) and
    one cause, each starting within ``days`` days of the one before, as one occasion (a
    religious holiday that the register records province by province, say). The occasion's
    number for each event."""
    network = register["shutdown_extent"].str.startswith("Full network")
    ordered = register.assign(network=network).sort_values("start_date")
    gaps = ordered.groupby(["network", "actual_cause"])["start_date"].diff()
    new_occasion = gaps.isna() | (gaps > pd.Timedelta(days=days))
    return new_occasion.cumsum().reindex(register.index)


def expected_by_chance(campaign_events: pd.DataFrame, register: pd.DataFrame,
                       days: int) -> float:
    """How many of the register's events would start within ``days`` days of the campaign
    events if they fell on any day of their year alike: for each campaign event, the
    register's events starting in its year times the share of that year's days its window
    covers, summed."""
    starts = register["start_date"].dt.year.value_counts()
    expected = 0.0
    for start, end in zip(campaign_events["date_start"], campaign_events["date_end"],
                          strict=True):
        window = (end - start).days + 1 + 2 * days
        year_days = 366 if start.is_leap_year else 365
        expected += starts.get(start.year, 0) * window / year_days
    return expected
