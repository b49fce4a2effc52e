"""Unit tests of the shared package: paths, prose helpers, offline charts, bibliography check."""

import json
import math
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from activism_book.releases import release_comparison
from book_engine.bibliography.bibtex import bibliography_problems
from book_engine.data import paths
from book_engine.site import charts, prose
from tests.conftest import ROOT


def test_project_root_found_from_a_subfolder(monkeypatch):
    monkeypatch.delenv(paths.ROOT_VARIABLE, raising=False)
    assert paths.project_root(ROOT / "book") == ROOT


def test_project_root_follows_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.ROOT_VARIABLE, str(tmp_path))
    assert paths.project_root() == tmp_path.resolve()


def test_project_root_outside_a_book_is_the_book_the_package_came_with(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.ROOT_VARIABLE, raising=False)
    assert paths.project_root(tmp_path) == ROOT  # an editable install: the repository


def test_project_root_with_no_book_anywhere_says_how_to_fix_it(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.ROOT_VARIABLE, raising=False)
    monkeypatch.setattr(paths, "installed_books", list)  # no book registered
    with pytest.raises(FileNotFoundError, match=paths.ROOT_VARIABLE):
        paths.project_root(tmp_path)


@pytest.mark.parametrize(
    ("value", "expected", "kind"),
    [(np.float64(7.5), 7.5, float), (np.int64(3), 3, int), (pd.Series([2]).sum(), 2, int),
     ("#MeTooPakistan", "#MeTooPakistan", str), (True, True, bool)],
)
def test_plain_turns_numpy_scalars_into_builtins(value, expected, kind):
    result = prose.plain(value)
    assert result == expected and type(result) is kind


def test_glue_value_refuses_a_missing_value():
    with pytest.raises(ValueError, match="not reported"):
        prose.glue_value("reach", math.nan)


def test_show_missing_writes_not_reported_and_never_a_number():
    shown = prose.show_missing(pd.Series([5.2, math.nan, None]), "{:.1f}")
    assert shown.tolist() == ["5.2", "not reported", "not reported"]


def test_numbered_table_is_a_myst_table_directive_with_its_computed_from_line():
    markdown = prose.numbered_table(pd.DataFrame({"a": ["1"]}), "tbl-x", "A caption",
                                    computed_from=("policy_events", "national_indicators")).data
    table, line = markdown.split(":::\n\n")
    assert table.startswith(":::{table} A caption\n:name: tbl-x\n") and "|   a |" in table
    assert line == ":::{computed-from} policy_events national_indicators\n:::\n"


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_numbered_table_refuses_a_missing_value_naming_its_row_and_column(missing):
    frame = pd.DataFrame({"a": ["x", "y"], "b": pd.Series(["z", missing], dtype=object)})
    with pytest.raises(ValueError, match="tbl-x: row 1, column 'b' is missing"):
        prose.numbered_table(frame, "tbl-x", "c", computed_from=())


def test_numbered_table_refuses_a_computed_from_that_names_no_table():
    with pytest.raises(ValueError, match="tbl-x: computed_from names tables"):
        prose.numbered_table(pd.DataFrame({"a": ["1"]}), "tbl-x", "c",
                             computed_from=("policy events` {raw}",))


HOSTILE = ["<b>bold</b>", "<script>alert(1)</script>", '<img src=x onerror="alert(1)">',
           "{glue:text}`t1_top_rate`", "```{raw} html\n<i>x</i>\n```", "a | b", "`tick`",
           "&lt;entity&gt;", "**strong** [link](http://example.org) $x$", "</script>"]


def rendered_cells(frame: pd.DataFrame) -> list[str]:
    """The text of each body cell, as a Markdown renderer shows the table's rows."""
    markdown = prose.numbered_table(frame, "tbl-x", "c", computed_from=()).data
    table = markdown.split("\n\n", 1)[1].split("\n:::\n", 1)[0]
    html = MarkdownIt("commonmark").enable("table").render(table)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    return [BeautifulSoup(html, "html.parser").find_all("td")[i].get_text()
            for i in range(len(frame) * len(frame.columns))]


def test_table_cells_from_data_show_as_the_text_they_are():
    frame = pd.DataFrame({"text": HOSTILE, "code": [prose.Code(s) for s in HOSTILE]})
    cells = rendered_cells(frame)
    flat = [" ".join(s.split()) for s in HOSTILE]
    assert cells[0::2] == flat and cells[1::2] == flat


def test_a_code_cell_stays_code_in_a_column_pandas_made():
    """pandas stores a column of ``str`` in its string dtype: a ``str`` marked as code would
    lose its mark there, and show as text."""
    column = pd.Series(["data/x.csv"]).map(prose.Code)
    markdown = prose.numbered_table(pd.DataFrame({"file": column}), "tbl-x", "c",
                                    computed_from=()).data
    assert "`data/x.csv`" in markdown


