"""What a derivation may read: each processed table of ``data/datapackage.json`` is made from
raw files by a function the book provides.

Which function builds which table, and which files under ``data/`` it may read, is written
once: in the table's ``derivation`` record in ``data/datapackage.json``.
:mod:`book_engine.data.make_data` runs the derivations from that record, and a derivation can
only open what the record lists (:class:`Inputs`), so the record is always complete.
"""

import json
from pathlib import Path

from book_engine.data.validation import DataValidationError, unit_ranges


class Inputs:
    """The files under ``data/`` one derivation may read: those its record lists, each a file
    or a folder (ending in ``/``). ``inputs / "raw/x/y.csv"`` is the path to read."""

    def __init__(self, data_dir: Path, listed: list[str], table: str, fields: list[dict]):
        self.data_dir, self.listed, self.table = data_dir, listed, table
        self.fields = {field["name"]: field for field in fields}

    def allows(self, relative: str) -> bool:
        return any(relative.rstrip("/") == entry.rstrip("/")
                   or (entry.endswith("/") and relative.startswith(entry))
                   for entry in self.listed)

    def __truediv__(self, relative: str) -> Path:
        if not self.allows(relative):
            raise DataValidationError(
                f"the derivation of '{self.table}' reads data/{relative}, which its record in "
                "data/datapackage.json does not list among its inputs; add it there"
            )
        return self.data_dir / relative

    def unit_range(self, field: str, unit: str) -> tuple[float, float]:
        """The range the table's own schema allows ``field`` in ``unit`` (its ``unitRanges``),
        so that a raw value is checked where it is read, against the rule the table keeps."""
        ranges = unit_ranges(self.fields[field])
        if unit not in ranges:
            raise DataValidationError(f"data/datapackage.json, resource '{self.table}', field "
                                      f"'{field}': unit '{unit}' has no range in unitRanges")
        return ranges[unit]

    def schema(self, name: str) -> dict:
        """A raw file's Table Schema, from ``data/schemas/<name>.json``."""
        return json.loads((self / f"schemas/{name}.json").read_text(encoding="utf-8"))


def inputs_for(descriptor: dict, data_dir: Path) -> Inputs:
    """What the derivation of resource ``descriptor`` may read, from its record."""
    return Inputs(data_dir, descriptor["derivation"]["inputs"], descriptor["name"],
                  descriptor["schema"]["fields"])
