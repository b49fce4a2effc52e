"""Build the book strictly into _build/staging/ and publish it to _build/html/ on success.

    python scripts/build_book.py                 # `make book`: execute the stale chapters only
    python scripts/build_book.py --execute-all   # `make notebooks`: execute every chapter

The engine's `book-engine build` (book_engine.cli). A failed build leaves the previously
published site as it was; its last line is the error.
"""

import sys

from book_engine.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
