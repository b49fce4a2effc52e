"""Check a CSV file against its Frictionless Table Schema and say exactly what is wrong.

Frictionless finds the problems; this module words them so that a reader can open the file
and go straight to the cell: file, line (the header is line 1), column and value.
"""

from pathlib import Path

from frictionless import Resource


class DataValidationError(ValueError):
    """A data file breaks its schema. The message lists every problem found."""


def describe_error(error, file_label: str) -> str:
    """One problem as 'file, line N, column 'c': what is wrong (value 'v')'."""
    where = [file_label]
    if getattr(error, "row_number", None):
        where.append(f"line {error.row_number}")
    if getattr(error, "field_name", None):
        where.append(f"column '{error.field_name}'")
    text = f"{', '.join(where)}: {error.title.lower()}: {error.note}"
    cell = getattr(error, "cell", None)
    if cell not in (None, ""):
        text += f" (value {cell!r})"
    return text


def validate_resource(descriptor: dict, data_dir: Path, max_listed: int = 20) -> None:
    """Raise :class:`DataValidationError` naming each bad cell of the resource's file.

    ``descriptor`` is one resource of ``data/datapackage.json``; its ``path`` is relative to
    ``data_dir``.
    """
    path = data_dir / descriptor["path"]
    file_label = f"data/{descriptor['path']}"
    if not path.is_file():
        raise DataValidationError(f"{file_label}: file not found (resource '{descriptor['name']}')")
    report = Resource(descriptor, basepath=str(data_dir)).validate()
    if report.valid:
        return
    errors = [error for task in report.tasks for error in task.errors]
    lines = [describe_error(error, file_label) for error in errors[:max_listed]]
    if len(errors) > max_listed:
        lines.append(f"... and {len(errors) - max_listed} more problems")
    raise DataValidationError(
        f"{file_label} breaks its schema in data/datapackage.json "
        f"(resource '{descriptor['name']}'):\n  " + "\n  ".join(lines)
    )
