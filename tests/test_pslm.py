"""The PSLM 2015-16 person table: facts of the real data, and loud failures on bad input.

Counts are checked within urban and within rural areas: the sample has no weights and
over-represents towns, so no expectation here pools the two.
"""

import numpy as np
import pandas as pd
import pyreadr
import pytest

from activism_book.derive import pslm
from activism_book.derive.pslm import (
    COLUMNS,
    DTYPES,
    RECODES,
    YES_NO,
    add_sex_and_age,
    household_codes,
    household_total,
    ict_persons,
    literacy,
    recode,
)
from book_engine.data.derivations import inputs_for
from book_engine.data.descriptors import resource_descriptor
from tests.conftest import ROOT

DATA = ROOT / "data"
ICT_SICTQ04 = "data/raw/pslm_2015_16_microdata/ICT.RData, column sictq04"


@pytest.fixture(scope="module")
def persons() -> pd.DataFrame:
    """The table built once from the shipped RData files."""
    return pslm.pslm_persons(inputs_for(resource_descriptor("pslm_persons", ROOT), DATA))


@pytest.fixture(scope="module")
def households(persons) -> pd.DataFrame:
    """One row per household: expenditure columns are household-level."""
    return persons.drop_duplicates("hhcode")


def ict_frame(**changes) -> pd.DataFrame:
    """Two ICT respondents of one household, as read from ICT.RData (hhcode already a string)."""
    frame = pd.DataFrame({
        "hhcode": ["1102010101", "1102010101"], "idc": [1, 2], "Province": [" KP", " KP"],
        "Region": ["Urban", "Urban"], "PSU": [11020101, 11020101], "sictq01": [" YES", " NO"],
        "sictq03": ["YES", "NO"], "sictq04": ["NO", "YES"],
        "sictq05": [None, "At least once a day"],
    })
    return frame.assign(**changes)


def test_one_row_per_ict_respondent(persons):
    assert len(persons) == 115_910
    assert persons["hhcode"].nunique() == 24_238


def test_primary_key_is_unique_and_rows_are_sorted_by_it(persons):
    assert not persons.duplicated(["hhcode", "idc"]).any()
    assert persons.equals(persons.sort_values(["hhcode", "idc"], ignore_index=True))


def test_columns_and_dtypes_are_the_documented_ones(persons):
    assert list(persons.columns) == COLUMNS
    assert {c: str(t) for c, t in persons.dtypes.items()} == {c: str(t) for c, t in DTYPES.items()}
    assert [recode_["column"] for recode_ in RECODES] == COLUMNS  # every column explained once


def test_hhcode_keeps_all_ten_digits_and_begins_with_the_psu(persons):
    assert persons["hhcode"].str.fullmatch(r"[1-9]\d{9}").all()
    assert (persons["hhcode"].str[:8] == persons["psu"].astype(str)).all()


@pytest.mark.parametrize("column, categories", [
    ("province", {"Punjab", "Sindh", "KP", "Balochistan"}),
    ("region", {"urban", "rural"}),
    ("sex", {"male", "female"}),
    ("age_group", {"10-14", "15-24", "25-34", "35-44", "45-59", "60+"}),
])
def test_categories_are_exactly_the_documented_ones(persons, column, categories):
    assert persons[column].notna().all()
    assert set(persons[column].unique()) == categories


def test_urban_and_rural_respondents_as_in_provenance(persons):
    assert persons["region"].value_counts().to_dict() == {"urban": 77_623, "rural": 38_287}


def test_nobody_is_under_10_and_age_groups_follow_age(persons):
    assert persons["age"].between(10, 99).all()  # the roster tops out at 99
    starts = pd.Series([10, 15, 25, 35, 45, 60], index=DTYPES["age_group"].categories)
    lower = persons["age_group"].map(starts).astype(int)
    upper = persons["age_group"].map(starts.shift(-1, fill_value=200)).astype(int)
    assert ((persons["age"] >= lower) & (persons["age"] < upper)).all()


