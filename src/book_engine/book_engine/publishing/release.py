"""``make release VERSION=x.y.z``: a citable, archivable edition.

:func:`check` refuses a version that is not semantic, a tree with uncommitted changes and a
data file without a statement of rights. :func:`stamp` writes the version and the release
date into ``CITATION.cff`` and ``_config.yml`` and converts the citation to ``.zenodo.json``.
After the tests and the builds, :func:`package` copies the sources and the built editions
into ``_build/release/`` and describes them in an RO-Crate: every chapter and its executed
notebook, every data file with its source, licence and checksum, the pinned software. Every
date in it is the release's (``date-released``, by default the commit's date), never the
clock's, so two releases of one commit write the same metadata byte for byte.
"""

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

from rocrate.model.contextentity import ContextEntity
from rocrate.rocrate import ROCrate

from book_engine.data import provenance
from book_engine.data.paths import CONFIG
from book_engine.execution.chapters import RECORD_KEY, chapters_in_toc
from book_engine.execution.markup import headings
from book_engine.publishing import citation as cff
from book_engine.publishing.pdf import pdf_name

SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
                    r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?")
SPDX = "https://spdx.org/licenses/"
CONFIG_ANCHOR = "  config:\n"  # the release goes first under sphinx: config:
RELEASE_DIR = Path("_build") / "release"
SITE, STUDENT = Path("_build") / "html", Path("_build") / "student" / "html"
FORMATS = {".csv": "text/csv", ".md": "text/markdown", ".ipynb": "application/x-ipynb+json",
           ".json": "application/json", ".txt": "text/plain", ".parquet":
           "application/vnd.apache.parquet", ".xls": "application/vnd.ms-excel",
           ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           ".rda": "application/x-r-data", ".RData": "application/x-r-data"}


class ReleaseError(RuntimeError):
    pass


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout


def check(root: Path, version: str) -> None:
    """Stop, saying why, unless ``version`` is semantic, the tree clean and every data file
    states its rights."""
    if not SEMVER.fullmatch(version or ""):
        raise ReleaseError(f"VERSION={version!r} is not a semantic version (MAJOR.MINOR.PATCH, "
                           "for example 1.0.0)")
    changed = git(root, "status", "--porcelain").splitlines()
    if changed:
        raise ReleaseError("the tree has uncommitted changes; commit or stash them first:\n"
                           + "\n".join(changed))
    unstated = rights_missing(root)
    if unstated:
        raise ReleaseError("no statement of rights for: " + ", ".join(unstated) +
                           f" (add 'rights' to its source in {provenance.SOURCES}, or a "
                           "licence to its resource in data/datapackage.json)")


def rights_missing(root: Path) -> list[str]:
    """Raw files whose source states no rights, and tables of the data package with no
    licence."""
    resources = json.loads((root / "data" / "datapackage.json").read_text("utf-8"))["resources"]
    return ([f"data/raw/{path}" for path in provenance.files_without_rights(root)]
            + [f"data/{resource['path']}" for resource in resources
               if not any(licence.get("name") for licence in resource.get("licenses", []))])


def commit_date(root: Path) -> str:
    return git(root, "log", "-1", "--format=%cs").strip()


def with_top_level(text: str, key: str, value: str) -> str:
    """``text`` (YAML) with the top-level ``key`` set to the quoted ``value``: the line
    replaced, or added after ``title:``."""
    line = f"{key}: {json.dumps(value)}"
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    if pattern.search(text):
        return pattern.sub(lambda _: line, text, count=1)
    return re.sub(r"^(title:.*)$", lambda match: f"{match[1]}\n{line}", text, count=1,
                  flags=re.MULTILINE)


def with_release(config: str, version: str) -> str:
    """``_config.yml`` with Sphinx's ``version`` and ``release`` set to ``version``."""
    config = re.sub(r'^    (version|release): ".*"\n', "", config, flags=re.MULTILINE)
    lines = f'    version: "{version}"\n    release: "{version}"\n'
    return config.replace(CONFIG_ANCHOR, CONFIG_ANCHOR + lines, 1)


def without_top_level(text: str, key: str) -> str:
    return re.sub(rf"^{re.escape(key)}:.*\n", "", text, flags=re.MULTILINE)


