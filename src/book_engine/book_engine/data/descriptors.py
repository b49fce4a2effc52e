"""The data package descriptor, ``data/datapackage.json``: every table the book loads.

Kept free of heavy imports, so that the build can read it to decide what is stale without
loading pandas.
"""

import json
from pathlib import Path

from book_engine.data.paths import DATAPACKAGE

# What `make data` writes into a resource's descriptor when it checks or derives the table
# (:mod:`book_engine.data.make_data`); the rest of the descriptor is what authors write.
CHECK_RECORD = ("bytes", "hash", "schema_hash")


def read_datapackage(root: Path) -> dict:
    """The data package descriptor of the book at ``root``."""
    return json.loads((root / DATAPACKAGE).read_text(encoding="utf-8"))


def write_datapackage(root: Path, package: dict) -> None:
    """Write the descriptor back in the one layout it is kept in (2-space JSON, UTF-8)."""
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    (root / DATAPACKAGE).write_text(text, encoding="utf-8")


def resources_by_name(root: Path) -> dict[str, dict]:
    return {resource["name"]: resource for resource in read_datapackage(root)["resources"]}


def resource_descriptor(name: str, root: Path) -> dict:
    """The descriptor of resource ``name``; a KeyError lists the names that exist."""
    resources = resources_by_name(root)
    if name not in resources:
        known = ", ".join(sorted(resources))
        raise KeyError(f"no resource '{name}' in {DATAPACKAGE}; known: {known}")
    return resources[name]


def described(package: dict) -> dict:
    """``package`` without what `make data` records in it, so that a page that shows the
    tables' descriptions does not depend on their hashes (a table's content is its own
    ``resource:`` dependency)."""
    resources = []
    for resource in package["resources"]:
        resource = {key: value for key, value in resource.items() if key not in CHECK_RECORD}
        if "derivation" in resource:
            resource["derivation"] = {key: value for key, value in resource["derivation"].items()
                                      if key != "made_from"}
        resources.append(resource)
    return {**package, "resources": resources}