def test_a_record_cell_labels_each_value_and_shows_it_as_the_text_it_is():
    frame = pd.DataFrame({"record": [prose.Record({"Said": s, "Code": prose.Code(s)})
                                     for s in HOSTILE]})
    flat = [" ".join(s.split()) for s in HOSTILE]
    assert rendered_cells(frame) == [f"Said: {s} Code: {s}" for s in flat]


def test_a_record_cell_refuses_a_missing_value_naming_its_label():
    with pytest.raises(ValueError, match=r"\['Date'\] is missing"):
        prose.numbered_table(pd.DataFrame({"r": [prose.Record({"Date": None})]}), "tbl-x", "c",
                             computed_from=())


def test_the_dark_theme_redraws_light_colours_and_leaves_the_data_and_texts_alone():
    spec = {"data": [{"name": "d", "values": [{"colour": "#440154"}]}],
            "title": {"text": "white"},
            "scales": [{"name": "colour", "range": ["#440154", "#2a788e"]}],
            "marks": [{"encode": {"update": {"fill": {"value": "#440154"},
                                             "stroke": {"value": "black"},
                                             "text": {"value": "black"}}}}]}
    drawn = charts.dark(spec)
    assert drawn["data"] == spec["data"]
    assert drawn["title"] == {"text": "white"}
    assert drawn["scales"][0]["range"] == [charts.DARK_COUNTERPARTS[colour]
                                           for colour in ("#440154", "#2a788e")]
    assert drawn["marks"][0]["encode"]["update"] == {
        "fill": {"value": charts.DARK_COUNTERPARTS["#440154"]}, "stroke": {"value": "#ffffff"},
        "text": {"value": "black"}}
    assert drawn["config"]["background"] == "#333"
    for colour in [*charts.DARK_COUNTERPARTS.values(), *drawn["config"]["range"]["category"]]:
        if colour != charts.DARK_BACKGROUND:
            assert charts.contrast(colour, charts.DARK_BACKGROUND) >= 3, colour


def example_chart() -> alt.Chart:
    frame = pd.DataFrame({"x": [1, 2], "y": [3.0, 4.0]})
    return alt.Chart(frame, description="An example </script> chart").mark_point().encode(
        x="x:Q", y="y:Q", tooltip=["x:Q", "y:Q"]
    )


def test_offline_renderer_is_byte_stable_inert_and_compiled_to_vega():
    bundle = charts.offline_renderer(example_chart().to_dict())
    again = charts.offline_renderer(example_chart().to_dict())
    html = bundle["text/html"]
    assert bundle == again
    assert not re.search(r"https?://", html.replace("https://vega.github.io/schema", ""))
    # no script runs from a chapter's output: its Vega is data, for the extension to draw
    assert "<script>" not in html and '<script type="application/json"' in html
    # compiled to Vega at build time: the browser needs no Vega-Lite
    assert "schema/vega/v6.json" in html


def test_a_chart_is_drawn_as_static_svg_files_for_each_theme(tmp_path):
    snippet = charts.offline_renderer(example_chart().to_dict())["text/html"]
    drawn = charts.static_chart(snippet, tmp_path, "../_static/charts/")
    assert "vega-spec" not in drawn and "chart-unbuilt" not in drawn
    name, = re.findall(r'data-chart="(\w+)"', drawn)
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        [f"{name}-dark.svg", f"{name}.js", f"{name}.svg"]
    assert f'src="../_static/charts/{name}.svg"' in drawn
    assert 'alt="An example &lt;/script&gt; chart"' in drawn
    light, dark = ((tmp_path / f"{name}{end}").read_text() for end in (".svg", "-dark.svg"))
    assert light.startswith("<svg") and "#333" not in light and 'fill="#333"' in dark
    assert charts.static_chart(snippet, tmp_path, "../_static/charts/") == drawn  # stable


def test_a_chart_that_fills_its_container_is_drawn_at_a_fixed_width(tmp_path):
    chart = example_chart().properties(width="container")
    files = charts.static_files(charts.to_vega(chart.to_dict()))
    svg = next(text for name, text in files.items() if name.endswith(".svg"))
    assert f'width="{charts.STATIC_WIDTH}"' in svg


def test_offline_renderer_keeps_tooltips_and_a_text_alternative():
    bundle = charts.offline_renderer(example_chart().to_dict())
    assert '"tooltip":{"signal":' in bundle["text/html"]
    assert 'data-label="An example &lt;/script&gt; chart"' in bundle["text/html"]
    assert bundle["text/plain"] == "<chart: An example </script> chart>"


