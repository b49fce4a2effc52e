"""``REPLICATION.md``, the replication package's README in the order the social-science data
editors' template gives (data availability and provenance, computational requirements,
description of programs, instructions, list of tables and programs, references).

Its facts are read, never typed: the citation from ``CITATION.cff``; the sources, their
rights and dates from ``data/sources.json``; every data file from the data package and the raw
folder; the run times from the README's Speed table (measured by ``make bench``); the seeds
from the chapters' code; and the list of tables and figures from the chapters themselves: each
numbered table with the code cell that prints it, each numbered figure with the code cell
that computes the chart it shows (as the map of numbers links it), and the tables each
chapter loads, from its executed notebook's record. Every build writes it anew.
"""

import json
import re
from pathlib import Path

import nbformat

from book_engine.data import provenance
from book_engine.data.descriptors import read_datapackage
from book_engine.data.fingerprints import book_packages
from book_engine.data.paths import write_if_changed
from book_engine.execution.chapters import Chapter, chapters_in_toc
from book_engine.execution.displays import CELL_ANCHOR, displays, tables_loaded
from book_engine.execution.markup import headings
from book_engine.publishing import citation as cff

REPLICATION = "REPLICATION.md"
MARKDOWN_SIGNS = re.compile(r"([\\|*\[\]<>])")  # a code span in a caption stays one
SEED = re.compile(r"default_rng\((\d+)\)|seed\((\d+)\)")
SPEED = re.compile(r"^## Speed\n\n(?P<how>.*?)\n\n(?P<table>\| scenario \|.*?)(?=\n\n)",
                   re.MULTILINE | re.DOTALL)


def cell(text) -> str:
    """Text from data as text in a Markdown table: the signs that would make markup or end
    the cell escaped."""
    return MARKDOWN_SIGNS.sub(r"\\\1", str(text))


def table(header: list[str], rows: list[list]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(cell(value) for value in row) + " |" for row in rows)]


def chapter_title(chapter: Chapter) -> str:
    return next(iter(headings(chapter.text.read_text(encoding="utf-8"))), chapter.name)


def programs_list(root: Path) -> list[str]:
    rows = []
    for chapter in chapters_in_toc(root):
        text = chapter.text.relative_to(root).as_posix()
        page = chapter.text.relative_to(root).with_suffix(".html").as_posix()
        loaded = ", ".join(tables_loaded(nbformat.read(chapter.notebook, as_version=4)))
        for display in displays(chapter):
            anchor = CELL_ANCHOR.format(index=display.cell_index)
            rows.append([display.label, display.kind, display.caption,
                         f"{text}, code cell {display.code_cell} ({page}#{anchor})",
                         loaded or "none"])
    return table(["label", "kind", "caption (first sentence)", "program: chapter, code cell "
                  "(its anchor in the site)", "tables the chapter loads"], rows)


def sources_list(root: Path) -> list[str]:
    rows = [[source["folder"], source["publisher"],
             f"{source['date']['value']} ({source['date']['means']})",
             source["rights"]["licence"], "yes" if source["rights"]["stated"] else "no",
             source["rights"]["statement"]]
            for source in provenance.read_sources(root)]
    return table(["folder under data/raw/", "publisher", "date (what it means)", "licence",
                  "licence stated by the publisher", "statement about rights"], rows)


def datasets_list(root: Path) -> list[str]:
    package = json.loads((root / "data" / "datapackage.json").read_text("utf-8"))
    rows = [[f"data/{resource['path']}", resource["title"],
             ", ".join(licence["name"] for licence in resource["licenses"]), "yes"]
            for resource in package["resources"]]
    return table(["file", "what it is", "licence", "provided"], rows)


def seeds(root: Path) -> list[str]:
    found = []
    for chapter in chapters_in_toc(root):
        for match in SEED.finditer(chapter.text.read_text(encoding="utf-8")):
            found.append(f"- `{chapter.text.relative_to(root).as_posix()}`: seed "
                         f"{match[1] or match[2]}")
    return found or ["- none: no chapter draws random numbers"]


def speed_table(root: Path) -> list[str]:
    """The README's Speed table with the paragraph that says how and when it was measured."""
    match = SPEED.search((root / "README.md").read_text(encoding="utf-8"))
    if not match:
        return ["(no Speed table in README.md)"]
    return [" ".join(match["how"].split()), *match["table"].splitlines()]


def package_folder(root: Path, package: str) -> str:
    """Where package ``package`` (a dotted name) is among the book's sources, under ``src/``."""
    found = sorted((root / "src").glob(f"**/{package.replace('.', '/')}/__init__.py"))
    return f"{found[0].parent.relative_to(root).as_posix()}/" if found else package


def derivation_folders(root: Path) -> list[str]:
    """The folders of the packages that hold the derivations, from their records."""
    packages = {resource["derivation"]["function"].partition(":")[0].rpartition(".")[0]
                for resource in read_datapackage(root)["resources"] if "derivation" in resource}
    return [package_folder(root, package) for package in sorted(packages)]


