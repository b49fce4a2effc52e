"""Every unit has the range it allows, and a value outside it fails with file, line and column.

Long tables mix units (national_indicators holds percentages, people, dollars and tonnes in
one `value` column), so the range of a cell depends on its row: the schema's `unitRanges` looks
it up by the row's unit, and `rangeFields` reads a score's scale from the row.
"""

import math

import pandas as pd
import pytest

from book_engine import data
from book_engine.data.descriptors import resources_by_name
from book_engine.data.validation import DataValidationError, check_table, unit_ranges
from tests.conftest import ROOT

RESOURCES = resources_by_name(ROOT)


def ranged_units() -> list[tuple[str, str, str]]:
    """(resource, field, unit) for every unit range any schema declares."""
    return [(name, field["name"], unit)
            for name, resource in RESOURCES.items()
            for field in resource["schema"]["fields"] if "unitRanges" in field
            for unit in field["unitRanges"]["ranges"]]


def one_row_file(tmp_path, row: pd.Series):
    path = tmp_path / "table.csv"
    row.to_frame().T.to_csv(path, index=False)
    return path


def beyond(bounds: tuple[float, float]) -> float:
    """A value just outside ``bounds``: above the maximum, or below a minimum-only range."""
    low, high = bounds
    return low - 1 if high == math.inf else high + 1


@pytest.mark.parametrize(("resource", "field", "unit"), ranged_units(),
                         ids=lambda value: str(value))
def test_a_value_outside_its_units_range_fails_with_file_line_and_column(
        tmp_path, resource, field, unit):
    descriptor = RESOURCES[resource]
    spec = next(f for f in descriptor["schema"]["fields"] if f["name"] == field)
    table = pd.read_csv(ROOT / "data" / descriptor["path"], dtype=str, keep_default_na=False)
    rows = table[table[spec["unitRanges"]["column"]] == unit]
    row = (rows.iloc[0] if len(rows) else table.iloc[0]).copy()
    row[spec["unitRanges"]["column"]] = unit
    bad = beyond(unit_ranges(spec)[unit])
    row[field] = f"{bad:.15g}"
    with pytest.raises(DataValidationError) as raised:
        check_table(one_row_file(tmp_path, row), descriptor["schema"], "the copy")
    assert f"the copy, line 2, column '{field}'" in str(raised.value)
    assert f"{bad:.15g}" in str(raised.value)


def test_every_unit_in_the_shipped_tables_has_a_declared_range():
    for name, field, column in [("national_indicators", "value", "unit"),
                                ("press_reported_figures", "value_number", "unit")]:
        spec = next(f for f in RESOURCES[name]["schema"]["fields"] if f["name"] == field)
        assert set(data.load(name)[column]) <= set(unit_ranges(spec)), name


def test_a_share_cannot_pass_100_but_a_gross_ratio_and_subscriptions_can():
    spec = next(f for f in RESOURCES["national_indicators"]["schema"]["fields"]
                if f["name"] == "value")
    ranges = unit_ranges(spec)
    assert ranges["% of population"] == (0, 100)
    assert ranges["% gross"] == (0, math.inf)
    assert ranges["per 100 people"] == (0, math.inf)
    indicators = data.load("national_indicators")
    assert indicators.loc[indicators["unit"] == "per 100 people", "value"].max() > 100


def test_an_undeclared_unit_is_reported_not_passed(tmp_path):
    descriptor = RESOURCES["national_indicators"]
    table = pd.read_csv(ROOT / "data" / descriptor["path"], dtype=str, keep_default_na=False)
    row = table.iloc[0].copy()
    row["unit"] = "furlongs"
    with pytest.raises(DataValidationError, match="unit 'furlongs' is not in the schema"):
        check_table(one_row_file(tmp_path, row), descriptor["schema"],
                    "the copy")


@pytest.mark.parametrize(("scale", "score"), [("1 to 7", "0"), ("0 to 4", "5")])
def test_a_score_outside_its_rows_scale_fails(tmp_path, scale, score):
    """Both scores are inside the column's 0 to 100: only the row's own scale refuses them."""
    descriptor = RESOURCES["freedom_scores"]
    table = pd.read_csv(ROOT / "data" / descriptor["path"], dtype=str, keep_default_na=False)
    low, high = scale.split(" to ")
    row = table[(table["score_min"] == low) & (table["score_max"] == high)].iloc[0].copy()
    row["score"] = score
    with pytest.raises(DataValidationError) as raised:
        check_table(one_row_file(tmp_path, row), descriptor["schema"],
                    "the copy")
    assert f"line 2, column 'score': {score} is outside {scale}" in str(raised.value)
