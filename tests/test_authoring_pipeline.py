"""The authoring pipeline on a two-chapter book made from book/_template.md: each kind of edit
executes exactly the chapters it should, the HTML follows, and failures leave good outputs.

Chapter 1 is the template (it loads `khalid2025_table1` and imports the package's prose and
chart helpers); chapter 2 loads `policy_events` only. The book's copy of its packages (the
engine and its own) is put first on PYTHONPATH, so that a test can edit a module of either.
"""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from book_engine.data.make_data import make_data
from book_engine.execution.chapters import RECORD_KEY
from tests.conftest import (
    BARE_BUILD,
    EXECUTING,
    MAKE_BOOK,
    ROOT,
    built,
    edit,
    page_text,
    run_build,
    shared,
    site_files,
    with_book_packages,
)

TABLE1 = Path("data/raw/khalid2025/table1_engagement_metrics.csv")
EVENTS = Path("data/raw/cited_sources/policy_events.csv")
EVENTS_SCHEMA = Path("data/schemas/cited_policy_events.json")
EVENTS_DERIVATION = Path("src/activism_book/derive/cited_sources.py")
POLICY_EVENTS = Path("data/processed/policy_events.csv")
FIRST, SECOND = "book/01_first", "book/02_second"
SECOND_CHAPTER = """\
---
jupytext:
  formats: ipynb,md:myst
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

# Second

```{code-cell} ipython3
from book_engine import data

data.load("policy_events").groupby("case").size()
```
"""
TOC = f"""\
format: jb-book
root: index
chapters:
  - file: {FIRST}
  - file: {SECOND}
"""
READER = "book/03_reader"
# A page that quotes chapter 1, as the claims ledger and the instructors' page do: a value it
# glued, the titles of a section it links, its exercises.
READER_CHAPTER = SECOND_CHAPTER.replace("# Second", "# Reader").replace("""\
from book_engine import data

data.load("policy_events").groupby("case").size()""", """\
from book_engine.execution.exercises import chapter_exercises
from book_engine.execution.glued import chapter_values
from activism_book.ledger import link_titles

print(chapter_values("01_first")["tpl_max_rate"], link_titles("01_first#summary"),
      [exercise.title for exercise in chapter_exercises("01_first")])""")


def make_book(folder: Path) -> Path:
    folder.mkdir()
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, folder)
    for name in ("_static", "_vendor", "data", "src"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("*.egg-info",
                                                                                 "__pycache__"))
    (folder / "_toc.yml").write_text(TOC, encoding="utf-8")
    index = "(ch-introduction)=\n# A small book\n\n```{bibliography}\n```\n"  # for citations
    (folder / "index.md").write_text(index, encoding="utf-8")
    (folder / "book").mkdir()
    shutil.copy(ROOT / "book" / "_template.md", folder / f"{FIRST}.md")
    (folder / f"{SECOND}.md").write_text(SECOND_CHAPTER, encoding="utf-8")
    return folder


def built_book(folder: Path) -> None:
    assert built(make_book(folder / "book")) == {FIRST, SECOND}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> Path:
    """Built once, whichever workers run this module's tests; each test builds a copy."""
    return shared(tmp_path_factory, "pipeline", built_book) / "book"


@pytest.fixture
def book(first_build, tmp_path) -> Path:
    """A copy of the built two-chapter book, Sphinx's environment included."""
    return Path(shutil.copytree(first_build, tmp_path / "book", symlinks=True))


@pytest.fixture(scope="module")
def quoted_build(first_build, tmp_path_factory) -> Path:
    """The two-chapter book with a third page that quotes the first, built."""
    book = Path(shutil.copytree(first_build, tmp_path_factory.mktemp("quoted") / "book",
                                symlinks=True))
    (book / f"{READER}.md").write_text(READER_CHAPTER, encoding="utf-8")
    (book / "_toc.yml").write_text(f"{TOC}  - file: {READER}\n", encoding="utf-8")
    assert built(book) == {READER}
    return book


@pytest.fixture
def quoted_book(quoted_build, tmp_path) -> Path:
    return Path(shutil.copytree(quoted_build, tmp_path / "book", symlinks=True))


def test_a_new_chapter_is_executed_once_and_its_outputs_kept_in_its_ipynb(first_build):
    notebook = nbformat.read(first_build / f"{FIRST}.ipynb", as_version=4)
    record = notebook.metadata[RECORD_KEY]["dependencies"]
    assert "resource:khalid2025_table1" in record and "module:book_engine.site.prose" in record
    assert "resource:policy_events" not in record
    assert "the highest rate is 7.5%" in page_text(first_build, FIRST)


