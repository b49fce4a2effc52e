"""Pakistan's internet shutdowns and platform blocks, from Access Now's #KeepItOn STOP register.

Two mirrored copies of the register are shipped (``data/raw/access_now_stop/PROVENANCE.md``):
a snapshot of its combined 2016-2025 sheet (parquet), the source of the table, and an older copy
of its per-year sheets for 2016-2022 (xlsx), read only to cross-check the first. The register
repeats an event still ongoing at the end of a year under the next year's count; the rule that
joins such rows into one event is data (``data/editorial/shutdown_rule.csv``). Dates, status
and duration stay as the register records them: no end date or duration is filled in.
"""

import re

import pandas as pd

from activism_book.areas import COUNTRIES
from activism_book.censorship import in_force_from_before
from activism_book.derive.cited_sources import read_checked, with_lines
from book_engine.data.derivations import Inputs
from book_engine.data.validation import DataValidationError, require_columns, require_file

STOP_FILE = "raw/access_now_stop/access_now_snapshot_2026-05-20.parquet"
YEARLY_FILE = "raw/access_now_stop/Keepiton_raw_dataset_2016-2022.xlsx"
RULE_FILE = "editorial/shutdown_rule.csv"
READINGS_FILE = "editorial/shutdown_readings.csv"  # rows whose dates the book reads apart
SPELLINGS_FILE = "editorial/cause_spellings.csv"  # the older copy's spellings of causes
PRESS_FILE = "raw/cited_sources/press_platform_blocks.csv"  # blocks as the press dated them
COUNTRY = "Pakistan"
PLATFORMS = {"facebook_affected": "Facebook", "twitter_affected": "Twitter/X",
             "whatsapp_affected": "WhatsApp", "instagram_affected": "Instagram",
             "telegram_affected": "Telegram"}
# Columns whose values are checked against data/schemas/access_now_stop.json
CHECKED = ["shutdown_type", "shutdown_extent", "affected_network", "actual_cause",
           "shutdown_status", "gov_justification", "start_date_type", "geo_scope", "ordered_by"]
KEPT = ["start_date", "start_date_type", "end_date", "shutdown_status", "duration",
        "geo_scope", "area_name", "shutdown_type", "shutdown_extent", "affected_network",
        "actual_cause", "gov_justification", "ordered_by", "other_affected", "election", "violence",
        "info_source_link"]
# The per-year sheets name the start date, country, area and cause differently
YEARLY_COLUMNS = {"start_date": ["start_date"], "end_date": ["end_date", "end_date "],
                  "country": ["country", "country "], "area_name": ["area_name", "area_name "],
                  "actual_cause": ["actual_cause", "actual_cause "]}
YEARLY_SHEETS = re.compile(r"^(20\d\d)( Data)?$|^2016\+2017\+2018 ?$")


def rule(inputs: Inputs) -> dict[str, str]:
    table = pd.read_csv(inputs / RULE_FILE, dtype=str, keep_default_na=False)
    return dict(zip(table["aspect"], table["value"], strict=True))


def register_rows(inputs: Inputs, countries: list[str]) -> pd.DataFrame:
    """The rows of ``countries`` in the combined sheet, each with where it is in the file."""
    label, path = f"data/{STOP_FILE}", inputs / STOP_FILE
    require_file(path, label)
    register = pd.read_parquet(path)
    require_columns(register, [*KEPT, *PLATFORMS, "country", "count_year"], label)
    register = register.assign(where=[f"{label}, row {row}"
                                      for row in range(1, len(register) + 1)])
    register = register[register["country"].isin(countries)].reset_index(drop=True)
    return register.assign(start_date=as_dates(register, "start_date"),
                           end_date=as_dates(register, "end_date"))


def as_dates(rows: pd.DataFrame, column: str) -> pd.Series:
    """The column as dates, stopping at the first cell that is not one."""
    if pd.api.types.is_datetime64_any_dtype(rows[column]):
        return rows[column]
    dates = pd.to_datetime(rows[column], errors="coerce", format="ISO8601")
    wrong = rows[column].notna() & dates.isna()
    if wrong.any():
        raise DataValidationError(f"{rows.loc[wrong, 'where'].iloc[0]}, column '{column}': "
                                  f"{rows.loc[wrong, column].iloc[0]!r} is not a date")
    return dates


