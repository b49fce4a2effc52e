"""The 2017 census rows are transcriptions of their quotes, and add up; the survey's headline
shares are post-stratified to them."""

import nbformat
import pytest

from activism_book.areas import CENSUS_NAME_OF_PROVINCE
from activism_book.derive.census import by_sex as by_sex_of
from book_engine import data
from book_engine.data.validation import DataValidationError
from book_engine.execution.glued import glued_values
from tests.conftest import ROOT


def test_each_population_is_the_figure_in_its_quote():
    census = data.load("census_2017_population")
    for row in census.itertuples():
        assert f"{row.population:,}" in row.quote.split(), (row.province, row.area)


def test_rural_and_urban_add_up_to_the_total_of_every_unit():
    census = data.load("census_2017_population")
    by_area = census.pivot(index="province", columns="area", values="population")
    assert (by_area["rural"] + by_area["urban"] == by_area["total"]).all()
    assert len(by_area) == 6


def test_every_province_of_the_survey_is_in_the_census():
    survey = set(data.load("pslm_persons")["province"])
    assert survey == set(CENSUS_NAME_OF_PROVINCE)
    census = set(data.load("census_2017_population")["province"])
    assert set(CENSUS_NAME_OF_PROVINCE.values()) <= census


def test_the_census_by_sex_adds_up_and_a_quote_whose_parts_do_not_is_refused():
    by_sex = data.load("census_2017_by_sex").pivot_table(
        index=["province", "area"], columns="sex", values="population", aggfunc="sum")
    totals = data.load("census_2017_population").set_index(["province", "area"])["population"]
    assert (by_sex.sum(axis=1).reindex(totals.index) == totals).all()
    with pytest.raises(DataValidationError, match="line 9, column 'quote'"):
        by_sex_of("data/x.csv, line 9", 100, "RURAL 100 60 30 5 102.1")


def test_the_headline_shares_are_the_survey_post_stratified_to_the_census_by_area_and_sex():
    """Recomputed without the book's survey module: each province's share of internet users
    among the sex in the area, weighted by that province's census population of the sex in
    the area (the four provinces the survey covers)."""
    persons = data.load("pslm_persons")
    census = data.load("census_2017_by_sex")
    census = census[census["province"].isin(CENSUS_NAME_OF_PROVINCE.values())]
    pslm_name = {value: key for key, value in CENSUS_NAME_OF_PROVINCE.items()}
    notebook = nbformat.read(ROOT / "book" / "09_barriers.ipynb", as_version=4)
    glued = {value.name: float(value.plain) for value in glued_values(notebook)
             if value.name.startswith(("barriers_urban_", "barriers_rural_"))}
    for (area, sex), people in persons.groupby(["region", "sex"]):
        shares = people.groupby("province")["used_internet"].mean() * 100
        weights = (census[(census["area"] == area) & (census["sex"] == sex)]
                   .assign(province=lambda frame: frame["province"].map(pslm_name))
                   .set_index("province")["population"])
        expected = (shares * weights / weights.sum()).sum()
        assert glued[f"barriers_{area}_{sex}"] == pytest.approx(expected, abs=1e-9)
        assert glued[f"barriers_{area}_{sex}_unweighted"] == pytest.approx(
            people["used_internet"].mean() * 100, abs=1e-9)


def test_itu_names_its_source_for_each_year_and_names_pbs_for_pakistan_in_2016():
    itu = data.load("national_indicators").query("release == 'ITU 2019-06'")
    pakistan = itu[itu["country_code"] == "PAK"].set_index("year")["source"]
    assert pakistan[2016].endswith("ITU's source for the year: PAKISTAN BUREAU OF STATISTICS")
    assert pakistan[2015].endswith("ITU's source for the year: ITU estimate")
    assert itu["source"].str.startswith("ITU World Telecommunication/ICT Indicators Database").all()
