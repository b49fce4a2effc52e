"""The case studies' shared reading of their dated events: a stand-in for when a campaign
rose, which official steps came before or after it, how that moves under every reasonable
variant of the rule, and a timeline that draws a date as the span it can mean.

The rule is data, ``data/editorial/event_rule.csv``: for each aspect (what counts as a step,
whether the stages of one reform count once or each, drafts, emergencies, which campaign event
stands in for the rise) its options, one of them the baseline. Used by every case-study
chapter (all made from ``book/_case_study.md``) and by the chapter that compares them, so that
each case is read by the same rule.
"""

from itertools import product

import altair as alt
import pandas as pd

RISE_KIND = "campaign"  # the kind of event that can stand in for a campaign's rise
BEFORE, AFTER, UNORDERED = "before the stand-in", "after the stand-in", "cannot be ordered"
COPY_FREE_OUTCOMES = ("confirmed",)  # the audit a best-sourced stand-in needs


def baseline(rule: pd.DataFrame) -> dict[str, str]:
    """The baseline option of each aspect of the rule (``event_rule``)."""
    return dict(zip(rule.loc[rule["baseline"], "aspect"], rule.loc[rule["baseline"], "option"],
                    strict=True))


def variants(rule: pd.DataFrame) -> list[dict[str, str]]:
    """Every combination of the rule's options, the baseline first."""
    options = rule.groupby("aspect", sort=False)["option"].agg(list)
    combinations = [dict(zip(options.index, chosen, strict=True))
                    for chosen in product(*options)]
    first = baseline(rule)
    return [first] + [chosen for chosen in combinations if chosen != first]


def events_of(events: pd.DataFrame, case: str) -> pd.DataFrame:
    """The events of one case study, in date order."""
    return events[events["case"] == case].sort_values(["date_start", "event_id"])


def one_per_event(case_events: pd.DataFrame) -> pd.DataFrame:
    """One row per event (``event_group``). Where its rows' dates agree (calendar spans
    either nest or are disjoint, so they agree when they share a day) the event is its most
    precise row; where they conflict, its span runs from the earliest date any source gives
    to the latest, and its date as published lists them all."""
    span = case_events["date_end"] - case_events["date_start"]
    lead = span.where(~case_events["dates_conflict"], pd.Timedelta(0))  # conflicting: earliest
    events = (case_events.assign(lead=lead).sort_values(["lead", "date_start", "event_id"])
              .drop_duplicates("event_group").set_index("event_group").drop(columns="lead"))
    groups = case_events.sort_values(["date_start", "event_id"]).groupby("event_group")
    spread = events["dates_conflict"]
    events.loc[spread, "date_start"] = groups["date_start"].min()
    events.loc[spread, "date_end"] = groups["date_end"].max()
    events.loc[spread, "date_as_published"] = groups["date_as_published"].agg(
        lambda dates: " or ".join(dict.fromkeys(dates)))
    return events.reset_index().sort_values(["date_start", "event_id"])


def rise(case_events: pd.DataFrame, rule: dict[str, str]) -> pd.Series | None:
    """The stand-in for the campaign's rise under ``rule``, or None if the case has none."""
    campaigns = case_events[case_events["kind"] == RISE_KIND]
    if rule["stand_in"] == "best_sourced":
        campaigns = campaigns[campaigns["audit_outcome"].isin(COPY_FREE_OUTCOMES)
                              & ~campaigns["source_is_copy"]]
    return campaigns.sort_values(["date_start", "event_id"]).iloc[0] if len(campaigns) else None


def steps(case_events: pd.DataFrame, rule: dict[str, str]) -> pd.DataFrame:
    """The official steps under ``rule``, one per event (or per reform, when its stages count
    once), in date order."""
    events = one_per_event(case_events)
    chosen = events["kind"].isin(rule["step_kinds"].split()) & ~events["foreign_body"]
    if rule["drafts"] == "out":
        chosen &= ~events["draft"]
    if rule["emergencies"] == "out":
        chosen &= ~events["emergency"]
    found = events[chosen]
    if rule["stages"] == "once":
        reform = found["reform"].fillna("")
        found = found[(reform == "") | ~reform.duplicated()]  # date order: the earliest stage
    return found


def order_against(rows: pd.DataFrame, risen: pd.Series | None) -> pd.Series:
    """Whether each row's whole date span lies before the stand-in, after it, or cannot be
    ordered against it (the spans overlap, or no stand-in is dated)."""
    order = pd.Series(UNORDERED, index=rows.index)
    if risen is not None:
        order[rows["date_end"] < risen["date_start"]] = BEFORE
        order[rows["date_start"] > risen["date_end"]] = AFTER
    return order


