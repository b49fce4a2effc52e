"""The build status page: when each chapter was last executed, how long it took, and the
versions it ran with.

Execution times live in ``book/_executions.json``, written by :mod:`book_engine.execution.chapters`
whenever a chapter runs, not in the notebooks: a chapter executed again on the same inputs
keeps a byte-identical ``.ipynb``, and nbval, which compares outputs, never sees a clock. The
versions are those each chapter's record names (its imported distributions and Python).
The ``build-status`` directive renders both as tables at build time, as text nodes.
"""

import importlib.metadata
import json
from pathlib import Path

import nbformat
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from book_engine.execution.chapters import EXECUTIONS, chapters_in_toc, dependencies
from book_engine.execution.markup import headings
from book_engine.site.number_map import text_row

BUILD_PACKAGES = ("jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme")


def table(headers: tuple[str, ...], rows: list[tuple], classes: list[str]) -> nodes.table:
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=1) for _ in headers]
    head, body = nodes.thead(), nodes.tbody()
    head += text_row(*headers)
    for row in rows:
        body += text_row(*row)
    group += [head, body]
    made = nodes.table(classes=classes)
    made += group
    return made


def chapter_versions(notebook) -> dict[str, str]:
    return {key.removeprefix("package:"): value for key, value in dependencies(notebook).items()
            if key.startswith("package:") or key == "python"}


class BuildStatus(SphinxDirective):
    """``{build-status}``: each chapter's last execution, and the versions the book ran with."""

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        self.env.note_dependency(str(root / "_toc.yml"))
        self.env.note_dependency(str(root / EXECUTIONS))
        executions = json.loads((root / EXECUTIONS).read_text(encoding="utf-8")) \
            if (root / EXECUTIONS).is_file() else {}
        runs, versions = [], {}
        for chapter in chapters_in_toc(root):
            self.env.note_dependency(str(chapter.notebook))
            notebook = nbformat.read(chapter.notebook, as_version=4)
            title = next(iter(headings(chapter.text.read_text(encoding="utf-8"))), chapter.name)
            run = executions.get(chapter.name, {})
            runs.append((title,
                         run.get("executed_at", "not recorded"),
                         f"{run['seconds']:.1f}" if "seconds" in run else "not recorded"))
            for package, version in chapter_versions(notebook).items():
                versions.setdefault((package, version), []).append(chapter.name)
        return [
            table(("Chapter", "Last executed (UTC)", "Seconds"), runs, ["build-status"]),
            nodes.paragraph("", "", nodes.Text(
                "The versions the chapters ran with, from each chapter's record (a version "
                "that differs between chapters is listed once for each):")),
            table(("Package", "Version", "Chapters"),
                  [(package, version, f"{len(names)} of {len(runs)}")
                   for (package, version), names in sorted(versions.items())],
                  ["build-versions"]),
            nodes.paragraph("", "", nodes.Text(
                "Built with: " + ", ".join(f"{name} {importlib.metadata.version(name)}"
                                           for name in BUILD_PACKAGES) + ".")),
        ]


def setup(app: Sphinx) -> dict:
    app.add_directive("build-status", BuildStatus)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
