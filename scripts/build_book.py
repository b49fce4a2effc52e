"""Build the book strictly into _build/staging/ and publish it to _build/html/ on success.

    python scripts/build_book.py                 # `make book`: execute the stale chapters only
    python scripts/build_book.py --execute-all   # `make notebooks`: execute every chapter

A failed build leaves the previously published site as it was; its last line is the error.
"""

import argparse
import sys

from book_engine.data.paths import project_root
from book_engine.publishing.build import build_and_publish

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute-all", action="store_true",
                        help="execute every chapter, not only those whose sources changed")
    sys.exit(build_and_publish(project_root(), parser.parse_args().execute_all))
