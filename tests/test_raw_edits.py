"""A raw-data edit never leaves a stale page, however the book is built.

On a copy of the whole book, an author edits one value in a raw file of each kind the book
ships (a World Bank CSV series, a GSMA spreadsheet, the PSLM survey's R data, an editorial
CSV) and builds, once with `make book`'s build and once with a bare `jupyter-book build .`:
the value must change on every page that showed it, with only the chapters that read the
changed table executed (and the pages that quote those chapters); the revert must bring back
every page as it was. The two-chapter pipeline book (test_authoring_pipeline.py) checks the
mechanics: schema and derivation edits, bad input, `make data` itself.
"""

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pyreadr
import pytest

from activism_book.derive.divides import MCI_HEADER_ROW, MCI_SHEET
from book_engine.execution.chapters import Chapter, chapters_in_toc, dependencies, reads_outputs_of
from tests.conftest import BARE_BUILD, MAKE_BOOK, built, copy_book, page_text

STATUS_PAGE = "book/status.html"  # shows when each chapter last ran: it changes with any run
CELL_VALUE = re.compile(r"<v>(?P<value>-?[0-9.]+(?:E-?[0-9]+)?)</v>")
PLAIN_SENTENCE = re.compile(r"[A-Za-z0-9 ,.;:()-]+")  # shown on a page as written
WDI_INTERNET = "data/raw/wdi_internet_users_raw/API_IT.NET.USER.ZS_DS2_en_csv_v2_33086.csv"


