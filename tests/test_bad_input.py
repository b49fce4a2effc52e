"""Bad input fails loudly: each broken copy of Table 1 names its file, line and column."""

import json
import shutil

import pytest

from activism_book import data
from activism_book.paths import ROOT_VARIABLE
from activism_book.validation import DataValidationError

from conftest import ROOT

TABLE1 = "raw/khalid2025/table1_engagement_metrics.csv"
FILE = f"data/{TABLE1}"
GOOD = (ROOT / "data" / TABLE1).read_text(encoding="utf-8")


@pytest.fixture
def book_with_table1(tmp_path, monkeypatch):
    """A minimal book root whose Table 1 the test can overwrite."""
    (tmp_path / "data" / "raw" / "khalid2025").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "datapackage.json", tmp_path / "data")
    (tmp_path / "_config.yml").write_text("title: test\n", encoding="utf-8")
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path))

    def write(text: str):
        (tmp_path / "data" / TABLE1).write_text(text, encoding="utf-8")

    return write


def test_the_shipped_table_loads_with_its_types_and_empty_cells_kept():
    table = data.load("khalid2025_table1")
    assert table["campaign"].tolist() == ["#MeTooPakistan", "#ClimateActionPK",
                                          "#HarassmentFreeStreets"]
    assert table["average_engagement_rate_pct"].tolist() == [7.5, 3.8, 2.4]
    assert table["hashtag_reach_million"].iloc[0] == 5.2
    assert table["hashtag_reach_million"].isna().tolist() == [False, True, True]


BROKEN = {
    "missing column": (
        "\n".join(line.rsplit(",", 1)[0] for line in GOOD.splitlines()) + "\n",
        [f"{FILE}, column 'policy_action': missing label"],
    ),
    "rate of abc": (
        GOOD.replace(",3.8,", ",abc,"),
        [f"{FILE}, line 3, column 'average_engagement_rate_pct': type error", "(value 'abc')"],
    ),
    "rate of 750": (
        GOOD.replace(",2.4,", ",750,"),
        [f"{FILE}, line 4, column 'average_engagement_rate_pct': constraint error",
         'constraint "maximum" is "100"', "(value '750')"],
    ),
    "duplicate campaign": (
        GOOD.replace("#HarassmentFreeStreets", "#MeTooPakistan"),
        [f"{FILE}, line 4, column 'campaign': unique error", "(value '#MeTooPakistan')"],
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_table1_names_file_line_and_column(book_with_table1, case):
    text, expected = BROKEN[case]
    book_with_table1(text)
    with pytest.raises(DataValidationError) as raised:
        data.load("khalid2025_table1")
    for fragment in expected:
        assert fragment in str(raised.value)


def test_a_missing_file_is_named(book_with_table1):
    with pytest.raises(DataValidationError, match=f"{FILE}: file not found"):
        data.load("khalid2025_table1")


def test_an_unknown_resource_lists_the_known_ones():
    with pytest.raises(KeyError, match="khalid2025_table1"):
        data.load("no_such_table")


def test_datapackage_is_valid_json_with_a_schema_for_every_resource():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource["schema"]["fields"] and resource["licenses"] and resource["sources"]
