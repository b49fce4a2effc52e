"""This book's own code: the analyses its chapters share, the derivations of its data
(``derive/``), the generator of its case-study chapters, and its paper's text. The generic
machinery is the engine, :mod:`book_engine`.

Chapters import what they use explicitly, e.g. ``from activism_book.survey import ...``.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Where this book is once installed, registered for book_engine (pyproject.toml's entry point
# book_engine.books): the copy of the book a built wheel carries (setup.py puts it there), or,
# for an editable install, the repository.
INSTALLED_COPIES = (PACKAGE / "book", PACKAGE.parent.parent)
