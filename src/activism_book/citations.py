"""The paper's in-text citations, found in its text and matched against its reference list.

A citation is "Author (2019)", "(Author, 2019)", "(A & B, 2020; C, 2020)" or "(A and B
2021)": surnames and a year. It matches an entry of ``references.bib`` whose authors' surnames
and year are the same; a citation matching no entry, or several, is reported as such.
"""

import re

import pandas as pd

NARRATIVE = re.compile(r"\b([A-Z][a-z]+)(?: (?:&|and) ([A-Z][a-z]+))? \((\d{4})\)")
PARENTHETICAL = re.compile(r"\(([^()]*\b\d{4}\b[^()]*)\)")
CITED_WORK = re.compile(r"^([A-Z][a-z]+)(?: (?:&|and) ([A-Z][a-z]+))?,? (\d{4})$")
REFERENCE_LIST = "References"  # the heading after which the text is the list itself


def body_lines(paper: str) -> list[tuple[str, str]]:
    """(section heading, line) for every line of the paper before its reference list; a
    heading is a short line that is not a list item."""
    section, lines = "", []
    for line in paper.splitlines():
        stripped = line.strip()
        if stripped == REFERENCE_LIST:
            break
        if 2 < len(stripped) < 70 and not stripped.startswith(("-", "#")):
            section = stripped
        elif stripped:
            lines.append((section, stripped))
    return lines


def citations_in(paper: str) -> pd.DataFrame:
    """Every in-text citation: the text as printed, its section, surnames and year."""
    found = []
    for section, line in body_lines(paper):
        for match in NARRATIVE.finditer(line):
            found.append((section, match.group(0), match.group(1), match.group(2),
                          int(match.group(3))))
        for group in PARENTHETICAL.finditer(line):
            for part in group.group(1).split(";"):
                work = CITED_WORK.match(part.strip())
                if work:
                    found.append((section, part.strip(), work.group(1), work.group(2),
                                  int(work.group(3))))
    return pd.DataFrame(found, columns=["section", "as_printed", "first_author",
                                        "second_author", "year"])


def matches(citation: pd.Series, references: pd.DataFrame) -> list[str]:
    """Keys of the reference entries whose authors and year are the citation's."""
    same = (references["year"] == citation["year"]) & (
        references["surnames"].str[0] == citation["first_author"])
    if isinstance(citation["second_author"], str):
        same &= references["surnames"].str[1] == citation["second_author"]
    return list(references.loc[same, "key"])


def matched(citations: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """The citations with the entry each matches, or what went wrong."""
    keys = citations.apply(matches, axis=1, references=references)
    return citations.assign(
        entry=keys.map(lambda found: found[0] if len(found) == 1 else None),
        match=keys.map(lambda found: {0: "matches no entry", 1: "one entry"}.get(
            len(found), "matches several entries")),
    )