def timing(case_events: pd.DataFrame, risen: pd.Series | None,
           rule: dict[str, str]) -> pd.DataFrame:
    """Each official step under ``rule``, placed against the stand-in (:func:`order_against`)."""
    found = steps(case_events, rule)
    return found.assign(timing=order_against(found, risen))


def months_between(earlier: pd.Series, later: pd.Series) -> int:
    """Whole calendar months from the last day the earlier event can mean to the first day
    the later one can: the fewest the two dates allow, whatever their precision (a date
    known only to the year counts from its first day or to its last)."""
    start, end = earlier["date_end"], later["date_start"]
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def first_step_after(found: pd.DataFrame) -> pd.Series | None:
    after = found[found["timing"] == AFTER]
    return after.sort_values("date_start").iloc[0] if len(after) else None


def reading(case_events: pd.DataFrame, rule: dict[str, str]) -> dict:
    """What the case's events say under ``rule``: the stand-in, steps before and after it,
    and the fewest whole months to the first step after (None where the rule finds no
    stand-in, or no step follows)."""
    risen = rise(case_events, rule)
    found = timing(case_events, risen, rule)
    first = first_step_after(found)
    months = None if first is None or risen is None else months_between(risen, first)
    if risen is None:  # no stand-in under this rule: nothing can be ordered
        return {"stand-in": None, "before": None, "after": None, "months": None}
    counts = found["timing"].value_counts()
    return {"stand-in": risen["event_id"], "before": int(counts.get(BEFORE, 0)),
            "after": int(counts.get(AFTER, 0)), "months": months}


def sensitivity(case_events: pd.DataFrame, rule: pd.DataFrame) -> pd.DataFrame:
    """:func:`reading` under every variant of the rule, one row each, the baseline first."""
    return pd.DataFrame([{**chosen, **reading(case_events, chosen)}
                         for chosen in variants(rule)])


def labelled(event: pd.Series) -> str:
    """An event as prose: what happened and the date as its source gives it."""
    return f"{event['event']} ({event['date_as_published']})"


def dated_marks(drawn: pd.DataFrame, lane: alt.Y, tooltip: list,
                description: str) -> alt.LayerChart:
    """Rows of ``drawn`` in lanes over time: a day as a point, a month or a year as a bar over
    the span it can mean; a day whose sources disagree (``dates_conflict``) drawn hollow."""
    drawn = drawn.assign(
        span_end=drawn["date_end"] + pd.Timedelta(days=1),
        dates=drawn["dates_conflict"].map({True: "sources disagree", False: "agreed"}),
    )
    base = alt.Chart(drawn, description=description).encode(
        y=lane, color=alt.Color(f"{lane.shorthand}", legend=None), tooltip=tooltip)
    spans = base.transform_filter("datum.date_precision != 'day'").mark_bar(
        height=4).encode(x=alt.X("date_start:T", title="Date"), x2="span_end:T")
    days = base.transform_filter("datum.date_precision == 'day'").mark_point(
        size=80, strokeWidth=2).encode(
        x="date_start:T",
        fill=alt.condition("datum.dates_conflict", alt.value("white"),
                           alt.Color(f"{lane.shorthand}", legend=None)),
        shape=alt.Shape("dates:N", legend=None),  # the caption says what hollow means
    )
    return alt.layer(spans, days)


def timeline(case_events: pd.DataFrame, description: str) -> alt.LayerChart:
    """Events by kind over time (:func:`dated_marks`); tooltips give source and quote, and
    the page an audit or later reading checked the row against where it is another."""
    shown = ["event", "kind", "date_start", "date_end", "date_as_published", "date_precision",
             "dates_conflict", "source", "quote"]  # only what is drawn: the page carries it
    checked = case_events["audit_page"].where(case_events["audit_page"] != case_events["source"],
                                              "the source")
    drawn = case_events[shown].assign(kind=case_events["kind"].str.replace("_", " "),
                                      checked_against=checked)
    tooltip = [
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("date_as_published:N", title="Date as published"),
        alt.Tooltip("date_precision:N", title="Precision"),
        alt.Tooltip("dates:N", title="Dates"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("quote:N", title="Quote"),
        alt.Tooltip("checked_against:N", title="Checked against"),
    ]
    return dated_marks(drawn, alt.Y("kind:N", title=None), tooltip, description).properties(
        description=description, width="container", height=260)
