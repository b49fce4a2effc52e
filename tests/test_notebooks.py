"""Committed notebook outputs are deterministic and come from scripts/execute_notebooks.py."""

import re
import shutil

import nbformat
import pytest

from conftest import ROOT
from execute_notebooks import execute_in_place

CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
UNSTABLE = {
    "memory address": re.compile(r"\b0x[0-9a-fA-F]{6,16}\b"),
    # uuid4s (canonical form) and altair's default element ids; altair's "data-<md5>" dataset
    # names are content hashes, stable by construction, and allowed.
    "random id": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                            r"|altair-viz-[0-9a-f]{32}|id=\"T_[0-9a-f]{5}"),
    "clock time": re.compile(r"\b\d\d:\d\d:\d\d\b"),
    "absolute path": re.compile(r"(/work/|/tmp/|/home/|/root/|site-packages|ipykernel_\d+)"),
}


def output_texts(path):
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            yield output.get("text", "")
            yield from (str(value) for value in output.get("data", {}).values())


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_outputs_hold_nothing_that_changes_between_runs(chapter):
    found = [(kind, match.group(0)) for text in output_texts(chapter)
             for kind, pattern in UNSTABLE.items() if (match := pattern.search(text))]
    assert found == []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_outputs_are_committed_and_no_cell_writes_to_stderr(chapter):
    cells = [c for c in nbformat.read(chapter, as_version=4).cells if c.cell_type == "code"]
    assert all(cell.get("execution_count") for cell in cells), "run `make notebooks`"
    streams = [o for c in cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert streams == []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_re_executing_leaves_the_committed_file_byte_identical(chapter, tmp_path):
    copy = tmp_path / "book" / chapter.name
    copy.parent.mkdir()
    shutil.copy(chapter, copy)
    (tmp_path / "data").symlink_to(ROOT / "data")
    shutil.copy(ROOT / "_config.yml", tmp_path)
    execute_in_place(copy)
    assert copy.read_bytes() == chapter.read_bytes(), "run `make notebooks` and commit"


PATH_OPENERS = re.compile(
    r"read_csv|read_excel|read_r\(|open\(|Path\(|\.\./data|data/raw|data/processed"
)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapters_load_data_only_through_the_package(chapter):
    code = [c.source for c in nbformat.read(chapter, as_version=4).cells if c.cell_type == "code"]
    assert [line for cell in code for line in cell.splitlines() if PATH_OPENERS.search(line)] == []
