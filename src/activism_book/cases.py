"""The case studies' shared reading of their dated events: when a campaign rose, which
official responses came before or after it, and a timeline that draws a date as the span it
can mean.

Used by every case-study chapter (all made from ``book/_case_study.md``) and by the chapter
that compares them, so that each case is read by the same rules.
"""

import altair as alt
import pandas as pd

RISE_KIND = "campaign"  # the earliest dated campaign event is when the case's campaign rose
RESPONSE_KINDS = ("bill", "act", "ordinance", "amendment", "notification", "policy",
                  "programme", "executive_action")  # what counts as an official response


def events_of(events: pd.DataFrame, case: str) -> pd.DataFrame:
    """The events of one case study, in date order."""
    return events[events["case"] == case].sort_values(["date_start", "event_id"])


def one_per_event(case_events: pd.DataFrame) -> pd.DataFrame:
    """One row per event: rows that report the same event (``event_group``) become one, whose
    span runs from the earliest date any source gives to the latest."""
    rows = case_events.sort_values(["date_start", "event_id"])
    groups = rows.groupby("event_group", sort=False)
    return rows.drop_duplicates("event_group").set_index("event_group").assign(
        date_start=groups["date_start"].min(),
        date_end=groups["date_end"].max(),
        date_as_published=groups["date_as_published"].agg(lambda dates: " or ".join(
            dict.fromkeys(dates))),
    ).reset_index().sort_values(["date_start", "event_id"])


def rise(case_events: pd.DataFrame) -> pd.Series | None:
    """The earliest dated campaign event, or None if the case has none."""
    campaigns = case_events[case_events["kind"] == RISE_KIND]
    return campaigns.sort_values("date_start").iloc[0] if len(campaigns) else None


def timing(case_events: pd.DataFrame, risen: pd.Series | None) -> pd.DataFrame:
    """Each official response (one per event), and whether its whole date span lies before the
    campaign rose, after it, or cannot be ordered (the spans overlap, or the rise is not
    dated)."""
    events = one_per_event(case_events)
    responses = events[events["kind"].isin(RESPONSE_KINDS)].copy()
    if risen is None:
        responses["timing"] = "cannot be ordered"
        return responses
    before = responses["date_end"] < risen["date_start"]
    after = responses["date_start"] > risen["date_end"]
    responses["timing"] = "cannot be ordered"
    responses.loc[before, "timing"] = "before the campaign"
    responses.loc[after, "timing"] = "after the campaign"
    return responses


def months_between(earlier: pd.Series, later: pd.Series) -> int | None:
    """Whole calendar months from the last day the earlier event can mean to the first day
    the later one can, when both are dated to the month or the day; None when either is
    dated only to the year."""
    if "year" in (earlier["date_precision"], later["date_precision"]):
        return None
    start, end = earlier["date_end"], later["date_start"]
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def first_response_after(responses: pd.DataFrame) -> pd.Series | None:
    after = responses[responses["timing"] == "after the campaign"]
    return after.sort_values("date_start").iloc[0] if len(after) else None


def labelled(event: pd.Series) -> str:
    """An event as prose: what happened and the date as its source gives it."""
    return f"{event['event']} ({event['date_as_published']})"


def timeline(case_events: pd.DataFrame, description: str) -> alt.LayerChart:
    """Events by kind over time: a day as a point, a month or a year as the span it can mean,
    rows whose sources disagree on the date drawn hollow. Tooltips give source and quote."""
    shown = ["event", "kind", "date_start", "date_end", "date_as_published", "date_precision",
             "dates_conflict", "source", "quote"]  # only what is drawn: the page carries it
    drawn = case_events[shown].assign(
        kind=case_events["kind"].str.replace("_", " "),
        span_end=case_events["date_end"] + pd.Timedelta(days=1),
        dates=case_events["dates_conflict"].map({True: "sources disagree", False: "agreed"}),
    )
    base = alt.Chart(drawn, description=description).encode(
        y=alt.Y("kind:N", title=None),
        color=alt.Color("kind:N", legend=None),
        tooltip=[
            alt.Tooltip("event:N", title="Event"),
            alt.Tooltip("date_as_published:N", title="Date as published"),
            alt.Tooltip("date_precision:N", title="Precision"),
            alt.Tooltip("dates:N", title="Dates"),
            alt.Tooltip("source:N", title="Source"),
            alt.Tooltip("quote:N", title="Quote"),
        ],
    )
    spans = base.transform_filter("datum.date_precision != 'day'").mark_bar(
        height=8, opacity=0.5).encode(x=alt.X("date_start:T", title="Date"), x2="span_end:T")
    days = base.transform_filter("datum.date_precision == 'day'").mark_point(
        size=80, strokeWidth=2).encode(
        x="date_start:T",
        fill=alt.condition("datum.dates_conflict", alt.value("white"), alt.Color("kind:N")),
        shape=alt.Shape("dates:N", legend=None),  # the caption says what hollow means
    )
    return alt.layer(spans, days).properties(description=description, width="container",
                                             height=260)
