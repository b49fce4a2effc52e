"""`make data` on bad raw input: a clear message naming file, line and column, and
data/processed/ left exactly as it was."""

import shutil

import pytest

from activism_book.paths import ROOT_VARIABLE
from activism_book.validation import DataValidationError

from conftest import ROOT
from prepare_data import prepare_all

MOBILE = "raw/wdi_worldbank/indicators/it.cel.sets.p2.csv"
EVENTS = "raw/cited_sources/policy_events.csv"
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
    return ["se.adt.litr.zs.csv", f"line {line}", "column 'Value'", "150", "above 100"]


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


BREAKS = [break_missing_file, break_column_type, break_value_range, break_duplicate_key,
          break_country_code, break_encoding]


@pytest.mark.parametrize("breaks", BREAKS, ids=lambda f: f.__name__.removeprefix("break_"))
def test_bad_raw_input_is_named_and_processed_tables_stay(book, breaks):
    before = processed_bytes(book)
    expected = breaks(book)
    with pytest.raises(DataValidationError) as raised:
        prepare_all(book)
    for fragment in expected:
        assert fragment in str(raised.value)
    assert processed_bytes(book) == before  # nothing renamed, no temporary file left behind


def test_the_command_reports_the_problem_and_exits_non_zero(book, capsys):
    from prepare_data import main

    break_encoding(book)
    assert main() == 1
    assert "encoding error" in capsys.readouterr().err