def check_values(rows: pd.DataFrame, inputs: Inputs, columns: list[str]) -> None:
    """Stop at a value of ``columns`` that data/schemas/access_now_stop.json does not list (a
    new type, cause or status), at a value missing where it requires one, and at a missing
    start date."""
    fields = {field["name"]: field for field in inputs.schema("access_now_stop")["fields"]}
    for column in columns:
        constraints = fields[column]["constraints"]
        allowed, missing = set(constraints["enum"]), rows[column].isna()
        unknown = rows[~missing & ~rows[column].isin(allowed)]
        if len(unknown):
            raise DataValidationError(
                f"{unknown['where'].iloc[0]}, column '{column}': {unknown[column].iloc[0]!r} is "
                f"not a value the book admits ({sorted(allowed)}); add it to "
                "data/schemas/access_now_stop.json if it is new")
        if constraints.get("required") and missing.any():
            raise DataValidationError(f"{rows.loc[missing, 'where'].iloc[0]}, column "
                                      f"'{column}': no value, and the table requires one")
    if rows["start_date"].isna().any():
        raise DataValidationError(f"{rows.loc[rows['start_date'].isna(), 'where'].iloc[0]}, "
                                  "column 'start_date': no start date")


def read_apart(rows: pd.DataFrame, inputs: Inputs) -> pd.Series:
    """Which rows end before they start, each accounted for by a row of the readings (by its
    country, start date and recorded end); an end before a start with no reading stops."""
    readings = pd.read_csv(inputs / READINGS_FILE, dtype=str, keep_default_na=False)
    known = set(zip(readings["country"], readings["start_date"], readings["end_date"],
                    strict=True))
    backwards = rows["end_date"] < rows["start_date"]
    keys = list(zip(rows["country"], rows["start_date"].dt.strftime("%Y-%m-%d"),
                    rows["end_date"].dt.strftime("%Y-%m-%d"), strict=True))
    for where, is_backwards, key in zip(rows["where"], backwards, keys, strict=True):
        if is_backwards and key not in known:
            raise DataValidationError(
                f"{where}, column 'end_date': {key[2]} is before the start, {key[1]}; if the "
                f"register has it so, say how the book reads it in data/{READINGS_FILE}")
    return backwards


def one_row_per_event(rows: pd.DataFrame, same_event: list[str]) -> pd.DataFrame:
    """The rule's joining of rows of different count years that agree on ``same_event`` (and
    country): one row per event, with the count years it appears under, its status and end
    date from the latest of them. Rows of one year stay apart even where they agree: the
    n-th such row of a year joins the n-th of the next."""
    unknown = sorted(set(same_event) - set(rows.columns))
    if unknown:
        raise DataValidationError(f"data/{RULE_FILE}, line 2, column 'value': {unknown} are "
                                  "no columns of the register")
    cells = rows[["country", *same_event]].astype("string").fillna("")
    keyed = rows.assign(key=cells.agg(" | ".join, axis=1))
    keyed["key"] += " | " + keyed.groupby(["key", "count_year"]).cumcount().astype(str)
    latest = keyed.sort_values("count_year").groupby("key", sort=False).tail(1)
    years = keyed.groupby("key")["count_year"].agg(
        lambda counted: " ".join(str(year) for year in sorted(counted)))
    return latest.assign(count_years=latest["key"].map(years),
                         rows_joined=latest["key"].map(keyed.groupby("key").size()))


def platforms(rows: pd.DataFrame) -> pd.Series:
    """The named platforms the register marks affected ('Yes'), comma-separated."""
    named = [rows[column].fillna("").eq("Yes").map({True: name, False: ""})
             for column, name in PLATFORMS.items()]
    return pd.concat(named, axis=1).agg(lambda row: ", ".join(filter(None, row)), axis=1)


def register_events(inputs: Inputs, countries: list[str]) -> pd.DataFrame:
    """One row per event of the register in ``countries``, as recorded, with the count years
    it appears under and whether the book reads its dates apart (end before start); each
    event's id is its country's code, start date and place among that day's events."""
    rows = register_rows(inputs, countries)
    check_values(rows, inputs, CHECKED)
    rows = rows.assign(end_before_start=read_apart(rows, inputs))
    events = one_row_per_event(rows, rule(inputs)["same_event"].split())
    table = events.assign(platforms_affected=platforms(events))
    table = table.assign(
        start_date=table["start_date"].dt.strftime("%Y-%m-%d"),
        end_date=table["end_date"].dt.strftime("%Y-%m-%d").fillna(""),
        count_year=table["count_years"].str[:4].astype(int),
        order=table["country"].map({name: n for n, name in enumerate(countries)}),
    ).sort_values(["order", "start_date", "area_name", "platforms_affected"],
                  na_position="first")
    code = {name: code for code, name in COUNTRIES.items()}
    table.insert(0, "event_id", [f"{code[country]}-{start}-{n}" for country, start, n in zip(
        table["country"], table["start_date"],
        table.groupby(["country", "start_date"]).cumcount() + 1, strict=True)])
    columns = ["event_id", *KEPT[:1], "count_year", "count_years", "rows_joined", *KEPT[1:],
               "platforms_affected", "end_before_start"]
    if len(countries) > 1:
        columns.insert(1, "country")
    return table[columns].rename(columns={"count_year": "first_count_year",
                                          "duration": "duration_as_recorded"}).fillna("")


