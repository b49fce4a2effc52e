"""Build the package with a copy of the book inside it: its data, chapters and bibliography.

A chapter's notebook downloaded from the site then runs in any folder where the wheel is
installed: the engine (``book_engine.data.paths``) falls back to this copy
(``activism_book/book/``, registered in ``pyproject.toml`` as ``activism_book.INSTALLED_COPIES``)
when no book is found above the working directory. An editable install (``make``) copies nothing:
it reads the repository. Everything else about the package is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# What a chapter reads: its tables (data/), other chapters' text and glued values (book/),
# the bibliography and the citation file, and _config.yml, which marks the folder as a book.
BUNDLED = ("_config.yml", "references.bib", "CITATION.cff", "data", "book/*.md", "book/*.ipynb")


class BuildWithTheBook(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        here, target = Path(__file__).parent, Path(self.build_lib) / "activism_book" / "book"
        for pattern in BUNDLED:
            for source in sorted(here.glob(pattern)):
                destination = target / source.relative_to(here)
                destination.parent.mkdir(parents=True, exist_ok=True)
                if source.is_dir():
                    shutil.copytree(source, destination, dirs_exist_ok=True,
                                    ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    shutil.copy2(source, destination)


setup(cmdclass={"build_py": BuildWithTheBook})
