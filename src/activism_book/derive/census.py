"""The 2017 census by sex, read from the lines the census table quotes.

Each row of ``data/raw/census_2017/province_population_final.csv`` quotes the line of the
Pakistan Bureau of Statistics' table that holds its population; in that table ("AREA,
POPULATION BY SEX, ...") the population of all sexes is followed by the male, female and
transgender populations. The derivation reads those three figures from the quote and checks
that they add up to the row's population.
"""

import re

import pandas as pd

from book_engine.data.derivations import Inputs
from book_engine.data.validation import (
    DataValidationError,
    require_columns,
    require_file,
    require_numbers,
)

CENSUS_FILE = "raw/census_2017/province_population_final.csv"
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")
SEXES = ["male", "female", "transgender"]  # the order of the table's columns


def by_sex(where: str, population: int, quote: str) -> dict[str, int]:
    """The figures that follow the population of all sexes in ``quote``, checked to add up."""
    numbers = [int(token.replace(",", "")) if "." not in token else None
               for token in NUMBER.findall(quote)]
    if population not in numbers:
        raise DataValidationError(f"{where}, column 'quote': the population {population:,} "
                                  "is not in the quoted line")
    after = numbers[numbers.index(population) + 1:][:len(SEXES)]
    if len(after) < len(SEXES) or None in after or sum(after) != population:
        raise DataValidationError(f"{where}, column 'quote': the figures after the population "
                                  f"({after}) are not its male, female and transgender parts")
    return dict(zip(SEXES, after, strict=True))


def census_2017_by_sex(inputs: Inputs) -> pd.DataFrame:
    """Population by province or territory, area (total, rural, urban) and sex."""
    label, path = f"data/{CENSUS_FILE}", inputs / CENSUS_FILE
    require_file(path, label)
    census = pd.read_csv(path, encoding="utf-8", dtype={"quote": str})
    require_columns(census, ["province", "area", "population", "quote"], label)
    require_numbers(census, ["population"], label, 2)
    rows = [{"province": row.province, "area": row.area, "sex": sex, "population": count}
            for line, row in enumerate(census.itertuples(), start=2)
            for sex, count in by_sex(f"{label}, line {line}", int(row.population),
                                     row.quote).items()]
    return pd.DataFrame(rows)
