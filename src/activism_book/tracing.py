"""Process tracing for the case studies: the one reform most tied to a case's issue, followed
stage by stage, beside what the stand-in campaign asked for and what, if anything, links them.

Which reform each case follows (``traced_reforms``) and which stages every trace looks for
(``reform_stages``) are data, so every case is traced by the same rule.
"""

import altair as alt
import pandas as pd

from activism_book.cases import AFTER, BEFORE, dated_marks, one_per_event, order_against
from book_engine.data.validation import DataValidationError

DEMAND_LANE, STATEMENT_LANE = "demand on government", "other statement"
LINK_LANE = "stated link"


def reform_trace(events: pd.DataFrame, reform: str, stages: pd.DataFrame,
                 risen: pd.Series | None) -> pd.DataFrame:
    """Each sourced stage of ``reform``, one row per event whatever case the book counts it
    in, in date order and placed against the stand-in (:func:`cases.order_against`)."""
    rows = one_per_event(events[events["reform"] == reform])
    if rows.empty:
        raise ValueError(f"traced_reforms names reform {reform!r}, which no event of "
                         "policy_events is a stage of")
    order = stages.set_index("stage")["order"]
    return rows.assign(stage_order=rows["stage"].map(order),
                       timing=order_against(rows, risen)).sort_values(
        ["date_start", "stage_order", "event_id"])


def stages_not_found(trace: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """The stages every trace looks for that no sourced event of this reform is."""
    looked_for = stages[stages["looked_for"]].sort_values("order")
    return looked_for[~looked_for["stage"].isin(trace["stage"])]


def require_readings(rows: pd.DataFrame, readings: pd.DataFrame, table: str,
                     what: str) -> None:
    """Stop unless the editorial table ``table`` reads every one of ``rows``."""
    unread = sorted(set(rows["row_id"]) - set(readings["row_id"]))
    if unread:
        raise DataValidationError(f"data/editorial/{table}.csv, column 'row_id': no reading "
                                  f"of the {what} {unread} of campaign_demands")


def read_statements(case_demands: pd.DataFrame, readings: pd.DataFrame) -> pd.DataFrame:
    """The case's rows of ``campaign_demands`` with the book's reading of each statement
    (``demand_readings``: whom it addresses, whether it asks a government for a change)."""
    require_readings(case_demands[case_demands["kind"] == "demand"], readings,
                     "demand_readings", "statements")
    return case_demands.merge(readings, on="row_id", how="left", validate="one_to_one")


def first_dated(rows: pd.DataFrame) -> pd.Series | None:
    """The row known to come first: the one whose date span ends first, so that a date of
    a whole year does not count as its first day (None when no row is dated)."""
    dated = rows.dropna(subset=["date_end"])
    return dated.sort_values(["date_end", "date_start", "row_id"]).iloc[0] if len(dated) else None


def read_links(case_demands: pd.DataFrame, readings: pd.DataFrame) -> pd.DataFrame:
    """The case's link rows with the book's reading of each (``link_readings``: the reform it
    links to activists, and whom it credits: the case's campaign, others or no one)."""
    links = case_demands[case_demands["kind"] == "link"]
    require_readings(links, readings, "link_readings", "links")
    return links.merge(readings, on="row_id", how="left", validate="one_to_one")


def link_reading(links: pd.DataFrame, trace: pd.DataFrame, reform: str) -> str:
    """What the sources (read by :func:`read_links`) say links activists to the reform, as a
    sentence."""
    crediting = links[(links["reform"] == reform) & (links["credits"] != "no_one")]
    if len(crediting):
        said = (f"Stored pages that credit activists, rights groups or complainants' cases with "
                f"a part in this reform: "
                f"{len(crediting)}, each its source's claim, not a finding; of them, crediting "
                "the case's own campaign, of which the stand-in is one event: "
                f"{int((crediting['credits'] == 'case_campaign').sum())}")
    else:
        said = ("No stored page credits activists, rights groups or complainants' cases with "
                "a part in this reform")
    if (trace["timing"] == BEFORE).all():
        return said + ", and every sourced stage lies before the stand-in."
    if not (trace["timing"] == AFTER).any():
        return said + ", and no sourced stage lies wholly after the stand-in."
    return said + "."


def stage_timeline(trace: pd.DataFrame, case_demands: pd.DataFrame, risen: pd.Series | None,
                   description: str) -> alt.LayerChart:
    """The reform's stages in the order of the stages, below them the campaign's dated
    statements (:func:`read_statements`: demands on government apart) and any stated link,
    and the stand-in as a vertical rule."""
    stage_rows = trace.assign(lane=trace["stage"].str.replace("_", " "), what=trace["event"])
    demand_rows = case_demands.dropna(subset=["date_start"])
    demand_rows = demand_rows.assign(
        lane=demand_rows["kind"].map({"link": LINK_LANE}).fillna(
            demand_rows["asks_for_change"].map({True: DEMAND_LANE, False: STATEMENT_LANE})),
        dates_conflict=False)
    shown = ["lane", "what", "date_start", "date_end", "date_as_published", "date_precision",
             "dates_conflict", "source", "quote"]
    drawn = pd.concat([stage_rows[shown], demand_rows[shown]], ignore_index=True)
    lanes = list(dict.fromkeys(stage_rows.sort_values("stage_order")["lane"])) + [
        DEMAND_LANE, STATEMENT_LANE, LINK_LANE]
    tooltip = [alt.Tooltip("what:N", title="What"),
               alt.Tooltip("date_as_published:N", title="Date as published"),
               alt.Tooltip("source:N", title="Source"), alt.Tooltip("quote:N", title="Quote")]
    marks = dated_marks(drawn, alt.Y("lane:N", title=None, sort=lanes), tooltip, description)
    if risen is not None:
        rule = alt.Chart(pd.DataFrame({"date": [risen["date_start"]],
                                       "stand_in": [f"stand-in: {risen['event']}"]})).mark_rule(
            strokeDash=[4, 4], color="black").encode(x="date:T", tooltip=["stand_in:N"])
        marks = alt.layer(marks, rule)
    return marks.properties(description=description, width="container", height=240)