def test_a_rebuild_with_no_change_does_not_even_start_sphinx(book):
    result = run_build(book)
    assert result.returncode == 0
    assert result.stdout.strip() == "Nothing has changed since _build/html/ was built."


def test_a_bare_jupyter_book_build_executes_nothing_unchanged_and_what_changed(book):
    assert built(book, BARE_BUILD) == set()
    edit(book / TABLE1, ",7.5,", ",9.5,")
    assert built(book, BARE_BUILD) == {FIRST}
    assert "the highest rate is 9.5%" in page_text(book, FIRST)


def test_a_fresh_clone_with_fresh_outputs_executes_nothing(book, tmp_path):
    clone = tmp_path / "clone"
    shutil.copytree(book, clone, ignore=shutil.ignore_patterns("_build"))
    assert built(clone) == set()
    assert "the highest rate is 7.5%" in page_text(clone, FIRST)


def test_a_prose_edit_executes_nothing_and_reaches_the_page(book):
    edit(book / f"{FIRST}.md", "said plainly.", "said plainly, and once.")
    assert built(book) == set()
    assert "said plainly, and once." in page_text(book, FIRST)
    assert "said plainly, and once." in (book / f"{FIRST}.ipynb").read_text(encoding="utf-8")


def test_a_prose_edit_to_a_chapter_another_page_quotes_executes_nothing(quoted_book):
    """The quoting page recorded what it read of chapter 1, not chapter 1's files: a section
    it does not link is prose too."""
    edit(quoted_book / f"{FIRST}.md", "said plainly.", "said plainly, and once.")
    edit(quoted_book / f"{FIRST}.md", "## Discussion questions", "## Questions to discuss")
    assert built(quoted_book) == set()
    assert "said plainly, and once." in page_text(quoted_book, FIRST)


@pytest.mark.parametrize(("path", "old", "new", "executed", "read"), [
    (TABLE1, ",7.5,", ",9.5,", {FIRST, READER}, "book_engine.execution.glued.values_in:01_first"),
    (Path(f"{FIRST}.md"), "# Chapter title", "# The first chapter", {READER},
     "activism_book.ledger.link_titles_in:01_first#summary"),
    (Path(f"{FIRST}.md"), "Rank the campaigns", "Rank the campaigns by rate", {READER},
     "book_engine.execution.exercises.exercises_in:01_first"),
])
def test_an_edit_to_what_a_page_quotes_executes_that_page_and_says_what_changed(
        quoted_book, path, old, new, executed, read):
    """A glued value, the title a link shows, an exercise: each executes the page that quotes
    it."""
    edit(quoted_book / path, old, new)
    result = run_build(quoted_book)
    assert result.returncode == 0, result.stderr[-3000:]
    assert set(EXECUTING.findall(result.stdout)) == executed
    assert f"executing {READER}.md: read:{read} changed" in result.stdout
    assert new.strip(",#").strip() in page_text(quoted_book, READER)


def test_a_code_edit_executes_its_chapter_only(book):
    edit(book / f"{SECOND}.md", '.groupby("case")', '.groupby("date_precision")')
    assert built(book) == {SECOND}


def test_a_data_edit_executes_the_chapters_that_read_it_and_changes_the_number(book):
    original = (book / TABLE1).read_text(encoding="utf-8")
    (book / TABLE1).write_text(original.replace(",7.5,", ",9.5,"), encoding="utf-8")
    assert built(book) == {FIRST}
    assert "the highest rate is 9.5%" in page_text(book, FIRST)

    (book / TABLE1).write_text(original, encoding="utf-8")
    assert built(book) == {FIRST}
    assert "the highest rate is 7.5%" in page_text(book, FIRST)


def test_make_data_then_a_build_executes_the_same_chapters(book):
    edit(book / TABLE1, ",7.5,", ",9.5,")
    make_data(book)
    assert built(book) == {FIRST}
    assert "the highest rate is 9.5%" in page_text(book, FIRST)