# Per region, the True counts equal the 'YES' (for literate: read 'yes' and write 'yes') counts
# of the raw file, and nothing is missing.
@pytest.mark.parametrize("column, urban, rural", [
    ("used_internet", 13_782, 2_670),
    ("used_mobile", 68_842, 30_313),
    ("used_computer", 9_429, 1_402),
    ("literate", 55_347, 17_669),
])
def test_yes_answers_per_region(persons, column, urban, rural):
    assert persons[column].notna().all()
    assert persons[persons[column]]["region"].value_counts().to_dict() == {"urban": urban,
                                                                           "rural": rural}


def test_per_capita_expenditure_is_nondurable_plus_durable_over_members(persons):
    first = persons[persons["hhcode"] == "1102010101"]
    # NonDurable 208,692 + DurableGoods 7,940 Rs a year, 8 household members in the roster
    assert first["expenditure_per_capita_rs"].unique().tolist() == [(208_692 + 7_940) / 8]


def test_only_the_household_that_recorded_no_spending_has_no_expenditure(persons):
    missing = persons[persons["expenditure_per_capita_rs"].isna()]
    assert missing["hhcode"].tolist() == ["3513232205"]
    assert missing["expenditure_quintile"].isna().all()
    assert (persons["expenditure_per_capita_rs"].dropna() > 0).all()


def test_quintiles_split_households_evenly_and_in_order(persons, households):
    assert (persons.groupby("hhcode")["expenditure_per_capita_rs"].nunique() <= 1).all()
    counts = households["expenditure_quintile"].value_counts().sort_index()
    assert counts.index.tolist() == [1, 2, 3, 4, 5]
    assert counts.between(4_847, 4_848).all()  # 24,237 households with a value, in fifths
    spending = households.groupby("expenditure_quintile")["expenditure_per_capita_rs"]
    assert (spending.max().iloc[:-1].to_numpy() < spending.min().iloc[1:].to_numpy()).all()


def test_household_codes_keep_every_digit():
    codes = household_codes(pd.Series([6113340216.0, 1102010101.0]), "test")
    assert codes.tolist() == ["6113340216", "1102010101"]


@pytest.mark.parametrize("bad", [1102010101.5, 110201010.0, np.nan])
def test_a_code_that_is_not_ten_whole_digits_raises(bad):
    with pytest.raises(ValueError, match="HHRoster.RData, column hhcode: not a 10-digit code"):
        household_codes(pd.Series([1102010101.0, bad]),
                        "data/raw/pslm_2015_16_microdata/HHRoster.RData, column hhcode")


def test_recode_ignores_case_and_surrounding_spaces():
    assert recode(pd.Series([" YES", "no", "Yes "]), YES_NO, "test").tolist() == [True, False,
                                                                                  True]


def test_an_unexpected_or_missing_code_raises_naming_file_column_and_values():
    with pytest.raises(ValueError, match=ICT_SICTQ04) as error:
        recode(pd.Series(["YES", "MAYBE", None]), YES_NO, ICT_SICTQ04)
    assert "'MAYBE'" in str(error.value) and "<missing>" in str(error.value)


def test_an_unknown_province_in_ict_raises():
    bad = ict_frame(Province=["KP", "Islamabad"])
    with pytest.raises(ValueError, match=r"ICT\.RData, column Province.*'Islamabad'"):
        ict_persons(bad)


def test_ict_answers_are_recoded_as_documented():
    table = ict_persons(ict_frame())
    assert table["province"].tolist() == ["KP", "KP"]
    assert table["region"].tolist() == ["urban", "urban"]
    assert table[["used_computer", "used_mobile", "used_internet"]].values.tolist() == [
        [True, True, False], [False, False, True]]


def roster_frame(idc: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"hhcode": "1102010101", "idc": idc, "Province": "KP",
                         "Region": "urban", "s1aq04": "Female", "age": 30})


def test_a_respondent_missing_from_the_roster_stops_the_join():
    with pytest.raises(ValueError, match=r"HHRoster\.RData.*1 of 2 ICT respondents"):
        add_sex_and_age(ict_persons(ict_frame()), roster_frame([1]))


