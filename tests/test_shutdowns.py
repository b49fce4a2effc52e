"""Access Now's STOP register: Pakistan's shutdowns and blocks, one row per event as recorded,
the two copies compared, and bad input refused with file, row and column."""

import shutil

import pandas as pd
import pytest

from activism_book.derive.shutdowns import (
    PRESS_FILE,
    STOP_FILE,
    access_now_copies_compared,
    access_now_pakistan,
    press_blocks_in_register,
)
from book_engine import data
from book_engine.data.derivations import Inputs
from book_engine.data.validation import DataValidationError
from tests.conftest import ROOT

RAW_ROWS = 101  # Pakistan's rows of the combined sheet (PROVENANCE.md)


@pytest.fixture(scope="module")
def events():
    return data.load("access_now_pakistan")


def test_every_row_of_pakistan_is_in_one_event_and_repeats_are_joined(events):
    register = pd.read_parquet(ROOT / "data" / STOP_FILE)
    assert (register["country"] == "Pakistan").sum() == RAW_ROWS
    assert events["rows_joined"].sum() == RAW_ROWS
    assert (events["count_years"].str.split().str.len() == events["rows_joined"]).all()
    assert len(events) == 82


def test_the_x_block_of_2024_is_one_event_with_the_registers_last_word(events):
    block = events[(events["start_date"] == pd.Timestamp("2024-02-17"))].iloc[0]
    assert block["platforms_affected"] == "Twitter/X"
    assert block["count_years"] == "2024 2025"
    assert (block["shutdown_status"], block["end_date"]) == ("Ended", pd.Timestamp("2025-05-07"))


def test_no_end_or_duration_is_filled_in(events):
    open_ended = events[events["shutdown_status"].isin(["Ongoing", "Unknown"])]
    assert len(open_ended) and open_ended["end_date"].isna().all()
    backwards = events[events["end_before_start"]]
    assert len(backwards) == 1 and (backwards["end_date"] < backwards["start_date"]).all()


def test_the_copies_disagree_only_on_events_the_older_copy_lacks():
    compared = data.load("access_now_copies_compared")
    differing = compared[~compared["agree"]]
    assert len(differing) == 3 and (differing["events_yearly"] == 0).all()


@pytest.fixture()
def register_inputs(tmp_path):
    """A copy of what the derivation reads, to break."""
    for part in ["raw/access_now_stop", "schemas", "editorial"]:
        shutil.copytree(ROOT / "data" / part, tmp_path / part)
    return Inputs(tmp_path, ["raw/access_now_stop/", "schemas/", "editorial/"],
                  "access_now_pakistan", [])


def break_register(inputs: Inputs, column: str, value) -> int:
    """Set ``column`` of the first row of Pakistan to ``value``; its row number in the file."""
    path = inputs.data_dir / STOP_FILE
    register = pd.read_parquet(path)
    first = register.index[register["country"] == "Pakistan"][0]
    if isinstance(value, str) and column.endswith("_date"):
        register[column] = register[column].astype("string")
    register.loc[first, column] = value
    register.to_parquet(path)
    return first + 1


@pytest.mark.parametrize("column, value, message", [
    ("actual_cause", "Boredom", "'Boredom' is not a value the book admits"),
    ("shutdown_type", "Blackout", "'Blackout' is not a value the book admits"),
    ("start_date", "31 Febtember", "'31 Febtember' is not a date"),
    ("end_date", pd.Timestamp("2008-01-01"), "is before the start"),
])
def test_bad_input_is_refused_with_file_row_and_column(register_inputs, column, value, message):
    row = break_register(register_inputs, column, value)
    with pytest.raises(DataValidationError, match=rf"access_now_snapshot_2026-05-20\.parquet, "
                                                  rf"row {row}, column '{column}': .*{message}"):
        access_now_pakistan(register_inputs)


def test_an_end_before_its_start_that_no_reading_accounts_for_is_refused(register_inputs):
    readings = register_inputs.data_dir / "editorial" / "shutdown_readings.csv"
    readings.write_text("country,start_date,end_date,reading\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"row \d+, column 'end_date': 2020-05-17 is "
                                                  r"before the start, 2020-05-18"):
        access_now_pakistan(register_inputs)


def test_the_neighbours_counts_join_by_the_same_rule_and_agree_with_pakistans_table(events):
    by_country = data.load("access_now_by_country")
    pakistan = by_country.query("country_code == 'PAK'")
    whole_network = events["shutdown_extent"].str.startswith("Full network")
    assert pakistan["network_shutdowns"].sum() == whole_network.sum()
    assert pakistan["service_blocks"].sum() == (~whole_network).sum()
    assert by_country.groupby("country_code").size().nunique() == 1  # every country every year


