"""Numbered references resolved without unpickling a page once a reference (README, "Speed").

Sphinx 7's standard domain resolves each ``{numref}`` by reading the whole doctree of the page
it points to from its pickle, only to learn what kind of node the label names and its number.
A notebook's doctree carries its outputs, so in this book that was 11 s of a 35-55 s cold
build (cProfile: 101 references, 124 doctrees unpickled). The domain here keeps each page's
doctree once read, for the references of the write phase, which only read it: the pickles do
not change once Sphinx has read the pages, and the domain, with what it keeps, lives for one
build.
"""

from docutils import nodes
from sphinx.domains.std import StandardDomain


class NumberedReferences(StandardDomain):
    def __init__(self, env) -> None:
        super().__init__(env)
        self.doctrees: dict[str, nodes.document] = {}

    def read_doctree(self, docname: str) -> nodes.document:
        """The page's doctree as Sphinx reads it, unpickled once for every reference to it."""
        if docname not in self.doctrees:
            self.doctrees[docname] = type(self.env).get_doctree(self.env, docname)
        return self.doctrees[docname]

    def _resolve_numref_xref(self, env, *args):
        env.get_doctree = self.read_doctree  # for this call alone: the one doctree it reads
        try:
            return super()._resolve_numref_xref(env, *args)
        finally:
            del env.get_doctree


def setup(app) -> None:
    app.add_domain(NumberedReferences, override=True)