def test_a_respondent_in_another_region_in_the_roster_stops_the_join():
    roster = roster_frame([1, 2]).assign(Region=["urban", "rural"])
    with pytest.raises(ValueError, match=r"HHRoster\.RData, column Region: differs"):
        add_sex_and_age(ict_persons(ict_frame()), roster)


def test_a_respondent_under_10_raises():
    with pytest.raises(ValueError, match=r"HHRoster\.RData, column age.*9"):
        add_sex_and_age(ict_persons(ict_frame()), roster_frame([1, 2]).assign(age=[9, 30]))


def test_literacy_needs_reading_and_writing_and_a_missing_row_stays_missing():
    keys = pd.DataFrame({"hhcode": "1102010101", "idc": [1, 2, 3, 4]})
    education = pd.DataFrame({"hhcode": "1102010101", "idc": [1, 2, 3],
                              "s2ac01": ["yes", "yes", "no"], "s2ac02": ["yes", "no", None]})
    assert literacy(keys, education).tolist() == [True, False, False, pd.NA]


def test_a_reader_without_a_writing_answer_raises():
    keys = pd.DataFrame({"hhcode": "1102010101", "idc": [1]})
    education = pd.DataFrame({"hhcode": "1102010101", "idc": [1], "s2ac01": ["yes"],
                              "s2ac02": [None]})
    with pytest.raises(ValueError, match=r"Education\.RData, column s2ac02.*<missing>"):
        literacy(keys, education)


def test_expenditure_whose_groups_do_not_add_up_to_nondurable_raises():
    groups = dict.fromkeys(pslm.SPENDING_GROUPS, [100.0])
    expenditure = pd.DataFrame({**groups, "NonDurable": [1_000.0], "DurableGoods": [50.0]})
    with pytest.raises(ValueError, match=r"Expenditure\.RData, column NonDurable"):
        household_total(expenditure)


# Facts read straight from the raw files with pyreadr, independently of the derivation: a
# recode that swapped two labels, or quintiles cut on the wrong amount, disagrees with them.
RAW = DATA / "raw" / "pslm_2015_16_microdata"


def raw_file(name: str) -> pd.DataFrame:
    return pyreadr.read_r(RAW / f"{name}.RData")[name]


def test_sex_by_region_counts_are_those_of_the_raw_roster(persons):
    ict = raw_file("ICT")[["hhcode", "idc", "Region"]]
    roster = raw_file("HHRoster")[["hhcode", "idc", "s1aq04"]]
    raw = ict.merge(roster, on=["hhcode", "idc"])
    expected = raw.groupby([raw["Region"].str.strip().str.lower(),
                            raw["s1aq04"].str.strip().str.lower()]).size()
    counts = persons.groupby(["region", "sex"], observed=True).size()
    assert {(r, s): n for (r, s), n in counts.items()} == expected.to_dict()


def test_quintiles_are_cut_on_spending_per_household_member_from_the_raw_files(households):
    spending = raw_file("Expenditure")
    roster = raw_file("HHRoster")
    members = roster[roster["s1aq11"].str.strip().str.lower() == "yes"].groupby("hhcode").size()
    total = (spending["NonDurable"] + spending["DurableGoods"]).where(lambda t: t > 0)
    per_member = (total / spending["hhcode"].map(members)).round(2)
    expected = pd.qcut(per_member, 5, labels=False) + 1
    expected.index = spending["hhcode"].astype("int64").astype(str)
    table = households.set_index("hhcode")["expenditure_quintile"]
    assert (table.reindex(expected.index).astype("float") == expected).sum() == expected.count()


def test_internet_frequency_is_given_for_exactly_the_users_with_the_raw_counts(persons):
    assert (persons["internet_frequency"].notna() == persons["used_internet"]).all()
    raw = raw_file("ICT")["sictq05"].dropna().str.strip().str.lower().value_counts()
    assert persons["internet_frequency"].value_counts().to_dict() == raw.to_dict()


def test_a_frequency_answered_by_a_non_user_raises():
    with pytest.raises(ValueError, match="ICT.RData, column sictq05: answered by respondents"):
        ict_persons(ict_frame(sictq05=["At least once a day", "At least once a day"]))