def stamp(root: Path, version: str, date: str, url: str = "", doi: str = "") -> dict:
    """Write the release into the citation, the configuration and ``.zenodo.json``; return
    the citation as written. A DOI names one version: an earlier release's is removed unless
    ``doi`` (reserved on Zenodo for this one) is given."""
    text = without_top_level((root / cff.CFF).read_text(encoding="utf-8"), "doi")
    for key, value in (("version", version), ("date-released", date), ("url", url),
                       ("doi", doi)):
        if value:
            text = with_top_level(text, key, value)
    citation = cff.checked(cff.parse(text))
    (root / cff.CFF).write_text(text, encoding="utf-8")
    config = root / CONFIG
    config.write_text(with_release(config.read_text(encoding="utf-8"), version), "utf-8")
    (root / cff.ZENODO).write_text(cff.zenodo_json(citation), encoding="utf-8")
    return citation


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_properties(root: Path, relative: str) -> dict:
    path = root / relative
    kind = FORMATS.get(path.suffix, "application/octet-stream")
    return {"name": relative, "encodingFormat": kind,
            "contentSize": str(path.stat().st_size), "sha256": sha256(path)}


def mirror_at_commit(mirror: dict) -> str:
    """The mirror's files as they were at the recorded commit (GitHub's tree address)."""
    if not mirror["address"].startswith("https://github.com/"):
        return mirror["address"]
    return f"{mirror['address'].rstrip('/')}/tree/{mirror['commit']}"


def licence_addresses(root: Path) -> dict[str, str]:
    """Each licence the data package names, by its address where it gives one."""
    package = json.loads((root / "data" / "datapackage.json").read_text("utf-8"))
    return {licence["name"]: licence["path"] for resource in package["resources"]
            for licence in resource["licenses"] if licence.get("path")}


def licence_id(root: Path, name: str) -> str:
    return licence_addresses(root).get(name, f"#licence-{name}")


def data_entities(root: Path) -> dict[str, dict]:
    """Every data file: raw files from ``data/sources.json``, tables from the data package."""
    entities = {}
    for path, (group,) in provenance.group_of_each_file(root).items():
        relative = f"data/raw/{path}"
        rights = group["rights"]
        entities[relative] = {
            **file_properties(root, relative),
            "description": f"{provenance.KINDS[group['kind']]}: {group['how']}. Date: "
                           f"{group['date']['value']} ({group['date']['means']}).",
            "publisher": group["publisher"],
            "license": licence_id(root, rights["licence"]),
            "copyrightNotice": provenance.rights_text(rights),
            **({"isBasedOn": mirror_at_commit(group["mirror"])} if "mirror" in group else {}),
        }
    for path in provenance.editorial_files(root):
        rights = provenance.EDITORIAL_RIGHTS
        entities[f"data/{path}"] = {**file_properties(root, f"data/{path}"),
                                    "description": provenance.KINDS["editorial"],
                                    "license": licence_id(root, rights["licence"]),
                                    "copyrightNotice": provenance.rights_text(rights)}
    package = json.loads((root / "data" / "datapackage.json").read_text("utf-8"))
    for resource in package["resources"]:
        relative = f"data/{resource['path']}"
        entity = entities.setdefault(relative, file_properties(root, relative))
        entity.update({"name": resource["title"], "identifier": resource["name"],
                       "license": [licence_id(root, licence["name"])
                                   for licence in resource["licenses"]]})
        entity.setdefault("description", resource.get("description", resource["title"]))
    return {path: {key: value for key, value in entity.items() if value is not None}
            for path, entity in sorted(entities.items())}


def licences(root: Path, citation: dict) -> dict[str, dict]:
    """The licences of the edition (SPDX identifiers, as the citation gives them) and of its
    data, one entity each."""
    package = json.loads((root / "data" / "datapackage.json").read_text("utf-8"))
    names = [*(licence["name"] for resource in package["resources"]
               for licence in resource["licenses"]),
             *(source["rights"]["licence"] for source in provenance.read_sources(root))]
    return {**{f"{SPDX}{name}": {"@type": "CreativeWork", "name": name}
               for name in citation["license"]},
            **{licence_id(root, name): {"@type": "CreativeWork", "name": name}
               for name in dict.fromkeys(names)}}


def chapter_entities(root: Path, data: dict[str, dict]) -> dict[str, dict]:
    """Each chapter's text and its executed notebook, which names the tables it loaded."""
    by_resource = {entity["identifier"]: path for path, entity in data.items()
                   if "identifier" in entity}
    entities = {}
    for chapter in chapters_in_toc(root):
        text = chapter.text.relative_to(root).as_posix()
        notebook = chapter.notebook.relative_to(root).as_posix()
        title = next(iter(headings(chapter.text.read_text(encoding="utf-8"))), chapter.name)
        record = json.loads(chapter.notebook.read_text("utf-8"))["metadata"].get(RECORD_KEY, {})
        loaded = [by_resource[key.removeprefix("resource:")]
                  for key in record.get("dependencies", {}) if key.startswith("resource:")]
        entities[text] = {**file_properties(root, text), "name": f"{title} (chapter text)",
                          "@type": ["File", "SoftwareSourceCode"],
                          "programmingLanguage": "Python 3.11"}
        entities[notebook] = {**file_properties(root, notebook),
                              "name": f"{title} (executed notebook)",
                              "isBasedOn": [text, *loaded]}
    return entities