def access_now_pakistan(inputs: Inputs) -> pd.DataFrame:
    """One row per event of the register in Pakistan (:func:`register_events`)."""
    return register_events(inputs, [COUNTRY])


def access_now_neighbours(inputs: Inputs) -> pd.DataFrame:
    """One row per event of the register in the neighbours the book covers, read by the same
    rules as Pakistan's (:func:`register_events`)."""
    return register_events(inputs, [name for name in COUNTRIES.values() if name != COUNTRY])


def yearly_sheets(inputs: Inputs) -> pd.DataFrame:
    """Pakistan's rows of the older copy's per-year sheets: start, end, area and cause, the dates
    checked as the combined sheet's are (:func:`as_dates`)."""
    label, path = f"data/{YEARLY_FILE}", inputs / YEARLY_FILE
    require_file(path, label)
    sheets = pd.read_excel(path, sheet_name=None, engine="calamine")
    found = []
    for name, sheet in sheets.items():
        if not YEARLY_SHEETS.match(name):
            continue
        renamed = {next((c for c in sheet.columns if c in names), None): column
                   for column, names in YEARLY_COLUMNS.items()}
        if None in renamed:
            raise DataValidationError(f"{label}, sheet {name!r}: no column among "
                                      f"{list(YEARLY_COLUMNS.values())}")
        sheet = sheet.rename(columns=renamed)[list(YEARLY_COLUMNS)].assign(
            where=[f"{label}, sheet {name!r}, row {row}" for row in range(2, len(sheet) + 2)])
        found.append(sheet[sheet["country"].astype(str).str.strip() == COUNTRY])
    yearly = pd.concat(found, ignore_index=True)
    for column in ["start_date", "end_date"]:
        yearly[column] = as_dates(yearly, column).dt.strftime("%Y-%m-%d")
    yearly["actual_cause"] = as_causes(yearly, inputs)
    return yearly.drop(columns=["country", "where"])


def as_causes(yearly: pd.DataFrame, inputs: Inputs) -> pd.Series:
    """The older copy's causes in the combined sheet's words (data/editorial/cause_spellings.csv),
    stopping at one that is neither a cause of the register nor a spelling listed there."""
    spellings = pd.read_csv(inputs / SPELLINGS_FILE, dtype=str, keep_default_na=False)
    fields = {field["name"]: field for field in inputs.schema("access_now_stop")["fields"]}
    causes = yearly["actual_cause"].astype("string").str.strip()
    causes = causes.replace(dict(zip(spellings["spelling"], spellings["cause"], strict=True)))
    unknown = causes.notna() & ~causes.isin(fields["actual_cause"]["constraints"]["enum"])
    if unknown.any():
        raise DataValidationError(
            f"{yearly.loc[unknown, 'where'].iloc[0]}, column 'actual_cause': "
            f"{causes[unknown].iloc[0]!r} is no cause of the register; if it spells one, say "
            f"which in data/{SPELLINGS_FILE}")
    return causes


def by_start_date(rows: pd.DataFrame, copy: str) -> pd.DataFrame:
    """One copy's events on each start date: how many, their areas, end dates and causes."""
    listed = rows.assign(area_name=rows["area_name"].fillna("").astype(str).str.strip(),
                         end_date=rows["end_date"].fillna("").replace("", "no end"),
                         actual_cause=rows["actual_cause"].fillna("").astype(str).str.strip())
    return listed.groupby("start_date").agg(**{
        f"events_{copy}": ("area_name", "size"),
        f"areas_{copy}": ("area_name", lambda areas: " / ".join(sorted(areas))),
        f"ends_{copy}": ("end_date", lambda ends: " / ".join(sorted(ends))),
        f"causes_{copy}": ("actual_cause", lambda causes: " / ".join(sorted(causes)))})


