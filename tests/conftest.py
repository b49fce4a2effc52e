"""Shared fixtures: the repository root and a strict build of the book from a clean state."""

import shutil
from pathlib import Path

import pytest
import yaml

from activism_book.build import build

ROOT = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(".venv*", "_build", ".git", "__pycache__", "*.egg-info")


def copy_book(target: Path) -> Path:
    """A copy of the book's sources (no venv, build or git folders) to break on purpose."""
    shutil.copytree(ROOT, target, ignore=NOT_COPIED)
    return target


def toc() -> dict:
    return yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The HTML of a strict build of a copy of the book (so that the build can never write to
    the working tree) into an empty folder; fails the test run if the build fails."""
    output = tmp_path_factory.mktemp("strict-build")
    result = build(copy_book(output / "book"), output, capture=True)
    log = result.stdout[-4000:] + result.stderr[-4000:]
    assert result.returncode == 0, f"strict build failed:\n{log}"
    assert "chapters: 0 executed" in result.stdout, "committed outputs are stale: `make book`"
    return output / "_build" / "html"
