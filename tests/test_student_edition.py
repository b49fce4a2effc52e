"""`make student`: the student edition keeps every exercise and leaves out every solution and
instructor note, from everything its site serves: the pages, the search index, the sources
and notebooks a reader downloads, and the PDF. Built here exactly as `make student` builds it
(book_engine.publishing.editions), from a copy of this book."""

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from book_engine.execution.exercises import exercises, teaching_chapters
from book_engine.publishing.editions import INSTRUCTORS_PAGE, build_student_edition, split_answers
from book_engine.publishing.pdf import pdf_name
from tests.conftest import ROOT, assert_valid_html, shared, squeezed

MARKUP = re.compile(r"\*\*|`|\{[\w:-]+\}|^\s*[-*] |^\s*\d+\. ")
DIRECTIVE_LINE = re.compile(r"^\s*(`{3,}|:{3,}|:\w+:)")
MIN_LENGTH = 30  # shorter lines ("df.head()", "1. Why?") could stand anywhere


def texts_of_the_book() -> list[Path]:
    return [ROOT / "index.md", *sorted((ROOT / "book").glob("*.md"))]


def telling_lines(text: str) -> set[str]:
    """The lines of ``text`` long enough to be telling, as a reader sees them (no markup)."""
    lines = {squeezed(MARKUP.sub("", line)) for line in text.splitlines()
             if not DIRECTIVE_LINE.match(line)}
    return {line for line in lines if len(line) >= MIN_LENGTH}


def answer_lines() -> set[str]:
    """The lines of every solution and instructor note, and of the instructors' page, that
    the rest of the book does not also say (an import line, say), whole or within a line."""
    kept, answers = set(), set()
    for text in texts_of_the_book():
        if text.relative_to(ROOT).with_suffix("").as_posix() == INSTRUCTORS_PAGE:
            answers |= telling_lines(text.read_text(encoding="utf-8"))
            continue
        stripped, blocks = split_answers(text.read_text(encoding="utf-8"))
        kept |= telling_lines(stripped)
        answers |= {line for block in blocks for line in telling_lines(block)}
    return {line for line in answers - kept if not any(line in said for said in kept)}


def served_texts(site: Path) -> dict[str, str]:
    """What each file of the site says: a page's text and markup, a notebook's cells and
    outputs, the PDF's text, any other file as it is."""
    texts = {}
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            raw = path.read_text(encoding="utf-8")
            texts[name] = BeautifulSoup(raw, "html.parser").get_text() + raw
        elif path.suffix == ".ipynb":
            notebook = nbformat.read(path, as_version=4)
            texts[name] = "\n".join([cell.source for cell in notebook.cells] + [
                str(output) for cell in notebook.cells for output in cell.get("outputs", [])])
        elif path.suffix == ".pdf":
            texts[name] = "\n".join(page.extract_text() for page in PdfReader(path).pages)
        elif path.suffix in (".js", ".md", ".txt", ".json"):
            texts[name] = path.read_text(encoding="utf-8", errors="replace")
    return {name: squeezed(MARKUP.sub("", text)) for name, text in texts.items()}


def student_edition(work: Path) -> None:
    assert build_student_edition(ROOT, work) == 0


@pytest.fixture(scope="module")
def student_site(tmp_path_factory) -> Path:
    """Built once, whichever workers run this module's tests."""
    return shared(tmp_path_factory, "student-edition", student_edition) / "html"


def test_the_check_has_answers_to_look_for():
    lines = answer_lines()
    assert len(lines) > 50
    assert any("assert" in line for line in lines)


def test_no_solution_or_instructor_note_reaches_the_student_site(student_site):
    lines = answer_lines()
    served = served_texts(student_site)
    assert {"index.html", pdf_name(ROOT), "searchindex.js"} <= set(served)
    leaks = {(name, line) for name, text in served.items() for line in lines if line in text}
    assert sorted(leaks)[:10] == []


def test_the_student_site_keeps_every_exercise_and_no_instructors_page(student_site):
    assert not (student_site / f"{INSTRUCTORS_PAGE}.html").exists()
    for text in teaching_chapters(ROOT):
        for exercise in exercises(text.read_text(encoding="utf-8")):
            page = text.relative_to(ROOT).with_suffix(".html").as_posix()
            soup = BeautifulSoup((student_site / page).read_text(encoding="utf-8"),
                                 "html.parser")
            assert soup.find(id=exercise.label), (page, exercise.label)
            assert not soup.select(".solution"), page


def test_every_page_of_the_student_site_is_valid_html(student_site):
    assert_valid_html(student_site)