def test_the_neighbours_events_are_the_neighbours_counts_one_row_each():
    neighbours = data.load("access_now_neighbours")
    by_country = data.load("access_now_by_country").query("country_code != 'PAK'")
    counted = by_country.groupby("country")[["network_shutdowns", "service_blocks"]].sum()
    network = neighbours["shutdown_extent"].str.startswith("Full network")
    assert (neighbours.groupby("country").size()
            == counted.sum(axis=1).loc[lambda totals: totals > 0]).all()
    assert network.groupby(neighbours["country"]).sum().to_dict() == \
        counted["network_shutdowns"].to_dict()
    india = neighbours[neighbours["end_before_start"]]  # read apart in shutdown_readings.csv
    assert india["event_id"].tolist() == ["IND-2020-02-18-1"]


def test_the_copies_differ_on_the_cause_of_four_events_once_spellings_are_read():
    compared = data.load("access_now_copies_compared")
    differing = compared[compared["causes_agree"].eq(False).fillna(False)]
    assert differing["start_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2009-01-01", "2016-06-12", "2016-06-21", "2017-03-15"]
    assert (differing["causes_combined"] == "Conflict").all()


def test_a_cause_of_the_older_copy_that_no_spelling_accounts_for_is_refused(register_inputs):
    spellings = register_inputs.data_dir / "editorial" / "cause_spellings.csv"
    spellings.write_text("spelling,cause,why\n", encoding="utf-8")
    inputs = Inputs(register_inputs.data_dir, register_inputs.listed,
                    "access_now_copies_compared", [])
    with pytest.raises(DataValidationError, match=r"Keepiton_raw_dataset_2016-2022\.xlsx, sheet "
                                                  r"'[^']+', row \d+, column 'actual_cause': "
                                                  r"'Religious Holiday / Anniversary' is no "):
        access_now_copies_compared(inputs)


def test_chapter_9_glues_the_registers_counts():
    import nbformat

    from activism_book.censorship import platform_blocks
    from book_engine.execution.glued import glued_values

    notebook = nbformat.read(ROOT / "book" / "09_barriers.ipynb", as_version=4)
    glued = {value.name: value.plain for value in glued_values(notebook)}
    events = data.load("access_now_pakistan")
    assert int(glued["barriers_register_events"]) == len(events)
    assert int(glued["barriers_register_rows"]) == RAW_ROWS
    blocks = platform_blocks(events).set_index("platform")["days_in_force"]
    assert int(glued["barriers_longest_blocked_days"]) == blocks.max()
    assert glued["barriers_longest_blocked"].strip("'") == " and ".join(
        blocks.index[blocks == blocks.max()])


def test_the_press_blocks_the_register_holds_are_found_and_the_others_are_not():
    blocks = data.load("press_blocks_in_register").set_index("block_id")
    assert blocks.loc["x_2024", "register_events_naming"] == "PAK-2024-02-17-1"
    assert blocks.loc["social_media_2021_april", "in_register"] == "all"
    assert blocks.loc["dating_apps_2020", "platforms_in_register"] == "Grindr"  # ongoing since 2019
    missing = blocks.index[blocks["in_register"] == "none"]
    assert sorted(missing) == ["pubg_2020", "tiktok_2020", "tiktok_2021_july", "tiktok_2021_june",
                               "tiktok_2021_march", "wikipedia_2023"]


def press_inputs_with(tmp_path, old: str, new: str) -> Inputs:
    """A copy of what press_blocks_in_register reads, with ``old`` replaced once by ``new`` in
    the hand-compiled press file."""
    for part in ["raw/access_now_stop", "raw/cited_sources", "schemas", "editorial"]:
        shutil.copytree(ROOT / "data" / part, tmp_path / part)
    path = tmp_path / PRESS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return Inputs(tmp_path, ["raw/", "schemas/", "editorial/"], "press_blocks_in_register", [])


def test_a_press_row_of_an_unknown_fact_is_refused_with_file_row_and_column(tmp_path):
    inputs = press_inputs_with(tmp_path, ",Wikipedia,suspected gap,start,",
                               ",Wikipedia,suspected gap,began,")
    with pytest.raises(DataValidationError, match=r"press_platform_blocks\.csv.*(line|row) 2.*"
                                                  r"fact"):
        press_blocks_in_register(inputs)


def test_a_press_block_without_a_start_is_refused_with_file_row_and_column(tmp_path):
    inputs = press_inputs_with(tmp_path, ",TikTok,suspected gap,start,",
                               ",TikTok,suspected gap,blocked,")
    with pytest.raises(DataValidationError, match=r"press_platform_blocks\.csv, line 5, column "
                                                  r"'fact': the block 'tiktok_2020'"):
        press_blocks_in_register(inputs)
