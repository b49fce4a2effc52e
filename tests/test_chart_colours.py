"""Every chart stays readable printed in greyscale: a series told apart by colour is also told
apart by something else (a line's dash, a point's shape, its position or a label), or its
colours differ in lightness, not only in hue.

Read from the Vega each chapter's notebook carries (book_engine.site.charts compiles every chart
at build time), so a chart added to any chapter in the toc is checked without editing this.
"""

import itertools
import math

import nbformat
import pytest

from book_engine.execution.chapters import chapters_in_toc
from book_engine.site.charts import (
    DARK_COUNTERPARTS,
    GREYSCALE_SAFE,
    embedded_specs,
    lightness,
)
from tests.conftest import ROOT

COLOUR_CHANNELS = ("fill", "stroke")
NOT_SEEN = ("tooltip", "description", "aria", "ariaRole", "ariaRoleDescription")
MIN_LIGHTNESS_STEP = 12  # CIE L*: about what a greyscale print still tells apart
MIN_DARK_DISTANCE = 40  # CIELAB (1976): series colours a reader tells apart on a dark page


def chart_specs() -> list[tuple[str, dict]]:
    specs = []
    for chapter in chapters_in_toc(ROOT):
        notebook = nbformat.read(chapter.notebook, as_version=4)
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                for kind, text in output.get("data", {}).items():
                    if kind.endswith("text/html") and 'class="altair-chart"' in text:
                        specs += [(chapter.name, spec) for spec in embedded_specs(text)]
    return specs


def groups(mark: dict) -> list[dict]:
    """The spec and every group mark in it: each holds marks drawn together."""
    found = [mark]
    for child in mark.get("marks", []):
        found += groups(child)
    return found


def fields(value) -> set[str]:
    """Every data field an encoding value reads."""
    if isinstance(value, list):
        return set().union(*map(fields, value)) if value else set()
    if not isinstance(value, dict):
        return set()
    own = {value["field"]} if isinstance(value.get("field"), str) else set()
    return own.union(*(fields(item) for item in value.values()))


def encodings(mark: dict):
    for properties in mark.get("encode", {}).values():
        yield from properties.items()


def coloured_by(mark: dict) -> set[tuple[str, str]]:
    """(scale, field) of each colour this mark takes from data."""
    found = set()
    for channel, value in encodings(mark):
        if channel in COLOUR_CHANNELS:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item.get("field"), str) and "scale" in item:
                    found.add((item["scale"], item["field"]))
    return found


def told_apart_otherwise(group: dict) -> set[str]:
    """Fields that some mark of the group shows other than by colour."""
    return set().union(*(fields(value) for mark in group.get("marks", [])
                         for channel, value in encodings(mark)
                         if channel not in COLOUR_CHANNELS + NOT_SEEN)) \
        if group.get("marks") else set()


def scales(spec: dict) -> dict[str, dict]:
    return {scale["name"]: scale for group in groups(spec) for scale in group.get("scales", [])}


def categories(spec: dict, field: str) -> set:
    return {row[field] for data in spec.get("data", []) for row in data.get("values", [])
            if field in row}


def domain_fields(scale: dict) -> list[str]:
    domain = scale.get("domain")
    if not isinstance(domain, dict):
        return []
    return [item["field"] if isinstance(item, dict) else item
            for item in domain.get("fields", [domain]) if isinstance(item, (dict, str))]


def too_few_patterns(spec: dict) -> list[str]:
    """Dash or shape scales that must repeat a pattern: more categories than patterns."""
    return [f"'{field}': {count} categories, {len(scale['range'])} {scale['name']} patterns"
            for scale in scales(spec).values()
            if scale["name"].lower().endswith(("strokedash", "shape"))
            and isinstance(scale.get("range"), list)
            for field in dict.fromkeys(domain_fields(scale))
            if (count := len(categories(spec, field))) > len(scale["range"])]


def split_legends(spec: dict) -> list[str]:
    """A field whose colours and dashes (or shapes) have a legend each: the reader can match
    neither to the other."""
    by_name = scales(spec)

    def fields_of(legend: dict) -> set[str]:
        return {field for channel in ("fill", "stroke", "strokeDash", "shape")
                if channel in legend for field in domain_fields(by_name[legend[channel]])}

    return [f"{sorted(shared)}: two legends" for group in groups(spec)
            for one, other in itertools.combinations(group.get("legends", []), 2)
            if (shared := fields_of(one) & fields_of(other))]


def greyscale_problems(spec: dict) -> list[str]:
    problems = too_few_patterns(spec) + split_legends(spec)
    by_name = scales(spec)
    for group in groups(spec):
        otherwise = told_apart_otherwise(group)
        for scale, field in set().union(*map(coloured_by, group.get("marks", []))):
            if field in otherwise:
                continue
            colours = by_name[scale].get("range")
            count = len(categories(spec, field))
            if not isinstance(colours, list) or len(colours) < count:
                problems.append(f"'{field}' is told apart by colour alone, from "
                                f"{colours!r}, not a list of {count} colours")
                continue
            for one, other in itertools.combinations(colours[:count], 2):
                if abs(lightness(one) - lightness(other)) < MIN_LIGHTNESS_STEP:
                    problems.append(f"'{field}': {one} and {other} look alike in greyscale")
    return problems


CHARTS = chart_specs()


def test_the_chapters_have_charts_to_check():
    assert len(CHARTS) >= 10


@pytest.mark.parametrize(("chapter", "spec"), CHARTS,
                         ids=[f"{name}-{spec.get('description', '')[:40]}"
                              for name, spec in CHARTS])
def test_every_chart_stays_readable_in_greyscale(chapter, spec):
    assert greyscale_problems(spec) == []


def test_the_check_sees_a_chart_coloured_by_hue_alone():
    line = {"type": "line", "encode": {"update": {
        "stroke": {"scale": "color", "field": "country"}, "x": {"scale": "x", "field": "year"}}}}
    spec = {"data": [{"name": "d", "values": [{"country": "A"}, {"country": "B"}]}],
            "scales": [{"name": "color", "type": "ordinal", "range": ["#4c78a8", "#e45756"]}],
            "marks": [line]}
    assert greyscale_problems(spec) == ["'country': #4c78a8 and #e45756 look alike in greyscale"]
    line["encode"]["update"]["strokeDash"] = {"scale": "strokeDash", "field": "country"}
    assert greyscale_problems(spec) == []


def cielab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a ``#rrggbb`` colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, \
        0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_the_series_colours_stay_far_apart_in_the_dark_theme():
    """What the dark theme draws for GREYSCALE_SAFE: in the claims ledger's chart, 'reproduced'
    and 'not testable' were a yellow and a lime once."""
    dark = [DARK_COUNTERPARTS[colour] for colour in GREYSCALE_SAFE]
    near = [(one, other, round(math.dist(cielab(one), cielab(other))))
            for one, other in itertools.combinations(dark, 2)
            if math.dist(cielab(one), cielab(other)) < MIN_DARK_DISTANCE]
    assert near == []
