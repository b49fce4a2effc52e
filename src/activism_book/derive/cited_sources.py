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
FIGURES_FILE = "raw/cited_sources/press_reported_figures.csv"
# Which thread of the paper each event belongs to (recode, by event id).
EVENT_TOPICS = {
    "harassment_act_2010_assent": "workplace harassment",
    "harassment_act_2010_signing": "workplace harassment",
    "harassment_amendment_2022_na_passed": "workplace harassment",
    "harassment_amendment_2022_assent": "workplace harassment",
    "harassment_amendment_2022_notified": "workplace harassment",
    "peca_2016_enacted": "online speech and censorship",
    "peca_2016_na_passed": "online speech and censorship",
    "nccp_2012_approved_A": "climate and environment",
    "nccp_2012_approved_B": "climate and environment",
    "nccp_2021_updated": "climate and environment",
    "ten_billion_tree_tsunami_launch": "climate and environment",
    "psca_act_2016": "street safety",
    "psca_expansion_2017": "street safety",
    "x_blocked_2024": "online speech and censorship",
    "x_unblocked_2025": "online speech and censorship",
    "election_day_mobile_shutdown_2024": "online speech and censorship",
    "may9_2023_platform_disruption": "online speech and censorship",
    "zainab_kidnapping_2018": "child protection",
    "zainab_alert_na_passed_2020": "child protection",
    "aurat_march_first_2018": "women's rights mobilisation",
}
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


def date_span(date: str, precision: str, line: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day a date of the given precision can mean ('2012-09' -> Sep 1-30)."""
    if not re.fullmatch(DATE_FORMS[precision], date):
        raise DataValidationError(f"data/{EVENTS_FILE}, line {line}, column 'date': "
                                  f"{date!r} is not a date of precision '{precision}'")
    start = pd.Timestamp(date)
    period = {"day": "D", "month": "M", "year": "Y"}[precision]
    return start, start.to_period(period).end_time.normalize()


def policy_events(inputs: Inputs) -> pd.DataFrame:
    """Dated policy events: precision split from its note, the span a date covers, a topic."""
    raw = read_checked(inputs, EVENTS_FILE, "cited_policy_events")
    unknown = sorted(set(raw["event_id"]) - set(EVENT_TOPICS))
    if unknown:
        raise DataValidationError(f"data/{EVENTS_FILE}, column 'event_id': no topic for "
                                  f"{unknown}; add them to EVENT_TOPICS")
    precision = raw["date_precision"].str.extract(r"^(day|month|year)\b\s*(.*)$")
    spans = [date_span(d, p, line) for line, d, p in
             zip(range(2, len(raw) + 2), raw["date"], precision[0], strict=True)]
    table = raw.assign(
        topic=raw["event_id"].map(EVENT_TOPICS),
        date_precision=precision[0],
        date_precision_note=precision[1],
        date_start=[start.strftime("%Y-%m-%d") for start, _ in spans],
        date_end=[end.strftime("%Y-%m-%d") for _, end in spans],
    ).rename(columns={"date": "date_as_published", "source_url": "source"})
    columns = ["event_id", "topic", "event", "date_as_published", "date_precision",
               "date_precision_note", "date_start", "date_end", "source", "quote", "notes"]
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
