"""Where the book's files are.

The root is found from the working directory (a chapter runs in ``book/``), so a chapter reads
the data of the book being built, not of wherever this package happens to be installed. A
chapter run anywhere else (a notebook downloaded from the site, in an empty folder) reads an
installed book: a book's package registers, as an entry point of the group
``book_engine.books``, the folders where its book may be once installed (the copy of the data
and chapters its built wheel carries, or, for an editable install, the repository).
"""

import functools
import importlib.metadata
import os
from pathlib import Path

import yaml

ROOT_VARIABLE = "BOOK_ROOT"
DATAPACKAGE = Path("data") / "datapackage.json"
CONFIG = "_config.yml"  # Jupyter Book's; its top-level book_engine: section is the engine's
BOOKS_GROUP = "book_engine.books"  # entry points: each names an installed book's folders


@functools.cache
def registered_books() -> tuple[importlib.metadata.EntryPoint, ...]:
    """The installed books' registrations (entry points of :data:`BOOKS_GROUP`)."""
    return tuple(importlib.metadata.entry_points(group=BOOKS_GROUP))


def installed_books() -> list[Path]:
    """Every folder where a registered book may be, in the order each registration lists."""
    return [Path(folder) for entry in registered_books() for folder in entry.load()]


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it holds exactly that; return whether it wrote.
    Atomic, so a build killed midway leaves either the old file or the new one."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return True


def engine_settings(root: Path) -> dict:
    """The book's settings for the engine: the ``book_engine:`` section of its ``_config.yml``
    (Jupyter Book allows keys of its own at the top level)."""
    config = yaml.safe_load((root / CONFIG).read_text(encoding="utf-8")) or {}
    return config.get("book_engine") or {}


def is_book_root(folder: Path) -> bool:
    return (folder / CONFIG).is_file() and (folder / DATAPACKAGE).is_file()


def project_root(start: Path | None = None) -> Path:
    """Return the book's root: ``$BOOK_ROOT``; else the nearest folder at or above ``start``
    (default: the working directory) holding ``_config.yml`` and the data package; else an
    installed book."""
    if os.environ.get(ROOT_VARIABLE):
        return Path(os.environ[ROOT_VARIABLE]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents, *installed_books()):
        if is_book_root(folder):
            return folder
    raise FileNotFoundError(
        f"no book root (a folder with _config.yml and {DATAPACKAGE}) at or above {here}, and "
        f"no installed book carries a copy of its data: run from inside the book, set "
        f"{ROOT_VARIABLE} to its folder, or install the book's wheel"
    )
