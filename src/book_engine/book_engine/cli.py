"""The ``book-engine`` command: a new book, and the two steps ``make`` runs in one.

    book-engine new <folder>        # a new book in an empty folder (book_engine.scaffold)
    book-engine build [--execute-all]  # `make book`: strict, staged, published on success
    book-engine data                # `make data`: derive and check the data package's tables

``build`` and ``data`` act on the book at or above the working directory
(:func:`book_engine.data.paths.project_root`).
"""

import argparse
import sys

from book_engine.data.paths import project_root


def new(arguments) -> int:
    from book_engine.scaffold.new_book import FolderNotEmpty, new_book

    try:
        folder = new_book(arguments.folder)
    except FolderNotEmpty as refusal:
        print(f"book-engine new: {refusal}", file=sys.stderr)
        return 1
    print(f"A new book in {folder}/: cd there and run 'make book' (README.md says more).")
    return 0


def build(arguments) -> int:
    from book_engine.publishing.build import build_and_publish

    return build_and_publish(project_root(), arguments.execute_all)


def data(arguments) -> int:
    from book_engine.data.make_data import make_data_command

    return make_data_command(project_root())


def parser() -> argparse.ArgumentParser:
    commands = argparse.ArgumentParser(prog="book-engine", description=__doc__.splitlines()[0])
    steps = commands.add_subparsers(required=True, metavar="command")
    made = steps.add_parser("new", help="write a new book into an empty folder")
    made.add_argument("folder", help="the folder, new or empty")
    made.set_defaults(run=new)
    built = steps.add_parser("build", help="build the book strictly; publish it on success")
    built.add_argument("--execute-all", action="store_true",
                       help="execute every chapter, not only those whose sources changed")
    built.set_defaults(run=build)
    steps.add_parser("data", help="derive and check the data package's tables").set_defaults(
        run=data)
    return commands


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":
    sys.exit(main())
