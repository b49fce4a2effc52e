"""What an instructor needs of every chapter a course can assign: every chapter of _toc.yml
outside its back matter (book_engine.execution.exercises), so a chapter added later is held to the
same rules.

It opens with learning objectives, prerequisites and a time (its Overview); it ends with a
summary, discussion questions and at least two exercises (sphinx-exercise), each saying what
it practises and which of the book's tables it uses; each has one solution, folded until the
reader opens it, whose code loads that table and checks its own answer with an assert, so a
wrong solution stops the build and nbval. Solutions glue nothing: the student edition, which
leaves them out, must print the same numbers.
"""

import re

import jupytext
import pytest

from book_engine import data
from book_engine.execution.exercises import exercises, solutions, teaching_chapters
from tests.conftest import ROOT
from tests.test_chapters import OPENING, body

CHAPTERS = teaching_chapters(ROOT)
TEMPLATE = ROOT / "book" / "_template.md"
ENDING = ["## Summary", "## Discussion questions", "## Exercises"]
TABLES = {resource["name"] for resource in data.datapackage()["resources"]}


def test_the_rules_cover_the_paper_s_chapters():
    names = {path.stem for path in CHAPTERS}
    assert {"01_introduction", "09_barriers", "10_recommendations"} <= names
    assert "bibliography" not in names and "claims_ledger" not in names


@pytest.mark.parametrize("text", [*CHAPTERS, TEMPLATE], ids=lambda path: path.name)
def test_each_chapter_opens_with_objectives_prerequisites_and_a_time(text):
    overview = OPENING.match(body(text))["overview"]
    objectives = overview.split("- **Learning objectives:**", 1)
    assert len(objectives) == 2, "add '- **Learning objectives:**' to the Overview"
    assert len(re.findall(r"^  - \S", objectives[1].split("\n- **", 1)[0], re.MULTILINE)) >= 2
    assert "- **Prerequisites:**" in overview
    assert re.search(r"- \*\*Time to learn:\*\* \d+ minutes", overview)


@pytest.mark.parametrize("text", [*CHAPTERS, TEMPLATE], ids=lambda path: path.name)
def test_each_chapter_ends_with_a_summary_questions_and_exercises(text):
    chapter = body(text)
    assert re.findall(r"^## .*", chapter, re.MULTILINE)[-3:] == ENDING
    questions = chapter.split("## Discussion questions", 1)[1].split("## Exercises", 1)[0]
    assert len(re.findall(r"^\d+\. \S", questions, re.MULTILINE)) >= 2
    assert len(exercises(chapter.split("## Exercises", 1)[1])) >= 2


@pytest.mark.parametrize("text", [*CHAPTERS, TEMPLATE], ids=lambda path: path.name)
def test_each_exercise_names_its_skill_and_data_and_has_one_folded_solution(text):
    chapter = body(text)
    by_target = {}
    for solution in solutions(chapter):
        by_target.setdefault(solution.target, []).append(solution)
    for exercise in exercises(chapter):
        label = exercise.label
        assert label.startswith("ex-"), f"exercise {exercise.title!r}: give it a :label: ex-..."
        assert exercise.title and exercise.practises, f"{label}: a title and **Practises:**"
        assert exercise.tables and set(exercise.tables) <= TABLES, \
            f"{label}: **Data:** must name tables of data/datapackage.json"
        assert len(by_target.get(label, [])) == 1, f"{label}: exactly one solution"
        solution = by_target[label][0]
        code = "\n".join(solution.cells)
        assert "dropdown" in solution.options, f"{label}: fold the solution (:class: dropdown)"
        assert re.search(r"^\s*assert ", code, re.MULTILINE), \
            f"{label}: the solution's code checks its answer with an assert"
        assert any(f'"{table}"' in code for table in exercise.tables), \
            f"{label}: the solution loads its data by name"
        assert "glue" not in code, f"{label}: a solution glues nothing"
    assert set(by_target) <= {exercise.label for exercise in exercises(chapter)}


def test_exercise_labels_are_unique_across_the_book():
    labels = [exercise.label for text in CHAPTERS for exercise in exercises(body(text))]
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize("text", CHAPTERS, ids=lambda path: path.name)
def test_solution_code_is_cells_of_the_notebook_and_ran(text):
    """The solutions' code cells are ordinary cells of the executed notebook: nbval runs
    them, and the build stops on a failing assert."""
    notebook = jupytext.read(text.with_suffix(".ipynb"))
    executed = {cell.source: cell for cell in notebook.cells if cell.cell_type == "code"}
    for solution in solutions(body(text)):
        for cell in solution.cells:
            ran = executed.get(cell.rstrip("\n"))
            assert ran is not None and ran.get("execution_count"), solution.target
