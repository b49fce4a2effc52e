"""The one way chapters load data: by resource name, validated, typed.

Every table the book uses is a resource of ``data/datapackage.json`` (a Frictionless data
package). :func:`load` checks the file against the resource's schema before returning it, so
a wrong value stops the build with a message naming the file, line and column.
"""

import json
from pathlib import Path

import pandas as pd

from activism_book.paths import DATAPACKAGE, project_root
from activism_book.validation import validate_resource

PANDAS_TYPES = {
    "string": "string",
    "number": "float64",
    "integer": "Int64",
    "boolean": "boolean",
}  # "date" fields are parsed after reading


def read_datapackage(root: Path) -> dict:
    """The data package descriptor of the book at ``root``."""
    return json.loads((root / DATAPACKAGE).read_text(encoding="utf-8"))


def datapackage() -> dict:
    """The description of every table of the book being built (``data/datapackage.json``)."""
    return read_datapackage(project_root())


def resource_descriptor(name: str, root: Path | None = None) -> dict:
    """The descriptor of resource ``name``; a KeyError lists the names that exist."""
    package = read_datapackage(root or project_root())
    resources = {resource["name"]: resource for resource in package["resources"]}
    if name not in resources:
        known = ", ".join(sorted(resources))
        raise KeyError(f"no resource '{name}' in {DATAPACKAGE}; known: {known}")
    return resources[name]


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


def load(name: str) -> pd.DataFrame:
    """Load resource ``name`` of the book's data package, after checking it against its schema."""
    root = project_root()
    descriptor = resource_descriptor(name, root)
    validate_resource(descriptor, root / "data")
    return read_typed_csv(root / "data" / descriptor["path"], descriptor["schema"])
