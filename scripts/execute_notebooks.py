"""Re-execute chapter notebooks in place so their committed outputs are fresh and byte-stable.

    python scripts/execute_notebooks.py            # every notebook in book/
    python scripts/execute_notebooks.py book/01_introduction.ipynb

Unlike `jupyter execute --inplace`, this records no execution timestamps, so re-running an
unchanged notebook leaves the file byte-identical (nbval then compares these outputs).
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

BOOK_DIR = Path(__file__).resolve().parent.parent / "book"
TIMEOUT_SECONDS = 300


def execute_in_place(path: Path) -> None:
    """Run every cell of ``path`` with its own folder as working directory, then save it."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT_SECONDS,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nbformat.write(notebook, path)


def main(arguments: list[str]) -> int:
    paths = [Path(a) for a in arguments] or sorted(BOOK_DIR.glob("*.ipynb"))
    for path in paths:
        execute_in_place(path)
        print(f"executed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
