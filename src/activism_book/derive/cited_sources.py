"""Dated policy events and quoted figures, typed, each row with its quote and source.

Both raw tables were assembled by hand from stored web pages (see their PROVENANCE.md).
Quoted figures get their own table, flagged by the kind of page they come from: a figure on its
publisher's own page (or a copy of the publisher's report) is primary evidence of that
figure, one in a press report is secondary. Neither is joined to a data series.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from book_engine.data.derivations import Inputs
from book_engine.data.validation import DataValidationError, check_table

EVENTS_FILE = "raw/cited_sources/policy_events.csv"
EVENT_CASES_FILE = "raw/cited_sources/policy_event_cases.csv"  # case and kind of those rows
CAMPAIGN_EVENTS_FILE = "raw/cited_sources/campaign_events.csv"
ADDED_EVENTS_FILE = "raw/cited_sources/added_events.csv"  # found missing by the audit
AUDIT_FILE = "raw/cited_sources/event_audit.csv"
ADDED_AUDIT_FILE = "raw/cited_sources/added_events_audit.csv"  # a second audit, of the added
FIRST_FILES = ("policy_events.csv", "campaign_events.csv")  # the rows first compiled
# Events found missing after the first compilation, each file with the audit that checked it:
# the first audit's, checked by a second, and a referee review's, checked as compiled
LATER_FILES = {ADDED_EVENTS_FILE: ADDED_AUDIT_FILE,
               "raw/cited_sources/review_events.csv": "raw/cited_sources/review_events_audit.csv",
               "raw/cited_sources/reread_events.csv": "raw/cited_sources/reread_events_audit.csv"}
# A later reading of some rows' words and dates against better pages, after a referee's read
REREADING_FILE = "raw/cited_sources/event_rereading.csv"
# Which compiled files each audit audits (its rows name one in source_file)
AUDITED_FILES = {AUDIT_FILE: FIRST_FILES,
                 **{audit: (Path(rows).name,) for rows, audit in LATER_FILES.items()}}
DEMANDS_FILES = ["raw/cited_sources/campaign_demands.csv",  # and links found by the rereading:
                 "raw/cited_sources/review_demands.csv"]
LABELS_FILE = "editorial/event_labels.csv"
SAME_EVENTS_FILE = "editorial/same_events.csv"  # rows this book judges to report one event
EVENT_SOURCES_FILES = ["raw/cited_sources/event_sources.csv",  # what page each row cites
                       "raw/cited_sources/review_event_sources.csv",
                       "raw/cited_sources/reread_event_sources.csv"]
SOURCE_RULE_FILE = "editorial/source_rule.csv"  # what the row needs of that page
TO_OUTLET, LEAVE_OUT, MARKED_COPY = "cite the outlet's page", "leave out", "keep marked a copy"
CASE_STUDIES_FILE = "editorial/case_studies.csv"
PAGE_NEEDED = ("confirmed", "corrected", "conflicting")  # outcomes a stored page decides
ISSUE_WORDS = {"other": "another matter", "other_environment": "another environmental matter",
               "women_rights_general": "women's rights in general",
               "surveillance_policing": "surveillance and policing"}
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
    """The first table of events, joined to the case, kind, shared event and any reason for
    leaving the row out given to each."""
    events = with_lines(read_checked(inputs, EVENTS_FILE, "cited_policy_events"), EVENTS_FILE)
    cases = read_checked(inputs, EVENT_CASES_FILE, "cited_event_cases")
    unassigned = sorted(set(events["event_id"]) - set(cases["event_id"]))
    unknown = sorted(set(cases["event_id"]) - set(events["event_id"]))
    if unassigned or unknown:
        raise DataValidationError(
            f"data/{EVENT_CASES_FILE}, column 'event_id': every event of data/{EVENTS_FILE} "
            f"needs exactly one row; missing {unassigned}, unknown {unknown}")
    return events.merge(cases, on="event_id", validate="one_to_one")


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


def raw_events(inputs: Inputs) -> pd.DataFrame:
    """Every compiled row, with where it came from: the policy events with their case, the
    campaign events, and the events found missing later (``LATER_FILES``)."""
    compiled = [events_with_cases(inputs).assign(compiled_in="policy_events.csv")] + [
        with_lines(read_checked(inputs, path, "cited_campaign_events"), path).assign(
            compiled_in=Path(path).name)
        for path in [CAMPAIGN_EVENTS_FILE, *LATER_FILES]]
    raw = pd.concat(compiled, ignore_index=True)
    check_unique_ids(raw)
    return raw.assign(excluded_because=raw["excluded_because"].fillna(""),
                      added_by_audit=~raw["compiled_in"].isin(FIRST_FILES))


def require_one_row_each(needed: pd.Series, given: pd.Series, relative: str, who: str) -> None:
    """Stop unless data/``relative`` has a row (``given`` ids) for each of ``needed`` and for
    nothing else, naming the ids missing and those it should not have."""
    missing, unknown = sorted(set(needed) - set(given)), sorted(set(given) - set(needed))
    if missing or unknown:
        raise DataValidationError(f"data/{relative}, column 'event_id': {who} needs one row "
                                  f"here; missing {missing}, not expected {unknown}")


def audit(inputs: Inputs, raw: pd.DataFrame) -> pd.DataFrame:
    """Every audit (``AUDITED_FILES``), one row for every compiled row, checked: each audits
    the rows of its own files, an outcome a page decides names the page and quotes it, and a
    corrected date gives the date."""
    compiled_in = raw.set_index("event_id")["compiled_in"]
    tables = []
    for path, files in AUDITED_FILES.items():
        table = with_lines(read_checked(inputs, path, "cited_event_audit"), path)
        require_one_row_each(raw.loc[raw["compiled_in"].isin(files), "event_id"],
                             table["event_id"], path, f"every row of {' and '.join(files)}")
        tables.append(table)
    table = pd.concat(tables, ignore_index=True)
    for row in table.itertuples():
        if row.source_file != compiled_in[row.event_id]:
            raise DataValidationError(f"{row.where}, column 'source_file': the row is "
                                      f"compiled in {compiled_in[row.event_id]}")
        if row.outcome in PAGE_NEEDED and not (row.deciding_url and row.deciding_quote):
            raise DataValidationError(f"{row.where}, column 'deciding_url': a {row.outcome} "
                                      "row names the page that decides it, with a quote")
        if (row.outcome == "corrected") != bool(row.corrected_date) \
                and row.field.startswith("date"):
            raise DataValidationError(f"{row.where}, column 'corrected_date': a corrected date "
                                      "gives the date the pages agree on, and only then")
    return table.set_index("event_id")


def corrected(raw: pd.DataFrame, checked: pd.DataFrame) -> pd.DataFrame:
    """The rows with the audit's outcome and page, and its corrected dates in place of the
    compiled ones (kept as date_as_compiled)."""
    outcome = raw["event_id"].map(checked["outcome"])
    new_date = raw["event_id"].map(checked["corrected_date"]).fillna("")
    fixed = new_date != ""
    return raw.assign(
        audit_outcome=outcome,
        audit_page=raw["event_id"].map(checked["deciding_url"]).fillna(raw["source_url"]),
        date_as_compiled=raw["date"],
        date=raw["date"].where(~fixed, new_date),
        date_precision=raw["date_precision"].where(
            ~fixed, raw["event_id"].map(checked["corrected_precision"])),
        date_corrected=fixed,
    )


def check_rereading(reading: pd.DataFrame, known: set[str]) -> None:
    """Stop at a reading of no compiled row, or whose corrections do not match its outcome:
    new words exactly when narrowed, a date exactly when a date is corrected."""
    for row in reading.itertuples():
        date_fixed = row.field == "date" and row.outcome == "corrected"
        for column, wrong, rule in [
                ("event_id", row.event_id not in known, "names no compiled row"),
                ("corrected_event", (row.outcome == "narrowed") != bool(row.corrected_event),
                 "gives the words the quote supports when, and only when, narrowed"),
                ("corrected_date", date_fixed != bool(row.corrected_date),
                 "gives the date when, and only when, a date is corrected"),
                ("field", row.outcome == "narrowed" and row.field != "event",
                 "a narrowed row narrows the event's words")]:
            if wrong:
                raise DataValidationError(f"{row.where}, column '{column}': the reading {rule}")


def apply_reading(rows: pd.DataFrame, reading: pd.DataFrame) -> pd.DataFrame:
    """The rows with one field's readings (``reading``, one row per event at most) in place:
    the outcome and page, and the date or the words each corrects."""
    reading = reading.set_index("event_id")
    ids = rows["event_id"]
    new_date = ids.map(reading["corrected_date"]).fillna("")
    new_words = ids.map(reading["corrected_event"]).fillna("")
    fixed, narrowed = new_date != "", new_words != ""
    outcome = ids.map(reading["outcome"].replace({"narrowed": "corrected"}))
    return rows.assign(
        audit_outcome=outcome.fillna(rows["audit_outcome"]),
        audit_page=ids.map(reading["deciding_url"]).fillna(rows["audit_page"]),
        date=rows["date"].where(~fixed, new_date),
        date_precision=rows["date_precision"].where(
            ~fixed, ids.map(reading["corrected_precision"])),
        date_corrected=rows["date_corrected"] | fixed,
        event=rows["event"].where(~narrowed, new_words),
    )


def reread(inputs: Inputs, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with the later reading of their words, then of their dates, in place of the
    audit's (:func:`apply_reading`); the compiled words kept as event_as_compiled. Where both
    are read, the date's outcome and page are the row's."""
    reading = with_lines(read_checked(inputs, REREADING_FILE, "event_rereading"), REREADING_FILE)
    check_rereading(reading, set(rows["event_id"]))
    rows = rows.assign(event_as_compiled=rows["event"])
    for field in ("event", "date"):
        rows = apply_reading(rows, reading[reading["field"] == field])
    return rows


