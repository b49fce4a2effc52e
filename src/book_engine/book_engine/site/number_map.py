"""The map of every number: each glued value of each chapter, where it is computed, as printed.

The ``glued-numbers`` directive (registered by :mod:`book_engine.site.sphinx_ext`) reads every
chapter's executed ``.ipynb`` at build time and renders, per chapter, the tables it loaded and
a table of its glued values: the name, the value as the prose prints it (with the format each
``{glue:text}`` role gives), and a link to the code cell that computed it. The page is read
again whenever a chapter's ``.ipynb`` changes. Everything from data is put in as text nodes,
never parsed as markup.
"""

import re
from pathlib import Path

import nbformat
from docutils import nodes
from myst_nb.core.variables import format_plain_text
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from book_engine.execution.chapters import Chapter, chapters_in_toc
from book_engine.execution.displays import CELL_ANCHOR, tables_loaded
from book_engine.execution.glued import GluedValue, glued_values
from book_engine.execution.markup import headings

GLUE_USE = re.compile(r"\{glue(?::text|:any|:md)?\}`([A-Za-z0-9_]+)(?::([^`]+))?`"
                      r"|```\{glue(?::figure|:any|:md)?\}\s+([A-Za-z0-9_]+)")


def printed_forms(value: GluedValue, prose: str) -> list[str]:
    """How the prose shows ``value``: each format its roles use; figures say so."""
    forms = []
    for name, spec, figure in GLUE_USE.findall(prose):
        if figure == value.name:
            forms.append("(a figure)")
        elif name == value.name:
            forms.append(format_plain_text(value.plain, spec or "s"))
    return list(dict.fromkeys(forms)) or ["(not printed in the text)"]


def text_row(*cells: nodes.Node | str) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", cell if isinstance(cell, nodes.Node) else
                                 nodes.Text(cell))
        row += entry
    return row


def values_table(chapter_doc: str, values: list[GluedValue], prose: str) -> nodes.table:
    headers = ("Name", "As printed", "Computed in")
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=1) for _ in headers]
    head, body = nodes.thead(), nodes.tbody()
    head += text_row(*headers)
    for value in values:
        link = nodes.reference("", "", nodes.Text(f"code cell {value.code_cell}"),
                               internal=True, chapter_doc=chapter_doc,
                               anchor=CELL_ANCHOR.format(index=value.cell_index))
        name = nodes.literal(value.name, value.name)
        body += text_row(name, "; ".join(printed_forms(value, prose)), link)
    group += [head, body]
    table = nodes.table(classes=["number-map"])
    table += group
    return table


class GluedNumbers(SphinxDirective):
    """``{glued-numbers}``: the map of every glued value of every chapter in the toc."""

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        self.env.note_dependency(str(root / "_toc.yml"))
        output = []
        for chapter in chapters_in_toc(root):
            self.env.note_dependency(str(chapter.notebook))
            output.extend(self.chapter_map(chapter, root))
        return output

    def chapter_map(self, chapter: Chapter, root: Path) -> list[nodes.Node]:
        notebook = nbformat.read(chapter.notebook, as_version=4)
        doc = chapter.notebook.relative_to(root).with_suffix("").as_posix()
        title = next(iter(headings(chapter.text.read_text(encoding="utf-8"))), chapter.name)
        link = nodes.reference("", "", nodes.Text(title),
                               internal=True, chapter_doc=doc, anchor="")
        title = nodes.rubric("", "", link, nodes.Text(f" ({chapter.name})"))
        loaded = ", ".join(tables_loaded(notebook)) or "none"
        tables = nodes.paragraph("", "", nodes.Text(f"Tables loaded: {loaded}."))
        values = glued_values(notebook)
        if not values:
            return [title, tables, nodes.paragraph("", "", nodes.Text("No glued values."))]
        prose = chapter.text.read_text(encoding="utf-8")
        return [title, tables, values_table(doc, values, prose)]


def anchor_code_cells(app: Sphinx, doctree: nodes.document) -> None:
    """Give each notebook cell's container an id, so that the map can link to it."""
    for node in doctree.findall(nodes.container):
        if "cell" in node["classes"] and "cell_index" in node.attributes:
            node["ids"].append(CELL_ANCHOR.format(index=node["cell_index"]))


def resolve_chapter_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point the map's links at the chapters' pages, relative to the page they are on."""
    for node in doctree.findall(nodes.reference):
        if "chapter_doc" in node.attributes:
            uri = app.builder.get_relative_uri(docname, node["chapter_doc"])
            node["refuri"] = f"{uri}#{node['anchor']}" if node["anchor"] else uri


def setup(app: Sphinx) -> dict:
    app.add_directive("glued-numbers", GluedNumbers)
    app.connect("doctree-read", anchor_code_cells)
    app.connect("doctree-resolved", resolve_chapter_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
