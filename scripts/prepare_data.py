"""Derive the tidy tables in data/processed/ from the untouched files in data/raw/.

Run `make data` (or `python scripts/prepare_data.py`). Each table is written to a temporary
file, checked against its schema in data/datapackage.json, and only then renamed over the old
one: a failed run leaves the previous tables as they were. Output is byte-identical from run
to run. Last, the size and hash of every checked table (and of its schema) are recorded in
data/datapackage.json, so that loading an unchanged table need not check it again. Each
table's derivation lives in a derive_*.py module beside this one.
"""

import os
import sys
from pathlib import Path

import pandas as pd

from activism_book.datapackage import read_datapackage, resource_descriptor
from activism_book.paths import project_root
from activism_book.validation import (
    DataValidationError,
    is_recorded,
    record_checks,
    validate_resource,
)

from derive_cited_sources import policy_events, press_reported_figures
from derive_freedom import freedom_scores
from derive_indicators import national_indicators
from derive_pslm import pslm_persons

BUILDERS = {
    "national_indicators": national_indicators,
    "pslm_persons": pslm_persons,
    "freedom_scores": freedom_scores,
    "policy_events": policy_events,
    "press_reported_figures": press_reported_figures,
}


def write_checked_temporary(name: str, table: pd.DataFrame, root: Path) -> tuple[Path, Path]:
    """Write ``table`` for resource ``name`` to a temporary file and check it against its
    schema; return (temporary, target). A file that fails the check is removed."""
    descriptor = resource_descriptor(name, root)
    target = root / "data" / descriptor["path"]
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    table.to_csv(temporary, index=False, lineterminator="\n", encoding="utf-8")
    try:
        validate_resource({**descriptor, "path": descriptor["path"] + ".tmp"}, root / "data")
    except DataValidationError:
        temporary.unlink()
        raise
    return temporary, target


def check_unrecorded_sources(root: Path) -> None:
    """Check the resources no derivation writes (tables kept as shipped) if they changed."""
    for descriptor in read_datapackage(root)["resources"]:
        if descriptor["name"] not in BUILDERS and not is_recorded(descriptor, root / "data"):
            validate_resource(descriptor, root / "data")


def prepare_all(root: Path) -> list[Path]:
    """Build, write and check every table; rename them into place only if all succeeded."""
    written = []
    try:
        for name, build in BUILDERS.items():
            written.append(write_checked_temporary(name, build(root / "data"), root))
        check_unrecorded_sources(root)
    except Exception:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in written:
        os.replace(temporary, target)
    record_checks(root)
    return [target for _, target in written]


def main() -> int:
    root = project_root()
    try:
        targets = prepare_all(root)
    except (DataValidationError, FileNotFoundError, KeyError, ValueError) as error:
        print(f"prepare_data: {error}\ndata/processed/ was left as it was.", file=sys.stderr)
        return 1
    for target in targets:
        print(f"wrote {target.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
