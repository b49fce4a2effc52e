"""Build the book strictly into _build/staging/ and publish it to _build/html/ on success.

    python scripts/build_book.py      # what `make book` runs

A failed build leaves the previously published site as it was; its last line is the error.
"""

import sys

from activism_book.build import build_and_publish
from activism_book.paths import project_root

if __name__ == "__main__":
    sys.exit(build_and_publish(project_root()))
