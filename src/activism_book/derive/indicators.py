"""National indicators in long form, from four releases of World Bank and ITU data.

One row per country, indicator, year and release:
country_code, country, indicator_code, indicator, year, value, unit, source, release.
Releases are never merged: the same indicator from two releases is two sets of rows.
"""

import json
from pathlib import Path

import pandas as pd

from activism_book.areas import AREAS, CODE_OF_NAME
from book_engine.data.derivations import Inputs
from book_engine.data.validation import (
    DataValidationError,
    check_table,
    require_columns,
    require_file,
    require_in_range,
    require_numbers,
)

COLUMNS = ["country_code", "country", "indicator_code", "indicator", "year", "value", "unit",
           "source", "release"]
INTERNET_USERS = ("IT.NET.USER.ZS", "Individuals using the Internet (% of population)",
                  "% of population")

WDI_DIR = "raw/wdi_worldbank/indicators"
# The WDI packages name no World Bank release: 2026-07-01 is the mirror's snapshot (sources.json).
WDI_RELEASE = "WDI snapshot 2026-07-01"
WDI_SOURCE = "World Bank, World Development Indicators"
# Units are the title's last parenthesis, except where the title has none or ends otherwise.
UNIT_EXCEPTIONS = {
    "SE.ENR.PRSC.FM.ZS": "gender parity index (female/male)",
    "SL.TLF.CACT.FE.ZS": "% of female population ages 15+",
    "SL.TLF.CACT.MA.ZS": "% of male population ages 15+",
    "SI.POV.GINI": "index (0-100)",
    "SP.POP.TOTL": "people",
    "SP.RUR.TOTL": "people",
    "SP.URB.TOTL": "people",
}

WDI_INTERNET_FILE = "raw/wdi_internet_users_raw/API_IT.NET.USER.ZS_DS2_en_csv_v2_33086.csv"
OWID_INTERNET_FILE = "raw/owid_internet_users/share-of-individuals-using-the-internet.csv"
OWID_VALUE = "Individuals using the Internet (% of population)"
# OWID names aggregates its own way; recoded to the World Bank codes used everywhere else.
OWID_AGGREGATES = {"South Asia (WB)": "SAS", "World": "WLD"}
ITU_INTERNET_FILE = "raw/itu_ict_2019/Individuals_Internet_2000-2018_Jun2019.xls"
ITU_YEARS_ROW = 1  # the sheet's second row holds the years 2000-2018 in columns 1-19
# ITU's economy names that differ from the book's (recode).
ITU_NAMES = {**CODE_OF_NAME, "Nepal (Republic of)": "NPL"}


def unit_of(code: str, title: str) -> str:
    """The unit of a WDI indicator: the last parenthesis of its title, or an exception."""
    if code in UNIT_EXCEPTIONS:
        return UNIT_EXCEPTIONS[code]
    if not title.endswith(")"):
        raise DataValidationError(f"indicator {code}: no unit in its title {title!r}; "
                                  "add it to UNIT_EXCEPTIONS in activism_book/derive/indicators.py")
    return title[title.rindex("(") + 1 : -1]


def wdi_indicator(package_path: Path, inputs: Inputs) -> pd.DataFrame:
    """One WDI indicator: its CSV checked against its raw schema, with code, title and unit."""
    csv_path = package_path.with_name(package_path.name.removesuffix(".datapackage.json") + ".csv")
    label = f"data/{csv_path.relative_to(inputs.data_dir).as_posix()}"
    check_table(csv_path, inputs.schema("wdi_indicator"), label)
    package = json.loads(package_path.read_text(encoding="utf-8"))
    code, title = package["name"].upper(), package["title"]
    unit = unit_of(code, title)
    frame = pd.read_csv(csv_path, encoding="utf-8")
    require_in_range(frame["Value"], inputs.unit_range("value", unit), label, "Value",
                     first_line=2, why=f"the range of unit '{unit}'")
    return pd.DataFrame({
        "country_code": frame["Country Code"], "indicator_code": code, "indicator": title,
        "year": frame["Year"], "value": frame["Value"], "unit": unit,
        "source": WDI_SOURCE, "release": WDI_RELEASE,
    })


def wdi_indicators(inputs: Inputs) -> pd.DataFrame:
    """Every indicator of the WDI South Asia subset: one CSV per package descriptor."""
    files = sorted((inputs / WDI_DIR).glob("*.datapackage.json"))
    if not files:
        raise DataValidationError(f"data/{WDI_DIR}: no indicator descriptors found")
    return pd.concat([wdi_indicator(path, inputs) for path in files])


def wdi_release_date(lines: list[str], label: str) -> str:
    """The 'Last Updated Date' in a World Bank CSV preamble, as YYYY-MM-DD."""
    for line in lines[:4]:
        if line.startswith("Last Updated Date,"):
            return pd.to_datetime(line.split(",")[1], format="%m/%d/%Y").strftime("%Y-%m-%d")
    raise DataValidationError(f"{label}: no 'Last Updated Date' in the first 4 lines")


