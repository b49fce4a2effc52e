"""Derive one tidy person-level table from the PSLM/HIES 2015-16 microdata.

Source: Pakistan Bureau of Statistics (PBS), Pakistan Social and Living Standards Measurement /
Household Integrated Economic Survey 2015-16, as shipped in the R package PSLM2015 0.2.0 and
copied whole to ``data/raw/pslm_2015_16_microdata/`` (see its PROVENANCE.md and codebook/).

Universe: one row per respondent of the ICT module (``ICT.RData``), i.e. every household member
aged 10 or older: 115,910 persons in 24,238 households. Primary key: ``hhcode`` + ``idc``.

What each column is and how it was recoded is listed, one entry per column, in ``RECODES``;
the book's appendix prints that list. In short:

* Persons come from ``ICT.RData``; sex and age from ``HHRoster.RData``; literacy from
  ``Education.RData``; household spending from ``Expenditure.RData`` (``Housing.RData`` is not
  used). Every ICT respondent must have a roster row and a household in Expenditure, else the
  derivation stops.
* Text labels are compared after stripping surrounding spaces and ignoring case, because the
  package stores the same label in several spellings (' KP' and 'KP', 'Urban' and 'urban',
  ' YES' and 'YES'). Any other label, or a missing one where the questionnaire has no skip,
  raises ``DataValidationError`` (a ``ValueError``) naming the file, column and values.
* Nothing is imputed. ``literate`` is missing (empty) for a respondent without an Education row
  (none in this release); ``expenditure_per_capita_rs`` and ``expenditure_quintile`` are missing
  for a household whose every expenditure category is 0 (one household in this release), since
  no household lives a year on nothing: that is an unrecorded value, not the poorest household.
* Recall period of ``used_internet``: three months. The package codebook, the only
  documentation shipped with the data, labels sictq04 "in last month", but labels sictq05,
  the follow-up asked of exactly those who answered YES to sictq04 (checked here: the
  derivation stops otherwise), "in last three months", and sictq05's answers run from "at
  least once a day" to "at least once a month", a scale that needs a window longer than a
  month. ITU's indicator of Internet use (IT.NET.USER.ZS, the national series the book
  compares) also counts use in the last three months. sictq01 and sictq03 keep the codebook's
  "last month": nothing in the files says otherwise for them.
* The package files carry NO sampling weights and the sample over-represents urban areas
  (about two thirds of respondents are urban). Nothing here is weighted. Quintiles are
  unweighted quintiles of households, so they describe this sample, not Pakistan's population;
  and urban and rural respondents should not be pooled into one share.
"""

import numpy as np
import pandas as pd
import pyreadr

from book_engine.data.derivations import Inputs
from book_engine.data.validation import DataValidationError, require_columns, require_file

PSLM_DIR = "raw/pslm_2015_16_microdata"
KEY = ["hhcode", "idc"]
MINIMUM_AGE = 10  # the ICT module is asked of persons aged 10 and older

# Source labels, stripped and case-folded -> value in the table.
PROVINCES = {"punjab": "Punjab", "sindh": "Sindh", "kp": "KP", "balochistan": "Balochistan"}
REGIONS = {"urban": "urban", "rural": "rural"}
SEXES = {"male": "male", "female": "female"}
YES_NO = {"yes": True, "no": False}
FREQUENCIES = {  # sictq05, as labelled, most often first
    "at least once a day": "at least once a day",
    "at least once a week but not every day": "at least once a week but not every day",
    "at least once a month": "at least once a month",
}

AGE_GROUPS = ["10-14", "15-24", "25-34", "35-44", "45-59", "60+"]
AGE_GROUP_STARTS = [10, 15, 25, 35, 45, 60]  # each group runs up to the next start, minus one

# The 12 COICOP groups of Expenditure.RData. Their sum is exactly NonDurable (checked), so the
# household total is NonDurable + DurableGoods; adding the groups as well would count twice.
SPENDING_GROUPS = ["Food", "Hotels", "Furnishing", "Misc", "Tobacco", "Housing", "Clothing",
                   "Health", "Transport", "Communication", "Recreation", "Education"]
