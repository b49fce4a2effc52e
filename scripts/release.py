"""The steps of `make release VERSION=x.y.z` (see the README, Releasing).

    python scripts/release.py check VERSION     # semantic version, clean tree, rights stated
    python scripts/release.py stamp VERSION [--date YYYY-MM-DD] [--url ADDRESS] [--doi DOI]
    python scripts/release.py package           # _build/release/edition-VERSION/ and its crate

`stamp` writes the version and the release date (by default the commit's date, never the
clock's) into CITATION.cff and _config.yml, and .zenodo.json from CITATION.cff.
"""

import argparse
import sys

from book_engine.data.paths import project_root
from book_engine.publishing.citation import CitationError
from book_engine.publishing.release import ReleaseError, check, commit_date, package, stamp


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    steps.add_parser("check").add_argument("version")
    stamping = steps.add_parser("stamp")
    stamping.add_argument("version")
    stamping.add_argument("--date", default="", help="the release date (default: the commit's)")
    stamping.add_argument("--url", default="", help="the edition's address, once published")
    stamping.add_argument("--doi", default="", help="a DOI reserved for this version")
    steps.add_parser("package")
    arguments = parser.parse_args()
    root = project_root()
    if arguments.step == "check":
        check(root, arguments.version)
    elif arguments.step == "stamp":
        stamp(root, arguments.version, arguments.date or commit_date(root), arguments.url,
              arguments.doi)
        print("Stamped CITATION.cff, _config.yml and .zenodo.json: commit them with the "
              "rebuilt chapters once the release is made.")
    else:
        print(f"Wrote {package(root)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ReleaseError, CitationError) as refused:
        sys.exit(f"release stopped: {refused}")
