"""The engine of an executable book: a Jupyter Book 1.x whose chapters compute every number
from a shipped, sourced data package, re-executed exactly when what they read changes.

Organised by layer, each using only those above it:

* :mod:`book_engine.data`: the data package, its derivations, fingerprints and loader;
* :mod:`book_engine.execution`: chapters paired with executed notebooks, kept fresh;
* :mod:`book_engine.site`: the Sphinx extension, directives, charts and prose helpers;
* :mod:`book_engine.publishing`: builds, editions, the PDF, releases and citation;
* :mod:`book_engine.bibliography`: the ``.bib`` check and author-year styles.

A chapter imports what it uses, e.g. ``from book_engine import data`` then
``data.load("name")``.
"""