SPENDING_TOTAL = ["NonDurable", "DurableGoods"]
QUINTILES = [1, 2, 3, 4, 5]

DTYPES = {
    "hhcode": "string",
    "idc": "int64",
    "province": pd.CategoricalDtype(list(PROVINCES.values())),
    "region": pd.CategoricalDtype(list(REGIONS.values())),
    "psu": "int64",
    "sex": pd.CategoricalDtype(list(SEXES.values())),
    "age": "int64",
    "age_group": pd.CategoricalDtype(AGE_GROUPS, ordered=True),
    "literate": "boolean",
    "used_internet": "boolean",
    "internet_frequency": pd.CategoricalDtype(list(FREQUENCIES.values()), ordered=True),
    "used_mobile": "boolean",
    "used_computer": "boolean",
    "expenditure_per_capita_rs": "Float64",
    "expenditure_quintile": "Int64",
}
COLUMNS = list(DTYPES)

STRICT = "compared ignoring case and surrounding spaces; any other or missing value raises"
RECODES = [
    {"column": "hhcode", "source": "ICT.RData: hhcode",
     "rule": "10-digit household code, stored as a float: checked to be a whole number of "
             "exactly 10 digits, then written as its digits (no rounding, no scientific notation)"},
    {"column": "idc", "source": "ICT.RData: idc",
     "rule": "person number within the household, as recorded"},
    {"column": "province", "source": "ICT.RData: Province",
     "rule": f"'Punjab', 'Sindh', 'KP', 'Balochistan' kept as labelled ({STRICT}); "
             "must equal HHRoster.RData: Province for the same person"},
    {"column": "region", "source": "ICT.RData: Region",
     "rule": f"'Urban' -> 'urban', 'Rural' -> 'rural' ({STRICT}); must equal "
             "HHRoster.RData: Region (lower-case there) for the same person"},
    {"column": "psu", "source": "ICT.RData: PSU",
     "rule": "8-digit primary sampling unit, as recorded (the first 8 digits of hhcode)"},
    {"column": "sex", "source": "HHRoster.RData: s1aq04",
     "rule": f"'Male' -> 'male', 'Female' -> 'female' ({STRICT})"},
    {"column": "age", "source": "HHRoster.RData: age",
     "rule": "completed years, as recorded; 99 means 99 or older (persons born 1895-1916, "
             "s1aq63, are all recorded as 99); an ICT respondent under 10 or without an age "
             "raises"},
    {"column": "age_group", "source": "HHRoster.RData: age",
     "rule": "10-14, 15-24, 25-34, 35-44, 45-59, 60+ (both ends included)"},
    {"column": "literate", "source": "Education.RData: s2ac01, s2ac02",
     "rule": "True if s2ac01 (can read with understanding) is 'yes' AND s2ac02 (can write) is "
             "'yes'; False if either is 'no'. s2ac02 is asked only of those who can read, so "
             "it is blank when s2ac01 is 'no' (then False). Missing (empty) if the person has "
             f"no Education row; within a row, {STRICT}"},
    {"column": "used_internet", "source": "ICT.RData: sictq04",
     "rule": "used the Internet from any location in the last three months (the codebook says "
             "'last month', but its follow-up sictq05, asked of exactly the YES answers, says "
             "'last three months', as ITU's definition does): "
             f"'YES' -> True, 'NO' -> False ({STRICT})"},
    {"column": "internet_frequency", "source": "ICT.RData: sictq05",
     "rule": "how often an Internet user used it, as labelled (lower-cased): 'at least once a "
             "day', 'at least once a week but not every day', 'at least once a month'; empty "
             "for those who did not use it (the question is skipped for them); an answer from a "
             f"non-user, or none from a user, raises; {STRICT}"},
    {"column": "used_mobile", "source": "ICT.RData: sictq03",
     "rule": f"used a mobile phone in the last month (codebook label): 'YES' -> True, "
             f"'NO' -> False ({STRICT})"},
    {"column": "used_computer", "source": "ICT.RData: sictq01",
     "rule": f"used a computer in the last month (codebook label): ' YES' -> True, "
             f"' NO' -> False ({STRICT})"},
    {"column": "expenditure_per_capita_rs",
     "source": "Expenditure.RData: NonDurable, DurableGoods; HHRoster.RData: s1aq11",
     "rule": "household annual expenditure (NonDurable + DurableGoods, Rs; NonDurable is checked "
             "to equal the sum of the 12 groups Food ... Education, which are therefore not added "
             "again) divided by household size (roster persons with s1aq11 'Member of household' "
             "= 'yes'), rounded to 2 decimals; missing if all 14 expenditure columns are 0; "
             "a negative or missing amount raises"},
    {"column": "expenditure_quintile", "source": "expenditure_per_capita_rs",
     "rule": "1 (lowest) to 5: quintile of the (rounded, as published) per-capita expenditure "
             "among all households of the "
             "sample with a value, one household one count, unweighted, urban and "
             "rural together; cut points are the 20/40/60/80th percentiles (linear "
             "interpolation), each interval includes its upper cut point; missing where "
             "expenditure_per_capita_rs is missing"},
]


