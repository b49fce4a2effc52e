"""Shared fixtures: the repository root and a strict build of the book from a clean state."""

import unicodedata
from pathlib import Path

import pytest
import yaml

from activism_book.browser import ChromiumMissing, chromium
from activism_book.build import build, copy_sources
from activism_book.pdf import PDF_NAME, print_book

ROOT = Path(__file__).resolve().parent.parent
PAGE_WEIGHTS: dict[str, dict[str, int]] = {}  # page -> {file: bytes}, filled by test_browser
def copy_book(target: Path) -> Path:
    """A copy of the book's sources (no venv, build or git folders) to break on purpose."""
    return copy_sources(ROOT, target)


def squeezed(text: str) -> str:
    """Text as a reader compares it: runs of whitespace as one space (a PDF breaks lines where
    HTML wraps) and ligatures as letters (a PDF prints "fi" as one glyph)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def toc() -> dict:
    return yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The HTML of a strict build of a copy of the book (so that the build can never write to
    the working tree) into an empty folder; fails the test run if the build fails."""
    output = tmp_path_factory.mktemp("strict-build")
    result = build(copy_book(output / "book"), output, capture=True)
    log = result.stdout[-4000:] + result.stderr[-4000:]
    assert result.returncode == 0, f"strict build failed:\n{log}"
    assert "chapters: 0 executed" in result.stdout, "committed outputs are stale: `make book`"
    return output / "_build" / "html"


def system_chromium() -> str:
    """Debian's Chromium; the tests fail, never skip, without it."""
    try:
        return chromium()
    except ChromiumMissing as missing:
        pytest.fail(str(missing))


@pytest.fixture(scope="session")
def built_pdf(built_site) -> Path:
    """The built site printed into one PDF, inside the site, as `make pdf` does."""
    system_chromium()
    return print_book(ROOT, built_site, built_site / PDF_NAME)


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the bytes each page transferred in the browser tests, and its heaviest files."""
    if not PAGE_WEIGHTS:
        return
    terminalreporter.section("page weight (uncompressed, as the browser received it)")
    for page, files in sorted(PAGE_WEIGHTS.items()):
        heaviest = sorted(files.items(), key=lambda item: -item[1])[:3]
        listed = ", ".join(f"{Path(name).name} {size / 1024:.0f}" for name, size in heaviest)
        terminalreporter.write_line(f"{page:48} {sum(files.values()) / 1024:6.0f} KiB  "
                                    f"heaviest (KiB): {listed}")
