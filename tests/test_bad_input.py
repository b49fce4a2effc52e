"""Bad input fails loudly: each broken copy of Table 1 names its file, line and column."""

import json
import shutil

import pytest

from book_engine import data
from book_engine.data import validation
from book_engine.data.paths import ROOT_VARIABLE
from book_engine.data.validation import DataValidationError
from tests.conftest import ROOT

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
        [f"{FILE}, line 1, column 'policy_action': missing label"],
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


def test_a_table_make_data_recorded_is_not_checked_again(book_with_table1, monkeypatch):
    book_with_table1(GOOD)

    def no_second_check(*_):
        raise AssertionError("validated a table whose hash make data recorded")

    monkeypatch.setattr(validation, "validate_resource", no_second_check)
    assert len(data.load("khalid2025_table1")) == 3


def test_a_valid_change_make_data_did_not_record_is_refused(book_with_table1):
    book_with_table1(GOOD.replace(",7.5,", ",7.6,"))
    with pytest.raises(DataValidationError, match=f"{FILE} has changed since `make data`"):
        data.load("khalid2025_table1")


def test_a_changed_schema_checks_the_table_again(book_with_table1, tmp_path):
    book_with_table1(GOOD)
    package = json.loads((tmp_path / "data" / "datapackage.json").read_text(encoding="utf-8"))
    rate = next(field for field in package["resources"][0]["schema"]["fields"]
                if field["name"] == "average_engagement_rate_pct")
    rate["constraints"]["maximum"] = 5
    (tmp_path / "data" / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(DataValidationError, match="line 2, column 'average_engagement_rate_pct'"):
        data.load("khalid2025_table1")


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