def source_label(file: str, column: str) -> str:
    """How error messages name a source column: 'data/raw/.../ICT.RData, column sictq04'."""
    return f"data/{PSLM_DIR}/{file}.RData, column {column}"


def read_pslm(inputs: Inputs, name: str, columns: list[str]) -> pd.DataFrame:
    """The ``columns`` of one package file, with ``hhcode`` checked and made a string."""
    path = inputs / f"{PSLM_DIR}/{name}.RData"
    require_file(path, f"data/{PSLM_DIR}/{name}.RData")
    frame = pyreadr.read_r(path)[name]
    require_columns(frame, columns, f"data/{PSLM_DIR}/{name}.RData")
    frame = frame[columns].copy()
    frame["hhcode"] = household_codes(frame["hhcode"], source_label(name, "hhcode"))
    return frame


def household_codes(codes: pd.Series, label: str) -> pd.Series:
    """10-digit household codes stored as floats -> their exact digits as strings."""
    whole = codes.notna() & np.isfinite(codes) & (codes == np.floor(codes))
    ten_digits = whole & (codes >= 1e9) & (codes < 1e10)  # far below 2**53: floats are exact
    if not ten_digits.all():
        raise DataValidationError(f"{label}: not a 10-digit code: {listed(codes[~ten_digits])}")
    return codes.astype("int64").astype("string")


def listed(values: pd.Series, limit: int = 10) -> str:
    """A few distinct offending values, quoted, with missing values shown as <missing>."""
    shown = sorted({"<missing>" if pd.isna(v) else f"'{v}'" for v in values})
    more = f" and {len(shown) - limit} more" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more


def recode(values: pd.Series, mapping: dict, label: str) -> pd.Series:
    """Map source labels through ``mapping`` (keys stripped and case-folded); raise on any
    value, missing included, that the mapping does not name."""
    normalised = values.astype("string").str.strip().str.casefold()
    known = normalised.isin(list(mapping)).fillna(False).astype(bool)
    if not known.all():
        expected = ", ".join(repr(k) for k in mapping)
        raise DataValidationError(f"{label}: unexpected value(s) {listed(values[~known])}; "
                                  f"expected one of {expected} (ignoring case and spaces)")
    return normalised.map(mapping)


def require_complete_join(merged: pd.DataFrame, what: str, label: str) -> None:
    """Stop if some left rows of an ``indicator=True`` merge found no partner."""
    unmatched = merged["_merge"] != "both"
    if unmatched.any():
        examples = merged.loc[unmatched, "hhcode"].head(5).tolist()
        raise DataValidationError(f"{label}: {unmatched.sum():,} of {len(merged):,} {what} have "
                                  f"no row there (e.g. hhcode {', '.join(examples)})")


