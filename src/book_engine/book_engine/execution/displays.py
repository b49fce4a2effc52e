"""What a chapter displays: its numbered tables and figures, each with the code cell that
produces it, and the tables it loaded; read from its text and its executed notebook. The
replication README lists them, and the line beneath each display links to its code cell.
"""

import re
from dataclasses import dataclass

import nbformat

from book_engine.execution.chapters import Chapter, dependencies
from book_engine.execution.glued import code_cell_outputs, glued_values
from book_engine.execution.markup import unescaped

CELL_ANCHOR = "cell-{index:02d}"  # the id given to a code cell's container on its page
NUMBERED_TABLE = re.compile(r"\A:::\{table\} (?P<caption>.*)\n:name: (?P<label>\S+)")
FIGURE = re.compile(r"```\{glue:figure\} (?P<name>\w+)\n:name: (?P<label>\S+)\n(?::.*\n)*\n?"
                    r"(?P<caption>(?:(?!```).*\n)*?)```")
ROLE = re.compile(r"\{(?P<role>[a-z:-]+)\}`(?P<content>[^`]*)`")


def tables_loaded(notebook) -> list[str]:
    return [key.removeprefix("resource:") for key in dependencies(notebook)
            if key.startswith("resource:")]


@dataclass
class Display:
    """A numbered table or figure, and the code cell that produces it."""
    label: str
    kind: str  # "table" or "figure"
    caption: str
    code_cell: int
    cell_index: int


def plain(caption: str, values: dict[str, str]) -> str:
    """A caption's first sentence, a glued value as its text, any other role as its target."""
    def role_text(match: re.Match) -> str:
        name, _, _ = match["content"].partition(":")
        if match["role"].startswith("glue"):
            return values[name].strip("'\"")
        return match["content"].split("<")[0].strip()

    text = " ".join(unescaped(ROLE.sub(role_text, caption)).split())
    return re.split(r"(?<=[a-z0-9)])\. ", text, maxsplit=1)[0].rstrip(".")


def displays(chapter: Chapter) -> list[Display]:
    """The chapter's numbered tables and figures, in the order of the cells that produce
    them."""
    notebook = nbformat.read(chapter.notebook, as_version=4)
    computed = {value.name: value for value in glued_values(notebook)}
    values = {name: value.plain for name, value in computed.items()}
    found = []
    for index, code_cell, output in code_cell_outputs(notebook):
        match = NUMBERED_TABLE.match(output.get("data", {}).get("text/markdown", ""))
        if match:
            found.append(Display(match["label"], "table", plain(match["caption"], values),
                                 code_cell, index))
    for match in FIGURE.finditer(chapter.text.read_text(encoding="utf-8")):
        value = computed[match["name"]]
        found.append(Display(match["label"], "figure", plain(match["caption"], values),
                             value.code_cell, value.cell_index))
    return sorted(found, key=lambda display: (display.cell_index, display.kind))
