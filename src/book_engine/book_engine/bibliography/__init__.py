"""The book's references: the ``.bib`` check, and author-year styles for pybtex and
sphinxcontrib-bibtex."""
