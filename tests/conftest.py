"""Shared fixtures: the repository root, a strict build of the book from a clean state, and
helpers that build a copy of the book and read its pages."""

import fcntl
import json
import os
import re
import subprocess
import sys
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from book_engine.publishing.browser import ChromiumMissing, PageLoad, chromium, page_load_table
from book_engine.publishing.build import build, copy_sources
from book_engine.publishing.pdf import pdf_name, print_book

ROOT = Path(__file__).resolve().parent.parent
PAGE_LOADS: dict[str, PageLoad] = {}  # page -> what it cost on a slow link (test_browser)
PAGE_LOAD = "page_load"  # the name a browser test records a page's load under


def copy_book(target: Path) -> Path:
    """A copy of the book's sources (no venv, build or git folders) to break on purpose."""
    return copy_sources(ROOT, target)


EXECUTING = re.compile(r"executing (book/\S+)\.md:")
MAKE_BOOK = (sys.executable, str(ROOT / "scripts" / "build_book.py"))  # `make book`, set up
BARE_BUILD = (str(Path(sys.executable).parent / "jupyter-book"), "build", ".")


def run_build(book: Path, command: tuple[str, ...] = MAKE_BOOK) -> subprocess.CompletedProcess:
    """``command`` (`make book`'s build, staging then publishing, unless told otherwise) in
    ``book``, with the book's own packages first on the path."""
    return subprocess.run(command, cwd=book, env=with_book_packages(book), capture_output=True,
                          text=True, check=False)


def with_book_packages(book: Path) -> dict[str, str]:
    """The environment with the copy's packages first on the path: the engine's (its project
    folder holds the package) and the book's own."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(book / "src" / "book_engine"), str(book / "src")])}


def built(book: Path, command: tuple[str, ...] = MAKE_BOOK) -> set[str]:
    """Build ``book`` (it must succeed); return the chapters it executed."""
    result = run_build(book, command)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return set(EXECUTING.findall(result.stdout))


def page_text(book: Path, page: str) -> str:
    """The text of ``page`` (``book/x``, no suffix) of the site built in ``book``."""
    html = (book / "_build" / "html" / f"{page}.html").read_text(encoding="utf-8")
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def site_files(book: Path) -> dict[str, bytes]:
    site = book / "_build" / "html"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def squeezed(text: str) -> str:
    """Text as a reader compares it: runs of whitespace as one space (a PDF breaks lines where
    HTML wraps) and ligatures as letters (a PDF prints "fi" as one glyph)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def toc() -> dict:
    return yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))


def shared(tmp_path_factory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder ``name`` that ``make`` fills once for the whole run. Under pytest-xdist the
    first worker to ask makes it, holding a lock that the others wait on; they then share it,
    or fail with its failure."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the workers'
    folder, outcome = root / name, root / f"{name}.outcome"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            try:
                folder.mkdir()
                make(folder)
            except BaseException as failure:  # pytest's failures are not Exceptions
                outcome.write_text(f"{type(failure).__name__}: {failure}", encoding="utf-8")
                raise
            outcome.write_text("", encoding="utf-8")
    if failure := outcome.read_text(encoding="utf-8"):
        pytest.fail(f"{name} could not be made (in another worker): {failure[-4000:]}")
    return folder


def strict_build(output: Path) -> None:
    """A strict build of a copy of the book (so that the build can never write to the
    working tree) into ``output``; it must succeed and execute nothing."""
    result = build(copy_book(output / "book"), output, capture=True)
    log = result.stdout[-4000:] + result.stderr[-4000:]
    assert result.returncode == 0, f"strict build failed:\n{log}"
    assert "data: 0 tables derived; chapters: 0 executed" in result.stdout, \
        "committed tables or outputs are stale: `make book`"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The HTML of a strict build of the book, made once for the whole run (every worker's
    browser, PDF, site and HTML tests read this one site)."""
    return shared(tmp_path_factory, "strict-build", strict_build) / "_build" / "html"


def system_chromium() -> str:
    """Debian's Chromium; the tests fail, never skip, without it."""
    try:
        return chromium()
    except ChromiumMissing as missing:
        pytest.fail(str(missing))


@pytest.fixture(scope="session")
def built_pdf(tmp_path_factory, built_site) -> Path:
    """The built site printed into one PDF, inside the site, as `make pdf` does (once)."""
    system_chromium()
    target = built_site / pdf_name(ROOT)
    shared(tmp_path_factory, "pdf", lambda _: print_book(ROOT, built_site, target))
    return target


def pytest_runtest_logreport(report) -> None:
    """Collect the page loads the browser tests record; under pytest-xdist, the workers'
    reports, properties and all, reach this process, which prints the summary."""
    for name, value in report.user_properties:
        if name == PAGE_LOAD:
            page, load = value
            PAGE_LOADS[page] = PageLoad(**load)


def page_load_property(page: str, load: PageLoad) -> tuple[str, dict]:
    """A page's load as a test's recorded property (plain values, which xdist can send)."""
    return PAGE_LOAD, (page, asdict(load))


def pytest_terminal_summary(terminalreporter) -> None:
    """Print what each page loaded in the browser tests, and how soon it showed."""
    if PAGE_LOADS:
        terminalreporter.section("page loads (README, Page weight)")
        for line in page_load_table(PAGE_LOADS):
            terminalreporter.write_line(line)


VNU_JAR = next(iter(sorted((ROOT / ".venv").glob("vnu-*/vnu.jar"))), None)


def nu_messages(site: Path) -> list[dict]:
    """What the W3C Nu HTML Checker (vnu-jar, fetched by `make test`) says of every page of
    ``site``: its errors and warnings, each with the page, line and message. The theme's
    templates that Sphinx copies into _static are not pages and are not checked."""
    assert VNU_JAR, "the Nu HTML Checker is missing: `make test` fetches it (vnu-jar, npm)"
    pages = sorted(str(page) for page in site.rglob("*.html") if "_static" not in page.parts)
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", *pages],
                            capture_output=True, text=True, check=False)
    root = f"{site.resolve()}/"
    return [{**message, "page": message.get("url", "").split(root, 1)[-1]}
            for message in json.loads(result.stderr)["messages"]]


def assert_valid_html(site: Path) -> None:
    """No page of ``site`` has an error for the Nu checker; its warnings are shown as warnings
    of the test run, each with page, line and message."""
    messages = nu_messages(site)
    said = [message for message in messages if message["type"] == "info"]
    for text in dict.fromkeys(message["message"] for message in said):  # once per message
        alike = [message for message in said if message["message"] == text]
        times = "once" if len(alike) == 1 else f"{len(alike)} times"
        warnings.warn(f"Nu HTML Checker, {times}, first {nu_line(alike[0])}",
                      stacklevel=2)
    errors = [nu_line(message) for message in messages if message["type"] != "info"]
    assert errors == [], f"{len(errors)} errors, the first: {errors[:5]}"


def nu_line(message: dict) -> str:
    return f"{message['page']}, line {message.get('lastLine', '?')}: {message['message']}"
