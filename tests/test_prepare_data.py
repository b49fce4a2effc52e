"""`make data` on bad raw input: a clear message naming file, line and column, and
data/processed/ left exactly as it was."""

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from book_engine.data.make_data import make_data
from book_engine.data.paths import ROOT_VARIABLE
from book_engine.data.validation import DataValidationError
from tests.conftest import ROOT

MOBILE = "raw/wdi_worldbank/indicators/it.cel.sets.p2.csv"
EVENTS = "raw/cited_sources/policy_events.csv"
WDI_INTERNET = "raw/wdi_internet_users_raw/API_IT.NET.USER.ZS_DS2_en_csv_v2_33086.csv"
CAMPAIGN_EVENTS = "raw/cited_sources/campaign_events.csv"
OWID = "raw/owid_internet_users/share-of-individuals-using-the-internet.csv"


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A copy of the book's data whose raw files a test may break."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "_config.yml", tmp_path)
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path))
    return tmp_path


def processed_bytes(root) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "data" / "processed").iterdir())}


def replace_line(path, line_number: int, new_line: str) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[line_number - 1] = new_line.encode("utf-8")
    path.write_bytes(b"\n".join(lines))


def first_row_of(path, country_code: str) -> int:
    """The file line (header = 1) of the first row for ``country_code``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if f",{country_code}," in line)


def break_missing_file(root):
    (root / "data" / OWID).unlink()
    return [f"data/{OWID}: file not found"]


def break_column_type(root):
    line = first_row_of(root / "data" / MOBILE, "PAK")
    replace_line(root / "data" / MOBILE, line, "Pakistan,PAK,abc,0")
    return [f"data/{MOBILE}", f"line {line}", "column 'Year'", "type error", "'abc'"]


def break_value_range(root):
    line = first_row_of(root / "data" / "raw/wdi_worldbank/indicators/se.adt.litr.zs.csv", "PAK")
    path = root / "data" / "raw/wdi_worldbank/indicators/se.adt.litr.zs.csv"
    year = path.read_text(encoding="utf-8").splitlines()[line - 1].split(",")[2]
    replace_line(path, line, f"Pakistan,PAK,{year},150")
    return ["se.adt.litr.zs.csv", f"line {line}", "column 'Value'", "150 is outside 0 to 100"]


def break_internet_users_above_100(root):
    """Pakistan's 2024 internet users set to 250% in the World Bank's wide file."""
    path = root / "data" / WDI_INTERNET
    line = first_row_of(path, "PAK")
    original = path.read_text(encoding="utf-8-sig").splitlines()[line - 1]
    replace_line(path, line, original.replace(",57.253,", ",250,"))
    return [f"data/{WDI_INTERNET}", f"line {line}", "column '2024'", "250 is outside 0 to 100",
            "'% of population'"]


def break_duplicate_key(root):
    path = root / "data" / MOBILE
    line = first_row_of(path, "PAK")
    duplicate = path.read_text(encoding="utf-8").splitlines()[line - 1]
    replace_line(path, line + 1, duplicate)
    return [f"data/{MOBILE}", f"line {line + 1}", "primary key"]


def break_country_code(root):
    line = first_row_of(root / "data" / MOBILE, "PAK")
    original = (root / "data" / MOBILE).read_text(encoding="utf-8").splitlines()[line - 1]
    replace_line(root / "data" / MOBILE, line, original.replace(",PAK,", ",XYZ,"))
    return [f"data/{MOBILE}", f"line {line}", "column 'Country Code'", "'XYZ'"]


def break_encoding(root):
    path = root / "data" / EVENTS
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"Protection", b"Prot\xe9ction", 1)
    path.write_bytes(b"\n".join(lines))
    return [f"data/{EVENTS}", "line 4", "encoding error", "utf-8"]


def break_campaign_event(column: str, value: str):
    """A breaker that puts ``value`` into ``column`` of the first row of campaign_events.csv."""
    def breaks(root):
        path = root / "data" / CAMPAIGN_EVENTS
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        table.loc[0, column] = value
        table.to_csv(path, index=False, lineterminator="\n")
        return [f"data/{CAMPAIGN_EVENTS}", "line 2", f"column '{column}'"]
    breaks.__name__ = f"break_event_{column}"
    return breaks


BREAKS = [break_missing_file, break_column_type, break_value_range,
          break_internet_users_above_100, break_duplicate_key, break_country_code, break_encoding,
          break_campaign_event("case", "no_such_case"), break_campaign_event("kind", "rumour"),
          break_campaign_event("date", "2019-02-30"), break_campaign_event("source_url", "")]


@pytest.mark.parametrize("breaks", BREAKS, ids=lambda f: f.__name__.removeprefix("break_"))
def test_bad_raw_input_is_named_and_processed_tables_stay(book, breaks):
    before = processed_bytes(book)
    expected = breaks(book)
    with pytest.raises(DataValidationError) as raised:
        make_data(book)
    for fragment in expected:
        assert fragment in str(raised.value)
    assert processed_bytes(book) == before  # nothing renamed, no temporary file left behind


def test_the_command_reports_the_problem_and_exits_non_zero(book):
    break_encoding(book)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "prepare_data.py")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "encoding error" in result.stderr


def derived(root) -> tuple[list[str], list[str]]:
    """Run make data; return the tables it derived and the lines it printed."""
    said = []
    return make_data(root, log=said.append), said


def edit_package(root, change) -> None:
    path = root / "data" / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change({resource["name"]: resource for resource in package["resources"]})
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_with_nothing_changed_make_data_derives_nothing_and_rewrites_nothing(book):
    package = (book / "data" / "datapackage.json").read_bytes()
    assert derived(book) == ([], [])
    assert (book / "data" / "datapackage.json").read_bytes() == package


def test_an_edited_raw_file_derives_exactly_the_tables_that_read_it_and_says_why(book):
    path = book / "data" / EVENTS
    path.write_text(path.read_text(encoding="utf-8").replace("Protection", "Protection ", 1),
                    encoding="utf-8")
    names, said = derived(book)
    assert names == ["policy_events", "event_exclusions"]  # the two tables that read it
    assert said == [f"deriving {name}: file:data/{EVENTS} changed" for name in names]
    assert derived(book) == ([], [])  # and the record now says so


def test_changed_derivation_code_derives_its_table_again(book):
    def as_if_made_by_other_code(resources):
        made_from = resources["freedom_scores"]["derivation"]["made_from"]
        made_from["module:activism_book.derive.freedom"] = "an older version"

    edit_package(book, as_if_made_by_other_code)
    names, said = derived(book)
    assert names == ["freedom_scores"]
    assert said == ["deriving freedom_scores: module:activism_book.derive.freedom changed"]


def test_a_derivation_cannot_read_a_file_its_record_does_not_list(book):
    edit_package(book, lambda resources: resources["policy_events"]["derivation"]["inputs"]
                 .remove(EVENTS))
    with pytest.raises(DataValidationError, match=f"reads data/{EVENTS}, which its record"):
        make_data(book)


def test_a_later_failure_leaves_an_earlier_changed_table_and_the_record_as_they_were(book):
    indicators = book / "data" / OWID
    lines = indicators.read_text(encoding="utf-8").splitlines(keepends=True)
    pakistan = next(i for i, line in enumerate(lines) if line.startswith("Pakistan,PAK,2010,"))
    lines[pakistan] = "Pakistan,PAK,2010,9.5\n"  # valid, and it changes national_indicators
    indicators.write_text("".join(lines), encoding="utf-8")
    break_encoding(book)  # policy_events, derived after national_indicators, now fails
    before = (processed_bytes(book), (book / "data" / "datapackage.json").read_bytes())
    with pytest.raises(DataValidationError, match="encoding error"):
        make_data(book)
    assert (processed_bytes(book), (book / "data" / "datapackage.json").read_bytes()) == before
