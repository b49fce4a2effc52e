"""The set-up in the Makefile: a wrong Python is named before anything is installed, and a
virtual environment made by another Python is rebuilt, not reused (checked with `make -n`,
which prints what make would run)."""

import re
import shutil
import subprocess

from tests.conftest import ROOT

SET_UP_FILES = ("Makefile", "requirements.txt", "pyproject.toml", "src/book_engine/pyproject.toml")
# Stands in for Python 3.10: it answers --version and fails the version check.
OLD_PYTHON = '#!/bin/sh\ncase "$1" in --version) echo "Python 3.10.12";; *) exit 1;; esac\n'


def make(folder, *arguments) -> subprocess.CompletedProcess:
    return subprocess.run(["make", *arguments], cwd=folder, capture_output=True, text=True,
                          check=False)


def set_up_folder(tmp_path):
    for name in SET_UP_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def test_a_python_older_than_3_11_is_named_in_one_line_and_nothing_is_installed(tmp_path):
    folder = set_up_folder(tmp_path)
    old_python = tmp_path / "python3.10"
    old_python.write_text(OLD_PYTHON, encoding="utf-8")
    old_python.chmod(0o755)
    result = make(folder, "test", f"PYTHON={old_python}")
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        f"The pinned lock needs Python 3.11 or newer; PYTHON={old_python} is Python 3.10.12. "
        "Try: make test PYTHON=python3.11")
    assert not (folder / ".venv").exists()


def test_a_venv_made_by_another_python_is_rebuilt_and_ours_is_reused(tmp_path):
    folder = set_up_folder(tmp_path)
    planned = make(folder, "-n", "book").stdout
    stamps = re.findall(r"touch (\.venv/\.[\w-]+)", planned)
    assert len(stamps) == 2  # the lock installed, then the book's package
    assert "--editable src/book_engine --editable ." in planned  # with the engine

    (folder / ".venv").mkdir()
    for stamp in stamps:
        (folder / re.sub(r"-\w+$", "-madebyanotherpython", stamp)).touch()
    assert "rm -rf .venv" in make(folder, "-n", "book").stdout

    for stamp in stamps:  # newer than the lock: made by this Python from this lock
        (folder / stamp).touch()
    assert "touch" not in make(folder, "-n", "book").stdout
