"""Every chapter in the toc is a MyST Markdown notebook whose executed .ipynb matches it, is
fresh, and holds deterministic outputs (nbval re-executes each .ipynb and compares)."""

import itertools
import re

import jupytext
import nbformat
import pytest

from book_engine.data.fingerprints import reader_key
from book_engine.execution.chapters import (
    RECORD_KEY,
    Chapter,
    chapters_in_toc,
    not_waiting,
    notebook_text,
    paired,
    stale_reasons,
    toc_files,
)
from book_engine.execution.exercises import teaching_chapters
from book_engine.execution.glued import values_in
from tests.conftest import ROOT, toc

CHAPTERS = chapters_in_toc(ROOT)
UNSTABLE = {
    "memory address": re.compile(r"\b0x[0-9a-fA-F]{6,16}\b"),
    # uuid4s (canonical form) and altair's default element ids; altair's "data-<md5>" dataset
    # names are content hashes, stable by construction, and allowed.
    "random id": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                            r"|altair-viz-[0-9a-f]{32}|id=\"T_[0-9a-f]{5}"),
    "clock time": re.compile(r"\b\d\d:\d\d:\d\d\b"),
    "absolute path": re.compile(r"(/work/|/tmp/|/home/|/root/|site-packages|ipykernel_\d+)"),
}
PATH_OPENERS = re.compile(
    r"read_csv|read_excel|read_r\(|open\(|Path\(|\.\./data|data/raw|data/processed"
)


def by_name(chapters):
    return pytest.mark.parametrize("chapter", chapters, ids=lambda c: c.name)


def cells(notebook):
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def test_every_notebook_page_in_the_toc_is_written_as_a_paired_md():
    pages = [ROOT / name for name in toc_files(toc())]
    notebooks = [page for page in pages if page.with_suffix(".ipynb").is_file()]
    assert notebooks and [page.with_suffix(".md") for page in notebooks] == \
        [chapter.text for chapter in CHAPTERS]


@by_name(CHAPTERS)
def test_the_ipynb_has_exactly_the_cells_of_the_md(chapter):
    text = jupytext.read(chapter.text)
    executed = nbformat.read(chapter.notebook, as_version=4)
    assert cells(executed) == cells(text), f"run `make book` to copy {chapter.name} in"


@by_name(CHAPTERS)
def test_the_committed_outputs_follow_from_the_current_sources(chapter):
    notebook = nbformat.read(chapter.notebook, as_version=4)
    assert stale_reasons(notebook, ROOT) == [], "run `make book` and commit the .ipynb"


@by_name(CHAPTERS)
def test_copying_the_text_in_leaves_the_committed_ipynb_byte_identical(chapter):
    assert notebook_text(paired(chapter)) == chapter.notebook.read_text(encoding="utf-8")


def output_texts(notebook):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            yield output.get("text", "")
            yield from (str(value) for value in output.get("data", {}).values())


@by_name(CHAPTERS)
def test_outputs_hold_nothing_that_changes_between_runs(chapter):
    notebook = nbformat.read(chapter.notebook, as_version=4)
    found = [(kind, match.group(0)) for text in output_texts(notebook)
             for kind, pattern in UNSTABLE.items() if (match := pattern.search(text))]
    assert found == []


@by_name(CHAPTERS)
def test_every_code_cell_ran_and_none_wrote_to_stderr(chapter):
    code = [c for c in nbformat.read(chapter.notebook, as_version=4).cells
            if c.cell_type == "code"]
    assert all(cell.get("execution_count") for cell in code)
    assert [o for c in code for o in c.get("outputs", []) if o.get("name") == "stderr"] == []


@by_name(CHAPTERS)
def test_chapters_load_data_only_through_the_package(chapter):
    code = [c.source for c in jupytext.read(chapter.text).cells if c.cell_type == "code"]
    assert [line for cell in code for line in cell.splitlines() if PATH_OPENERS.search(line)] == []


def body(path) -> str:
    """A chapter's text after its YAML header."""
    text = path.read_text(encoding="utf-8")
    return text[text.index("\n---\n", 4) + 5:] if text.startswith("---\n") else text


