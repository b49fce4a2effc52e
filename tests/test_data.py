"""Raw files are untouched, processed tables rebuild byte-identically, every table fits its
schema."""

import hashlib
import json
import shutil

import pytest

from activism_book.areas import AREAS
from book_engine.data import load
from book_engine.data.make_data import make_data
from book_engine.data.paths import ROOT_VARIABLE
from book_engine.data.provenance import kind_of
from tests.conftest import ROOT

RAW = ROOT / "data" / "raw"
MANIFEST = RAW / "SHA256SUMS"


def manifest() -> dict[str, str]:
    entries = (line.split("  ", 1) for line in MANIFEST.read_text(encoding="utf-8").splitlines())
    return {name: digest for digest, name in entries}


def test_every_raw_file_is_in_the_manifest():
    on_disk = {p.relative_to(RAW).as_posix() for p in RAW.rglob("*") if p.is_file()}
    assert on_disk - {"SHA256SUMS"} == set(manifest())


@pytest.mark.parametrize("name", sorted(manifest()))
def test_raw_file_is_byte_identical_to_what_was_shipped(name):
    digest = hashlib.sha256((RAW / name).read_bytes()).hexdigest()
    assert digest == manifest()[name], f"data/raw/{name} changed; raw files are never edited"


def resource_names() -> list[str]:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return [resource["name"] for resource in package["resources"]]


@pytest.mark.parametrize("name", resource_names())
def test_every_resource_loads_valid_and_non_empty(name):
    assert len(load(name)) > 0


@pytest.mark.parametrize("name", resource_names())
def test_every_field_says_what_it_means(name):
    """The data dictionary prints each field's description as its meaning: none may be empty."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = (resource for resource in package["resources"] if resource["name"] == name)
    undescribed = [
        field["name"]
        for field in resource["schema"]["fields"]
        if not field.get("description", "").strip()
    ]
    assert not undescribed, f"{resource['path']}: fields without a description: {undescribed}"


def test_make_data_rebuilds_processed_tables_byte_identically(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "_config.yml", tmp_path)
    shutil.rmtree(tmp_path / "data" / "processed")
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path))
    rebuilt = make_data(tmp_path, log=lambda _: None)
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert len(rebuilt) == sum("derivation" in resource for resource in package["resources"])
    paths = [tmp_path / "data" / "processed" / f"{name}.csv" for name in rebuilt]
    for path in [*paths, tmp_path / "data" / "datapackage.json"]:
        shipped = ROOT / path.relative_to(tmp_path)
        assert path.read_bytes() == shipped.read_bytes(), f"{shipped} differs from a fresh rebuild"


def readme_data_table(package: dict) -> str:
    """The README's table of what makes each table, as the data package records it."""
    rows = ["| table | made by | reads (under `data/`) |", "|---|---|---|"]
    for resource in package["resources"]:
        derivation = resource.get("derivation")
        made_by = f"`{derivation['function']}`" if derivation \
            else kind_of(ROOT, resource["path"])
        reads = ", ".join(f"`{path}`" for path in derivation["inputs"]) if derivation \
            else f"`{resource['path']}`"
        rows.append(f"| `{resource['name']}` | {made_by} | {reads} |")
    return "\n".join(rows)


def test_the_readme_table_of_derivations_restates_the_record():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert readme_data_table(package) in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_wdi_subset_schema_admits_exactly_the_areas_the_book_covers():
    schema = json.loads((ROOT / "data" / "schemas" / "wdi_indicator.json").read_text("utf-8"))
    codes = next(f for f in schema["fields"] if f["name"] == "Country Code")
    assert codes["constraints"]["enum"] == list(AREAS)


def test_the_event_assignments_are_loaded_with_the_schema_their_derivation_checks():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    loaded = next(r for r in package["resources"] if r["name"] == "policy_event_cases")
    raw = json.loads((ROOT / "data" / "schemas" / "cited_event_cases.json").read_text("utf-8"))
    assert loaded["schema"] == {key: value for key, value in raw.items() if key != "description"}


def test_every_table_of_events_allows_the_same_kinds():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    processed = next(r for r in package["resources"] if r["name"] == "policy_events")
    kinds = [f for f in processed["schema"]["fields"] if f["name"] == "kind"][0]
    for name in ["cited_campaign_events", "cited_event_cases"]:
        raw = json.loads((ROOT / "data" / "schemas" / f"{name}.json").read_text("utf-8"))
        raw_kinds = next(f for f in raw["fields"] if f["name"] == "kind")
        assert raw_kinds["constraints"]["enum"] == kinds["constraints"]["enum"], name


def test_the_reference_check_covers_every_reference_and_never_marks_found_without_an_address():
    from book_engine import data

    check = data.load("reference_check")
    references = data.references().query("key != 'khalid2025social'")
    assert sorted(check["key"]) == sorted(references["key"])
    located = check[check["status"] != "not found"]
    assert located["address"].notna().all() and located["excerpt"].notna().all()
    assert check.loc[check["status"] == "not found", "address"].isna().all()


def test_the_issue_check_covers_every_journal_reference_and_names_a_page_for_each_find():
    from book_engine import data

    issues = data.load("reference_issue_check")
    references = data.references()
    assert sorted(issues["key"]) == sorted(references.loc[references["type"] == "article",
                                                          "key"].drop(
        references.index[references["key"] == "khalid2025social"]))
    located = issues[issues["outcome"] != "nothing found"]
    assert located["address"].str.match(r"https?://").all() and located["excerpt"].notna().all()
    assert issues.loc[issues["outcome"] == "nothing found", "address"].isna().all()
    assert issues["searched"].str.len().gt(0).all()