def page_kinds(pages: pd.DataFrame) -> pd.Series:
    """What each row's cited page is, in the words of the source rule, checked: a copy's
    outlet page comes with its quote, and only a copy has one."""
    copy = pages["cited_kind"] == "copy"
    stored = pages["outlet_url"] != ""
    for column, wrong, rule in [
            ("outlet_url", stored & ~copy, "only a copy names its outlet's page"),
            ("outlet_quote", stored != (pages["outlet_quote"] != ""),
             "given exactly when outlet_url is")]:
        if wrong.any():
            raise DataValidationError(f"{pages.loc[wrong, 'where'].iloc[0]}, column "
                                      f"'{column}': {rule}")
    named = pages["outlet"] != "not named"
    return pages["cited_kind"].where(~copy, "copy, outlet not named").mask(
        copy & named, "copy, outlet named").mask(copy & stored, "copy, outlet's page stored")


def sourced(inputs: Inputs, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows under the source rule (``source_rule``): each row that stands on a page
    gets its page's kind and the rule's action; a copy whose outlet's page is stored rests
    on that page instead (the copy kept as source_as_compiled)."""
    pages = pd.concat([with_lines(read_checked(inputs, path, "cited_event_sources"), path)
                       for path in EVENT_SOURCES_FILES], ignore_index=True)
    standing = (rows["audit_outcome"] != "not found") & (rows["excluded_because"] == "")
    require_one_row_each(rows.loc[standing, "event_id"], pages["event_id"],
                         " and data/".join(EVENT_SOURCES_FILES),
                         "every row with a page to stand on")
    rule = read_checked(inputs, SOURCE_RULE_FILE, "source_rule").set_index("page")["action"]
    pages = pages.set_index("event_id").assign(page=page_kinds(pages).to_numpy())
    page = rows["event_id"].map(pages["page"]).fillna("")
    action = page.map(rule).fillna("")
    to_outlet = action == TO_OUTLET
    return rows.assign(
        source_as_compiled=rows["source_url"],
        source_url=rows["source_url"].where(~to_outlet, rows["event_id"].map(pages["outlet_url"])),
        quote=rows["quote"].where(~to_outlet, rows["event_id"].map(pages["outlet_quote"])),
        source_outlet=rows["event_id"].map(pages["outlet"]).fillna(""),
        source_is_copy=action == MARKED_COPY,
        source_action=action,
    )


def labelled(inputs: Inputs, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with this book's labels (issue, reform, stage, draft, emergency, foreign
    body), every row labelled exactly once."""
    labels = read_checked(inputs, LABELS_FILE, "event_labels")
    require_one_row_each(rows["event_id"], labels["event_id"], LABELS_FILE, "every event")
    flag_columns = ["draft", "emergency", "foreign_body"]
    flags = labels[flag_columns].eq("true")
    return rows.merge(labels.drop(columns=[*flag_columns, "reason"]).join(flags),
                      on="event_id", validate="one_to_one")


def issue_words(issue: str) -> str:
    return ISSUE_WORDS.get(issue, issue.replace("_", " "))


def case_of_issue(case_studies: pd.DataFrame) -> dict[str, str]:
    """Each issue of a case study, and the case; an issue of two cases would make the rule
    ambiguous, so it stops."""
    owner = {}
    for line, (case, issues) in enumerate(zip(case_studies["case"],
                                               case_studies["issues"].str.split(),
                                               strict=True), start=2):
        for issue in issues:
            if issue in owner:
                raise DataValidationError(
                    f"data/{CASE_STUDIES_FILE}, line {line}, column 'issues': {issue!r} is "
                    f"already an issue of {owner[issue]!r}; an event can belong to one case")
            owner[issue] = case
    return owner


def check_reforms(rows: pd.DataFrame) -> None:
    """Stop at a reform whose stages are labelled with different issues: a reform's stages
    belong to one case."""
    issues = rows[rows["reform"] != ""].groupby("reform")["issue"].unique()
    split = issues[issues.map(len) > 1]
    if len(split):
        raise DataValidationError(
            f"data/{LABELS_FILE}, column 'issue': the stages of reform {split.index[0]!r} are "
            f"labelled {sorted(split.iloc[0])}; a reform's stages share its issue")


def membership(rows: pd.DataFrame, case_studies: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The rule of data/editorial/case_studies.csv: an event belongs to the case study whose
    issues include its issue, and to none otherwise. Returns each row's case, and why a row
    leaves the case it was compiled under ('' when it stays): its issue is another case's or
    none's, or it has no page to stand on (no address; the audit found none)."""
    owner = case_of_issue(case_studies)
    cases = rows["issue"].map(owner).fillna(NO_CASE)
    reasons = []
    for row, case in zip(rows.itertuples(), cases, strict=True):
        if row.excluded_because:
            reasons.append(row.excluded_because)
        elif row.audit_outcome == "not found":
            reasons.append("no stored page supports it (audit: not found)")
        elif row.source_action == LEAVE_OUT:
            reasons.append("it rests on a copy that names no original, and no original's "
                           "page is stored (the source rule)")
        elif case != row.case:
            where = f"an issue of {case}" if case != NO_CASE else "an issue of no case study"
            reasons.append(f"it is about {issue_words(row.issue)}, {where}")
        else:
            reasons.append("")
    return cases, pd.Series(reasons, index=rows.index)


def reviewed_events(inputs: Inputs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every compiled row audited, corrected, labelled and given its case by the rule:
    (the rows that stay in the table, the rows the rule leaves out of their case)."""
    raw = raw_events(inputs)
    case_studies = pd.read_csv(inputs / CASE_STUDIES_FILE, dtype=str, keep_default_na=False)
    check_cases(raw, set(case_studies["case"]))
    rows = sourced(inputs, labelled(inputs, reread(inputs, corrected(raw, audit(inputs, raw)))))
    check_reforms(rows)
    cases, reasons = membership(rows, case_studies)
    rows = rows.assign(case_as_compiled=rows["case"], case=cases)
    left = rows[reasons != ""].assign(reason=reasons[reasons != ""])
    stays = (rows["audit_outcome"] != "not found") & (rows["excluded_because"] == "") \
        & (rows["source_action"] != LEAVE_OUT)
    return rows[stays], left


def event_groups(inputs: Inputs, rows: pd.DataFrame) -> pd.Series:
    """The event each row reports: its compiled ``same_event``, else its own id, joined to
    another row's event where this book judges that they report one (``same_events``)."""
    groups = rows["same_event"].where(rows["same_event"] != "", rows["event_id"])
    group_of = dict(zip(rows["event_id"], groups, strict=True))
    same = with_lines(read_checked(inputs, SAME_EVENTS_FILE, "same_events"), SAME_EVENTS_FILE)
    for row in same.itertuples():
        for column in ("event_id", "same_as"):
            if getattr(row, column) not in group_of:
                raise DataValidationError(f"{row.where}, column '{column}': "
                                          f"{getattr(row, column)!r} is no event of the table")
        if row.same_as in set(same["event_id"]):
            raise DataValidationError(f"{row.where}, column 'same_as': {row.same_as!r} is "
                                      "itself joined to another event; name that one")
    joined = dict(zip(same["event_id"], same["same_as"].map(group_of), strict=True))
    return rows["event_id"].map(joined).fillna(groups)


def policy_events(inputs: Inputs) -> pd.DataFrame:
    """Dated events of the raw tables, audited: case and kind, the book's labels, the span a
    date covers, and which rows report one event with dates that conflict."""
    raw, _ = reviewed_events(inputs)
    precision = raw["date_precision"].str.extract(r"^(day|month|year)\b\s*(.*)$")
    spans = [date_span(d, p, where) for where, d, p in
             zip(raw["where"], raw["date"], precision[0], strict=True)]
    table = raw.assign(
        event_group=event_groups(inputs, raw),
        date_precision=precision[0],
        date_precision_note=precision[1],
        date_start=[start.strftime("%Y-%m-%d") for start, _ in spans],
        date_end=[end.strftime("%Y-%m-%d") for _, end in spans],
    ).rename(columns={"date": "date_as_published", "source_url": "source"})
    groups = table.groupby("event_group")  # ISO dates: text order is date order
    table["dates_conflict"] = (groups["date_start"].transform("max")
                               > groups["date_end"].transform("min"))  # no day all allow
    columns = ["event_id", "case", "case_as_compiled", "kind", "issue", "reform", "stage",
               "draft", "emergency", "foreign_body", "event_group", "dates_conflict", "event",
               "event_as_compiled", "date_as_published", "date_as_compiled", "date_corrected",
               "date_precision", "date_precision_note", "date_start", "date_end", "source", "quote",
               "source_outlet", "source_is_copy", "source_as_compiled", "audit_outcome",
               "added_by_audit", "audit_page", "notes"]
    return table[columns].sort_values(["date_start", "event_id"])


def event_exclusions(inputs: Inputs) -> pd.DataFrame:
    """The rows the rule leaves out of the case they were compiled under, with the reason:
    the appendix lists them."""
    _, left = reviewed_events(inputs)
    return left.rename(columns={"date": "date_as_published", "source_url": "source"})[
        ["event_id", "case_as_compiled", "kind", "issue", "event", "date_as_published",
         "source", "audit_outcome", "reason"]].sort_values(["case_as_compiled", "event_id"])


def campaign_demands(inputs: Inputs) -> pd.DataFrame:
    """What each stand-in campaign asked for, and the sources that state (or were searched
    for) a link to a reform, each dated as the span its date can mean."""
    raw = pd.concat([with_lines(read_checked(inputs, path, "cited_campaign_demands"), path)
                     for path in DEMANDS_FILES], ignore_index=True)
    found = raw["kind"] != "no_link_found"  # a search that found nothing quotes no page
    for column in ["date", "date_precision", "source_url", "quote"]:
        wrong = (raw[column] != "") != found
        if wrong.any():
            raise DataValidationError(
                f"{raw.loc[wrong, 'where'].iloc[0]}, column '{column}': a demand or a link "
                "gives its page, quote, date and precision; a no_link_found row gives none")
    spans = [date_span(date, precision, where) if date else (pd.NaT, pd.NaT)
             for where, date, precision in zip(raw["where"], raw["date"],
                                               raw["date_precision"], strict=True)]
    table = raw.assign(date_start=[start for start, _ in spans],
                       date_end=[end for _, end in spans])
    table = table.rename(columns={"date": "date_as_published", "source_url": "source"})
    columns = ["row_id", "case", "kind", "what", "date_as_published", "date_precision",
               "date_start", "date_end", "source", "quote", "notes"]
    return table[columns].sort_values(["case", "date_start", "row_id"])


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
