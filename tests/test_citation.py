"""CITATION.cff names this book as _config.yml does, and the paper as references.bib does."""

import yaml
from pybtex.database import parse_file

from tests.conftest import ROOT

CITATION = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_the_citation_file_has_what_the_format_requires_and_the_books_title():
    assert CITATION["cff-version"] == "1.2.0"
    assert CITATION["message"] and CITATION["authors"]
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert CITATION["title"] == config["title"]


def test_the_paper_is_referenced_as_the_bibliography_has_it():
    paper = parse_file(str(ROOT / "references.bib"), "bibtex").entries["khalid2025social"]
    reference, = CITATION["references"]
    plain = str.maketrans("", "", "{}")
    assert reference["title"] == paper.fields["title"].translate(plain)
    assert reference["journal"] == paper.fields["journal"].translate(plain)
    assert reference["year"] == int(paper.fields["year"])
    author, = paper.persons["author"]
    assert reference["authors"] == [{"family-names": author.last_names[0],
                                     "given-names": author.first_names[0]}]
