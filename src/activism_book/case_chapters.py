"""The case-study chapters, one per row of ``data/editorial/case_studies.csv``, all made from
the one template ``book/_case_study.md``.

Every case is read by the same code, so the cases can be compared, and a case is added with
data: a row of the table, its events, and its chapter in ``_toc.yml``. The chapters are
written before the build brings the chapters up to date, and only when their text changes;
they are committed like any chapter, with their executed notebooks.
"""

import csv
import re
from pathlib import Path

from book_engine.data.paths import write_if_changed
from book_engine.execution.markup import literal

TEMPLATE = Path("book") / "_case_study.md"
CASE_STUDIES = Path("data") / "editorial" / "case_studies.csv"
IDENTIFIERS = {"case": "[a-z0-9_]+", "glue_prefix": "[a-z]+"}


def case_studies(root: Path) -> list[dict[str, str]]:
    with (root / CASE_STUDIES).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def chapter_text(template: str, case: dict[str, str]) -> str:
    """The template with the case's values in place of ``{{case}}``, ``{{campaign}}``,
    ``{{title}}`` and ``{{prefix}}``: the identifiers as they are (their patterns are
    checked), the texts escaped so that they show as written and never become markup."""
    values = {"case": case["case"], "prefix": case["glue_prefix"],
              "campaign": literal(case["campaign"]), "title": literal(case["title"])}
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", value)
    return template


def check_identifiers(cases: list[dict[str, str]]) -> None:
    """Stop at the first case or glue prefix that is not a plain identifier: they are written
    into the chapters' code and labels as they are."""
    for line, case in enumerate(cases, start=2):
        for column, pattern in IDENTIFIERS.items():
            if not re.fullmatch(pattern, case[column]):
                raise ValueError(
                    f"data/{CASE_STUDIES.relative_to('data').as_posix()}, line {line}, "
                    f"column '{column}': {case[column]!r} does not match {pattern}")


def write_case_chapters(root: Path) -> list[Path]:
    """Write each case's chapter where its text differs; return those written."""
    if not (root / CASE_STUDIES).is_file() or not (root / TEMPLATE).is_file():
        return []  # a book without case studies
    template = (root / TEMPLATE).read_text(encoding="utf-8")
    cases, written = case_studies(root), []
    check_identifiers(cases)
    for case in cases:
        path = root / f"{case['chapter']}.md"
        if write_if_changed(path, chapter_text(template, case)):
            written.append(path)
    return written
