"""The book's own tests: every table fits its schema, and the built page states the numbers
computed from the table (run by `make test`, after `make book`)."""

import re
from pathlib import Path

import pytest

from book_engine import data
from book_engine.data.descriptors import read_datapackage
from book_engine.data.validation import validate_resource

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "_build" / "html" / "book" / "01_example.html"


@pytest.fixture(autouse=True)
def in_the_book(monkeypatch):
    monkeypatch.setenv("BOOK_ROOT", str(ROOT))  # data.load reads this book, wherever run from


def page_text(path: Path) -> str:
    """The page's text, tags removed and spaces squeezed, as a reader sees it."""
    return " ".join(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")).split())


def test_every_table_fits_its_schema():
    for resource in read_datapackage(ROOT)["resources"]:
        validate_resource(resource, ROOT / "data")


def test_the_page_states_the_numbers_of_the_table():
    table = data.load("example")  # refused if the table changed since the build checked it
    said = f"The table has {len(table)} rows, and their counts add up to {table['count'].sum()}."
    assert said in page_text(PAGE)
