"""The values a chapter glued, read from its executed ``.ipynb``.

The map of numbers lists them; the claims ledger quotes them, so that a number it states is
the chapter's computed value, never a typed copy.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat

from book_engine import data
from book_engine.data.validation import DataValidationError


@dataclass
class GluedValue:
    name: str
    plain: str  # the value's text/plain representation, as glued
    cell_index: int  # position of the computing cell in the notebook
    code_cell: int  # its number among the code cells, from 1


def code_cell_outputs(notebook) -> Iterator[tuple[int, int, dict]]:
    """Each output of each code cell: the cell's position in the notebook, its number among
    the code cells (from 1), and the output."""
    code_cells = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            code_cells += 1
            for output in cell.get("outputs", []):
                yield index, code_cells, output


def glued_values(notebook) -> list[GluedValue]:
    found = []
    for index, code_cell, output in code_cell_outputs(notebook):
        glued = output.get("metadata", {}).get("scrapbook", {})
        if glued:
            plain = output["data"].get(glued["mime_prefix"] + "text/plain", "")
            found.append(GluedValue(glued["name"], plain, index, code_cell))
    return found


PLACEHOLDER = re.compile(
    r"\{(?P<chapter>[0-9a-z_]+):(?P<name>[A-Za-z0-9_]+)(?::(?P<spec>[^{}]*))?\}")


def values_in(root: Path, chapter: str) -> dict[str, str]:
    """Each value ``book/<chapter>.ipynb`` of the book at ``root`` glued, by name, as its
    text/plain."""
    notebook = nbformat.read(root / "book" / f"{chapter}.ipynb", as_version=4)
    return {value.name: value.plain for value in glued_values(notebook)}


@cache  # a page quotes a chapter many times; the first read records the dependency
def chapter_values(chapter: str) -> dict[str, str]:
    """:func:`values_in` the book being built; the values are recorded, not the notebook, so
    a page quoting them is re-executed when one of them changes, not on a prose edit."""
    return data.read(values_in, chapter)


def fill_placeholders(text: str, where: str) -> str:
    """``text`` with each ``{chapter:name}`` or ``{chapter:name:format}`` replaced by that
    chapter's glued value, formatted as the ``{glue:text}`` role formats it. A name no chapter
    glued stops with ``where`` (the file, line and column holding the text)."""
    from myst_nb.core.variables import format_plain_text

    def value(match: re.Match) -> str:
        values = chapter_values(match["chapter"])
        if match["name"] not in values:
            raise DataValidationError(
                f"{where}: {match[0]} names no value that book/{match['chapter']}.ipynb glued")
        return format_plain_text(values[match["name"]], match["spec"] or "s")

    return PLACEHOLDER.sub(value, text)
