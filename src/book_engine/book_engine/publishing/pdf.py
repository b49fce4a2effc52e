"""The whole book as one PDF, printed from the built site by Debian's Chromium.

Each page, in the toc's order, is opened in Chromium, its chart images loaded, and printed
with the site's print stylesheet (code and tables wrap, controls are hidden, charts stay as
vector drawings); pypdf then joins the pages, one outline entry a page. Links to other pages
of the site would lead to the local server the pages were printed from, so they print as
plain text; links to sources elsewhere stay links. Run by ``make pdf`` (scripts/build_pdf.py),
which puts the PDF into the site, where the landing page offers it.
"""

import html
import io
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter

from book_engine.data.paths import CONFIG, engine_settings
from book_engine.execution.chapters import toc_files
from book_engine.publishing.browser import launched, load_charts, open_page, served

UNLINK_THIS_SITE = """() => document.querySelectorAll('a[href]').forEach(a => {
  if (a.host === location.host) { a.removeAttribute('href'); } })"""
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">{title} · '
          'page <span class="pageNumber"></span></div>')
MARGINS = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}


def pdf_name(root: Path) -> str:
    """The PDF's file name, in the site's root beside index.html, where the landing page links
    to it: ``pdf_name`` in the book's settings for the engine (``_config.yml``)."""
    return engine_settings(root)["pdf_name"]


def book_pages(root: Path) -> list[str]:
    """The landing page and every page of the toc, in order, as paths in the site."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [f"{name}.html" for name in [toc["root"], *toc_files(toc)]]


def print_page(browser, url: str) -> tuple[str, bytes]:
    """The page's title and the page printed to PDF."""
    page = browser.new_page()
    open_page(page, url)
    load_charts(page)
    page.evaluate(UNLINK_THIS_SITE)
    title = page.locator("main h1").first.inner_text().strip().rstrip("#").strip()
    printed = page.pdf(format="A4", print_background=True, margin=MARGINS,
                       display_header_footer=True, header_template="<span></span>",
                       footer_template=FOOTER.format(title=html.escape(title)))
    page.close()
    return title, printed


def print_book(root: Path, site: Path, target: Path) -> Path:
    """Print the site at ``site`` (built from the book at ``root``) into one PDF at
    ``target``, with an outline entry for each page."""
    from playwright.sync_api import sync_playwright

    writer = PdfWriter()
    with served(site) as address, sync_playwright() as playwright:
        browser = launched(playwright)
        for name in book_pages(root):
            title, printed = print_page(browser, address + name)
            first_page = len(writer.pages)
            writer.append(PdfReader(io.BytesIO(printed)))
            writer.add_outline_item(title=title, page_number=first_page)
        browser.close()
    writer.add_metadata({"/Title": yaml.safe_load((root / CONFIG).read_text("utf-8"))["title"]})
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        writer.write(out)
    return target