@pytest.mark.parametrize(("path", "old", "new", "reason"), [
    (EVENTS, "receives presidential assent", "received presidential assent",
     f"file:{EVENTS.as_posix()} changed"),
    (EVENTS_SCHEMA, '"name": "notes"', '"description": "added", "name": "notes"',
     f"file:{EVENTS_SCHEMA.as_posix()} changed"),
    (EVENTS_DERIVATION, '"""', '"""An edit. ', "module:activism_book.derive.cited_sources changed"),
])
def test_a_raw_file_schema_or_derivation_edit_is_derived_before_any_chapter_is_checked(
        book, path, old, new, reason):
    """Not only `make data`: every build derives a table whose inputs changed, first; with
    `make book` and with a bare build (the edit, then its undoing). A table derived to the
    same bytes executes no chapter."""
    table_before = last_table = (book / POLICY_EVENTS).read_bytes()
    for command, (this, that) in ((MAKE_BOOK, (old, new)), (BARE_BUILD, (new, old))):
        edit(book / path, this, that)
        result = run_build(book, command)
        assert result.returncode == 0, result.stderr[-3000:]
        assert f"deriving policy_events: {reason}" in result.stdout
        table_changed = (book / POLICY_EVENTS).read_bytes() != last_table
        assert set(EXECUTING.findall(result.stdout)) == ({SECOND} if table_changed else set())
        last_table = (book / POLICY_EVENTS).read_bytes()
    assert last_table == table_before


def test_a_bad_raw_edit_stops_every_build_and_leaves_tables_and_site_until_fixed(book):
    data_before = {p: p.read_bytes() for p in (book / "data").rglob("*")
                   if p.parent.name == "processed" or p.name == "datapackage.json"}
    site_before = site_files(book)
    edit(book / EVENTS, ",2010-03-09,day,", ",2010-3-09,day,")
    for command in (MAKE_BOOK, BARE_BUILD, MAKE_BOOK):
        result = run_build(book, command)
        assert result.returncode != 0
        last_line = result.stderr.strip().splitlines()[-1].strip()
        assert last_line.startswith(f"{EVENTS}, line 2, column 'date': constraint error")
        assert "were left as they were" in result.stderr
        assert {p: p.read_bytes() for p in data_before} == data_before
    assert site_files(book) == site_before
    edit(book / EVENTS, ",2010-3-09,day,", ",2010-03-09,day,")
    assert built(book, BARE_BUILD) == set()


def test_a_package_module_edit_executes_the_chapters_that_imported_it(book):
    prose = book / "src" / "book_engine" / "book_engine" / "site" / "prose.py"  # the engine's
    with prose.open("a", encoding="utf-8") as module:
        module.write("\n# an edit\n")
    assert built(book) == {FIRST}


def test_a_changed_dependency_version_executes_the_chapters_that_imported_it(book):
    path = book / f"{FIRST}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    dependencies = notebook.metadata[RECORD_KEY]["dependencies"]
    assert "package:altair" in dependencies  # chapter 2 does not import altair
    dependencies["package:altair"] = "0.0.1"  # as if made with another version
    nbformat.write(notebook, path)
    assert built(book) == {FIRST}


def test_forced_executions_are_byte_identical(book):
    before = [(book / f"{name}.ipynb").read_bytes() for name in (FIRST, SECOND)]
    environment = with_book_packages(book)
    command = [sys.executable, str(ROOT / "scripts" / "build_book.py"), "--execute-all"]
    for _ in range(2):
        result = subprocess.run(command, cwd=book, env=environment, capture_output=True,
                                text=True, check=True)
        # executed once each, by the command, while Jupyter Book started and then waited
        assert sorted(EXECUTING.findall(result.stdout)) == [FIRST, SECOND]
        assert "chapters: 0 executed" in result.stdout
        assert [(book / f"{name}.ipynb").read_bytes() for name in (FIRST, SECOND)] == before


def test_bad_data_fails_the_build_naming_file_line_and_column_last(book):
    notebook_before = (book / f"{FIRST}.ipynb").read_bytes()
    site_before = site_files(book)
    edit(book / TABLE1, ",2.4,", ",750,")
    result = run_build(book)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1].strip()
    assert last_line.startswith(f"{TABLE1}, line 4, column 'average_engagement_rate_pct': "
                                "constraint error")
    assert "code cell" not in result.stderr  # stopped before any chapter ran
    assert (book / f"{FIRST}.ipynb").read_bytes() == notebook_before
    assert site_files(book) == site_before  # the published site is the last good one


def test_a_warning_fails_every_build_until_it_is_fixed(book):
    """Sphinx reports a page's warnings only when it reads the page; a second build must not
    publish a page whose warning stopped the first."""
    edit(book / f"{SECOND}.md", "# Second\n", "# Second\n\nSee {ref}`ch-no-such-label`.\n")
    first, second = run_build(book), run_build(book)
    assert first.returncode != 0 and second.returncode != 0
    assert "undefined label: 'ch-no-such-label'" in second.stdout + second.stderr
    edit(book / f"{SECOND}.md", "See {ref}`ch-no-such-label`.", "See {ref}`ch-introduction`.")
    assert run_build(book).returncode == 0


