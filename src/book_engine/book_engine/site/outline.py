"""The ``book-chapters`` directive: the chapters the book has now, listed from ``_toc.yml``.

Text that names chapters by hand goes stale as chapters arrive, or promises ones that do not
exist yet; this list is made from the table of contents at every build.
"""

from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from book_engine.execution.chapters import toc_files


class BookChapters(SphinxDirective):
    """A bullet list linking every page of the table of contents but the root, in order."""

    def run(self) -> list[nodes.Node]:
        toc_path = Path(self.env.srcdir) / "_toc.yml"
        self.env.note_dependency(str(toc_path))
        toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
        listing = nodes.bullet_list()
        for name in toc_files(toc):
            reference = addnodes.pending_xref("", refdomain="std", reftype="doc",
                                              reftarget=f"/{name}", refexplicit=False,
                                              refdoc=self.env.docname)
            reference += nodes.inline("", name)
            listing += nodes.list_item("", nodes.paragraph("", "", reference))
        return [listing]


def setup(app: Sphinx) -> dict:
    app.add_directive("book-chapters", BookChapters)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