def internet_frequency(answers: pd.Series, used: pd.Series) -> pd.Series:
    """sictq05, asked of Internet users only: a frequency for each user, nothing for others."""
    label = source_label("ICT", "sictq05")
    asked = used.to_numpy(dtype=bool)
    if answers[~asked].notna().any():
        raise DataValidationError(f"{label}: answered by respondents who did not use the "
                                  f"Internet (sictq04 NO): {listed(answers[~asked].dropna())}")
    frequency = pd.Series(pd.NA, index=answers.index, dtype="object")
    frequency[asked] = recode(answers[asked], FREQUENCIES, label)
    return frequency


def ict_persons(ict: pd.DataFrame) -> pd.DataFrame:
    """Keys, place and ICT use of each ICT respondent, recoded."""
    used = recode(ict["sictq04"], YES_NO, source_label("ICT", "sictq04"))
    return pd.DataFrame({
        "hhcode": ict["hhcode"],
        "idc": ict["idc"].astype("int64"),
        "province": recode(ict["Province"], PROVINCES, source_label("ICT", "Province")),
        "region": recode(ict["Region"], REGIONS, source_label("ICT", "Region")),
        "psu": ict["PSU"].astype("int64"),
        "used_internet": used,
        "internet_frequency": internet_frequency(ict["sictq05"], used),
        "used_mobile": recode(ict["sictq03"], YES_NO, source_label("ICT", "sictq03")),
        "used_computer": recode(ict["sictq01"], YES_NO, source_label("ICT", "sictq01")),
    })


def add_sex_and_age(persons: pd.DataFrame, roster: pd.DataFrame) -> pd.DataFrame:
    """Sex and age from the roster; every respondent must be there, in the same place."""
    merged = persons.merge(roster, on=KEY, how="left", validate="one_to_one", indicator=True,
                           suffixes=("", "_roster"))
    require_complete_join(merged, "ICT respondents (hhcode+idc)", source_label("HHRoster", "idc"))
    for column, source, mapping in [("province", "Province", PROVINCES),
                                    ("region", "Region", REGIONS)]:
        in_roster = recode(merged[source], mapping, source_label("HHRoster", source))
        if not in_roster.equals(merged[column]):
            raise DataValidationError(f"{source_label('HHRoster', source)}: differs from "
                                      f"ICT.RData for {(in_roster != merged[column]).sum()} "
                                      "respondents")
    ages = checked_ages(merged["age"])
    sexes = recode(merged["s1aq04"], SEXES, source_label("HHRoster", "s1aq04"))
    return merged[persons.columns].assign(sex=sexes, age=ages, age_group=age_groups(ages))


def checked_ages(ages: pd.Series) -> pd.Series:
    """Ages of ICT respondents: present and at least 10, as the module requires."""
    too_young = ages.isna() | (ages < MINIMUM_AGE)
    if too_young.any():
        raise DataValidationError(f"{source_label('HHRoster', 'age')}: ICT respondents without "
                                  f"an age of {MINIMUM_AGE}+: {listed(ages[too_young])}")
    return ages.astype("int64")


def age_groups(ages: pd.Series) -> pd.Series:
    """The age groups of AGE_GROUPS; ages are already checked to be 10 or more."""
    edges = [*AGE_GROUP_STARTS, np.inf]
    return pd.cut(ages, bins=edges, right=False, labels=AGE_GROUPS)


def literacy(persons: pd.DataFrame, education: pd.DataFrame) -> pd.Series:
    """Can read with understanding AND can write; missing where there is no Education row."""
    rows = persons[KEY].merge(education, on=KEY, how="left", validate="one_to_one",
                              indicator=True)
    answered = rows[rows["_merge"] == "both"]
    can_read = recode(answered["s2ac01"], YES_NO, source_label("Education", "s2ac01"))
    readers = answered[can_read.to_numpy(dtype=bool)]  # s2ac02 is skipped for non-readers
    can_write = recode(readers["s2ac02"], YES_NO, source_label("Education", "s2ac02"))
    literate = pd.Series(pd.NA, index=rows.index, dtype="boolean")
    literate[can_read.index] = can_read
    literate[can_write.index] = can_write
    return literate.set_axis(persons.index)


