"""Content fingerprints: what a chapter's outputs were computed from, compared by content.

A chapter's executed notebook keeps a record ``{dependency: fingerprint}`` of everything it
read while it ran (see :mod:`book_engine.execution.chapters`). Each dependency is named by a
key whose prefix says what it is; :func:`current` computes the fingerprint the same key has
now, so a record is fresh exactly when every entry still matches. Timestamps play no part: a
fresh clone and an edited-then-reverted file both compare equal.

* ``resource:<name>``: a table of ``data/datapackage.json``: its file and its schema;
* ``file:<path>``: any other file of the book, by path relative to the book's root; a path
  ending in ``/`` is a folder, fingerprinted by the names and contents of all its files;
* ``module:<dotted.name>``: the source of a module of the engine or of the book's package;
* ``read:<module>.<function>:<argument>``: what a reading function of the book's code,
  ``function(root, argument)``, returns: the part of another page a page uses (its glued
  values, its headings, its exercises), so that an edit elsewhere in that page does not count;
* ``datapackage``: ``data/datapackage.json`` as authors write it, without the hashes and
  derivation records `make data` keeps in it (:func:`book_engine.data.descriptors.described`);
* ``package:<distribution>``: the installed version of a third-party distribution;
* ``python``: the interpreter's major.minor version.
"""

import ast
import dataclasses
import functools
import hashlib
import importlib.metadata
import importlib.util
import inspect
import json
import sys
from pathlib import Path

from book_engine.data.descriptors import described, read_datapackage, resources_by_name
from book_engine.data.paths import DATAPACKAGE, registered_books

MISSING = "missing"  # the fingerprint of something that no longer exists


def bytes_sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def file_sha256(path: Path) -> str:
    return bytes_sha256(Path(path).read_bytes())


