"""The line beneath every numbered table and figure that says where it comes from.

A chapter declares what each display was computed from: ``numbered_table(...,
computed_from=("national_indicators",))`` writes a ``{computed-from}`` directive after the
table, and a figure has one written after its ``{glue:figure}`` in the chapter's text. At
build time the directive becomes one small line: each table named, linked to its entry in the
data dictionary (the numbered table labelled ``tbl-dict-<table>``, on whichever page holds it),
with its publisher and release from ``data/datapackage.json``, and a link to the code cell that
made the display (the anchor the map of numbers links to). The build
checks the declaration against what the chapter did: a table it names must be one the
chapter's record says it loaded, and every numbered table and figure of a chapter must have
the line. Either failure stops the build, naming the chapter and the display.
"""

import json
from pathlib import Path

import nbformat
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.writers._html_base import HTMLTranslator
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from book_engine.execution.chapters import Chapter, chapters_in_toc
from book_engine.execution.displays import CELL_ANCHOR, Display, displays, tables_loaded
from book_engine.site.dictionary import dictionary_label


class computed_from(nodes.General, nodes.TextElement):  # noqa: N801 (docutils' node names)
    """The line, holding the names of the tables until :func:`fill_lines` writes it."""


class ComputedFrom(SphinxDirective):
    """``{computed-from} table table ...``: what the display just above was computed from
    (no argument: from no single table of the data package)."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        names = self.arguments[0].split() if self.arguments else []
        return [computed_from("", tables=names)]


def chapter_of(root: Path, docname: str) -> Chapter | None:
    return next((chapter for chapter in chapters_in_toc(root)
                 if chapter.notebook.relative_to(root).with_suffix("").as_posix() == docname),
                None)


def labelled_display(line: computed_from) -> str:
    """The label of the numbered table or figure the line follows."""
    index = line.parent.index(line)
    above = line.parent[index - 1] if index else None
    if not isinstance(above, nodes.table | nodes.figure) or not above["names"]:
        raise ExtensionError(f"a computed-from line follows no numbered table or figure "
                             f"(line {line.line}): put it right after one")
    return above["names"][0]


def line_parts(display: Display, tables: list[str], docname: str,
               resources: dict[str, dict]) -> list[nodes.Node]:
    """The line's text: each table linked to the dictionary, with publisher and release, and
    the code cell linked."""
    parts: list[nodes.Node] = [nodes.Text("Computed from ")]
    if not tables:
        parts.append(nodes.Text("no single table of the data package"))
    for number, name in enumerate(tables):
        if number:
            parts.append(nodes.Text("; " if number < len(tables) - 1 else " and "))
        resource = resources[name]
        parts += [nodes.reference("", "", nodes.literal(name, name), internal=True,
                                  dictionary_label=dictionary_label(name)),
                  nodes.Text(f" ({resource['publisher']}; {resource['release']})")]
    parts += [nodes.Text(". Code: "),
              nodes.reference("", "", nodes.Text(f"cell {display.code_cell}"), internal=True,
                              chapter_doc=docname,
                              anchor=CELL_ANCHOR.format(index=display.cell_index)),
              nodes.Text(".")]
    return parts


def fill_lines(app: Sphinx, doctree: nodes.document) -> None:
    """Write every line of a chapter's page, after checking that each table it names is one
    the chapter loaded and that every numbered table and figure has a line."""
    root, docname = Path(app.srcdir), app.env.docname
    chapter = chapter_of(root, docname)
    lines = list(doctree.findall(computed_from))
    if chapter is None:
        if lines:
            raise ExtensionError(f"{docname}: a computed-from line on a page that is no chapter")
        return
    loaded = tables_loaded(nbformat.read(chapter.notebook, as_version=4))
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {resource["name"]: resource for resource in package["resources"]}
    by_label = {display.label: display for display in displays(chapter)}
    for line in lines:
        label = labelled_display(line)
        unloaded = [name for name in line["tables"] if name not in loaded]
        if unloaded:
            raise ExtensionError(
                f"{chapter.name}: {label} says it was computed from {', '.join(unloaded)}, "
                f"which the chapter does not load (it loads: {', '.join(loaded) or 'nothing'})")
        line += line_parts(by_label[label], line["tables"], docname, resources)
    missing = set(by_label) - {labelled_display(line) for line in lines}
    if missing:
        raise ExtensionError(f"{chapter.name}: no computed-from line beneath "
                             f"{', '.join(sorted(missing))}")


def link_dictionary_entries(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point each table's link at its dictionary entry, on the page that holds it. A book with
    no data dictionary shows the names unlinked; one with a dictionary that misses a table
    named here stops the build."""
    labels = app.env.get_domain("std").labels
    has_dictionary = any(label.startswith(dictionary_label("")) for label in labels)
    for node in list(doctree.findall(nodes.reference)):
        if "dictionary_label" not in node.attributes:
            continue
        if not has_dictionary:
            node.replace_self(node.children)
        elif node["dictionary_label"] not in labels:
            raise ExtensionError(
                f"{docname}: a computed-from line names {node.astext()}, which has no entry in "
                f"the data dictionary (a numbered table labelled {node['dictionary_label']}: "
                f"book_engine.site.dictionary.show_columns makes one)")
        else:
            entry_doc, anchor, _ = labels[node["dictionary_label"]]
            node["refuri"] = f"{app.builder.get_relative_uri(docname, entry_doc)}#{anchor}"


def visit_line(self: HTMLTranslator, node: computed_from) -> None:
    """One paragraph in small print (``<small>``, so it is small in any theme and in print)."""
    self.body.append(self.starttag(node, "p", CLASS="computed-from") + "<small>")


def depart_line(self: HTMLTranslator, node: computed_from) -> None:
    self.body.append("</small></p>\n")


def setup(app: Sphinx) -> dict:
    app.add_node(computed_from, html=(visit_line, depart_line))
    app.add_directive("computed-from", ComputedFrom)
    app.connect("doctree-read", fill_lines)
    app.connect("doctree-resolved", link_dictionary_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
