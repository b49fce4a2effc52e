"""references.bib is well formed, and a citation of an unknown key fails the build."""

import shutil

from book_engine.bibliography.bibtex import bibliography_problems
from book_engine.publishing.build import build
from tests.conftest import ROOT


def test_references_bib_has_no_duplicate_key_or_missing_field():
    assert bibliography_problems(ROOT / "references.bib") == []


def test_an_unknown_citation_key_fails_the_build(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(ROOT / "references.bib", book)
    (book / "_config.yml").write_text(
        "title: citation check\nbibtex_bibfiles: [references.bib]\n",
        encoding="utf-8",
    )
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    index = "# Index\n\nAs shown {cite:p}`nosuchkey2099`.\n"
    (book / "index.md").write_text(index, encoding="utf-8")
    result = build(book, tmp_path / "out", capture=True)
    assert result.returncode != 0
    assert "nosuchkey2099" in result.stdout + result.stderr