def folder_sha256(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(file_sha256(path).encode("ascii"))
    return digest.hexdigest()


def json_sha256(value) -> str:
    """The hash of a JSON value in canonical form (sorted keys), so formatting does not count;
    a dataclass counts as the dict of its fields."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=dataclasses.asdict)
    return bytes_sha256(text.encode("utf-8"))


def resource_fingerprint(descriptor: dict, data_dir: Path) -> str:
    """A table as a chapter sees it: the bytes of its file and the schema it is typed by."""
    path = data_dir / descriptor["path"]
    content = file_sha256(path) if path.is_file() else MISSING
    return f"{content} {json_sha256(descriptor['schema'])}"


def datapackage_fingerprint(root: Path) -> str:
    path = root / DATAPACKAGE
    return json_sha256(described(read_datapackage(root))) if path.is_file() else MISSING


def python_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def module_fingerprint(name: str) -> str:
    """The source of module ``name`` as it would be imported now."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return MISSING
    if spec is None or not spec.origin or not Path(spec.origin).is_file():
        return MISSING
    return file_sha256(Path(spec.origin))


def reader_key(reader, argument: str) -> str:
    """The dependency key of what ``reader(root, argument)`` returns."""
    return f"read:{reader.__module__}.{reader.__qualname__}:{argument}"


def read_fingerprint(name: str, root: Path) -> str:
    """The fingerprint of what reading function ``<module>.<function>:<argument>`` returns now."""
    function, _, argument = name.partition(":")
    module, _, attribute = function.rpartition(".")
    if not is_book_module(module):
        raise ValueError(f"'{function}' is not a reading function of the book's code")
    try:
        reader = getattr(importlib.import_module(module), attribute)
        return json_sha256(reader(root, argument))
    except (ImportError, AttributeError, FileNotFoundError):  # renamed, or its page is gone
        return MISSING


def package_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return MISSING


def current(key: str, root: Path, resources: dict[str, dict] | None = None) -> str:
    """The fingerprint that dependency ``key`` has now, in the book at ``root``.

    ``resources`` (the data package's descriptors by name) saves re-reading it per key.
    """
    kind, _, name = key.partition(":")
    if kind == "resource":
        resources = resources if resources is not None else resources_by_name(root)
        return resource_fingerprint(resources[name], root / "data") if name in resources \
            else MISSING
    if kind == "file":
        path = root / name
        if name.endswith("/"):
            return folder_sha256(path) if path.is_dir() else MISSING
        return file_sha256(path) if path.is_file() else MISSING
    if kind == "datapackage":
        return datapackage_fingerprint(root)
    if kind == "module":
        return module_fingerprint(name)
    if kind == "read":
        return read_fingerprint(name, root)
    if kind == "package":
        return package_version(name)
    if kind == "python":
        return python_version()
    raise ValueError(f"unknown kind of dependency in '{key}'")


def changed(record: dict[str, str], root: Path) -> list[str]:
    """The keys of ``record`` whose fingerprint is no longer what it recorded."""
    resources = resources_by_name(root) if (root / DATAPACKAGE).is_file() else {}
    return [key for key, fingerprint in record.items()
            if current(key, root, resources) != fingerprint]


@functools.cache
def book_packages() -> frozenset[str]:
    """The packages whose source is the book's own code: the engine's, and that of each
    installed book (the package its registration is in: :func:`registered_books`)."""
    return frozenset({"book_engine", *(entry.module.partition(".")[0]
                                       for entry in registered_books())})


def is_book_module(name: str) -> bool:
    return name.partition(".")[0] in book_packages()


def session_record(imported: dict[str, str | None]) -> dict[str, str]:
    """What the chapter running in this Python session depended on, but for third-party
    packages, from ``imported``, a snapshot of ``sys.modules`` as {name: file} taken when its
    last cell had run: the data it loaded (noted by :mod:`book_engine.data`), the source of
    the book's modules (:func:`book_packages`), and Python's version."""
    record = {"python": python_version()}
    record.update(getattr(sys.modules.get("book_engine.data"), "READS", {}))
    for name, file in imported.items():
        if is_book_module(name) and file:
            record[f"module:{name}"] = file_sha256(Path(file))
    return dict(sorted(record.items()))


@functools.cache
def distributions_by_module() -> dict[str, list[str]]:
    """Top-level module -> distributions providing it (a scan of every installed package,
    about a sixth of a second, so done once per process)."""
    return importlib.metadata.packages_distributions()


def package_record(modules) -> dict[str, str]:
    """The installed version of each third-party distribution that provides one of
    ``modules`` (dotted names)."""
    record = {}
    for top_level in {name.partition(".")[0] for name in modules}:
        if is_book_module(top_level):
            continue
        for distribution in distributions_by_module().get(top_level, []):
            record[f"package:{distribution}"] = package_version(distribution)
    return record


def imported_names(module) -> set[str]:
    """Every module a module's source imports, anywhere in it (functions included)."""
    names = set()
    for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # "from package import module" imports a module too
            names.update(f"{node.module}.{alias.name}" for alias in node.names
                         if f"{node.module}.{alias.name}" in sys.modules)
    return names


def code_record(function) -> dict[str, str]:
    """The code a function's result depends on: the source of its module and of every module
    of the book's code that module imports, directly or through another, and the versions of the
    third-party distributions they import, read from their import statements."""
    record, seen, waiting = {"python": python_version()}, set(), [inspect.getmodule(function)]
    third_party = set()
    while waiting:
        module = waiting.pop()
        if module.__name__ in seen:
            continue
        seen.add(module.__name__)
        record[f"module:{module.__name__}"] = file_sha256(Path(module.__file__))
        for name in imported_names(module):
            if is_book_module(name):
                waiting.append(importlib.import_module(name))
            else:
                third_party.add(name)
    return dict(sorted({**record, **package_record(third_party)}.items()))


def print_session_record(imported: dict[str, str | None]) -> None:
    """Print :func:`session_record` and the top-level modules imported, as JSON, for the build
    to read from the kernel (it adds the packages' versions: see :func:`package_record`)."""
    top_level = sorted({name.partition(".")[0] for name in imported})
    print(json.dumps({"record": session_record(imported), "imported": top_level}))
