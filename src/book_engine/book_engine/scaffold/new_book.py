"""``book-engine new <folder>``: a new book on the engine, in an empty folder.

The book is the engine's template (``template/`` beside this module): Jupyter Book's
``_config.yml`` and ``_toc.yml`` naming the engine's extension, one chapter that loads one
placeholder table of a data package with its schema and provenance and glues its numbers,
the book's own tests, a Makefile with ``make book`` and ``make test``, and a README. It builds
as written: the first build executes the chapter.
"""

import datetime
import importlib.metadata
import json
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlparse

TEMPLATE = files("book_engine.scaffold") / "template"
RENAMED = {"gitignore": ".gitignore"}  # kept without the dot in the package, so it is shipped
FILLED = ("_config.yml", "Makefile", "data/sources.json")  # the files with {{...}} to fill in
DISTRIBUTION = "book-engine"


class FolderNotEmpty(Exception):
    """The target folder holds files: a new book never writes over anything."""


def engine_source() -> str:
    """Where this engine was installed from (a folder or a wheel), for the new book's Makefile
    to install the same engine; its distribution's name when pip recorded no place."""
    try:
        record = importlib.metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        record = None
    url = urlparse(json.loads(record)["url"] if record else "")
    return unquote(url.path) if url.scheme == "file" else DISTRIBUTION


def copy_template(source, target: Path) -> None:
    """Copy the template tree ``source`` (package resources) into ``target``."""
    for entry in source.iterdir():
        if entry.name == "__pycache__":
            continue
        path = target / RENAMED.get(entry.name, entry.name)
        if entry.is_dir():
            path.mkdir()
            copy_template(entry, path)
        else:
            path.write_bytes(entry.read_bytes())


def fill_in(folder: Path, values: dict[str, str]) -> None:
    """Replace each ``{{key}}`` of the files of :data:`FILLED` with its value."""
    for name in FILLED:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        path.write_text(text, encoding="utf-8")


def new_book(folder: Path, engine: str | None = None) -> Path:
    """Write a new book into ``folder`` (made if missing; it must be empty); return it. Its
    Makefile installs ``engine`` (a folder or a wheel), by default this engine's source."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FolderNotEmpty(f"{folder} is not an empty folder: a new book is written only "
                             "into an empty or new one")
    folder.mkdir(parents=True, exist_ok=True)
    copy_template(TEMPLATE, folder)
    today = datetime.date.today()
    fill_in(folder, {"engine": engine or engine_source(), "created": today.isoformat(),
                     "year": str(today.year)})
    return folder
