"""A new book in minutes: ``book-engine new`` writes a book into an empty folder that builds,
follows an edit of its table, and passes its own tests, with nothing installed but the engine.

One fresh virtual environment holds the engine with its ``build`` extra (at the lock's
versions, so that pip can take them from its cache), and nothing of this book. The new book is
built strictly, its CSV edited, and built again by a bare ``jupyter-book build .``; then its
own ``make test`` runs in the same environment.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import ROOT, page_text

ENGINE = ROOT / "src" / "book_engine"
TABLE = Path("data/raw/example/example.csv")
CHAPTER = "book/01_example"
STATED = "The table has 3 rows, and their counts add up to {}."
# What this book's environment would lend the new book's processes: the new book sees only
# its own environment.
NOT_PASSED_ON = ("BOOK_ROOT", "PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")


def run(*command, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``command``; it must succeed (its output's end is shown if it does not)."""
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def fresh_environment(folder: Path, env: dict[str, str]) -> Path:
    """A new virtual environment with only the engine (and what it needs) installed; returns
    its ``bin`` folder. The engine is installed from a copy: pip builds in the tree."""
    source = shutil.copytree(ENGINE, folder / "engine", ignore=shutil.ignore_patterns(
        "*.egg-info", "__pycache__", "build"))
    run(sys.executable, "-m", "venv", folder / "venv", cwd=folder, env=env)
    bin_folder = folder / "venv" / "bin"
    run(bin_folder / "pip", "install", "--quiet", f"{source}[build]", cwd=folder, env=env)
    return bin_folder


def new_book(book: Path, bin_folder: Path, env: dict[str, str]) -> Path:
    """``book-engine new`` into an empty folder; a second time, into the same folder, it
    refuses in one line."""
    run(bin_folder / "book-engine", "new", book, cwd=book.parent, env=env)
    refused = subprocess.run([bin_folder / "book-engine", "new", book], cwd=book.parent,
                             env=env, capture_output=True, text=True, check=False)
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "is not an empty folder" in refused.stderr
    return book


def test_a_new_book_builds_follows_its_data_and_passes_its_tests(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_ON}
    env["PIP_CONSTRAINT"] = str(ROOT / "requirements.txt")  # the lock's versions
    started = time.monotonic()
    bin_folder = fresh_environment(tmp_path, env)
    installed = time.monotonic()
    run(bin_folder / "python", "-c", "import importlib.util as u; "
        "assert u.find_spec('activism_book') is None", cwd=tmp_path, env=env)

    book = new_book(tmp_path / "book", bin_folder, env)
    jupyter_book = bin_folder / "jupyter-book"
    run(jupyter_book, "build", ".", "-W", "-n", "--keep-going", cwd=book, env=env)
    assert STATED.format(6) in page_text(book, CHAPTER)
    page = BeautifulSoup((book / "_build" / "html" / f"{CHAPTER}.html").read_text(
        encoding="utf-8"), "html.parser")
    assert page.select("button.search-button-field")  # the header's search control
    assert page.select(".bd-sidebar-primary .search-button-field") == []  # and no second
    assert page.select("button.search-button-field[aria-label]") == []  # named as it shows

    edited = (book / TABLE).read_text(encoding="utf-8").replace("third example row,3",
                                                                 "third example row,30")
    (book / TABLE).write_text(edited, encoding="utf-8")
    rebuilt = run(jupyter_book, "build", ".", cwd=book, env=env)
    assert "executing book/01_example.md: resource:example changed" in rebuilt.stdout
    assert STATED.format(33) in page_text(book, CHAPTER)

    tested = run("make", "test", f"VENV={bin_folder.parent}", cwd=book, env=env)
    assert "2 passed" in tested.stdout
    print(f"fresh environment {installed - started:.0f} s; "
          f"the rest {time.monotonic() - installed:.0f} s")
