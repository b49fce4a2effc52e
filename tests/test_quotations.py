"""Every quotation of the paper in the chapters is exact, spelling and all."""

import re

import nbformat
import pytest

from tests.conftest import ROOT

PAPER = " ".join((ROOT / "data" / "raw" / "khalid2025" / "paper.txt").read_text("utf-8").split())
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')
MIN_WORDS = 4  # shorter quoted strings are words under discussion, not quotations


def quotations(path) -> list[str]:
    """Block quotes, and double-quoted spans of MIN_WORDS or more words, in markdown cells."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        found += [line[2:] for line in cell.source.splitlines() if line.startswith("> ")]
        spans = (a or b for a, b in QUOTED.findall(cell.source))
        found += [span for span in spans if len(span.split()) >= MIN_WORDS]
    return [" ".join(quote.split()) for quote in found]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_quotations_appear_verbatim_in_the_paper(chapter):
    missing = [quote for quote in quotations(chapter) if quote not in PAPER]
    assert missing == []
