"""The student edition: the book without solutions and instructor notes.

`make student` copies the book's sources, takes out of every chapter's text each solution
(from a ``{solution-start}`` fence to the fence that closes its ``{solution-end}``, with the
code cells between) and each instructor note (an admonition whose ``:class:`` includes
``instructor``), takes the instructors' page out of the toc, and builds that copy: the build
copies each stripped text into its notebook and executes it again, its code having changed.
Stripping the sources, not the pages, is what keeps the answers out of everything the site
serves: the pages, the search index, and the notebooks and texts a reader downloads.
"""

import re
import shutil
from pathlib import Path

import yaml

from book_engine.publishing.build import PUBLISHED, build, copy_sources, publish
from book_engine.publishing.pdf import pdf_name, print_book

FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}")
INSTRUCTORS_PAGE = "book/instructors"
STUDENT = Path("_build") / "student"  # the edition's sources, build and site


def block_end(lines: list[str], start: int, fence: str) -> int:
    """The index of the line that closes the fenced block opened at ``start``."""
    for index in range(start + 1, len(lines)):
        if lines[index].strip() == fence:
            return index
    raise ValueError(f"line {start + 1}: the block opened by {fence} is never closed")


def is_instructor_note(lines: list[str], start: int, fence: str) -> bool:
    """Whether the directive opened at ``start`` has ``instructor`` among its classes."""
    for line in lines[start + 1:block_end(lines, start, fence)]:
        if not line.startswith(":"):
            return False
        if line.startswith(":class:") and "instructor" in line.split()[1:]:
            return True
    return False


def split_answers(text: str) -> tuple[str, list[str]]:
    """A chapter's MyST text with its solutions and instructor notes taken out, and the
    blocks taken out."""
    lines = text.splitlines(keepends=True)
    kept, answers, index = [], [], 0
    while index < len(lines):
        opened = FENCE.match(lines[index])
        end = None
        if opened and opened["name"] == "solution-start":
            end = solution_end(lines, index)
        elif opened and opened["name"] == "admonition" and is_instructor_note(
                lines, index, opened["fence"]):
            end = block_end(lines, index, opened["fence"])
        if end is None:
            kept.append(lines[index])
            index += 1
        else:
            answers.append("".join(lines[index:end + 1]))
            index = end + 1
    return "".join(kept), answers


def without_answers(text: str) -> str:
    return split_answers(text)[0]


def solution_end(lines: list[str], start: int) -> int:
    """The last line of the solution opened at ``start``: the fence closing its end mark."""
    for index in range(start + 1, len(lines)):
        closing = FENCE.match(lines[index])
        if closing and closing["name"] == "solution-end":
            return block_end(lines, index, closing["fence"])
    raise ValueError(f"line {start + 1}: a solution-start without its solution-end")


def without_instructors_page(toc: dict) -> dict:
    """The toc with the instructors' page taken out, wherever it stands."""
    if isinstance(toc, list):
        return [without_instructors_page(item) for item in toc
                if not (isinstance(item, dict) and item.get("file") == INSTRUCTORS_PAGE)]
    if isinstance(toc, dict):
        return {key: without_instructors_page(value) for key, value in toc.items()}
    return toc


def make_student_sources(root: Path, target: Path) -> Path:
    """Copy the book to ``target`` and take the answers out of the copy."""
    copy_sources(root, target)
    for text in [target / "index.md", *sorted((target / "book").glob("*.md"))]:
        original = text.read_text(encoding="utf-8")
        stripped = without_answers(original)
        if stripped != original:
            text.write_text(stripped, encoding="utf-8")  # its .ipynb follows: the build
            # copies the text in and executes the chapter, its code having changed
    for suffix in (".md", ".ipynb"):
        (target / f"{INSTRUCTORS_PAGE}{suffix}").unlink(missing_ok=True)
    toc = yaml.safe_load((target / "_toc.yml").read_text(encoding="utf-8"))
    (target / "_toc.yml").write_text(yaml.safe_dump(without_instructors_page(toc),
                                                    sort_keys=False), encoding="utf-8")
    return target


def build_student_edition(root: Path, work: Path | None = None) -> int:
    """Build the student edition of the book at ``root`` strictly, with its PDF, in ``work``
    (default ``_build/student``): its site is ``work/html``. Returns the build's status."""
    work = work or root / STUDENT
    shutil.rmtree(work / "source", ignore_errors=True)
    sources = make_student_sources(root, work / "source")
    status = build(sources, sources).returncode
    if status != 0:
        return status
    site = sources / PUBLISHED
    print_book(sources, site, site / pdf_name(sources))
    publish(site, work / "html")
    print(f"Open {work / 'html' / 'index.html'}: the book without solutions or instructor notes")
    return 0