def pinned_software(root: Path) -> list[tuple[str, str]]:
    lines = (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("==", 1)) for line in lines if "==" in line]


def crate_metadata(root: Path, citation: dict, editions: dict[str, str]) -> ROCrate:
    """The RO-Crate of a release whose files sit under ``root``; ``editions`` names the built
    folders and files it carries (path in the crate: what it is)."""
    crate = ROCrate()
    root_dataset = crate.root_dataset
    root_dataset["name"] = citation["title"]
    root_dataset["description"] = citation.get("abstract", citation["message"])
    root_dataset["version"] = cff.version(citation)
    root_dataset["datePublished"] = citation["date-released"]
    for identifier, properties in licences(root, citation).items():
        crate.add(ContextEntity(crate, identifier, properties))
    root_dataset["license"] = [{"@id": f"{SPDX}{name}"} for name in citation["license"]]
    if citation.get("url"):
        root_dataset["url"] = citation["url"]
    if citation.get("doi"):
        root_dataset["identifier"] = cff.identifier(citation)
    authors = [crate.add(ContextEntity(crate, f"#author-{index}", {
        "@type": "Organization" if "name" in author else "Person", "name": name}))
        for index, (author, name) in enumerate(zip(citation["authors"],
                                                    cff.author_names(citation), strict=True))]
    root_dataset["author"] = authors
    data = data_entities(root)
    for path, properties in {**data, **chapter_entities(root, data)}.items():
        linked = {key: linked_ids(value) if key in ("license", "isBasedOn") else value
                  for key, value in properties.items()}
        crate.add_file(None, path, properties=linked)
    for path, what in editions.items():
        if path.endswith("/"):
            crate.add_dataset(None, path, properties={"name": what})
        else:
            crate.add_file(None, path, properties={"name": what, "encodingFormat":
                                                   "application/pdf"})
    crate.add_file(None, "requirements.txt", properties={
        **file_properties(root, "requirements.txt"), "name": "the pinned Python packages",
        "about": [crate.add(ContextEntity(crate, f"https://pypi.org/project/{name}/{pin}/", {
            "@type": "SoftwareApplication", "name": name, "softwareVersion": pin}))
            for name, pin in pinned_software(root)]})
    return crate


def linked_ids(value):
    """A reference, or references, to entities by their ids (a file of the crate by its path,
    a licence or a mirror by its address)."""
    values = value if isinstance(value, list) else [value]
    links = [{"@id": item} for item in values]
    return links if isinstance(value, list) else links[0]


def editions_in(root: Path) -> dict[str, tuple[Path, str]]:
    """What the release carries beside its sources: crate path -> (built path, description)."""
    return {"site/": (root / SITE, "the book as a website (HTML), with its PDF"),
            f"site/{pdf_name(root)}": (root / SITE / pdf_name(root), "the book as one PDF"),
            "student/": (root / STUDENT, "the student edition (HTML and PDF), without "
                                         "solutions or instructor notes")}


def package(root: Path, target: Path | None = None,
            editions: dict[str, tuple[Path, str]] | None = None) -> Path:
    """Copy the tracked sources and the built ``editions`` (by default the site, its PDF and
    the student edition) into ``target`` and write its RO-Crate; return the folder."""
    citation = cff.checked(cff.read_citation(root))
    if not citation.get("version") or not citation.get("date-released"):
        raise ReleaseError(f"{cff.CFF} has no version or release date: run the stamp first")
    target = target or root / RELEASE_DIR / f"edition-{citation['version']}"
    editions = editions or editions_in(root)
    missing = [str(built) for built, _ in editions.values() if not built.exists()]
    if missing:
        raise ReleaseError("build these first (make pdf student): " + ", ".join(missing))
    if target.exists():
        shutil.rmtree(target)
    for relative in git(root, "ls-files").splitlines():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, target / relative)
    shutil.copy2(root / cff.ZENODO, target / cff.ZENODO)  # written by the stamp, not yet tracked
    for path, (built, _) in editions.items():
        if path.endswith("/"):
            shutil.copytree(built, target / path, dirs_exist_ok=True)
    crate = crate_metadata(target, citation, {path: what for path, (_, what) in editions.items()})
    crate.metadata.write(target)
    return target