OPENING = re.compile(r"\s*\(ch-[a-z0-9_-]+\)=\n# \S[^\n]*\n\n:::\{admonition\} Overview\n"
                     r":class: tip\n(?P<overview>.*?)\n:::\n", re.DOTALL)
OVERVIEW_ITEMS = ("- **Prerequisites:**", "- **Time to learn:**", "- **Data:**")
TEMPLATE = ROOT / "book" / "_template.md"


@pytest.mark.parametrize("text", [c.text for c in CHAPTERS] + [TEMPLATE], ids=lambda p: p.name)
def test_every_chapter_opens_and_closes_as_the_readme_says(text):
    opening = OPENING.match(body(text))
    assert opening, "open with (ch-label)=, '# Title' and an Overview admonition"
    assert all(item in opening["overview"] for item in OVERVIEW_ITEMS)
    headings = re.findall(r"^## .*", body(text), re.MULTILINE)
    # a chapter a course assigns then adds discussion questions and exercises (test_exercises)
    assert "## Summary" in (headings[-1], *headings[-3:-2])


TEACHING = teaching_chapters(ROOT)
HEADING_LABEL = re.compile(r"^\((?P<label>[^()\s]+)\)=\n#{1,6} ", re.MULTILINE)
DEFINED_LABEL = re.compile(r"^\((?P<label>[^()\s]+)\)=$"  # a target: a heading's or any other
                           r"|^:(?:name|label): (?P<name>\S+)$"  # a figure's, an exercise's
                           r"|\"(?P<table>tbl-[\w-]+)\"", re.MULTILINE)  # numbered_table's name
LINK = re.compile(r"\{(?P<role>ref|numref)\}`(?:[^`<]*<)?(?P<target>[^`>]+)>?`")
BULLET = re.compile(r"^- ", re.MULTILINE)
BEFORE_BRIEF = re.compile(r"(?:\s*\n|\+\+\+\n|%[^\n]*\n)*")  # blank lines, cell breaks, comments


def in_brief(text) -> str:
    """The text of a chapter's In brief section: its heading must come directly after the
    Overview, with only blank lines, cell breaks and comments between."""
    opening = OPENING.match(body(text))
    assert opening, "open with (ch-label)=, '# Title' and an Overview admonition"
    rest = body(text)[opening.end():]
    rest = rest[BEFORE_BRIEF.match(rest).end():]
    assert rest.startswith("## In brief\n"), "put '## In brief' directly after the Overview"
    section = rest.removeprefix("## In brief\n")
    return section[:end.start()] if (end := re.search(r"^#{1,6} |^\(.*\)=$", section,
                                                    re.MULTILINE)) else section


def brief_bullets(section: str) -> list[str]:
    """The top-level bullets of an In brief section (a bullet runs on in indented lines)."""
    lines = section.strip("\n").splitlines()
    listing = list(itertools.takewhile(lambda line: line.startswith(("- ", "  ")) or not line,
                                       lines))
    return [f"- {item}".strip() for item in BULLET.split("\n".join(listing))[1:]]


@pytest.mark.parametrize("text", TEACHING + [TEMPLATE], ids=lambda p: p.name)
def test_every_teaching_chapter_opens_with_findings_linked_to_their_sections(text):
    """'In brief' after the Overview: three to five findings, each linking to a section of its
    own chapter that computes it (issue #25: findings first)."""
    bullets = brief_bullets(in_brief(text))
    assert 3 <= len(bullets) <= 5, f"In brief has {len(bullets)} findings; give three to five"
    chapter = body(text)
    defined = {next(label for label in match.groups() if label)
               for match in DEFINED_LABEL.finditer(chapter)}
    headings = set(HEADING_LABEL.findall(chapter))
    for bullet in bullets:
        links = LINK.findall(bullet)
        assert {target for _, target in links} <= defined, \
            f"link to what this chapter defines: {bullet!r}"
        assert any(role == "ref" and target in headings for role, target in links), \
            f"link the finding to the section that computes it: {bullet!r}"


