"""CITATION.cff names this book as _config.yml does and the paper as references.bib does,
validates against the Citation File Format's published schema, and is rendered whole: as text
and BibTeX on the citation page, and as Zenodo's deposit metadata."""

import yaml
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from book_engine.publishing.citation import (
    bibtex,
    read_citation,
    schema_errors,
    text_citation,
    zenodo_metadata,
)
from tests.conftest import ROOT, squeezed

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


def test_the_citation_file_validates_against_the_published_schema():
    assert schema_errors(read_citation(ROOT)) == []


def test_a_citation_file_the_schema_refuses_names_the_field():
    broken = {**read_citation(ROOT), "date-released": "2026-13-01", "authors": []}
    errors = schema_errors(broken)
    assert any(error.startswith("CITATION.cff: date-released:") for error in errors), errors
    assert any(error.startswith("CITATION.cff: authors:") for error in errors), errors


RELEASED = {**read_citation(ROOT), "version": "1.2.0", "date-released": "2027-01-15",
            "url": "https://example.org/edition/", "doi": "10.5281/zenodo.123"}


def test_a_released_edition_is_cited_with_version_year_address_and_identifier():
    assert text_citation(RELEASED) == (
        f"The book's authors (2027). {CITATION['title']} (Version 1.2.0). "
        "https://example.org/edition/ https://doi.org/10.5281/zenodo.123")
    entry = bibtex(RELEASED)
    assert entry.startswith("@misc{edition,\n  author = {{The book's authors}},")
    for field in ("year = {2027}", "version = {1.2.0}", "url = {https://example.org/edition/}",
                  "doi = {10.5281/zenodo.123}"):
        assert f"  {field}," in entry


UNRELEASED = {key: value for key, value in read_citation(ROOT).items()
              if key not in ("version", "date-released", "doi", "url")}  # as before a stamp


def test_an_unreleased_edition_says_what_it_lacks_instead_of_inventing_it():
    unreleased = UNRELEASED
    assert text_citation(unreleased).endswith(
        "(Version unreleased). [not yet published: no address] [not yet archived: no DOI]")
    assert "year" not in bibtex(unreleased)


def test_zenodo_reads_the_citation_converted():
    metadata = zenodo_metadata(RELEASED)
    assert metadata["title"] == CITATION["title"]
    assert metadata["creators"] == [{"name": "The book's authors"}]
    assert metadata["description"] == CITATION["abstract"]
    assert (metadata["version"], metadata["publication_date"], metadata["doi"]) == (
        "1.2.0", "2027-01-15", "10.5281/zenodo.123")
    assert metadata["license"] == "cc-by-4.0" and metadata["upload_type"] == "publication"


def test_the_citation_page_shows_the_citation_and_its_bibtex(built_site):
    page = squeezed(BeautifulSoup((built_site / "book" / "cite.html").read_text("utf-8"),
                                  "html.parser").get_text()).replace("\u2019", "'")  # smart
    assert squeezed(text_citation(read_citation(ROOT))) in page
    assert squeezed(bibtex(read_citation(ROOT))) in page
