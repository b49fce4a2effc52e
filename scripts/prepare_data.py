"""Derive the tables in data/processed/ whose sources changed: what `make data` runs.

    python scripts/prepare_data.py

Which function builds which table from which raw files is written in data/datapackage.json
(each table's `derivation`); see book_engine.data.make_data. Prints each table it derives and
why; on bad input it names the file, line and column and leaves every table as it was.
"""

import sys

from book_engine.data.make_data import make_data_command
from book_engine.data.paths import project_root

if __name__ == "__main__":
    sys.exit(make_data_command(project_root()))
