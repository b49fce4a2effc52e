"""`make release`: the checks that stop it, the stamp, the RO-Crate it writes (read back, every
data file and chapter in it with its checksum and licence; the same bytes from two releases of
one commit) and the replication README, whose list of tables and programs agrees with the
chapters as built and with the map of numbers."""

import filecmp
import hashlib
import json
import re
import subprocess
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from docutils.nodes import make_id
from rocrate.rocrate import ROCrate

from book_engine.data import provenance
from book_engine.execution.chapters import chapters_in_toc
from book_engine.execution.displays import FIGURE, displays
from book_engine.publishing import citation, release
from book_engine.publishing.pdf import pdf_name
from book_engine.publishing.replication import REPLICATION, replication_markdown
from tests.conftest import ROOT, copy_book

VERSION, DATE = "1.0.0", "2027-01-15"


def committed(folder):
    """``folder`` as a git repository with everything in it committed."""
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=Test", "-c",
                                                   "user.email=test@example.org", "commit",
                                                   "-qm", "release"]):
        subprocess.run(["git", *command], cwd=folder, check=True, capture_output=True)
    return folder


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    return committed(copy_book(tmp_path_factory.mktemp("release") / "book"))


@pytest.fixture(scope="module")
def stamped(repository):
    release.stamp(repository, VERSION, DATE)
    yield repository
    subprocess.run(["git", "checkout", "-q", "--", "."], cwd=repository, check=True)
    (repository / citation.ZENODO).unlink()


