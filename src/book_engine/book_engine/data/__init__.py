"""The one way chapters load data: by resource name, validated, typed.

Every table the book uses is a resource of ``data/datapackage.json`` (a Frictionless data
package). :func:`load` makes sure the file fits the resource's schema before returning it, so
a wrong value stops the build with a message naming the file, line and column.

Each load is noted in :data:`READS`: when a chapter has run, the build records what it read,
and re-executes the chapter when any of it changes (:mod:`book_engine.execution.chapters`).
"""

from pathlib import Path

import pandas as pd

from book_engine.data import descriptors, provenance
from book_engine.data.fingerprints import (
    bytes_sha256,
    datapackage_fingerprint,
    json_sha256,
    reader_key,
    resource_fingerprint,
)
from book_engine.data.paths import project_root
from book_engine.data.validation import ensure_valid

# A DataFrame left bare at the end of a cell (an exercise's answer) is shown as text: pandas'
# HTML for it carries a <style scoped> block that HTML5 does not allow (the Nu checker). Tables
# for readers are built by book_engine.site.prose.numbered_table, which this does not touch.
pd.set_option("display.notebook_repr_html", False)

REFERENCES = "references.bib"
READS: dict[str, str] = {}  # dependency key -> fingerprint, of everything read in this session

PANDAS_TYPES = {
    "string": "string",
    "number": "float64",
    "integer": "Int64",
    "boolean": "boolean",
}  # "date" fields are parsed after reading


def datapackage() -> dict:
    """The description of every table of the book being built (``data/datapackage.json``)."""
    root = project_root()
    READS["datapackage"] = datapackage_fingerprint(root)
    return descriptors.read_datapackage(root)


def read_file(relative: str) -> bytes:
    """A file of the book that is not a table (``relative`` to the root), noted in READS."""
    content = (project_root() / relative).read_bytes()
    READS[f"file:{relative}"] = bytes_sha256(content)
    return content


def read(reader, argument: str):
    """What ``reader(root, argument)`` returns for the book being built (another page's glued
    values, say), noted in READS by its own fingerprint: the page that reads it runs again when
    that changes, not when something else in the same file does."""
    value = reader(project_root(), argument)
    READS[reader_key(reader, argument)] = json_sha256(value)
    return value


def availability() -> list[dict[str, str]]:
    """The data availability statement: what each group of raw files is (``data/sources.json``)."""
    read_file(provenance.SOURCES.as_posix())
    return provenance.availability_rows(project_root())


def kind_of(path: str) -> str:
    """What a file the book loads as it is is, in words (``path`` relative to ``data/``)."""
    read_file(provenance.SOURCES.as_posix())
    return provenance.kind_of(project_root(), path)


def references() -> pd.DataFrame:
    """The entries of ``references.bib``, one row each (see
    :func:`book_engine.bibliography.bibtex.entries`)."""
    from book_engine.bibliography.bibtex import entries  # pybtex only where it is needed

    read_file(REFERENCES)
    return pd.DataFrame(entries(project_root() / REFERENCES))


def read_typed_csv(path: Path, schema: dict) -> pd.DataFrame:
    """Read a CSV already validated against ``schema`` with the column types it declares."""
    fields = schema["fields"]
    dtypes = {f["name"]: PANDAS_TYPES[f["type"]] for f in fields if f["type"] in PANDAS_TYPES}
    dates = [f["name"] for f in fields if f["type"] == "date"]
    frame = pd.read_csv(
        path,
        dtype=dtypes,
        keep_default_na=False,
        na_values=schema.get("missingValues", [""]),
        encoding="utf-8",
    )
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame


def checked_resource(name: str) -> tuple[Path, dict]:
    """The file of resource ``name`` and its descriptor, after checking the file against its
    schema; noted in READS."""
    root = project_root()
    descriptor = descriptors.resource_descriptor(name, root)
    ensure_valid(descriptor, root / "data")
    READS[f"resource:{name}"] = resource_fingerprint(descriptor, root / "data")
    return root / "data" / descriptor["path"], descriptor


def table_file(name: str) -> Path:
    """The checked file of resource ``name``, for a tool that reads files itself (as
    :func:`activism_book.monitoring.read_daily` does a campaigner's file)."""
    return checked_resource(name)[0]


def load(name: str) -> pd.DataFrame:
    """Load resource ``name`` of the book's data package, after checking it against its schema."""
    path, descriptor = checked_resource(name)
    return read_typed_csv(path, descriptor["schema"])
