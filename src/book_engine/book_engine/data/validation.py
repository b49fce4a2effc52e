"""Check a CSV file against a Frictionless Table Schema and say exactly what is wrong.

Frictionless finds the problems; this module words them so that a reader can open the file
and go straight to the cell: file, line (the header is line 1), column and value.
"""

import math
import re
from pathlib import Path

import pandas as pd

from book_engine.data.fingerprints import file_sha256, json_sha256

BYTE_POSITION = re.compile(r"position (\d+)")  # frictionless' words for a byte or a line


class DataValidationError(ValueError):
    """A data file breaks its schema. The message lists every problem found."""


def line_of_byte(path: Path, note: str) -> int | None:
    """The line holding the byte an encoding error names ('... in position 60 ...')."""
    match = BYTE_POSITION.search(note)
    return path.read_bytes()[: int(match.group(1))].count(b"\n") + 1 if match else None


def describe_error(error, path: Path, label: str, key: list[str]) -> str:
    """One problem as "file, line N, column 'c': what is wrong (value 'v')"; ``key`` is the
    schema's primary key, named when a row repeats it."""
    line = getattr(error, "row_number", None)
    if error.type.endswith("-label"):  # a problem of the header, which is line 1
        line = 1
    elif error.type == "encoding-error":
        line = line_of_byte(path, error.note)
    where = [label]
    if line:
        where.append(f"line {line}")
    if getattr(error, "field_name", None):
        where.append(f"column '{error.field_name}'")
    problem = error.title.lower() + (f": {error.note}" if error.note else "")
    if error.type == "primary-key":
        where.append("columns " + ", ".join(f"'{name}'" for name in key))
        first = BYTE_POSITION.search(error.note)
        problem = f"duplicate primary key, the same as line {first.group(1) if first else '?'}"
    text = f"{', '.join(where)}: {problem}"
    cell = getattr(error, "cell", None)
    if cell not in (None, ""):
        text += f" (value {cell!r})"
    return text


def require_file(path: Path, label: str) -> None:
    """Stop with the file's name if a file a derivation reads is not there."""
    if not path.is_file():
        raise DataValidationError(f"{label}: file not found")


def check_table(path: Path, schema: dict, label: str, max_listed: int = 20) -> None:
    """Raise :class:`DataValidationError` naming each cell of the UTF-8 CSV at ``path`` that
    breaks ``schema``; ``label`` is how messages name the file (e.g. 'data/raw/x.csv')."""
    require_file(path, label)
    descriptor = {"name": "table", "path": path.name, "format": "csv", "encoding": "utf-8",
                  "schema": schema}
    # Imported here: a chapter loading only tables that make data already checked never
    # needs frictionless, which takes a fifth of a second to import in every kernel.
    from frictionless import Resource

    report = Resource(descriptor, basepath=str(path.parent)).validate()
    errors = [error for task in report.tasks for error in task.errors]
    key = schema.get("primaryKey", [])
    lines = [describe_error(error, path, label, key) for error in errors]
    if not lines:
        lines = row_range_problems(path, schema, label)
    if not lines:
        return
    if len(lines) > max_listed:
        lines = [*lines[:max_listed], f"... and {len(lines) - max_listed} more problems"]
    raise DataValidationError(f"{label} breaks its schema:\n  " + "\n  ".join(lines))


def range_text(low: float, high: float) -> str:
    """A range in words: '0 to 100', 'at least 0'."""
    low_text, high_text = (f"{bound:.15g}" for bound in (low, high))
    return f"at least {low_text}" if high == math.inf else f"{low_text} to {high_text}"


def out_of_range(values: pd.Series, low, high) -> pd.Series:
    """Which values lie outside [low, high]; empty cells are never out of range."""
    return values.notna() & ((values < low) | (values > high))


def require_in_range(values: pd.Series, bounds: tuple[float, float], label: str, column: str,
                     first_line: int, why: str) -> None:
    """Stop at the first value of ``values`` outside ``bounds``, naming its file line (the
    first value is on ``first_line``), its column, and ``why`` the range applies."""
    bad = out_of_range(values, *bounds).to_numpy().nonzero()[0]
    if len(bad):
        raise DataValidationError(
            f"{label}, line {first_line + bad[0]}, column '{column}': "
            f"{values.iloc[bad[0]]:.15g} is outside {range_text(*bounds)}, {why}"
        )


def unit_ranges(field: dict) -> dict[str, tuple[float, float]]:
    """The (minimum, maximum) a field allows for each unit, from its ``unitRanges``."""
    return {unit: (bounds.get("minimum", -math.inf), bounds.get("maximum", math.inf))
            for unit, bounds in field["unitRanges"]["ranges"].items()}


