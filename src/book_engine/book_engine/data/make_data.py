"""`make data`: derive the processed tables whose sources changed, from the one record.

Each derived resource of ``data/datapackage.json`` has a ``derivation`` record: the function
that builds it, the files under ``data/`` it reads, and ``made_from``, the fingerprints of
those files and of the derivation's code when the table was last made
(:mod:`book_engine.data.fingerprints`, the same mechanism that keeps the chapters fresh). A table
is derived again only when one of them changed, or the table's file is not the one recorded;
each is written to a temporary file and checked against its schema, and only when every
derivation has succeeded are the tables renamed into place and the record updated. A failure
leaves every table and the record as they were.

Why not doit or Snakemake: their state lives in a local database that a clone does not have,
so a fresh clone would rebuild every table; the record here is committed with the tables.
"""

import os
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import pandas as pd

from book_engine.data.derivations import Inputs, inputs_for
from book_engine.data.descriptors import read_datapackage, write_datapackage
from book_engine.data.fingerprints import changed, code_record, current
from book_engine.data.provenance import write_readme_statement
from book_engine.data.validation import (
    DataValidationError,
    check_table,
    checked_record,
    is_recorded,
    validate_resource,
)

# What bad input raises while tables are derived: the message names file, line and column.
INPUT_ERRORS = (DataValidationError, FileNotFoundError, KeyError, ValueError)


def derivation_function(spec: str) -> Callable[[Inputs], pd.DataFrame]:
    """The function a record names as ``package.module:function``."""
    module, _, name = spec.partition(":")
    return getattr(import_module(module), name)


def made_from(derivation: dict, root: Path) -> dict[str, str]:
    """The fingerprints of what the derivation reads and runs, as they are now."""
    record = {f"file:data/{entry}": current(f"file:data/{entry}", root)
              for entry in derivation["inputs"]}
    record.update(code_record(derivation_function(derivation["function"])))
    return dict(sorted(record.items()))


def function_module(derivation: dict) -> str:
    return derivation["function"].partition(":")[0]


def stale_reasons(descriptor: dict, root: Path) -> list[str]:
    """Why a derived table must be made again; [] when it is up to date.

    Compares the recorded fingerprints with what they are now, as the chapters do, without
    importing the derivation: cheap enough to run before every build. Any edit to code the
    derivation ran changes a recorded module's fingerprint, so the record's keys stay complete
    until one of them changes, and :func:`made_from` then finds the new ones."""
    derivation, data_dir = descriptor["derivation"], root / "data"
    recorded = derivation.get("made_from", {})
    inputs = {f"file:data/{entry}" for entry in derivation["inputs"]}
    recorded_files = {key for key in recorded if key.startswith("file:")}
    reasons = [f"{key} changed" for key in changed(recorded, root)]
    reasons += [f"{key} is a new input" for key in sorted(inputs - recorded_files)]
    reasons += [f"{key} is no longer an input" for key in sorted(recorded_files - inputs)]
    if f"module:{function_module(derivation)}" not in recorded:
        reasons.append(f"its derivation is now {derivation['function']}")
    path = data_dir / descriptor["path"]
    if not path.is_file():
        reasons.append(f"data/{descriptor['path']} is missing")
    elif not is_recorded(descriptor, data_dir):
        checked = checked_record(descriptor, data_dir)
        reasons.append("its schema changed" if checked["hash"] == descriptor.get("hash")
                       else f"data/{descriptor['path']} is not the file it recorded")
    return reasons


def write_checked_temporary(descriptor: dict, table: pd.DataFrame,
                            data_dir: Path) -> tuple[Path, Path]:
    """Write ``table`` to a temporary file beside its target and check it against the
    resource's schema; return (temporary, target). A file that fails is removed."""
    target = data_dir / descriptor["path"]
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    table.to_csv(temporary, index=False, lineterminator="\n", encoding="utf-8")
    try:
        check_table(temporary, descriptor["schema"],
                    f"data/{descriptor['path']} (as derived, not written)")
    except DataValidationError:
        temporary.unlink()
        raise
    return temporary, target


def derive_stale(package: dict, root: Path, log: Callable[[str], None]) -> list[tuple]:
    """Derive and check every stale table into a temporary file; check every table that no
    derivation makes (kept as shipped) if it changed. Returns (descriptor, made_from,
    temporary, target) for each derived table; on failure removes the temporaries."""
    data_dir, written = root / "data", []
    try:
        for descriptor in package["resources"]:
            derivation = descriptor.get("derivation")
            if derivation is None:
                if not is_recorded(descriptor, data_dir):
                    validate_resource(descriptor, data_dir)
                continue
            reasons = stale_reasons(descriptor, root)
            if not reasons:
                continue
            log(f"deriving {descriptor['name']}: {'; '.join(reasons)}")
            now = made_from(derivation, root)
            table = derivation_function(derivation["function"])(inputs_for(descriptor, data_dir))
            written.append((descriptor, now, *write_checked_temporary(descriptor, table, data_dir)))
    except Exception:
        for *_, temporary, _target in written:
            temporary.unlink(missing_ok=True)
        raise
    return written


def make_data(root: Path, log: Callable[[str], None] = print) -> list[str]:
    """Bring every table of the book's data package up to date; return the names derived."""
    package = read_datapackage(root)
    written = derive_stale(package, root, log)
    for descriptor, now, temporary, target in written:
        os.replace(temporary, target)
        descriptor["derivation"]["made_from"] = now
    data_dir, changed = root / "data", bool(written)
    for descriptor in package["resources"]:
        if not is_recorded(descriptor, data_dir):
            descriptor.update(checked_record(descriptor, data_dir))
            changed = True
    if changed:
        write_datapackage(root, package)
    write_readme_statement(root)
    return [descriptor["name"] for descriptor, *_ in written]


def make_data_command(root: Path) -> int:
    """`make data` as a command: derive, say how many tables were derived, and on bad input
    print the file, line and column (no traceback) and return 1."""
    try:
        derived = make_data(root)
    except INPUT_ERRORS as error:
        print(f"make data: {error}\ndata/processed/ was left as it was.", file=sys.stderr)
        return 1
    print(f"{len(derived)} tables derived; the others were up to date.")
    return 0
