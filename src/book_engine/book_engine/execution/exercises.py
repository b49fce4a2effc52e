"""The chapters' exercises and solutions, read from their MyST text.

A chapter a course can assign (any chapter of the toc outside its back matter) ends with
exercises written with sphinx-exercise's gated directives: ``{exercise-start} Title`` with a
``:label:``, a line ``**Practises:** ... **Data:** `table` ...``, the task, ``{exercise-end}``;
then ``{solution-start} label`` (folded: ``:class: dropdown``), code cells, ``{solution-end}``.
The instructors' page lists them from here, and the tests hold every chapter to that form.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from book_engine import data
from book_engine.execution.chapters import chapters_in_toc, toc_files

BACK_MATTER = "Back matter"  # the caption of the toc part that holds reference pages
EXERCISE = re.compile(r"^(?P<fence>`{3,})\{exercise-start\} *(?P<title>[^\n]*)\n"
                      r"(?P<options>(?::[^\n]*\n)*)(?P=fence)\n(?P<text>.*?)"
                      r"^`{3,}\{exercise-end\}", re.MULTILINE | re.DOTALL)
SOLUTION = re.compile(r"^(?P<fence>`{3,})\{solution-start\} (?P<target>\S+)\n"
                      r"(?P<options>(?::[^\n]*\n)*)(?P=fence)\n(?P<text>.*?)"
                      r"^`{3,}\{solution-end\}", re.MULTILINE | re.DOTALL)
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<code>.*?)^```$", re.MULTILINE | re.DOTALL)
PRACTISES = re.compile(r"\*\*Practises:\*\* *(?P<skill>.*?)(?=\*\*Data:\*\*|\n\n)", re.DOTALL)
DATA = re.compile(r"\*\*Data:\*\*(?P<tables>.*?)(?=\n\n|$)", re.DOTALL)


@dataclass(frozen=True)
class Exercise:
    label: str
    title: str
    practises: str
    tables: tuple[str, ...]


@dataclass(frozen=True)
class Solution:
    target: str
    options: str
    cells: tuple[str, ...]  # the source of each of its code cells


def option(options: str, name: str) -> str | None:
    """The value of ``:name:`` among a directive's option lines."""
    found = re.search(rf"^:{name}: *(.*)$", options, re.MULTILINE)
    return found.group(1).strip() if found else None


def exercises(text: str) -> list[Exercise]:
    found = []
    for match in EXERCISE.finditer(text):
        practises, data = PRACTISES.search(match["text"]), DATA.search(match["text"])
        found.append(Exercise(
            label=option(match["options"], "label") or "",
            title=match["title"].strip(),
            practises=" ".join(practises["skill"].split()).rstrip(".") if practises else "",
            tables=tuple(re.findall(r"`(\w+)`", data["tables"])) if data else ()))
    return found


def exercises_in(root: Path, chapter: str) -> list[Exercise]:
    """The exercises of ``book/<chapter>.md`` in the book at ``root``."""
    return exercises((root / "book" / f"{chapter}.md").read_text(encoding="utf-8"))


def chapter_exercises(chapter: str) -> list[Exercise]:
    """:func:`exercises_in` the book being built; the exercises are recorded, not the chapter's
    text, so that a page listing them runs again only when one of them changes."""
    return data.read(exercises_in, chapter)


def solutions(text: str) -> list[Solution]:
    return [Solution(match["target"], match["options"],
                     tuple(cell["code"] for cell in CODE_CELL.finditer(match["text"])))
            for match in SOLUTION.finditer(text)]


def teaching_chapters(root: Path) -> list[Path]:
    """The MyST texts of the chapters a course can assign, in the toc's order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    back = {name for part in toc.get("parts", []) if part.get("caption") == BACK_MATTER
            for name in toc_files(part)}
    return [chapter.text for chapter in chapters_in_toc(root)
            if chapter.text.relative_to(root).with_suffix("").as_posix() not in back]
