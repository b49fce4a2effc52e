"""The book as one PDF (`make pdf`): every page of the toc in order, each with an outline
entry; every numbered figure, with its chart drawn (its axis titles are in the PDF's text, and
no chart printed an error); the whole bibliography; and the landing page's link to it.
Pages added to _toc.yml are covered without editing this."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from book_engine.publishing.pdf import book_pages, pdf_name
from book_engine.site.charts import site_specs
from tests.conftest import ROOT, shared, squeezed

PAGES = book_pages(ROOT)


def pdf_text_by_page(pdf: Path) -> dict[str, str]:
    """The text the PDF prints for each page of the site, found through its outline."""
    reader = PdfReader(pdf)
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    ends = [*starts[1:], len(reader.pages)]
    texts = [squeezed(" ".join(reader.pages[n].extract_text() for n in range(start, end)))
             for start, end in zip(starts, ends, strict=True)]
    return dict(zip(PAGES, texts, strict=True))


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory, built_pdf) -> dict[str, str]:
    """:func:`pdf_text_by_page` of the built PDF, read once for the whole run (pypdf takes
    half a minute), whichever workers run this module's tests."""
    def read(folder: Path) -> None:
        (folder / "pages.json").write_text(json.dumps(pdf_text_by_page(built_pdf)),
                                           encoding="utf-8")

    folder = shared(tmp_path_factory, "pdf-text", read)
    return json.loads((folder / "pages.json").read_text(encoding="utf-8"))


def soup(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def test_the_pdf_has_every_page_of_the_toc_in_order(built_site, built_pdf, pdf_text):
    titles = [squeezed(soup(built_site, name).select_one("main h1").get_text()).rstrip("#")
              .strip() for name in PAGES]
    assert [item.title for item in PdfReader(built_pdf).outline] == titles
    for title, text in zip(titles, pdf_text.values(), strict=True):
        assert title in text


def axis_titles(spec: dict) -> list[str]:
    """The axis titles a drawn chart prints, in all its parts."""
    found = [axis["title"] for axis in spec.get("axes", []) if isinstance(axis.get("title"), str)]
    return found + [title for mark in spec.get("marks", []) for title in axis_titles(mark)]


@pytest.mark.parametrize("name", PAGES)
def test_every_figure_is_in_the_pdf_with_its_chart_drawn(built_site, pdf_text, name):
    page = soup(built_site, name)
    text = pdf_text[name]
    for number in page.select("figure span.caption-number"):
        assert squeezed(number.get_text()) in text, f"{name}: {number.get_text()} not printed"
    for spec in site_specs(built_site, name):
        for title in axis_titles(spec):
            assert squeezed(title) in text, f"{name}: a chart's axis '{title}' is not printed"
    assert "Chart error" not in text and "[chart:" not in text


def test_the_pdf_has_the_whole_bibliography(built_site, pdf_text):
    entries = soup(built_site, "book/bibliography.html").select("div.citation")
    text = pdf_text["book/bibliography.html"]
    assert entries
    for entry in entries:
        entry.select_one(".label").decompose()  # printed beside the entries, apart from them
        assert squeezed(entry.get_text())[:60] in text


def test_the_landing_page_offers_the_pdf(built_site, built_pdf):
    assert soup(built_site, "index.html").find("a", href=pdf_name(ROOT))
    assert built_pdf == built_site / pdf_name(ROOT) and built_pdf.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("name", PAGES)
def test_folded_code_stays_out_of_the_pdf(built_site, pdf_text, name):
    """The reader's PDF prints a chapter's findings, not its code: no "Show code" control and
    no line of a code cell outside the exercises and solutions (whose code, shown on the page,
    is printed) unless a line of theirs holds it too."""
    text = pdf_text[name]
    assert "Show code" not in text
    page = soup(built_site, name)
    inputs = page.select("div.cell_input pre")
    shown = {squeezed(line) for pre in inputs if pre.find_parent(class_=["exercise", "solution"])
             for line in pre.get_text().splitlines()}
    for pre in inputs:
        for line in map(squeezed, pre.get_text().splitlines()):
            if len(line) > 25 and not any(line in other for other in shown):  # its own
                assert line not in text, f"{name}: folded code printed: {line}"
