"""Where the book's files are.

The root is found from the working directory (a chapter runs in ``book/``), so a chapter reads
the data of the book being built, not of wherever this package happens to be installed. A
chapter run anywhere else (a notebook downloaded from the site, in an empty folder) reads the
book the package was installed with: the copy of the data and chapters a built wheel carries
(``activism_book/book/``, put there by ``setup.py``), or, for an editable install, the
repository it was installed from.
"""

import os
from pathlib import Path

ROOT_VARIABLE = "ACTIVISM_BOOK_ROOT"
DATAPACKAGE = Path("data") / "datapackage.json"
PACKAGE = Path(__file__).resolve().parent
INSTALLED_BOOKS = (PACKAGE / "book", PACKAGE.parent.parent)  # a wheel's copy; the repository


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


def is_book_root(folder: Path) -> bool:
    return (folder / "_config.yml").is_file() and (folder / DATAPACKAGE).is_file()


def project_root(start: Path | None = None) -> Path:
    """Return the book's root: ``$ACTIVISM_BOOK_ROOT``; else the nearest folder at or above
    ``start`` (default: the working directory) holding ``_config.yml`` and the data package;
    else the book this package was installed with."""
    if os.environ.get(ROOT_VARIABLE):
        return Path(os.environ[ROOT_VARIABLE]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents, *INSTALLED_BOOKS):
        if is_book_root(folder):
            return folder
    raise FileNotFoundError(
        f"no book root (a folder with _config.yml and {DATAPACKAGE}) at or above {here}, and "
        f"this installation of activism_book carries no copy of the book's data: run from "
        f"inside the book, set {ROOT_VARIABLE} to its folder, or install the package's wheel"
    )
