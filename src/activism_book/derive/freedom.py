"""Freedom House scores for Pakistan and its neighbours, in long form, each on its own scale.

One row per country, survey, edition and measure. Scores are kept exactly as published with
the scale they are on (score_min, score_max, higher_is_freer); nothing is rescaled here, so
a chapter that compares the old and new Freedom on the Net scales does it visibly.
"""

import pandas as pd

from activism_book.areas import CODE_OF_NAME, COUNTRIES
from book_engine.data.derivations import Inputs
from book_engine.data.validation import (
    DataValidationError,
    require_columns,
    require_file,
    require_numbers,
)

FIW_FILE = "raw/freedom_house/All_data_FIW_2013-2024.xlsx"
FIW_SHEET, FIW_HEADER_ROW = "FIW13-24", 1
FOTN_FILE = "raw/freedom_house/FINAL_DATA_FOTN2018_TOTAL_and_CATEGORY_SCORES.xlsx"
COLUMNS = ["country_code", "country", "survey", "edition", "year_covered", "measure", "score",
           "score_min", "score_max", "higher_is_freer", "status"]

# Freedom in the World: measure -> (min, max, higher_is_freer). The discretionary "Add Q"
# and "Add A" columns are left out: they are adjustments, not scores.
FIW_SUBINDICATORS = [f"{c}{i}" for c, n in zip("ABCDEFG", [3, 4, 3, 4, 3, 4, 4], strict=True)
                     for i in range(1, n + 1)]
FIW_MEASURES = {
    **{name: (0, 4, True) for name in FIW_SUBINDICATORS},
    "A": (0, 12, True), "B": (0, 16, True), "C": (0, 12, True), "D": (0, 16, True),
    "E": (0, 12, True), "F": (0, 16, True), "G": (0, 16, True),
    "PR": (0, 40, True), "CL": (0, 60, True), "Total": (0, 100, True),
    "PR rating": (1, 7, False), "CL rating": (1, 7, False),
}
# Freedom on the Net 2018, on the scale used up to that edition: 0 = most free.
FOTN_MEASURES = {
    "A: Obstacles to Access": ("A", 0, 25),
    "B: Limits on Content": ("B", 0, 35),
    "C: Violations of User Rights": ("C", 0, 40),
    '"Freedom on the Net 2018" Total Score': ("Total", 0, 100),
}
FOTN_STATUS = '"Freedom on the Net 2018" Status'
# Freedom in the World abbreviates its statuses; Freedom on the Net spells them in capitals.
FIW_STATUS = {"F": "free", "PF": "partly free", "NF": "not free"}


def read_sheet(inputs: Inputs, relative: str, **options) -> pd.DataFrame:
    path = inputs / relative
    require_file(path, f"data/{relative}")
    return pd.read_excel(path, engine="calamine", **options)


def check_range(long: pd.DataFrame, label: str) -> None:
    """Every score within its measure's published range."""
    outside = long[(long["score"] < long["score_min"]) | (long["score"] > long["score_max"])]
    if not outside.empty:
        row = outside.iloc[0]
        raise DataValidationError(
            f"{label}: {row['country']} {row['edition']}, column '{row['measure']}': "
            f"{row['score']} is outside {row['score_min']}-{row['score_max']}"
        )


def freedom_in_the_world(inputs: Inputs) -> pd.DataFrame:
    label = f"data/{FIW_FILE}"
    wide = read_sheet(inputs, FIW_FILE, sheet_name=FIW_SHEET, header=FIW_HEADER_ROW)
    require_columns(wide, ["Country/Territory", "Edition", "Status", *FIW_MEASURES], label)
    wide = wide[wide["Country/Territory"].isin(list(COUNTRIES.values()))]
    require_numbers(wide, list(FIW_MEASURES), label, first_line=FIW_HEADER_ROW + 2)
    long = wide.melt(id_vars=["Country/Territory", "Edition", "Status"],
                     value_vars=list(FIW_MEASURES), var_name="measure", value_name="score")
    scale = pd.DataFrame(FIW_MEASURES, index=["score_min", "score_max", "higher_is_freer"]).T
    long = long.join(scale, on="measure").rename(
        columns={"Country/Territory": "country", "Edition": "edition", "Status": "status"})
    unknown = set(long["status"]) - set(FIW_STATUS)
    if unknown:
        raise DataValidationError(f"{label}, column 'Status': unknown value(s) {sorted(unknown)}")
    long = long.assign(survey="Freedom in the World", status=long["status"].map(FIW_STATUS),
                       year_covered=long["edition"] - 1)  # an edition assesses the year before
    check_range(long, label)
    return long


def freedom_on_the_net_2018(inputs: Inputs) -> pd.DataFrame:
    label = f"data/{FOTN_FILE}"
    wide = read_sheet(inputs, FOTN_FILE)
    require_columns(wide, ["Country", FOTN_STATUS, *FOTN_MEASURES], label)
    wide = wide[wide["Country"].isin(list(COUNTRIES.values()))]
    require_numbers(wide, list(FOTN_MEASURES), label, first_line=2)
    long = wide.melt(id_vars=["Country", FOTN_STATUS], value_vars=list(FOTN_MEASURES),
                     var_name="column", value_name="score")
    scale = pd.DataFrame(FOTN_MEASURES, index=["measure", "score_min", "score_max"]).T
    long = long.join(scale, on="column").rename(
        columns={"Country": "country", FOTN_STATUS: "status"})
    long = long.assign(survey="Freedom on the Net", edition=2018, year_covered=pd.NA,
                       higher_is_freer=False)
    check_range(long, label)
    return long


def freedom_scores(inputs: Inputs) -> pd.DataFrame:
    """Both surveys in one long table, sorted for a byte-stable file."""
    table = pd.concat([freedom_in_the_world(inputs), freedom_on_the_net_2018(inputs)])
    table = table.assign(
        country_code=table["country"].map(CODE_OF_NAME),
        score=table["score"].astype(float),
        year_covered=table["year_covered"].astype("Int64"),
        status=table["status"].str.strip().str.lower(),  # FOTN: "PARTLY FREE" -> "partly free"
    )
    return table[COLUMNS].sort_values(["survey", "country_code", "edition", "measure"])