def replication_markdown(root: Path) -> str:
    citation = cff.read_citation(root)
    raw_count, pins = len(provenance.raw_files(root)), len(
        [line for line in (root / "requirements.txt").read_text("utf-8").splitlines()
         if "==" in line])
    sections = [
        f"# Replication package: {citation['title']}",
        "<!-- generated by the build (book_engine.publishing.replication) from CITATION.cff, "
        "data/sources.json, data/datapackage.json, the chapters and the README's Speed "
        "table; do not edit -->",
        "## Overview",
        f"Version {cff.version(citation)}. Cite as: {cff.text_citation(citation)}",
        "The code in this package computes every table, figure and number of the book from "
        "the data in `data/`. Two commands rebuild and check everything: `make book` (the "
        "website) and `make test` (every test, the chapters re-executed and compared with "
        "their committed outputs). The book's appendix *Data and provenance* and "
        "`data/README.md` say the same about the data at greater length.",
        "## Data availability and provenance statements",
        "### Statement about rights",
        "- Every file the book uses is shipped in `data/raw/` (some are subsets made here, or "
        "rows compiled by hand from quoted pages: the table below says which), with its "
        "provenance (`PROVENANCE.md` in each folder) and checksum (`data/raw/SHA256SUMS`).",
        "- The table below states, for each source, the licence its publisher states, or "
        "that none is stated, and any condition its provenance records. Where no licence is "
        "stated, the files are shipped for citation and checking, cited to their publisher; "
        "they are not relicensed here, and any other reuse needs the publisher's terms.",
        "### Summary of availability",
        "- All data are publicly available, and the files the book uses are included in "
        "this package; nothing is fetched at build time. Not every source states a licence "
        "(see the table).",
        "### Details on each data source",
        *sources_list(root),
        "## Dataset list",
        f"Every table the chapters load is described, with its columns, units, source and "
        f"licence, in `data/datapackage.json`; the {raw_count} raw files are listed with "
        "their checksums in `data/raw/SHA256SUMS`.",
        *datasets_list(root),
        "## Computational requirements",
        "### Software requirements",
        f"- Python 3.11 (the lock is made and tested on it), pip and make; the {pins} "
        "Python packages pinned in "
        "`requirements.txt` (installed by `make` into `.venv/`); `environment.yml` wraps the "
        "same lock for conda.",
        "- For the tests and the PDF only: Debian's Chromium and Java "
        "(`default-jre-headless`), installed with apt by `make test` when run as root, and "
        "npm, which fetches the W3C HTML checker.",
        "### Controlled randomness",
        *seeds(root),
        "### Memory, runtime and storage requirements",
        "Measured by `make bench` on the reference machine (2 cores, 24 GiB of memory, "
        "Debian 12); from the README's Speed section:",
        *speed_table(root),
        "## Description of programs and code",
        *(f"- `{folder}`: one module per source; `make data` derives `data/processed/` from "
          "`data/raw/`." for folder in derivation_folders(root)),
        "- `book/`: the chapters, each a MyST Markdown notebook (`.md`, the code a reader "
        "sees) paired with its executed notebook (`.ipynb`).",
        f"- `{package_folder(root, 'book_engine')}`: the book engine, the build's machinery "
        "and the helpers the chapters import.",
        *(f"- `{package_folder(root, package)}`: the book's own code, the analyses its "
          "chapters share." for package in sorted(book_packages() - {"book_engine"})),
        "- `scripts/`: the commands behind the `make` targets; `tests/`: the tests.",
        "- Licence of the code: MIT; of the text: CC-BY 4.0 (`LICENSE.md`).",
        "## Instructions to replicators",
        "1. `rm -r data/processed && make data`: sets up `.venv/` from the lock and derives "
        "every processed table again from the raw files (the tests check that they come out "
        "byte for byte as shipped).\n"
        "2. `make notebooks`: executes every chapter and builds the site into "
        "`_build/html/`. (`make book` does the same but executes only the chapters whose "
        "code or data changed: on a fresh copy, none.)\n"
        "3. `make test`: every test; among them, every chapter is executed again and its "
        "outputs compared with the committed ones (nbval).\n"
        "4. Optional: `make pdf` and `make student` build the PDF and the student edition.",
        "## List of tables and programs",
        "Each numbered table and figure of the book, the chapter and code cell that produce "
        "it, and the tables that chapter loads. The map of numbers (the book's page *Where "
        "each number comes from*) links every number in the prose to its cell the same way.",
        *programs_list(root),
        "## References",
        *(data_citation(group) for group in provenance.file_groups(root)),
        *(f"- {reference_text(reference)}" for reference in citation.get("references", [])),
    ]
    return "\n\n".join(join_tables(sections)) + "\n"


def data_citation(group: dict) -> str:
    """A group of raw files cited: publisher, date, what they are, where they were obtained."""
    files = ", ".join(f"`data/raw/{group['folder']}/{pattern}`" for pattern in group["files"])
    how = group["how"][:1].upper() + group["how"][1:]
    return (f"- {group['publisher']} ({group['date']['value']}). {how}. "
            f"Obtained from: {provenance.obtained_from(group)}. In this package: {files}.")


def reference_text(reference: dict) -> str:
    authors = ", ".join(f"{author['family-names']}, {author['given-names']}"
                        for author in reference["authors"])
    return f"{authors} ({reference['year']}). {reference['title']}. {reference['journal']}."


def join_tables(parts: list[str]) -> list[str]:
    """Rows of a table (and items of a list) on consecutive lines, blocks apart."""
    blocks: list[str] = []
    for part in parts:
        joined = blocks and part[:1] in "|-" and blocks[-1][:1] == part[:1]
        if joined:
            blocks[-1] += "\n" + part
        else:
            blocks.append(part)
    return blocks


def write_replication(root: Path) -> bool:
    """Write ``REPLICATION.md``; return whether it changed."""
    return write_if_changed(root / REPLICATION, replication_markdown(root))
