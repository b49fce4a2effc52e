"""A chapter runs on its own: the notebook a reader downloads, executed in an empty folder
outside the repository, in a fresh virtual environment holding only the wheels of the book's
package and of the engine, and what they say they need (at the lock's versions). The book's
wheel carries its data (setup.py) and registers where (the entry point book_engine.books),
so nothing is fetched and no path is set."""

import os
import subprocess
import sys
from pathlib import Path

import nbformat

from book_engine.execution.glued import glued_values
from tests.conftest import ROOT, copy_book

CHAPTER = "book/09_barriers.ipynb"  # tables, the survey model (statsmodels), charts, glue
EXECUTE = """
import sys
import nbclient, nbformat
notebook = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
nbformat.write(notebook, sys.argv[2])
"""


def run(*command, cwd: Path, env: dict | None = None) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_a_downloaded_chapter_runs_in_an_empty_folder_from_the_wheel(tmp_path):
    source = copy_book(tmp_path / "source")  # pip builds in the tree: keep it out of ours
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
        "--wheel-dir", tmp_path / "wheels", source / "src" / "book_engine", source, cwd=tmp_path)
    book_wheel, = (tmp_path / "wheels").glob("activism_book-*.whl")
    engine_wheel, = (tmp_path / "wheels").glob("book_engine-*.whl")
    run(sys.executable, "-m", "venv", tmp_path / "fresh", cwd=tmp_path)
    python = tmp_path / "fresh" / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--constraint", ROOT / "requirements.txt",
        book_wheel, engine_wheel, "ipykernel", "nbclient", cwd=tmp_path)

    anywhere = tmp_path / "anywhere"
    anywhere.mkdir()
    downloaded = anywhere / Path(CHAPTER).name
    downloaded.write_bytes((ROOT / CHAPTER).read_bytes())
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("BOOK_ROOT", "PYTHONPATH", "VIRTUAL_ENV")}
    run(python, "-c", EXECUTE, downloaded.name, "executed.ipynb", cwd=anywhere,
        env=environment)

    executed = nbformat.read(anywhere / "executed.ipynb", as_version=4)
    committed = nbformat.read(ROOT / CHAPTER, as_version=4)
    assert glued_values(executed) == glued_values(committed)
    assert not (anywhere / "data").exists()  # it read the wheel's copy, wrote nothing here
