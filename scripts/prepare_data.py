"""Derive the tables in data/processed/ whose sources changed: what `make data` runs.

    python scripts/prepare_data.py

Which function builds which table from which raw files is written in data/datapackage.json
(each table's `derivation`); see book_engine.data.make_data. Prints each table it derives and
why; on bad input it names the file, line and column and leaves every table as it was.
"""

import sys

from book_engine.data.make_data import INPUT_ERRORS, make_data
from book_engine.data.paths import project_root


def main() -> int:
    try:
        derived = make_data(project_root())
    except INPUT_ERRORS as error:
        print(f"prepare_data: {error}\ndata/processed/ was left as it was.", file=sys.stderr)
        return 1
    print(f"{len(derived)} tables derived; the others were up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
