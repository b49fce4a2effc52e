"""What each raw file truly is, from ``data/sources.json``: the data availability statement.

A raw file is the publisher's own file, a mirror's copy of it, a third party's edition of the
data, a subset made here, rows compiled by hand from quoted pages, a transcription or an
extraction. The record says which, per group of files, with the mirror and the meaning of its
date, and the book's appendix and ``data/README.md`` render it rather than retype it.
"""

import json
from fnmatch import fnmatch
from pathlib import Path

SOURCES = Path("data") / "sources.json"
RAW = Path("data") / "raw"
README = Path("data") / "README.md"
NOT_RECORDED = {"PROVENANCE.md", "SHA256SUMS"}  # written here, about the files, not data
KINDS = {
    "publisher-file": "the publisher's own file, as released",
    "mirror-copy": "the publisher's file, copied whole and unmodified from a third-party mirror",
    "third-party-edition": "the publisher's data as a third party republished them, in its own "
                           "format",
    "subset": "a subset made here from a larger file, by the rule given",
    "hand-compiled": "rows compiled by hand from quoted pages, each with the page's address and "
                     "the exact quote",
    "transcription": "transcribed by hand from the paper",
    "extraction": "the text of the published article, as extracted",
    "editorial": "chosen by this book: an editorial table, not data from a source",
    "placeholder": "a placeholder typed to show a new book's template (book-engine new), not "
                   "data about the world: replace it with your data",
}
README_START = "<!-- availability: generated from data/sources.json by `make data` -->"
README_END = "<!-- end of availability -->"


def read_sources(root: Path) -> list[dict]:
    return json.loads((root / SOURCES).read_text(encoding="utf-8"))["sources"]


def file_groups(root: Path) -> list[dict]:
    """One entry per group of files: the group's record with its source's folder, publisher,
    rights and date (unless the group has a date of its own)."""
    return [{"date": source["date"], **group, "folder": source["folder"],
             "publisher": source["publisher"], "rights": source.get("rights")}
            for source in read_sources(root) for group in source["files"]]


def raw_files(root: Path) -> list[str]:
    """Every data file under ``data/raw/``, relative to it."""
    return sorted(path.relative_to(root / RAW).as_posix() for path in (root / RAW).rglob("*")
                  if path.is_file() and path.name not in NOT_RECORDED)


def group_of_each_file(root: Path) -> dict[str, list[dict]]:
    """Each raw file and the groups of the record that match it (exactly one, when the record
    is right)."""
    groups = file_groups(root)
    return {path: [group for group in groups
                   if any(fnmatch(path, f"{group['folder']}/{pattern}")
                          for pattern in group["files"])]
            for path in raw_files(root)}


def kind_of(root: Path, path: str) -> str:
    """What a file the book loads as it is is, in words: ``path`` is relative to ``data/``
    ('raw/x/y.csv'); outside ``raw/`` it is one of the book's editorial tables."""
    if not path.startswith("raw/"):
        return KINDS["editorial"]
    group, = group_of_each_file(root)[path.removeprefix("raw/")]
    return KINDS[group["kind"]]


def obtained_from(group: dict) -> str:
    """The mirror a group was copied from, or what it was made from here."""
    mirror = group.get("mirror")
    if mirror is None:
        return group["obtained"]
    return f"{mirror['name']} ({mirror['address']}), commit {mirror['commit'][:12]}"


def availability_rows(root: Path) -> list[dict[str, str]]:
    """The data availability statement, a row per group of raw files."""
    return [{
        "Files": ", ".join(f"{group['folder']}/{pattern}" for pattern in group["files"]),
        "Publisher": group["publisher"],
        "What they are": f"{KINDS[group['kind']]}: {group['how']}",
        "Obtained from": obtained_from(group),
        "Date": f"{group['date']['value']} ({group['date']['means']})",
        "Rights": rights_text(group["rights"]),
    } for group in file_groups(root)]


# The rights of the book's own editorial tables (data/editorial/), as LICENSE.md gives them
EDITORIAL_RIGHTS = {"licence": "CC-BY-4.0", "stated": True,
                    "statement": "This book's own editorial table (CC-BY 4.0, LICENSE.md)."}


def editorial_files(root: Path) -> list[str]:
    """The book's editorial tables, relative to ``data/``."""
    return sorted(path.relative_to(root / "data").as_posix()
                  for path in (root / "data" / "editorial").glob("*.csv"))


def rights_text(rights: dict) -> str:
    stated = "" if rights["stated"] else ", no licence stated"
    return f"{rights['licence']}{stated}: {rights['statement']}"


def files_without_rights(root: Path) -> list[str]:
    """The raw files whose source records no statement of rights (a licence, or that none is
    stated): a release stops at any."""
    return [path for path, groups in group_of_each_file(root).items()
            if not any((group["rights"] or {}).get("statement") for group in groups)]


def availability_markdown(root: Path) -> str:
    """The statement as the Markdown table ``data/README.md`` carries between its markers."""
    rows = availability_rows(root)
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    for row in rows:
        files = ", ".join(f"`{pattern}`" for pattern in row["Files"].split(", "))
        lines.append("| " + " | ".join([files, *list(row.values())[1:]]) + " |")
    return "\n".join([README_START, *lines, README_END])


def write_readme_statement(root: Path) -> bool:
    """Put the generated statement between the markers of ``data/README.md``; return whether
    the file changed."""
    path = root / README
    text = path.read_text(encoding="utf-8")
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    updated = text[:start] + availability_markdown(root) + text[end:]
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text
