"""The 2017 census rows are transcriptions of their quotes, and add up."""

from activism_book import data
from activism_book.areas import CENSUS_NAME_OF_PROVINCE


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
