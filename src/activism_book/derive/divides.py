"""The divides the Barriers chapter measures, from three publishers' spreadsheets: ITU's
internet use by sex (June 2019), GSMA's Mobile Connectivity Index 2019, and RSF's World Press
Freedom Index 2019. Each table keeps the publisher's values and scale as published.
"""

import pandas as pd

from activism_book.areas import AREAS, CODE_OF_NAME
from book_engine.data.derivations import Inputs
from book_engine.data.validation import (
    DataValidationError,
    require_columns,
    require_file,
    require_numbers,
)

ITU_BY_SEX_FILE = "raw/itu_ict_2019/Individuals using the internet by gender_Jun2019.xlsx"
ITU_BY_SEX_COLUMNS = {1: "economy", 3: "year", 4: "all", 6: "male", 8: "female"}
ITU_FIRST_DATA_ROW = 3  # rows 1-3 of the sheet are its title and two header rows
MCI_FILE = "raw/gsma_mci_2019/MCI_Data_2019.xlsx"
MCI_SHEET, MCI_HEADER_ROW = "Index Scores", 2
# The index, and the scores of its gender and skills dimensions (GSMA's names, 0-100).
MCI_MEASURES = ["Index", "Gender Equality", "Gender gap in mobile ownership",
                "Gender gap in social media use", "Literacy", "Mobile ownership",
                "Mobile Social Media Penetration"]
RSF_FILE = "raw/rsf_press_freedom_2019/index_2019_-_pour_import_1_1.csv"


def itu_internet_by_sex(inputs: Inputs) -> pd.DataFrame:
    """Individuals using the Internet, all and by sex, in the latest year ITU had (June 2019)."""
    label, path = f"data/{ITU_BY_SEX_FILE}", inputs / ITU_BY_SEX_FILE
    require_file(path, label)
    sheet = pd.read_excel(path, header=None, engine="calamine")
    rows = sheet.iloc[ITU_FIRST_DATA_ROW:, list(ITU_BY_SEX_COLUMNS)].set_axis(
        list(ITU_BY_SEX_COLUMNS.values()), axis=1)
    rows = rows.assign(economy=rows["economy"].astype(str).str.strip())
    rows = rows[rows["economy"].isin(CODE_OF_NAME)].replace({"..": None, "...": None})
    require_numbers(rows, ["year", "all", "male", "female"], label, ITU_FIRST_DATA_ROW + 1)
    rows = rows.dropna(subset=["all"])
    return pd.DataFrame({
        "country_code": rows["economy"].map(CODE_OF_NAME), "country": rows["economy"],
        "year": rows["year"].astype(int), "all": rows["all"].astype(float),
        "male": rows["male"].astype(float), "female": rows["female"].astype(float),
        "release": "ITU 2019-06",
    }).sort_values("country_code")


def gsma_mci_scores(inputs: Inputs) -> pd.DataFrame:
    """GSMA Mobile Connectivity Index 2019: the index and its gender and skills scores, for
    the countries the book covers, one row per country, year and measure."""
    label, path = f"data/{MCI_FILE}", inputs / MCI_FILE
    require_file(path, label)
    sheet = pd.read_excel(path, MCI_SHEET, header=MCI_HEADER_ROW, engine="calamine")
    require_columns(sheet, ["ISO Code", "Year", *MCI_MEASURES], label)
    require_numbers(sheet, ["Year", *MCI_MEASURES], label, MCI_HEADER_ROW + 2)
    ours = sheet[sheet["ISO Code"].isin(AREAS)]
    if ours.empty:
        raise DataValidationError(f"{label}: no rows for {', '.join(AREAS)}")
    long = ours.melt(id_vars=["ISO Code", "Year"], value_vars=MCI_MEASURES, var_name="measure",
                     value_name="score").dropna(subset=["score"])
    return pd.DataFrame({
        "country_code": long["ISO Code"], "country": long["ISO Code"].map(AREAS),
        "year": long["Year"].astype(int), "measure": long["measure"],
        "score": long["score"].astype(float),
    }).sort_values(["measure", "country_code", "year"])


def rsf_press_freedom(inputs: Inputs) -> pd.DataFrame:
    """RSF World Press Freedom Index 2019, with the 2018 rank and score it repeats; on RSF's
    scale of the time, a lower score is a freer press."""
    label, path = f"data/{RSF_FILE}", inputs / RSF_FILE
    require_file(path, label)
    raw = pd.read_csv(path, dtype=str, encoding="utf-8")
    columns = {"Rank2019": 2019, "Score 2019": 2019, "Rank 2018": 2018, "Score 2018": 2018}
    require_columns(raw, ["ISO", *columns], label)
    raw = raw.assign(**{c: raw[c].str.replace(",", ".") for c in columns})
    require_numbers(raw, list(columns), label, first_line=2)
    ours = raw[raw["ISO"].isin(AREAS)]
    return pd.concat(
        pd.DataFrame({"country_code": ours["ISO"], "country": ours["ISO"].map(AREAS),
                      "edition": year, "rank": ours[f"Rank{'' if year == 2019 else ' '}{year}"]
                      .astype(int), "score": ours[f"Score {year}"].astype(float)})
        for year in (2018, 2019)
    ).sort_values(["edition", "rank"])
