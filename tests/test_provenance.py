"""The record of what each raw file is (data/sources.json) covers every file, truly.

The data availability statement is generated from it, so it must name each raw file exactly
once, with a kind from the vocabulary, the mirror a copy came from (as its PROVENANCE.md
says) or what a file made here was made from.
"""

import json
import shutil

from book_engine.data.provenance import (
    KINDS,
    README,
    SOURCES,
    availability_markdown,
    file_groups,
    group_of_each_file,
    write_readme_statement,
)
from tests.conftest import ROOT

COPIES = {"mirror-copy", "third-party-edition"}


def test_every_raw_file_belongs_to_exactly_one_group_of_the_record():
    wrong = {path: len(groups) for path, groups in group_of_each_file(ROOT).items()
             if len(groups) != 1}
    assert wrong == {}, "raw files matched by no group (0) or several: add them to sources.json"


def test_a_file_the_record_does_not_name_is_found(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "raw" / "rsf_press_freedom_2019" / "index_2020.csv").write_text("x\n")
    groups = group_of_each_file(tmp_path)
    assert groups["rsf_press_freedom_2019/index_2020.csv"] == []


def test_each_group_has_a_known_kind_and_says_where_it_came_from():
    for group in file_groups(ROOT):
        assert group["kind"] in KINDS, group["files"]
        if group["kind"] in COPIES or "mirror" in group:
            assert set(group["mirror"]) == {"name", "address", "commit"}, group["files"]
            assert "obtained" not in group
        else:
            assert group["obtained"], group["files"]


def test_each_mirror_is_the_one_its_folders_provenance_names():
    for group in file_groups(ROOT):
        if "mirror" in group:
            provenance = (ROOT / "data" / "raw" / group["folder"] / "PROVENANCE.md").read_text()
            assert group["mirror"]["name"] in provenance, group["files"]
            assert group["mirror"]["commit"] in provenance, group["files"]


def test_no_snapshot_date_is_called_a_release():
    for group in file_groups(ROOT):
        if "mirror" in group["date"]["means"]:
            assert "release" not in group["date"]["means"].replace("no World Bank release", "")


def test_the_data_readme_carries_the_statement_generated_from_the_record():
    assert availability_markdown(ROOT) in (ROOT / README).read_text(encoding="utf-8")


def test_make_data_regenerates_the_statement_when_the_record_changes(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    record = json.loads((tmp_path / SOURCES).read_text(encoding="utf-8"))
    record["sources"][0]["publisher"] = "A renamed publisher"
    (tmp_path / SOURCES).write_text(json.dumps(record), encoding="utf-8")
    assert write_readme_statement(tmp_path)
    assert "| A renamed publisher |" in (tmp_path / README).read_text(encoding="utf-8")
    assert not write_readme_statement(tmp_path)