def row_bounds(frame: pd.DataFrame, field: dict) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Each row's (minimum, maximum, what sets them) for a field whose range depends on the
    row. ``unitRanges`` looks the range up by the row's unit (a long table mixes percentages,
    counts and money); ``rangeFields`` reads it from two columns of the row (a score and the
    ends of its scale). A unit the schema gives no range gets none: it is reported."""
    if "unitRanges" in field:
        units = frame[field["unitRanges"]["column"]]
        ranges = unit_ranges(field)
        low = units.map(lambda unit: ranges.get(unit, (math.nan,) * 2)[0])
        high = units.map(lambda unit: ranges.get(unit, (math.nan,) * 2)[1])
        return low, high, "the range of unit '" + units.astype(str) + "'"
    low_column, high_column = field["rangeFields"]["minimum"], field["rangeFields"]["maximum"]
    why = f"the scale in columns '{low_column}' and '{high_column}'"
    return frame[low_column], frame[high_column], pd.Series(why, index=frame.index)


def row_range_problems(path: Path, schema: dict, label: str) -> list[str]:
    """Every cell outside the range its row allows (see :func:`row_bounds`), named by file,
    line and column. Frictionless checks only ranges that hold for a whole column."""
    fields = [f for f in schema["fields"] if "unitRanges" in f or "rangeFields" in f]
    if not fields:
        return []
    frame = pd.read_csv(path, keep_default_na=False, na_values=schema.get("missingValues", [""]),
                        encoding="utf-8")
    problems = []
    for field in fields:
        name, (low, high, why) = field["name"], row_bounds(frame, field)
        values = frame[name]
        for position in (values.notna() & low.isna()).to_numpy().nonzero()[0]:
            problems.append(f"{label}, line {position + 2}, column '{name}': {why.iloc[position]} "
                            "is not in the schema, so no value can be checked")
        for position in out_of_range(values, low, high).to_numpy().nonzero()[0]:
            allowed = range_text(low.iloc[position], high.iloc[position])
            problems.append(f"{label}, line {position + 2}, column '{name}': "
                            f"{values.iloc[position]:.15g} is outside {allowed}, "
                            f"{why.iloc[position]}")
    return problems


def validate_resource(descriptor: dict, data_dir: Path) -> None:
    """Check one resource of ``data/datapackage.json``; its ``path`` is relative to ``data_dir``."""
    path = descriptor["path"]
    check_table(data_dir / path, descriptor["schema"], f"data/{path}")


def checked_record(descriptor: dict, data_dir: Path) -> dict:
    """What ``make data`` records of a resource it has checked: the file's size and hash (the
    Data Package's ``bytes`` and ``hash``) and the hash of the schema it passed."""
    path = data_dir / descriptor["path"]
    return {"bytes": path.stat().st_size, "hash": f"sha256:{file_sha256(path)}",
            "schema_hash": f"sha256:{json_sha256(descriptor['schema'])}"}


def is_recorded(descriptor: dict, data_dir: Path) -> bool:
    """Whether the resource's file and schema are the ones ``make data`` checked and recorded."""
    now = checked_record(descriptor, data_dir)
    return all(descriptor.get(key) == value for key, value in now.items())


def ensure_valid(descriptor: dict, data_dir: Path) -> None:
    """Check a resource before it is loaded, fully only when it is not what was recorded.

    A file whose size, hash and schema match the record ``make data`` wrote was checked then;
    re-checking the 116,000-row survey table on every load would cost seconds. Any other file
    is checked cell by cell, and a valid file that is not the recorded one is refused too:
    the tables and the record would disagree about what the book is built from.
    """
    label = f"data/{descriptor['path']}"
    require_file(data_dir / descriptor["path"], label)
    if is_recorded(descriptor, data_dir):
        return
    validate_resource(descriptor, data_dir)
    if checked_record(descriptor, data_dir)["hash"] != descriptor.get("hash"):
        raise DataValidationError(
            f"{label} has changed since `make data` checked it and recorded its hash in "
            "data/datapackage.json; run `make data`"
        )


def require_columns(frame, columns, label: str) -> None:
    """Stop with the file's name if a column a derivation reads is missing."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise DataValidationError(f"{label}: missing column(s) {', '.join(map(str, missing))}")


def require_numbers(frame, columns, label: str, first_line: int) -> None:
    """Stop at the first cell of ``columns`` that is neither empty nor a number.

    ``first_line`` is the file line of the frame's first row, so messages point at the file.
    """
    for column in columns:
        values = frame[column]
        as_numbers = pd.to_numeric(values, errors="coerce")
        bad = values.notna() & as_numbers.isna()
        if bad.any():
            position = int(bad.to_numpy().nonzero()[0][0])
            raise DataValidationError(
                f"{label}, line {first_line + position}, column '{column}': "
                f"not a number (value {values.iloc[position]!r})"
            )