def household_sizes(roster: pd.DataFrame) -> pd.Series:
    """Persons per household counted as household members (s1aq11 'yes'), by hhcode."""
    member = recode(roster["s1aq11"], YES_NO, source_label("HHRoster", "s1aq11"))
    return roster[member.to_numpy(dtype=bool)].groupby("hhcode").size()


def household_total(expenditure: pd.DataFrame) -> pd.Series:
    """Annual household expenditure (Rs): NonDurable + DurableGoods; 0 everywhere -> missing."""
    amounts = expenditure[SPENDING_GROUPS + SPENDING_TOTAL]
    bad = amounts.isna() | (amounts < 0)
    if bad.any().any():
        columns = ", ".join(amounts.columns[bad.any()])
        raise DataValidationError(f"{source_label('Expenditure', columns)}: missing or negative")
    differs = amounts[SPENDING_GROUPS].sum(axis=1) != amounts["NonDurable"]
    if differs.any():
        raise DataValidationError(f"{source_label('Expenditure', 'NonDurable')}: not the sum of "
                                  f"the 12 groups in {differs.sum():,} households; recheck how "
                                  "the total is built")
    total = amounts["NonDurable"] + amounts["DurableGoods"]
    return total.where(total > 0)


def household_expenditure(expenditure: pd.DataFrame, sizes: pd.Series) -> pd.DataFrame:
    """Per-capita expenditure and its unweighted quintile among households, by hhcode."""
    size = expenditure["hhcode"].map(sizes)
    if size.isna().any():
        missing = expenditure.loc[size.isna(), "hhcode"].head(5).tolist()
        raise DataValidationError(f"{source_label('HHRoster', 's1aq11')}: no household member "
                                  f"listed for hhcode {', '.join(missing)}")
    per_capita = (household_total(expenditure) / size).round(2)
    quintile = pd.qcut(per_capita, len(QUINTILES), labels=QUINTILES)
    return pd.DataFrame({"hhcode": expenditure["hhcode"],
                         "expenditure_per_capita_rs": per_capita.astype("Float64"),
                         "expenditure_quintile": quintile.astype("float").astype("Int64")})


def add_expenditure(persons: pd.DataFrame, households: pd.DataFrame) -> pd.DataFrame:
    """Attach household expenditure; every respondent's household must have a row."""
    merged = persons.merge(households, on="hhcode", how="left", validate="many_to_one",
                           indicator=True)
    require_complete_join(merged, "ICT respondents", source_label("Expenditure", "hhcode"))
    return merged.drop(columns="_merge")


def pslm_persons(inputs: Inputs) -> pd.DataFrame:
    """The person-level table: one row per ICT respondent, columns COLUMNS, sorted by key."""
    ict = read_pslm(inputs, "ICT", [*KEY, "Province", "Region", "PSU",
                                      "sictq01", "sictq03", "sictq04", "sictq05"])
    roster = read_pslm(inputs, "HHRoster", [*KEY, "Province", "Region", "s1aq04", "age",
                                              "s1aq11"])
    education = read_pslm(inputs, "Education", [*KEY, "s2ac01", "s2ac02"])
    expenditure = read_pslm(inputs, "Expenditure", ["hhcode", *SPENDING_GROUPS,
                                                      *SPENDING_TOTAL])
    persons = add_sex_and_age(ict_persons(ict), roster.drop(columns="s1aq11"))
    persons["literate"] = literacy(persons, education)
    households = household_expenditure(expenditure, household_sizes(roster))
    persons = add_expenditure(persons, households)
    persons = persons.sort_values(KEY, kind="stable", ignore_index=True)
    return persons[COLUMNS].astype(DTYPES)
