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
    days = set()
    for start, end in zip(ended["start_date"], ended["end_date"], strict=True):
        days.update(pd.date_range(start, end, freq="D"))
    return len(days)


def platform_blocks(events: pd.DataFrame) -> pd.DataFrame:
    """For each named platform: the events affecting it, the days in force of those with a
    usable end (:func:`days_in_force`), and those with none."""
    rows = []
    for platform in PLATFORMS:
        blocks = blocks_of(events, platform)
        rows.append({"platform": platform, "events": len(blocks),
                     "days_in_force": days_in_force(blocks),
                     "no_usable_end": int((~with_recorded_end(blocks)).sum())})
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