def editions(tmp_path):
    """Stand-ins for the built site, PDF and student edition: the crate lists them by name
    only (their bytes carry the build's time), so what is in them does not matter here."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<!DOCTYPE html><title>site</title>")
    (tmp_path / "student").mkdir()
    return {"site/": (tmp_path / "site", "the site"),
            f"site/{pdf_name(ROOT)}": (tmp_path / "site" / "index.html", "the PDF"),
            "student/": (tmp_path / "student", "the student edition")}


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "01.0.0", "1.0.0.0", "1.0.0-", ""])
def test_a_version_that_is_not_semantic_stops_the_release(repository, version):
    with pytest.raises(release.ReleaseError, match="is not a semantic version"):
        release.check(repository, version)


def test_a_clean_tree_with_every_right_stated_may_be_released(repository):
    release.check(repository, VERSION)
    release.check(repository, "2.10.3-rc.1+build.5")


def test_a_dirty_tree_stops_the_release_naming_the_file(repository):
    readme = repository / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nedited\n", encoding="utf-8")
    try:
        with pytest.raises(release.ReleaseError, match=r"uncommitted changes.*\n M README\.md"):
            release.check(repository, VERSION)
    finally:
        subprocess.run(["git", "checkout", "-q", "--", "README.md"], cwd=repository, check=True)


def test_a_data_file_without_a_statement_of_rights_stops_the_release(tmp_path):
    book = copy_book(tmp_path / "book")
    record = json.loads((book / provenance.SOURCES).read_text(encoding="utf-8"))
    gsma, = (source for source in record["sources"] if source["folder"] == "gsma_mci_2019")
    del gsma["rights"]
    (book / provenance.SOURCES).write_text(json.dumps(record), encoding="utf-8")
    package = json.loads((book / "data" / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["licenses"] = []
    (book / "data" / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    committed(book)
    with pytest.raises(release.ReleaseError) as refused:
        release.check(book, VERSION)
    assert "no statement of rights for: data/raw/gsma_mci_2019/" in str(refused.value)
    assert f"data/{package['resources'][0]['path']}" in str(refused.value)


def test_every_source_states_its_rights_or_that_none_is_stated():
    for source in provenance.read_sources(ROOT):
        rights = source["rights"]
        assert set(rights) == {"licence", "stated", "statement"}, source["folder"]
        assert rights["licence"] and rights["statement"] and isinstance(rights["stated"], bool)


def test_the_stamp_writes_version_and_date_where_readers_and_archives_look(stamped):
    written = citation.read_citation(stamped)
    assert (written["version"], written["date-released"]) == (VERSION, DATE)
    assert citation.schema_errors(written) == []
    config = (stamped / "_config.yml").read_text(encoding="utf-8")
    assert f'  config:\n    version: "{VERSION}"\n    release: "{VERSION}"\n' in config
    zenodo = json.loads((stamped / citation.ZENODO).read_text(encoding="utf-8"))
    assert zenodo == citation.zenodo_metadata(written)
    assert (zenodo["version"], zenodo["publication_date"]) == (VERSION, DATE)


def test_stamping_again_replaces_and_never_repeats(stamped):
    before = {name: (stamped / name).read_bytes()
              for name in (citation.CFF, "_config.yml", citation.ZENODO)}
    release.stamp(stamped, VERSION, DATE)
    assert {name: (stamped / name).read_bytes() for name in before} == before


def test_a_new_version_drops_the_doi_of_the_last_unless_given_its_own(tmp_path):
    book = copy_book(tmp_path / "book")
    release.stamp(book, "1.0.0", DATE, doi="10.5281/zenodo.100")
    assert citation.read_citation(book)["doi"] == "10.5281/zenodo.100"
    release.stamp(book, "1.1.0", DATE)
    assert "doi" not in citation.read_citation(book)
    assert "doi" not in json.loads((book / citation.ZENODO).read_text(encoding="utf-8"))
    release.stamp(book, "1.1.0", DATE, doi="10.5281/zenodo.200")
    assert citation.read_citation(book)["doi"] == "10.5281/zenodo.200"


def test_the_release_date_is_the_commits_not_the_clocks(repository):
    logged = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=repository, check=True,
                            capture_output=True, text=True).stdout.strip()
    assert release.commit_date(repository) == logged


def test_a_package_needs_a_stamped_citation(tmp_path):
    book = copy_book(tmp_path / "book")
    cff = book / citation.CFF  # as before a stamp, even when the tests run on a stamped tree
    cff.write_text(release.without_top_level(cff.read_text(encoding="utf-8"), "version"),
                   encoding="utf-8")
    with pytest.raises(release.ReleaseError, match="no version or release date"):
        release.package(book, tmp_path / "out", editions(tmp_path))


@pytest.fixture(scope="module")
def packaged(stamped, tmp_path_factory):
    work = tmp_path_factory.mktemp("packages")
    built = editions(work)
    return [release.package(stamped, work / f"release-{run}", built) for run in (1, 2)]


def test_two_releases_of_one_commit_write_the_same_metadata(packaged):
    first, second = packaged
    for name in ("ro-crate-metadata.json", citation.CFF, citation.ZENODO, "_config.yml"):
        assert filecmp.cmp(first / name, second / name, shallow=False), name


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_crate_reads_back_with_every_data_file_and_its_checksum_and_licence(packaged):
    folder = packaged[0]
    crate = ROCrate(folder)
    assert (crate.root_dataset["version"], crate.root_dataset["datePublished"]) == (VERSION,
                                                                                   DATE)
    data_files = {f"data/raw/{path}" for path in provenance.raw_files(folder)} | {
        f"data/{resource['path']}" for resource in json.loads(
            (folder / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"]} | {
        f"data/{path}" for path in provenance.editorial_files(folder)}
    for path in sorted(data_files):
        entity = crate.get(quote(path))  # an id is a URI path: its spaces are escaped
        assert entity is not None, f"{path} is not in the crate"
        assert entity["sha256"] == sha256(folder / path), path
        licences = entity["license"] if isinstance(entity["license"], list) else \
            [entity["license"]]
        assert licences and all(crate.get(licence.id) is not None for licence in licences), path


def test_the_crate_has_every_chapter_its_notebook_the_editions_and_the_software(packaged):
    folder = packaged[0]
    crate = ROCrate(folder)
    for chapter in chapters_in_toc(folder):
        for path in (chapter.text, chapter.notebook):
            entity = crate.get(path.relative_to(folder).as_posix())
            assert entity is not None and entity["sha256"] == sha256(path), path
    for path in ("site/", f"site/{pdf_name(ROOT)}", "student/"):
        assert crate.get(path) is not None, path
    pins = dict(release.pinned_software(folder))
    listed = {entity["name"]: entity["softwareVersion"] for entity in
              crate.get("requirements.txt")["about"]}
    assert listed == pins and pins["jupyter-book"]


def test_the_replication_readme_is_the_one_the_chapters_generate():
    assert (ROOT / REPLICATION).read_text(encoding="utf-8") == replication_markdown(ROOT), \
        f"{REPLICATION} is stale: `make book` writes it"


CELL = re.compile(r"cell-(\d+)")


def test_the_list_of_tables_and_programs_agrees_with_the_built_pages(built_site):
    """Every numbered table and figure of every page is listed with the code cell the page
    shows it in (a table) or the cell that computed it, as the map of numbers links it (a
    figure)."""
    text = (ROOT / REPLICATION).read_text(encoding="utf-8")
    numbers = BeautifulSoup((built_site / "book" / "numbers.html").read_text("utf-8"),
                            "html.parser")
    mapped = {(link["href"].split("#")[0].removeprefix("../"),
               link.find_previous("code").get_text()): link["href"].split("#")[1]
              for link in numbers.select("table.number-map a[href*='#cell-']")}
    for chapter in chapters_in_toc(ROOT):
        page_name = chapter.text.relative_to(ROOT).with_suffix(".html").as_posix()
        page = BeautifulSoup((built_site / page_name).read_text("utf-8"), "html.parser")
        labels = {element["id"] for element in page.select("[id^='tbl-'], [id^='fig-']")}
        listed = {display.label: display for display in displays(chapter)}
        assert {make_id(label) for label in listed} == labels, page_name
        for label, display in listed.items():
            anchor = f"cell-{display.cell_index:02d}"
            assert f"| {label} | {display.kind} |" in text, label
            assert f"({page_name}#{anchor})" in text, label
            if display.kind == "table":
                shown = page.find(id=make_id(label))
                assert shown.find_parent(id=CELL)["id"] == anchor, label
        for figure in FIGURE.finditer(chapter.text.read_text(encoding="utf-8")):
            anchor = f"cell-{listed[figure['label']].cell_index:02d}"
            assert mapped[(page_name.removeprefix("book/"), figure["name"])] == anchor, figure
