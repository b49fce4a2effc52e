"""Derive the tidy tables in data/processed/ from the untouched files in data/raw/.

Run `make data` (or `python scripts/prepare_data.py`). Each table is written to a temporary
file, checked against its schema in data/datapackage.json, and only then renamed over the old
one: a failed run leaves the previous tables as they were. Output is byte-identical from run
to run.
"""

import os
import sys
from pathlib import Path

import pandas as pd

from activism_book.data import resource_descriptor
from activism_book.paths import project_root
from activism_book.validation import DataValidationError, validate_resource

COUNTRIES = {  # ISO3 or World Bank aggregate code -> name used in the book
    "PAK": "Pakistan",
    "IND": "India",
    "BGD": "Bangladesh",
    "LKA": "Sri Lanka",
    "NPL": "Nepal",
    "SAS": "South Asia",
    "WLD": "World",
}
INTERNET_USERS = ("IT.NET.USER.ZS", "Individuals using the Internet", "% of population")
WDI_INTERNET_FILE = "raw/wdi_internet_users_raw/API_IT.NET.USER.ZS_DS2_en_csv_v2_33086.csv"
OWID_INTERNET_FILE = "raw/owid_internet_users/share-of-individuals-using-the-internet.csv"
# OWID names aggregates its own way; recoded to the World Bank codes used everywhere else.
OWID_AGGREGATES = {"South Asia (WB)": "SAS", "World": "WLD"}
COLUMNS = ["country_code", "country", "indicator_code", "indicator", "year", "value", "unit",
           "source", "release"]


def require_columns(frame: pd.DataFrame, columns, file_label: str) -> None:
    """Stop with the file's name if a column the derivation reads is missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataValidationError(f"{file_label}: missing column(s) {', '.join(missing)}")


def wdi_release_date(path: Path) -> str:
    """The 'Last Updated Date' in a World Bank CSV preamble, as YYYY-MM-DD."""
    for line in path.read_text(encoding="utf-8-sig").splitlines()[:4]:
        if line.startswith("Last Updated Date,"):
            return pd.to_datetime(line.split(",")[1], format="%m/%d/%Y").strftime("%Y-%m-%d")
    raise DataValidationError(f"data/{path.name}: no 'Last Updated Date' in the first 4 lines")


def wdi_internet_users(data_dir: Path) -> pd.DataFrame:
    """IT.NET.USER.ZS from the World Bank's own CSV: one row per country and reported year."""
    path = data_dir / WDI_INTERNET_FILE
    wide = pd.read_csv(path, skiprows=4, encoding="utf-8-sig")
    require_columns(wide, ["Country Code", "Indicator Code"], f"data/{WDI_INTERNET_FILE}")
    wide = wide[wide["Country Code"].isin(COUNTRIES)]
    years = [c for c in wide.columns if c.isdigit()]
    long = wide.melt(id_vars=["Country Code"], value_vars=years, var_name="year")
    long = long.dropna(subset=["value"]).rename(columns={"Country Code": "country_code"})
    return long.assign(
        source="World Bank WDI (ITU World Telecommunication/ICT Indicators Database)",
        release=f"WDI {wdi_release_date(path)}",
    )


def owid_internet_users(data_dir: Path) -> pd.DataFrame:
    """The same indicator in Our World in Data's January 2025 copy of WDI (an earlier release)."""
    raw = pd.read_csv(data_dir / OWID_INTERNET_FILE, encoding="utf-8")
    value_column = "Individuals using the Internet (% of population)"
    require_columns(raw, ["Entity", "Code", "Year", value_column], f"data/{OWID_INTERNET_FILE}")
    codes = raw["Code"].fillna(raw["Entity"].map(OWID_AGGREGATES))
    codes = codes.where(raw["Entity"] != "World", "WLD")
    long = raw.assign(country_code=codes).query("country_code in @COUNTRIES")
    long = long.rename(columns={"Year": "year", value_column: "value"})
    return long[["country_code", "year", "value"]].assign(
        source="Our World in Data, ITU via World Bank WDI (retrieved by OWID 2025-01-24)",
        release="OWID 2025-01-24",
    )


def national_indicators(data_dir: Path) -> pd.DataFrame:
    """National indicators in long form: one row per country, indicator, year and release."""
    code, name, unit = INTERNET_USERS
    table = pd.concat([wdi_internet_users(data_dir), owid_internet_users(data_dir)])
    table = table.assign(
        country=table["country_code"].map(COUNTRIES),
        indicator_code=code,
        indicator=name,
        unit=unit,
        year=table["year"].astype(int),
    )
    return table[COLUMNS].sort_values(["indicator_code", "country_code", "release", "year"])


BUILDERS = {"national_indicators": national_indicators}


def write_checked_temporary(name: str, table: pd.DataFrame, root: Path) -> tuple[Path, Path]:
    """Write ``table`` for resource ``name`` to a temporary file and check it against its
    schema; return (temporary, target). A file that fails the check is removed."""
    descriptor = resource_descriptor(name, root)
    target = root / "data" / descriptor["path"]
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    table.to_csv(temporary, index=False, lineterminator="\n", encoding="utf-8")
    try:
        validate_resource({**descriptor, "path": descriptor["path"] + ".tmp"}, root / "data")
    except DataValidationError:
        temporary.unlink()
        raise
    return temporary, target


def prepare_all(root: Path) -> list[Path]:
    """Build, write and check every table; rename them into place only if all succeeded."""
    written = []
    try:
        for name, build in BUILDERS.items():
            written.append(write_checked_temporary(name, build(root / "data"), root))
    except Exception:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in written:
        os.replace(temporary, target)
    return [target for _, target in written]


def main() -> int:
    root = project_root()
    try:
        targets = prepare_all(root)
    except (DataValidationError, FileNotFoundError, KeyError, ValueError) as error:
        print(f"prepare_data: {error}\ndata/processed/ was left as it was.", file=sys.stderr)
        return 1
    for target in targets:
        print(f"wrote {target.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
