"""Where the book's files are.

The root is found from the working directory (a chapter runs in ``book/``), so a chapter reads
the data of the book being built, not of wherever this package happens to be installed.
"""

import os
from pathlib import Path

ROOT_VARIABLE = "ACTIVISM_BOOK_ROOT"
DATAPACKAGE = Path("data") / "datapackage.json"


def project_root(start: Path | None = None) -> Path:
    """Return the book's root: ``$ACTIVISM_BOOK_ROOT``, or the nearest folder at or above
    ``start`` (default: the working directory) holding ``_config.yml`` and the data package."""
    if os.environ.get(ROOT_VARIABLE):
        return Path(os.environ[ROOT_VARIABLE]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / DATAPACKAGE).is_file():
            return folder
    raise FileNotFoundError(
        f"no book root (a folder with _config.yml and {DATAPACKAGE}) at or above {here}; "
        f"run from inside the book or set {ROOT_VARIABLE}"
    )
