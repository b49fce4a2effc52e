"""Dated policy events and quoted figures, typed, each row with its quote and source.

Both raw tables were assembled by hand from stored web pages (see their PROVENANCE.md).
Quoted figures get their own table, flagged by the kind of page they come from: a figure on its
publisher's own page (or a copy of the publisher's report) is primary evidence of that
figure, one in a press report is secondary. Neither is joined to a data series.
"""

import re
from urllib.parse import urlparse

import pandas as pd

from activism_book.derive import Inputs
from activism_book.validation import DataValidationError, check_table

EVENTS_FILE = "raw/cited_sources/policy_events.csv"
EVENT_CASES_FILE = "raw/cited_sources/policy_event_cases.csv"  # case and kind of those rows
CAMPAIGN_EVENTS_FILE = "raw/cited_sources/campaign_events.csv"
CASE_STUDIES_FILE = "editorial/case_studies.csv"
FIGURES_FILE = "raw/cited_sources/press_reported_figures.csv"
NO_CASE = "none"
DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
# What kind of page a figure was read from, and so what evidence it is (recode, by host);
# anything else is a press or web report, secondary evidence.
SOURCE_KINDS = {
    "freedomhouse.org": ("publisher's own page", "primary"),
    "www.ecoi.net": ("copy of the publisher's report", "primary"),
}
PRESS = ("press or web report", "secondary")
SINGLE_NUMBER = re.compile(r"\d+(\.\d+)?")


def read_checked(inputs: Inputs, relative: str, schema: str) -> pd.DataFrame:
    """The raw CSV ``relative``, checked against ``data/schemas/<schema>.json``, as text."""
    check_table(inputs / relative, inputs.schema(schema), f"data/{relative}")
    return pd.read_csv(inputs / relative, dtype=str, keep_default_na=False, encoding="utf-8")


def date_span(date: str, precision: str, where: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day a date of the given precision can mean ('2012-09' -> Sep 1-30)."""
    if not re.fullmatch(DATE_FORMS[precision], date):
        raise DataValidationError(f"{where}, column 'date': "
                                  f"{date!r} is not a date of precision '{precision}'")
    try:
        start = pd.Timestamp(date)
    except ValueError:
        raise DataValidationError(f"{where}, column 'date': {date!r} is not a date") from None
    period = {"day": "D", "month": "M", "year": "Y"}[precision]
    return start, start.to_period(period).end_time.normalize()


def with_lines(frame: pd.DataFrame, relative: str) -> pd.DataFrame:
    """The rows of data/``relative`` with where each came from, for messages."""
    return frame.assign(where=[f"data/{relative}, line {line}"
                               for line in range(2, len(frame) + 2)])


def events_with_cases(inputs: Inputs) -> pd.DataFrame:
    """The first table of events, joined to the case, kind and shared event given to each,
    without the rows the assignment excludes (each with its reason, which the appendix lists)."""
    events = with_lines(read_checked(inputs, EVENTS_FILE, "cited_policy_events"), EVENTS_FILE)
    cases = read_checked(inputs, EVENT_CASES_FILE, "cited_event_cases")
    unassigned = sorted(set(events["event_id"]) - set(cases["event_id"]))
    unknown = sorted(set(cases["event_id"]) - set(events["event_id"]))
    if unassigned or unknown:
        raise DataValidationError(
            f"data/{EVENT_CASES_FILE}, column 'event_id': every event of data/{EVENTS_FILE} "
            f"needs exactly one row; missing {unassigned}, unknown {unknown}")
    joined = events.merge(cases, on="event_id", validate="one_to_one")
    return joined[joined["excluded_because"] == ""].drop(columns="excluded_because")


def check_cases(events: pd.DataFrame, known: set[str]) -> None:
    """Stop at the first event whose case is neither a case study nor 'none'."""
    for where, case in zip(events["where"], events["case"], strict=True):
        if case not in known | {NO_CASE}:
            raise DataValidationError(
                f"{where}, column 'case': unknown case {case!r}; the cases are those of "
                f"data/{CASE_STUDIES_FILE} and '{NO_CASE}'")


def check_unique_ids(events: pd.DataFrame) -> None:
    repeated = events[events["event_id"].duplicated()]
    if len(repeated):
        first = repeated.iloc[0]
        raise DataValidationError(f"{first['where']}, column 'event_id': "
                                  f"{first['event_id']!r} is already the id of another event")


def policy_events(inputs: Inputs) -> pd.DataFrame:
    """Dated events of both raw tables: case and kind, the span a date covers, and which
    rows report one event with dates that conflict."""
    campaign = read_checked(inputs, CAMPAIGN_EVENTS_FILE, "cited_campaign_events")
    raw = pd.concat([events_with_cases(inputs), with_lines(campaign, CAMPAIGN_EVENTS_FILE)],
                    ignore_index=True)
    case_studies = pd.read_csv(inputs / CASE_STUDIES_FILE, dtype=str, keep_default_na=False)
    check_cases(raw, set(case_studies["case"]))
    check_unique_ids(raw)
    precision = raw["date_precision"].str.extract(r"^(day|month|year)\b\s*(.*)$")
    spans = [date_span(d, p, where) for where, d, p in
             zip(raw["where"], raw["date"], precision[0], strict=True)]
    table = raw.assign(
        event_group=raw["same_event"].where(raw["same_event"] != "", raw["event_id"]),
        date_precision=precision[0],
        date_precision_note=precision[1],
        date_start=[start.strftime("%Y-%m-%d") for start, _ in spans],
        date_end=[end.strftime("%Y-%m-%d") for _, end in spans],
    ).rename(columns={"date": "date_as_published", "source_url": "source"})
    spans_per_group = table.groupby("event_group")[["date_start", "date_end"]].transform(
        lambda dates: dates.nunique())
    table["dates_conflict"] = (spans_per_group > 1).any(axis=1)
    columns = ["event_id", "case", "kind", "event_group", "dates_conflict", "event",
               "date_as_published", "date_precision", "date_precision_note", "date_start",
               "date_end", "source", "quote", "notes"]
    return table[columns].sort_values(["date_start", "event_id"])


def single_number(value: str) -> str:
    """The printed value when it is one plain number, else '' (a list or a range stays text)."""
    return value if SINGLE_NUMBER.fullmatch(value.strip()) else ""


def press_reported_figures(inputs: Inputs) -> pd.DataFrame:
    """Figures as printed by the pages quoted, flagged primary or secondary by the kind of
    page, kept out of every series."""
    raw = read_checked(inputs, FIGURES_FILE, "cited_press_figures")
    kinds = raw["source_url"].map(lambda url: SOURCE_KINDS.get(urlparse(url).netloc, PRESS))
    table = raw.assign(
        value_as_printed=raw["value"],
        value_number=raw["value"].map(single_number),
        evidence=kinds.str[1],
        source_kind=kinds.str[0],
    )
    columns = ["figure_id", "topic", "country", "reference_period", "indicator",
               "value_as_printed", "value_number", "unit", "scale_note", "evidence",
               "source_kind", "source_url", "quote", "notes"]
    return table[columns].sort_values("figure_id")
