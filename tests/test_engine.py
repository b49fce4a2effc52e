"""The engine (src/book_engine) is a package of its own: it imports nothing of this book's
package, and what it needs of a book it reads from the book's configuration (the chapter
generator in _config.yml) or from the book's registration (where an installed book is)."""

import ast
from pathlib import Path

import pytest

from book_engine.data import paths
from book_engine.data.fingerprints import book_packages
from book_engine.execution.chapters import ChapterFailed, generate_chapters
from tests.conftest import ROOT

ENGINE = ROOT / "src" / "book_engine"
BOOK_PACKAGE = "activism_book"


# The engine's layers, each importing only from the layers it names (and from itself): the
# site (the Sphinx extension and chapter helpers) and publishing (build, editions, PDF,
# release) both stand on execution and data, and neither on the other; the scaffold and the
# command line on top
LAYERS = {"bibliography": set(), "data": {"bibliography"},
          "execution": {"data", "bibliography"}, "site": {"execution", "data", "bibliography"},
          "publishing": {"execution", "data", "bibliography"}}


def imports(path: Path) -> list[tuple[str, int]]:
    """Each module a Python file imports (at any depth of its code), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append((node.module or "", node.lineno))
    return found


def book_imports(path: Path) -> list[str]:
    """Each import of the book's package in a Python file, as ``file:line``."""
    return [f"{path.relative_to(ROOT)}:{line}" for name, line in imports(path)
            if name.partition(".")[0] == BOOK_PACKAGE]


def test_the_engine_imports_nothing_of_the_book():
    files = sorted(ENGINE.rglob("*.py"))
    assert len(files) > 30  # the whole engine was read, not an empty folder
    assert [place for path in files for place in book_imports(path)] == []


def test_the_engine_s_layers_import_one_way():
    package = ENGINE / "book_engine"
    wrong = []
    for layer, below in LAYERS.items():
        for path in sorted((package / layer).rglob("*.py")):
            for name, line in imports(path):
                parts = name.split(".")
                if parts[0] == "book_engine" and len(parts) > 1 and parts[1] in LAYERS \
                        and parts[1] not in below | {layer}:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert wrong == []


def test_the_book_is_registered_with_the_engine():
    assert BOOK_PACKAGE in book_packages()  # its modules count in the chapters' records
    assert ROOT in paths.installed_books()  # an editable install: the repository


GENERATED = Path("book") / "generated.md"


def write_one(root: Path) -> list[Path]:
    """A chapter generator as a book names one: it writes its chapters, returns them."""
    (root / GENERATED).parent.mkdir(parents=True, exist_ok=True)
    (root / GENERATED).write_text("# Generated\n", encoding="utf-8")
    return [root / GENERATED]


def refuse(root: Path) -> list[Path]:
    raise ValueError("data/editorial/cases.csv, line 2: not an identifier")


def book_with(tmp_path: Path, settings: str) -> Path:
    (tmp_path / paths.CONFIG).write_text(f"title: A book\n{settings}", encoding="utf-8")
    return tmp_path


def test_the_chapter_generator_named_in_the_config_is_run(tmp_path):
    book = book_with(tmp_path, "book_engine:\n  generate_chapters: tests.test_engine:write_one\n")
    said = []
    generate_chapters(book, said.append)
    assert (book / GENERATED).read_text(encoding="utf-8") == "# Generated\n"
    assert said == [f"wrote {GENERATED} with tests.test_engine:write_one"]


def test_a_book_without_a_chapter_generator_generates_nothing(tmp_path):
    said = []
    generate_chapters(book_with(tmp_path, ""), said.append)
    assert said == [] and not (tmp_path / "book").exists()


def test_a_generator_refusing_its_input_stops_with_its_message(tmp_path):
    book = book_with(tmp_path, "book_engine:\n  generate_chapters: tests.test_engine:refuse\n")
    with pytest.raises(ChapterFailed, match="cases.csv, line 2: not an identifier"):
        generate_chapters(book, print)


def test_the_configured_generator_is_this_book_s():
    assert paths.engine_settings(ROOT)["generate_chapters"] == \
        "activism_book.case_chapters:write_case_chapters"


def test_the_stylesheet_cut_keeps_used_rules_and_properties_whole():
    """Rules naming a class no page has go; custom properties no rule uses go, even when
    their value quotes a ';' (a data: address), and the declarations after them stay; an
    apostrophe in a comment opens no string."""
    from book_engine.site import stylesheet

    css = ('.navbar{--bs-unused:0;--bs-icon:url("data:image/svg+xml;charset=utf-8,x");'
           '--bs-gap:1px;display:flex;gap:var(--bs-gap)}.unseen{color:red}'
           '@media (min-width:1px){.unseen{color:blue}}p{/* it\'s whole */margin:0}')
    words = {"navbar"}
    properties = stylesheet.properties_used([css], words)
    assert stylesheet.cut_unused_rules(css, words, properties) == \
        ".navbar{--bs-gap:1px;display:flex;gap:var(--bs-gap)}p{/* it's whole */margin:0}\n"


def test_numbered_references_unpickle_each_page_once():
    """The standard domain reads a page's doctree once for all the references to it
    (book_engine.site.numref); the built site's numbered references are checked by the site
    and browser tests."""
    from book_engine.site.numref import NumberedReferences

    class Environment:
        unpickled: list[str] = []

        def get_doctree(self, docname: str):
            self.unpickled.append(docname)
            return {"page": docname}

    domain = object.__new__(NumberedReferences)  # no Sphinx application needed
    domain.env, domain.doctrees = Environment(), {}
    assert [domain.read_doctree(name) for name in ("a", "b", "a")] == \
        [{"page": "a"}, {"page": "b"}, {"page": "a"}]
    assert domain.env.unpickled == ["a", "b"]