def glue_names(notebook) -> list[str]:
    return [output["metadata"]["scrapbook"]["name"] for cell in notebook.cells
            for output in cell.get("outputs", []) if "scrapbook" in output.get("metadata", {})]


def test_each_chapter_glues_under_one_prefix_of_its_own():
    """(An appendix made only of tables glues nothing.)"""
    prefixes = {}
    for chapter in CHAPTERS:
        names = glue_names(nbformat.read(chapter.notebook, as_version=4))
        own = {name.partition("_")[0] for name in names}
        if not own:
            continue
        assert len(own) == 1, f"{chapter.name} glues under several prefixes: {sorted(own)}"
        prefixes[chapter.name] = own.pop()
    assert len(set(prefixes.values())) == len(prefixes), prefixes


# Digits that may stand in a chapter's prose without a glue role: names and conventions, not
# numbers computed from data. Keep this list short; anything else is glued.
ALLOWED_DIGITS = re.compile("|".join([
    r"CC-BY 4\.0", r"GPL-2",  # licence versions
    r"\*\*Time to learn:\*\* \d+ minutes(, and \d+ more for the exercises)?",  # times
    r"\bTable 1\b",  # the paper's own name for its only table
    r"PSLM 2015-16", r"\b2017 census\b",  # the names of the survey and of the census
    r"\b0–100\b",  # the ends of a percentage scale
    r"PRISMA 2020",  # the name of a reporting guideline
    r"^\s*\d+\. ",  # the number of an item in a numbered list (discussion questions)
]))
NOT_PROSE = [
    re.compile(r"\{[\w:-]+\}`[^`]*`"),  # roles: glue, cite, ref, numref ...
    re.compile(r"`[^`]*`"),  # inline code
    re.compile(r'"[^"\n]*"|“[^”]*”'),  # quotations of the paper
    re.compile(r"\]\([^)]*\)"),  # link targets
]
NOT_PROSE_LINES = re.compile(r"^(#|>|```|:|\(.*\)=$|\+\+\+)")  # headings, quotes, fences, labels


def typed_numbers(text_path) -> list[str]:
    """Lines of a chapter's Markdown cells that state a digit outside the allowed places."""
    found = []
    for cell in jupytext.read(text_path).cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if NOT_PROSE_LINES.match(line.strip()):
                continue
            prose = ALLOWED_DIGITS.sub("", line)
            for pattern in NOT_PROSE:
                prose = pattern.sub("", prose)
            if re.search(r"\d", prose):
                found.append(line.strip())
    return found


@pytest.mark.parametrize("text", [c.text for c in CHAPTERS] + [TEMPLATE], ids=lambda p: p.name)
def test_numbers_in_prose_are_glued_never_typed(text):
    assert typed_numbers(text) == [], "glue these numbers: glue_value(...) and {glue:text}"


def reading(*chapters: str):
    """A notebook whose record says it read the values ``chapters`` glued."""
    return nbformat.v4.new_notebook(metadata={RECORD_KEY: {"dependencies": {
        reader_key(values_in, name): "x" for name in chapters}}})


def test_a_page_reading_a_chapter_executed_in_the_same_wave_waits_for_the_next():
    """The ledger quotes the case chapters: run beside them, it would read outputs about to be
    replaced (a build failed so, on a value the new outputs glue and the old do not)."""
    case, ledger, other = (Chapter(ROOT / f"book/{n}.md", ROOT / f"book/{n}.ipynb")
                           for n in ("05_case", "ledger", "02_other"))
    plans = [(case, reading(), ["code"]), (ledger, reading("05_case"), ["data"]),
             (other, reading(), ["data"])]
    assert [chapter for chapter, _, _ in not_waiting(plans)] == [case, other]
    assert [chapter for chapter, _, _ in not_waiting(plans[1:])] == [ledger, other]
    cycle = [(case, reading("ledger"), []), (ledger, reading("05_case"), [])]
    assert not_waiting(cycle) == cycle  # pages that read each other all run