def access_now_copies_compared(inputs: Inputs) -> pd.DataFrame:
    """Pakistan's events counted under 2016-2022 in the two copies, start date by start date:
    how many each copy records, their areas, end dates and causes, whether the copies agree
    on the number and the end dates (areas are worded differently between the copies), and,
    where both record the date, whether they give the same causes."""
    combined = access_now_pakistan(inputs)
    combined = combined[combined["first_count_year"].between(2016, 2022)]
    yearly = yearly_sheets(inputs).drop_duplicates(["start_date", "end_date", "area_name"])
    compared = by_start_date(combined, "combined").join(
        by_start_date(yearly, "yearly"), how="outer").reset_index()
    for copy in ["combined", "yearly"]:
        compared[f"events_{copy}"] = compared[f"events_{copy}"].fillna(0).astype(int)
        listed = [f"areas_{copy}", f"ends_{copy}", f"causes_{copy}"]
        compared[listed] = compared[listed].fillna("")
    in_both = (compared["events_combined"] > 0) & (compared["events_yearly"] > 0)
    return compared.assign(
        agree=(compared["events_combined"] == compared["events_yearly"])
        & (compared["ends_combined"] == compared["ends_yearly"]),
        causes_agree=(compared["causes_combined"] == compared["causes_yearly"]).where(in_both))


def access_now_by_country(inputs: Inputs) -> pd.DataFrame:
    """Events of the register in Pakistan and the neighbours the book covers, joined by the
    same rule, counted by the year each is first counted under and by extent: every country
    in every year of the register, a year with none recorded as zero."""
    rows = register_rows(inputs, list(COUNTRIES.values()))
    check_values(rows, inputs, ["shutdown_extent"])
    events = one_row_per_event(rows, rule(inputs)["same_event"].split())
    events = events.assign(
        first_count_year=events["count_years"].str[:4].astype(int),
        extent=events["shutdown_extent"].str.startswith("Full network").map(
            {True: "network_shutdowns", False: "service_blocks"}))
    counts = events.pivot_table(index=["country", "first_count_year"], columns="extent",
                                values="rows_joined", aggfunc="size", fill_value=0)
    years = range(rows["count_year"].min(), rows["count_year"].max() + 1)
    grid = pd.MultiIndex.from_product([list(COUNTRIES.values()), years],
                                      names=["country", "first_count_year"])
    counts = counts.reindex(grid, fill_value=0).reindex(
        columns=["network_shutdowns", "service_blocks"], fill_value=0).reset_index()
    code = {name: code for code, name in COUNTRIES.items()}
    counts.insert(0, "country_code", counts["country"].map(code))
    return counts.rename(columns={"first_count_year": "year"})


def check_one_start(press: pd.DataFrame) -> None:
    """Stop at a block with no start row, or with a fact dated twice."""
    for block, facts in press.groupby("block_id", sort=False):
        if "start" not in set(facts["fact"]) or facts["fact"].duplicated().any():
            raise DataValidationError(f"{facts['where'].iloc[0]}, column 'fact': the block "
                                      f"{block!r} needs one row of each fact it dates, and a "
                                      "start")


def press_blocks_in_register(inputs: Inputs) -> pd.DataFrame:
    """Each block of a named platform that outlets or the regulator dated (the hand-compiled
    press_platform_blocks.csv), set against Pakistan's events in the register: which of its
    platforms an event names (among the affected platforms or in its own words) that starts
    within the rule's days of the block's start or is in force then (by its recorded end, or
    its status ongoing), and which other events start within those days."""
    press = with_lines(read_checked(inputs, PRESS_FILE, "cited_press_blocks"), PRESS_FILE)
    check_one_start(press)
    events = register_events(inputs, [COUNTRY])
    events = events.assign(start_date=pd.to_datetime(events["start_date"]),
                           end_date=pd.to_datetime(events["end_date"].replace("", None)))
    named = (events["platforms_affected"] + " " + events["other_affected"]).str.lower()
    days = pd.Timedelta(days=int(rule(inputs)["press_match_days"]))
    rows = []
    for block, facts in press.groupby("block_id", sort=False):
        dated = facts.set_index("fact")["date"].map(pd.Timestamp)
        start, platforms = dated["start"], facts["platforms"].iloc[0].split("; ")
        starting = events["start_date"].between(start - days, start + days)
        near = starting | in_force_from_before(events, start, start)
        naming_each = {name: named.str.contains(name.lower(), regex=False) for name in platforms}
        found = [name for name, naming in naming_each.items() if (naming & near).any()]
        names_one = pd.concat(naming_each.values(), axis=1).any(axis=1)
        naming = events[near & names_one]
        rows.append({
            "block_id": block, "platforms": "; ".join(platforms),
            "compiled_as": facts["compiled_as"].iloc[0],
            "start_date": start.strftime("%Y-%m-%d"),
            "end_date": dated["end"].strftime("%Y-%m-%d") if "end" in dated else "",
            "start_source": facts.loc[facts["fact"] == "start", "source_url"].iloc[0],
            "platforms_in_register": "; ".join(found),
            "in_register": "all" if len(found) == len(platforms) else "some" if found
            else "none",
            "register_events_naming": " ".join(naming["event_id"]),
            "register_events_other": " ".join(events.loc[starting & ~names_one, "event_id"])})
    return pd.DataFrame(rows)
