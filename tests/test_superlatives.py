"""No glued superlative hides a tie: a chapter names which item is the most or the least only
through :func:`book_engine.site.prose.glue_extreme`, which names every item that ties."""

import ast
import re

import jupytext
import pandas as pd
import pytest

from book_engine.site import prose
from tests.conftest import ROOT

# A glue name that says which item is the most or least (a value alone cannot hide a tie).
SUPERLATIVE_NAME = re.compile(
    r"(?:^|_)(top|bottom|most|least|fewest|lowest|highest|largest|smallest|best|worst)(?:_|$)")
# Code that picks the first item holding an extreme, silently dropping any other.
FIRST_OF_A_TIE = re.compile(r"\b(idxmax|idxmin|argmax|argmin|nlargest|nsmallest)\b"
                            r"|sort_values\(.*\)(\[[^\]]*\])?\.(iloc|index)\[0\]")
CHAPTERS = sorted([*ROOT.glob("book/*.md"), ROOT / "index.md"])


def glue_value_calls(path) -> list[tuple[str, str]]:
    """(name, value) source of every glue_value call in a page's code cells."""
    notebook = jupytext.read(path, fmt="md:myst")
    calls = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines()
                           if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "glue_value":
                name, value = (ast.get_source_segment(source, arg) for arg in node.args[:2])
                calls.append((name.strip("\"'f"), value))
    return calls


def offending(calls: list[tuple[str, str]]) -> list[str]:
    return [f"glue_value({name}, {value})" for name, value in calls
            if SUPERLATIVE_NAME.search(name) or FIRST_OF_A_TIE.search(value)]


@pytest.mark.parametrize("path", [p for p in CHAPTERS if "jupytext" in p.read_text()[:400]],
                         ids=lambda p: p.name)
def test_no_chapter_glues_a_superlative_but_through_glue_extreme(path):
    assert offending(glue_value_calls(path)) == []


def test_the_check_finds_a_superlative_glued_the_old_way():
    calls = [("lit_top_theme", "themes.idxmax()"), ("x_lowest", "1"),
             ("barriers_mci_country", 'equality.sort_values("score")["country"].iloc[0]'),
             ("lit_first_year", "by_year.index.min()")]
    assert offending(calls) == [f"glue_value({n}, {v})" for n, v in calls[:3]]


@pytest.fixture
def glued(monkeypatch) -> dict:
    values = {}
    monkeypatch.setattr(prose, "glue_value", values.__setitem__)
    return values


def test_glue_extreme_names_every_tie(glued):
    themes = pd.Series({"Types": 10, "Results": 10, "Platforms": 4, "Barriers": 4, "Law": 7})
    assert prose.glue_extreme("top", "top_count", themes, label=prose.quoted) == ["Types",
                                                                                  "Results"]
    assert prose.glue_extreme("bottom", "bottom_count", themes, "min") == ["Platforms",
                                                                           "Barriers"]
    assert glued == {"top": "\u201cTypes\u201d and \u201cResults\u201d", "top_count": 10,
                     "bottom": "Platforms and Barriers", "bottom_count": 4}


def test_glue_extreme_of_one_holder_and_of_three(glued):
    prose.glue_extreme("one", "one_value", pd.Series({2015: 3.0, 2016: 1.2, 2017: None}),
                       label=int)
    prose.glue_extreme("three", "three_value", pd.Series({"a": 1, "b": 1, "c": 1}), "min")
    assert glued == {"one": "2015", "one_value": 3.0, "three": "a, b and c", "three_value": 1}


def test_glue_extreme_refuses_no_values_and_an_unknown_extreme(glued):
    with pytest.raises(ValueError, match="no value"):
        prose.glue_extreme("x", "y", pd.Series([None, None], dtype=float))
    with pytest.raises(ValueError, match="'max' or 'min'"):
        prose.glue_extreme("x", "y", pd.Series([1]), "median")


def test_joined_lists_none_one_two_and_three():
    assert [prose.joined(items) for items in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == \
        ["", "a", "a and b", "a, b and c"]