def wdi_series_edit(path: Path) -> tuple[str, str]:
    """Pakistan's latest internet-use value in the World Bank's CSV, 4.594 points higher."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(n for n, line in enumerate(lines) if line.startswith(("Pakistan,", '"Pakistan"')))
    cells = next(csv.reader([lines[row]]))
    old = next(cell for cell in reversed(cells) if cell.strip())
    new = f"{float(old) + 4.594:.3f}"
    lines[row] = lines[row].replace(f",{old},", f",{new},")
    path.write_text("".join(lines), encoding="utf-8")
    return f"{float(old):.1f}", f"{float(new):.1f}"


def mci_spreadsheet_edit(path: Path) -> tuple[str, str]:
    """Pakistan's latest gender-equality score in GSMA's workbook, 3.3 points higher: the one
    cell holding it is rewritten in the sheet's XML, every other byte of the workbook kept."""
    scores = pd.read_excel(path, MCI_SHEET, header=MCI_HEADER_ROW, engine="calamine")
    pakistan = scores[scores["ISO Code"] == "PAK"]
    old = float(pakistan.loc[pakistan["Year"].idxmax(), "Gender Equality"])
    with zipfile.ZipFile(path) as workbook:
        contents = {item: workbook.read(item) for item in workbook.namelist()}
    sheet = sheet_part(contents, MCI_SHEET)
    xml = contents[sheet].decode("utf-8")
    cells = [match for match in CELL_VALUE.finditer(xml) if float(match["value"]) == old]
    assert len(cells) == 1, f"{len(cells)} cells of {MCI_SHEET} hold {old}"
    contents[sheet] = (xml[:cells[0].start("value")] + repr(old + 3.3)
                       + xml[cells[0].end("value"):]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as workbook:
        for item, content in contents.items():
            workbook.writestr(item, content)
    return f"{old:.1f}", f"{old + 3.3:.1f}"


def sheet_part(contents: dict[str, bytes], name: str) -> str:
    """The part of an .xlsx (``xl/worksheets/sheetN.xml``) that holds sheet ``name``."""
    relation = re.search(rf'<sheet name="{re.escape(name)}"[^>]* r:id="(\w+)"',
                         contents["xl/workbook.xml"].decode("utf-8"))[1]
    element = next(element for element in re.findall(
        r"<Relationship [^>]*>", contents["xl/_rels/workbook.xml.rels"].decode("utf-8"))
        if f'Id="{relation}"' in element)
    return "xl/" + re.search(r'Target="([^"]+)"', element)[1].removeprefix("/xl/")


def survey_edit(path: Path) -> tuple[str, str]:
    """The PSLM ICT module without its last 1,000 respondents: every count of persons falls."""
    (name, frame), = pyreadr.read_r(path).items()
    pyreadr.write_rdata(path, frame.iloc[:-1000], df_name=name)
    return f"{len(frame):,}", f"{len(frame) - 1000:,}"


def editorial_edit(path: Path) -> tuple[str, str]:
    """One claim's evidence in the claims ledger, with a sentence added."""
    text = path.read_text(encoding="utf-8")
    evidence = next(row["evidence"] for row in csv.DictReader(io.StringIO(text))
                    if len(row["evidence"]) > 60 and PLAIN_SENTENCE.fullmatch(row["evidence"]))
    new = f"{evidence} This sentence was added by a test."
    path.write_text(text.replace(evidence, new, 1), encoding="utf-8")
    return evidence, new


@dataclass(frozen=True)
class RawEdit:
    path: str  # the raw file, from the book's root
    table: str  # the table of data/datapackage.json it reaches
    change: Callable[[Path], tuple[str, str]]  # edits the file; returns (old, new) as shown
    edit_with: tuple[str, ...]  # the build after the edit; the revert uses the other


EDITS = {
    "csv series": RawEdit(WDI_INTERNET, "national_indicators", wdi_series_edit, MAKE_BOOK),
    "spreadsheet": RawEdit("data/raw/gsma_mci_2019/MCI_Data_2019.xlsx", "gsma_mci_scores",
                           mci_spreadsheet_edit, BARE_BUILD),
    "survey R data": RawEdit("data/raw/pslm_2015_16_microdata/ICT.RData", "pslm_persons",
                             survey_edit, MAKE_BOOK),
    "editorial csv": RawEdit("data/editorial/claims_ledger.csv", "claims_ledger", editorial_edit,
                             BARE_BUILD),
}


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """A copy of the whole book, built once; each test edits it and puts it back."""
    book = copy_book(tmp_path_factory.mktemp("raw-edits") / "book")
    assert built(book) == set()
    return book


def pages(book: Path) -> dict[str, str]:
    site = book / "_build" / "html"
    return {path.relative_to(site).as_posix(): page_text(book, path.relative_to(site)
                                                         .with_suffix("").as_posix())
            for path in site.rglob("*.html") if "_static" not in path.parts}


def records(book: Path) -> dict[str, dict[str, str]]:
    """Each chapter's recorded dependencies, by the chapter's name without suffix (book/x)."""
    return {chapter.name.removesuffix(".md"): dependencies(nbformat.read(chapter.notebook,
                                                                         as_version=4))
            for chapter in chapters_in_toc(book)}


def dependents(recorded: dict[str, dict[str, str]], table: str) -> tuple[set[str], set[str]]:
    """The chapters that load ``table``, and those with every page that quotes one of them
    (their executed notebooks), directly or through another."""
    direct = {name for name, record in recorded.items() if f"resource:{table}" in record}
    reach = set(direct)
    while True:
        quoting = {name for name, record in recorded.items()
                   if any(reads_outputs_of(record, Chapter(Path(f"{chapter}.md"),
                                                           Path(f"{chapter}.ipynb")))
                          for chapter in reach)}
        if quoting <= reach:
            return direct, reach
        reach |= quoting


def shows(text: str, value: str) -> bool:
    """Whether ``text`` shows ``value`` whole: 27.7 is not shown by 127.7 or 27.75."""
    return re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", text) is not None


@pytest.mark.parametrize("kind", EDITS)
def test_a_raw_edit_reaches_every_page_that_showed_the_value_and_its_revert_restores_them(
        book, kind):
    raw = EDITS[kind]
    path = book / raw.path
    original, before = path.read_bytes(), pages(book)
    direct, reach = dependents(records(book), raw.table)
    assert direct, f"no chapter loads {raw.table}"

    old, new = raw.change(path)
    showing = {page for page, text in before.items() if shows(text, old)}
    assert showing, f"no page shows {old!r}"
    assert not any(shows(text, new) for text in before.values()), f"{new!r} is shown already"
    executed = built(book, raw.edit_with)
    assert direct <= executed <= reach
    after = pages(book)
    assert {page for page in showing if not shows(after[page], new)} == set()

    path.write_bytes(original)
    other = BARE_BUILD if raw.edit_with == MAKE_BOOK else MAKE_BOOK
    executed = built(book, other)
    assert direct <= executed <= reach
    reverted = pages(book)
    assert {page for page in before if page != STATUS_PAGE
            and reverted[page] != before[page]} == set()


def test_the_copy_is_back_to_its_committed_tables(book):
    """After every edit and revert, the processed tables and their record are the ones
    committed: an edit left nothing behind."""
    for name in ("datapackage.json",):
        assert json.loads((book / "data" / name).read_text(encoding="utf-8")) == \
            json.loads((Path(__file__).parent.parent / "data" / name).read_text(encoding="utf-8"))
    for table in (book / "data" / "processed").iterdir():
        assert table.read_bytes() == (Path(__file__).parent.parent / "data" / "processed"
                                      / table.name).read_bytes(), table.name