def test_a_chapter_error_names_chapter_cell_and_error(book):
    edit(book / f"{SECOND}.md", 'data.load("policy_events")', 'data.load("no_such_table")')
    result = run_build(book)
    assert result.returncode != 0
    assert "book/02_second.md: code cell 1, line 12 failed" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("KeyError: \"no resource")


def test_a_wrong_solution_stops_the_build_at_its_assert(book):
    """The template's first exercise asks for the top campaign; a solution that sorts the
    wrong way round fails its own check, and the build with it."""
    edit(book / f"{FIRST}.md", "ascending=False)", "ascending=True)")
    result = run_build(book)
    assert result.returncode != 0
    assert "book/01_first.md: code cell" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("AssertionError")


def test_a_solve_whose_answer_misses_its_target_stops_the_build(book):
    """statsmodels' answer for two campaigns against one (about 9.37) gives a power of 0.45,
    not 0.8: a chapter that checks it with the book's check stops the build."""
    edit(book / f"{SECOND}.md", 'data.load("policy_events")', """
from statsmodels.stats.power import TTestIndPower
from activism_book.power import t_test_power, verified

answer = TTestIndPower().solve_power(nobs1=2, ratio=0.5, alpha=0.05, power=0.8)
verified(answer, t_test_power(answer, 2, 1, 0.05), 0.8, "two against one")
data.load("policy_events")""")
    result = run_build(book)
    assert result.returncode != 0
    assert "book/02_second.md: code cell 1" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(
        "SolveNotVerified: two against one: the solver's answer 9.36")


def test_a_build_killed_midway_then_rerun_gives_the_site_of_a_clean_build(book, tmp_path):
    edit(book / f"{FIRST}.md", "use_offline_charts()", "use_offline_charts()  # edited")
    clean = Path(shutil.copytree(book, tmp_path / "clean", ignore=shutil.ignore_patterns("_build")))
    assert built(clean) == {FIRST}

    environment = with_book_packages(book)
    process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "build_book.py")],
                               cwd=book, env=environment, stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    for line in process.stdout:
        if EXECUTING.search(line):
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert built(book) == {FIRST}
    assert site_files(book) == site_files(clean)
    assert (book / f"{FIRST}.ipynb").read_bytes() == (clean / f"{FIRST}.ipynb").read_bytes()



def test_a_chapter_failing_when_all_are_executed_stops_the_build_and_keeps_the_site(book):
    site_before = site_files(book)
    edit(book / f"{SECOND}.md", 'data.load("policy_events")', 'data.load("no_such_table")')
    result = run_build(book, (sys.executable, str(ROOT / "scripts" / "build_book.py"),
                              "--execute-all"))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("KeyError: \"no resource")
    assert site_files(book) == site_before


def test_a_display_said_to_come_from_a_table_its_chapter_does_not_load_stops_the_build(book):
    """The line beneath a figure or table names only tables the chapter loaded, and every
    numbered figure and table has one: either failure names the chapter and the display."""
    declared = "```{computed-from} khalid2025_table1\n```"
    wrong = "```{computed-from} policy_events\n```"
    edit(book / f"{FIRST}.md", declared, wrong)
    result = run_build(book)
    assert result.returncode != 0
    assert ("book/01_first.md: fig-template-rates says it was computed from policy_events, "
            "which the chapter does not load") in result.stdout + result.stderr
    edit(book / f"{FIRST}.md", wrong, "")
    result = run_build(book)
    assert result.returncode != 0
    assert "book/01_first.md: no computed-from line beneath fig-template-rates" in \
        result.stdout + result.stderr


def test_a_table_named_beneath_a_display_links_to_its_entry_wherever_the_dictionary_holds_it(
        book):
    """The second chapter becomes a data dictionary: missing the table the first chapter's
    figure names, the build stops naming both; holding it, the figure's line links there."""
    shown = 'data.load("policy_events").groupby("case").size()'
    dictionary = ("from book_engine.site.dictionary import show_columns\n\n"
                  "show_columns([resource for resource in data.datapackage()['resources']\n"
                  "              if resource['name'] in {names}])")
    edit(book / f"{SECOND}.md", shown, dictionary.format(names="('policy_events',)"))
    result = run_build(book)
    assert result.returncode != 0
    assert (f"{FIRST}: a computed-from line names khalid2025_table1, which has no entry in the "
            "data dictionary") in result.stdout + result.stderr
    edit(book / f"{SECOND}.md", "('policy_events',)", "('khalid2025_table1',)")
    assert run_build(book).returncode == 0
    line = BeautifulSoup((book / "_build" / "html" / f"{FIRST}.html").read_text(encoding="utf-8"),
                         "html.parser").find("p", class_="computed-from")
    assert line.find("a")["href"] == "02_second.html#tbl-dict-khalid2025-table1"
