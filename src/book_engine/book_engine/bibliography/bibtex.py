"""references.bib: checked (it parses, no key repeats, no entry lacks a required field) and
read as a table.

pybtex reports a repeated key only as a warning in Sphinx, and a missing field only as a gap
in the rendered list; the check turns both into errors naming the line.
"""

import re
from pathlib import Path

from pybtex.database import parse_file, parse_string

REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "book": ("author", "title", "publisher", "year"),
}
ENTRY_START = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def entry_lines(text: str) -> list[tuple[str, str, int]]:
    """(entry type, key, line number) of every entry, in file order."""
    return [
        (match.group(1).lower(), match.group(2), text.count("\n", 0, match.start()) + 1)
        for match in ENTRY_START.finditer(text)
    ]


def bibliography_problems(path: Path) -> list[str]:
    """Every problem found in the BibTeX file at ``path``, each naming file and line."""
    text = path.read_text(encoding="utf-8")
    problems, first_line = [], {}
    for entry_type, key, line in entry_lines(text):
        if key in first_line:
            problems.append(f"{path.name}, line {line}: duplicate key '{key}' "
                            f"(first at line {first_line[key]})")
            continue
        first_line[key] = line
        if entry_type not in REQUIRED_FIELDS:
            problems.append(f"{path.name}, line {line}: entry '{key}' has unsupported type "
                            f"@{entry_type}; use one of {', '.join(sorted(REQUIRED_FIELDS))}")
    if problems:
        return problems
    database = parse_string(text, "bibtex")
    for entry_type, key, line in entry_lines(text):
        entry = database.entries[key]
        present = {field.lower() for field in entry.fields} | set(entry.persons)
        for field in REQUIRED_FIELDS[entry_type]:
            if field not in present:
                problems.append(f"{path.name}, line {line}: entry '{key}' lacks required "
                                f"field '{field}'")
    return problems


def plain(text: str) -> str:
    """A BibTeX field as text: braces that protect capitals dropped, escapes undone."""
    return text.replace("{", "").replace("}", "").replace("\\&", "&")


def entries(path: Path) -> list[dict]:
    """Every entry of the BibTeX file at ``path``: key, type, year, authors' surnames, title,
    venue (journal or institution) and identifier (DOI or URL; empty if none)."""
    return [{
        "key": key,
        "type": entry.type,
        "year": int(entry.fields["year"]),
        "surnames": [plain(" ".join(person.last_names)) for person in entry.persons["author"]],
        "title": plain(entry.fields["title"]),
        "venue": plain(entry.fields.get("journal") or entry.fields.get("institution", "")),
        "identifier": entry.fields.get("doi") or entry.fields.get("url", ""),
    } for key, entry in parse_file(str(path), "bibtex").entries.items()]