def test_a_chart_s_table_gives_every_layer_s_data():
    events = pd.DataFrame({"x": [1.5], "event": ["A protest"]})
    layered = example_chart() + alt.Chart(events).mark_rule().encode(x="x:Q", tooltip="event:N")
    snippet = charts.offline_renderer(layered.to_dict())["text/html"]
    tables = BeautifulSoup(snippet, "html.parser").select("details.chart-data table")
    assert [[th.get_text() for th in table.select("th")] for table in tables] == \
        [["x", "y"], ["x", "event"]]
    assert tables[1].select_one("td:last-child").get_text() == "A protest"


def test_use_offline_charts_enables_the_book_renderer():
    charts.use_offline_charts()
    assert alt.renderers.active == "book"
    assert example_chart()._repr_mimebundle_()["text/html"].startswith('<div class="altair-chart"')


def test_bibliography_check_names_duplicate_keys_and_missing_fields(tmp_path):
    bib = tmp_path / "broken.bib"
    bib.write_text(
        "@article{a2020x,\n  author={A, B.}, title={T}, journal={J}, year={2020}\n}\n"
        "@article{a2020x,\n  author={A, B.}, title={T}, journal={J}, year={2020}\n}\n",
        encoding="utf-8",
    )
    assert bibliography_problems(bib) == [
        "broken.bib, line 4: duplicate key 'a2020x' (first at line 1)"
    ]
    no_journal = "@article{b2021y,\n  author={A, B.}, title={T}, year={2021}\n}\n"
    bib.write_text(no_journal, encoding="utf-8")
    assert bibliography_problems(bib) == [
        "broken.bib, line 1: entry 'b2021y' lacks required field 'journal'"
    ]


@pytest.mark.parametrize(
    ("years", "phrase"),
    [
        ([2024], "2024"),
        ([2021, 2022, 2023], "2021–2023"),
        ([2023, 2000, 2021, 2022], "2000 and 2021–2023"),
        ([1990, 1995, 2001, 2002], "1990, 1995 and 2001–2002"),
    ],
)
def test_year_ranges_collapses_runs(years, phrase):
    assert prose.year_ranges(years) == phrase


def test_bibliography_labels_are_author_year_and_tell_repeats_apart():
    from pybtex.database import parse_string

    from book_engine.bibliography.bibstyle import AuthorYearLabels

    entries = parse_string(
        "@article{a, author={Ali, S. and Khan, F.}, title={X}, journal={J}, year={2020}}\n"
        "@article{b, author={Ali, S. and Khan, F.}, title={Y}, journal={J}, year={2020}}\n"
        "@article{c, author={Shah, A. and Iqbal, R. and Khan, Z.}, title={Z}, journal={J},"
        " year={2021}}\n",
        "bibtex",
    ).entries.values()
    assert list(AuthorYearLabels().format_labels(entries)) == [
        "Ali and Khan, 2020a", "Ali and Khan, 2020b", "Shah et al., 2021"]


def test_release_comparison_gives_the_gap_only_where_releases_overlap():
    rows = [("A", 2000, 10.0), ("B", 2000, 12.5), ("A", 2001, 11.0)]
    indicators = pd.DataFrame(
        [{"indicator_code": "X", "country_code": "PAK", "release": r, "year": y, "value": v}
         for r, y, v in rows])
    comparison = release_comparison(indicators, "X", "PAK")
    assert comparison.loc[2000, "gap"] == 2.5
    assert pd.isna(comparison.loc[2001, "gap"])


def test_a_chart_keeps_strings_from_data_as_data():
    """Labels and tooltips reach the page inside the chart's JSON: no string may end the
    script element or open a comment there, and vega-embed gets it back unchanged."""
    hostile = "</script><script>alert(1)</script><!--<script>&amp;"
    frame = pd.DataFrame({"label": [hostile], "value": [1]})
    chart = alt.Chart(frame, description=hostile).mark_bar().encode(
        x="value:Q", y="label:N", tooltip=["label:N"])
    snippet = charts.offline_renderer(chart.to_dict())["text/html"]
    script = snippet.split('class="vega-spec">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script
    spec, = charts.embedded_specs(snippet)
    assert hostile in json.dumps(spec, ensure_ascii=False)
    assert 'data-label="&lt;/script&gt;' in snippet


def test_unescaped_gives_back_what_literal_escaped():
    from book_engine.execution.markup import literal, unescaped

    text = "#MeToo: <b>bold</b> a\\b [link](x) 50% `tick` {role}"
    assert unescaped(literal(text)) == text


def test_a_chart_s_text_alternative_is_its_description_or_its_parts_and_never_missing():
    frame = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    line = alt.Chart(frame, description="Internet use").mark_line().encode(x="x", y="y")
    rule = alt.Chart(frame, description="The census year").mark_rule().encode(x="x")
    assert charts.chart_label((line + rule).to_dict()) == "Internet use; The census year"
    assert charts.chart_label(alt.hconcat(line, line).to_dict()) == "Internet use"
    with pytest.raises(ValueError, match="a chart with no description"):
        charts.chart_label(alt.Chart(frame).mark_point().encode(x="x").to_dict())