def wdi_internet_users(inputs: Inputs) -> pd.DataFrame:
    """IT.NET.USER.ZS from the World Bank's own wide CSV (not in the WDI subset above)."""
    label, path = f"data/{WDI_INTERNET_FILE}", inputs / WDI_INTERNET_FILE
    require_file(path, label)
    release = wdi_release_date(path.read_text(encoding="utf-8-sig").splitlines(), label)
    wide = pd.read_csv(path, skiprows=4, encoding="utf-8-sig", dtype=str)
    require_columns(wide, ["Country Code", "Indicator Code"], label)
    years = [column for column in wide.columns if column.isdigit()]
    require_numbers(wide, years, label, first_line=6)
    unit = INTERNET_USERS[2]
    for year in years:
        require_in_range(pd.to_numeric(wide[year]), inputs.unit_range("value", unit), label, year,
                         first_line=6, why=f"the range of unit '{unit}'")
    wide = wide[wide["Country Code"].isin(AREAS)]
    long = wide.melt(id_vars=["Country Code"], value_vars=years, var_name="year")
    long = long.dropna(subset=["value"]).rename(columns={"Country Code": "country_code"})
    return long.assign(
        value=long["value"].astype(float),
        source="World Bank WDI (ITU World Telecommunication/ICT Indicators Database)",
        release=f"WDI {release}",
    )


def owid_internet_users(inputs: Inputs) -> pd.DataFrame:
    """The same indicator in Our World in Data's copy of WDI, retrieved 2025-01-24."""
    label, path = f"data/{OWID_INTERNET_FILE}", inputs / OWID_INTERNET_FILE
    check_table(path, inputs.schema("owid_internet_users"), label)
    raw = pd.read_csv(path, encoding="utf-8")
    codes = raw["Code"].where(raw["Entity"] != "World", "WLD")
    codes = codes.fillna(raw["Entity"].map(OWID_AGGREGATES))
    long = raw.assign(country_code=codes)
    long = long[long["country_code"].isin(AREAS)]
    return pd.DataFrame({
        "country_code": long["country_code"], "year": long["Year"], "value": long[OWID_VALUE],
        "source": "Our World in Data, ITU via World Bank WDI (retrieved by OWID 2025-01-24)",
        "release": "OWID 2025-01-24",
    })


def itu_2019_internet_users(inputs: Inputs) -> pd.DataFrame:
    """The same indicator as ITU published it in June 2019 (data years 2000-2018)."""
    label, path = f"data/{ITU_INTERNET_FILE}", inputs / ITU_INTERNET_FILE
    require_file(path, label)
    sheet = pd.read_excel(path, header=None, engine="calamine")
    years = sheet.iloc[ITU_YEARS_ROW, 1:20].astype(int).tolist()
    if years != list(range(2000, 2019)):
        raise DataValidationError(f"{label}, row {ITU_YEARS_ROW + 1}: expected the years "
                                  f"2000-2018 in columns B-T, found {years}")
    wide = sheet.iloc[ITU_YEARS_ROW + 1 :, :20].set_axis(["country", *years], axis=1)
    wide = wide.assign(country=wide["country"].str.strip())
    wide = wide[wide["country"].isin(ITU_NAMES)].replace({"..": None, "...": None})
    require_numbers(wide, years, label, first_line=ITU_YEARS_ROW + 3)
    long = wide.melt(id_vars=["country"], var_name="year").dropna(subset=["value"])
    notes = itu_source_notes(sheet).loc[wide.index].assign(country=wide["country"]).melt(
        id_vars=["country"], var_name="year", value_name="note")
    long = long.merge(notes, on=["country", "year"], how="left", validate="one_to_one")
    named = long["note"].fillna("").str.strip().str.rstrip(".")
    return pd.DataFrame({
        "country_code": long["country"].map(ITU_NAMES), "year": long["year"],
        "value": long["value"].astype(float),
        "source": ("ITU World Telecommunication/ICT Indicators Database"
                   + named.map(lambda note: f"; ITU's source for the year: {note}" if note
                               else "")),
        "release": "ITU 2019-06",
    })


def itu_source_notes(sheet: pd.DataFrame) -> pd.DataFrame:
    """The sheet's 'Source <year>' column for each year, by row: whom ITU names as the
    source of each value ('ITU estimate.', a statistical office, a survey)."""
    header = sheet.iloc[ITU_YEARS_ROW].fillna("").astype(str)
    columns = {int(name.removeprefix("Source ")): index for index, name in header.items()
               if name.startswith("Source ")}
    return pd.DataFrame({year: sheet.iloc[:, index] for year, index in columns.items()})


def internet_users(inputs: Inputs) -> pd.DataFrame:
    """IT.NET.USER.ZS from the three releases the book compares."""
    code, name, unit = INTERNET_USERS
    releases = [wdi_internet_users, owid_internet_users, itu_2019_internet_users]
    table = pd.concat([read(inputs) for read in releases])
    return table.assign(indicator_code=code, indicator=name, unit=unit)


def national_indicators(inputs: Inputs) -> pd.DataFrame:
    """Every national indicator, all releases, sorted for a byte-stable file."""
    table = pd.concat([wdi_indicators(inputs), internet_users(inputs)])
    table = table.assign(country=table["country_code"].map(AREAS),
                         year=table["year"].astype(int))
    return table[COLUMNS].sort_values(["indicator_code", "country_code", "release", "year"])
