"""Bring every chapter's executed .ipynb up to date with its .md, as the build does.

    python scripts/execute_chapters.py           # execute only the stale chapters
    python scripts/execute_chapters.py --force   # execute every chapter (`make notebooks`)

Prints which chapters it executed and why; a chapter that fails is named with its cell and
error, and its .ipynb keeps its last good outputs.
"""

import argparse
import sys

from activism_book.chapters import ChapterFailed, bring_up_to_date
from activism_book.paths import project_root


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="execute every chapter")
    options = parser.parse_args(arguments)
    try:
        report = bring_up_to_date(project_root(), force=options.force)
    except ChapterFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    print(f"{len(report.executed)} chapters executed, {len(report.updated)} updated without "
          "executing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
