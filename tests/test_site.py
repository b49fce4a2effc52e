"""The strictly built site: glued numbers rendered, empty cells shown, nothing from other hosts."""

import functools
import hashlib
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from book_engine.execution.chapters import chapters_in_toc, toc_files
from book_engine.execution.exercises import teaching_chapters
from book_engine.site.charts import CHARTS_SCRIPT, DARK_BACKGROUND, contrast, mixed, site_specs
from book_engine.site.number_map import glued_values
from book_engine.site.stylesheet import linked_stylesheets
from tests.conftest import ROOT, toc
from tests.test_chapters import brief_bullets, in_brief

EXTERNAL = re.compile(r"^(https?:)?//")
# An inert string in inline scripts: sphinx-thebe's THEBE_JS_URL constant (loaded only by a
# thebe launch button, which this book does not have).
INERT_URLS = {"https://unpkg.com/thebe@0.8.2/lib/index.js"}
CHART_PAGES = {  # the pages of chapters whose outputs hold a chart
    f"{chapter.text.relative_to(ROOT).with_suffix('.html')}" for chapter in chapters_in_toc(ROOT)
    if "altair-chart" in chapter.notebook.read_text(encoding="utf-8")
}


def page(site, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def text_of(site, name: str) -> str:
    return " ".join(page(site, name).get_text().split())


def test_no_empty_index_page_is_built(built_site):
    """The book indexes no terms; Sphinx's general index would be a page with no entries."""
    assert not (built_site / "genindex.html").exists()
    assert 'rel="index"' not in (built_site / "index.html").read_text(encoding="utf-8")


def test_every_chapter_in_the_toc_is_built(built_site):
    for name in ["index.html", *CHART_PAGES, "book/bibliography.html", "book/numbers.html"]:
        assert (built_site / name).is_file(), name


def test_introduction_states_the_latest_internet_share_computed_from_data(built_site):
    table = pd.read_csv(ROOT / "data" / "processed" / "national_indicators.csv")
    pakistan = table.query("country_code == 'PAK' and indicator_code == 'IT.NET.USER.ZS' "
                           "and release.str.startswith('WDI')")
    latest = pakistan.loc[pakistan["year"].idxmax()]
    text = text_of(built_site, "book/01_introduction.html")
    expected = (f"{latest['value']:.1f}% of Pakistan’s population used the Internet in "
                f"{latest['year']}")
    assert expected.replace("’", "'") in text.replace("’", "'")


def test_engagement_chapter_reproduces_table1_with_empty_cells_not_reported(built_site):
    soup = page(built_site, "book/02_engagement_metrics.html")
    table = next(t for t in soup.find_all("table") if "Hashtag reach (million)" in t.get_text())
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.find_all("tr")]
    rows = [row for row in rows if row]
    assert [row[2] for row in rows] == ["5.2", "not reported", "not reported"]
    assert " ".join(table.find("caption").get_text().split()).startswith("Table 2.1 Table 1 of")
    text = text_of(built_site, "book/02_engagement_metrics.html")
    assert "#MeTooPakistan has the highest average engagement rate, 7.5%" in text
    assert "#HarassmentFreeStreets the lowest, 2.4%" in text


@pytest.mark.parametrize("text", teaching_chapters(ROOT), ids=lambda path: path.name)
def test_in_brief_renders_its_findings_glued_and_linked_within_the_page(built_site, text):
    """Each finding of a chapter's In brief shows every glued value, and links to a section
    of the same page that exists; nothing is left as a glue error or an unresolved role."""
    soup = page(built_site, text.relative_to(ROOT).with_suffix(".html").as_posix())
    section = soup.find("section", id="in-brief")
    assert section and "In brief" in section.find("h2").get_text(), "no In brief"
    assert soup.find("section", id="in-brief") == soup.select("main section section")[0], \
        "In brief is not the page's first section"
    items = section.find("ul").find_all("li", recursive=False)
    written = brief_bullets(in_brief(text))
    assert len(items) == len(written)
    for item, source in zip(items, written, strict=True):
        shown = " ".join(item.get_text().split())
        assert "glue" not in shown.lower() and not item.select(".problematic, .system-message"), \
            f"a value or link left unresolved: {shown}"
        assert len(item.select("span.pasted-text")) == source.count("{glue:text}"), shown
        targets = [soup.find(id=a["href"][1:]) for a in item.select("a.reference.internal")
                   if a["href"].startswith("#")]
        assert targets and None not in targets, f"a link that leads nowhere: {shown}"
        assert any(map(opens_a_section, targets)), f"no link to a section of the page: {shown}"


def opens_a_section(target) -> bool:
    """Whether an element is a section, or the label Sphinx puts just before its heading."""
    heading = target.find_next_sibling()
    return target.name == "section" or (target.parent.name == "section" and heading is not None
                                        and re.fullmatch(r"h[1-6]", heading.name) is not None)


def test_bibliography_page_lists_every_reference_with_titles_as_printed(built_site):
    soup = page(built_site, "book/bibliography.html")
    assert len(soup.select("div.citation")) == 28
    text = text_of(built_site, "book/bibliography.html")
    assert "Digital activism and governance reforms in Pakistan: Case studies of hashtag" in text
    assert "[Ali and Khan, 2020]" in text  # author-year labels, as in the text's citations


def test_citations_render_author_year(built_site):
    text = text_of(built_site, "book/01_introduction.html")
    assert "Ali and Khan, 2020" in text


def test_textual_citations_put_the_year_in_round_brackets(built_site):
    """"Khalid (2025)", as the citation page promises and social science writes it."""
    for name in ("book/cite.html", "book/05_case_metoo_pakistan.html"):
        text = text_of(built_site, name)
        assert "Khalid (2025)" in text and "Khalid [2025]" not in text, name


def external_requests(soup: BeautifulSoup) -> list[str]:
    """Addresses on other hosts that the page would fetch: src/href of loading elements,
    and URLs in inline scripts and styles."""
    found = []
    for tag in soup.find_all(["script", "link", "img", "iframe", "source", "video", "audio",
                              "embed", "object", "track"]):
        for attribute in ("src", "href", "data", "srcset"):
            value = tag.get(attribute)
            if value and EXTERNAL.match(value) and not (tag.name == "link" and
                                                         "canonical" in tag.get("rel", [])):
                found.append(f"<{tag.name} {attribute}={value}>")
    for inline in soup.find_all(["script", "style"]):
        if inline.get("src"):
            continue
        urls = re.findall(r"https?://[^\s\"'<>)]+", inline.get_text())
        found += [f"inline {inline.name}: {url}" for url in urls
                  if url not in INERT_URLS]
    return found


def loaded_urls(spec) -> list[str]:
    """The addresses Vega would fetch for a spec: every ``url`` value, at any depth."""
    if isinstance(spec, dict):
        own = [spec["url"]] if isinstance(spec.get("url"), str) else []
        return own + [url for value in spec.values() for url in loaded_urls(value)]
    if isinstance(spec, list):
        return [url for value in spec for url in loaded_urls(value)]
    return []


def test_no_page_requests_another_host(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 5
    names = [str(p.relative_to(built_site)) for p in pages]
    problems = {name: external_requests(page(built_site, name))
                + [f"chart data: {url}" for spec in site_specs(built_site, name)
                   for url in loaded_urls(spec)] for name in names}
    assert {name: found for name, found in problems.items() if found} == {}


def test_no_stylesheet_imports_from_another_host(built_site):
    for stylesheet in built_site.rglob("*.css"):
        css = stylesheet.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", css), stylesheet


def test_vega_is_vendored_intact_and_loaded_by_no_page(built_site):
    """Vega is the site's own copy, and no page loads it: ``charts.js``, on chart pages only,
    loads it when a reader asks for an interactive chart."""
    versions = json.loads((ROOT / "_vendor" / "vega" / "versions.json").read_text(encoding="utf-8"))
    for package in versions.values():
        for name, sha256 in package["files"].items():
            served = built_site / "_static" / "vega" / name
            assert hashlib.sha256(served.read_bytes()).hexdigest() == sha256, name
    for html in built_site.rglob("*.html"):
        name = str(html.relative_to(built_site))
        text = html.read_text(encoding="utf-8")
        assert "_static/vega/" not in text, name
        assert ("_static/charts.js" in text) == (name in CHART_PAGES), name
    assert (built_site / "_static" / "charts.js").read_bytes() == CHARTS_SCRIPT.read_bytes()


@pytest.mark.parametrize("name", sorted(CHART_PAGES))
def test_charts_are_static_svg_described_and_keep_their_tooltips(built_site, name):
    charts = page(built_site, name).select("div.altair-chart")
    specs = site_specs(built_site, name)
    assert charts and len(specs) == len(charts)
    for chart, spec in zip(charts, specs, strict=True):
        images = chart.select("img.chart-static")
        assert [image["class"][1] for image in images] == ["chart-light", "chart-dark"]
        for image in images:
            assert image["alt"].strip() and image["loading"] == "lazy"
            svg = (built_site / name).parent.joinpath(image["src"]).read_text(encoding="utf-8")
            width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
            assert svg.startswith("<svg") and int(image["width"]) >= width
        assert '"tooltip"' in json.dumps(spec)


NAMED_COLOURS = {"black": "#000000", "white": "#ffffff"}
DRAWN_FROM_DATA = ("role-mark", "role-legend-symbol")  # marks and their legend's symbols


def hex_colour(colour: str) -> str:
    colour = NAMED_COLOURS.get(colour, colour)
    return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour


def mark_colours(svg: str):
    """(colour as seen over the dark background, the mark's description) of every fill and
    stroke of the SVG's marks and legend symbols; a hollow mark's background-coloured fill is
    no colour."""
    root = BeautifulSoup(svg, "html.parser")
    for group in root.find_all("g", class_=lambda c: c and any(r in c for r in DRAWN_FROM_DATA)):
        for element in group.find_all(True):
            opacity = float(element.get("opacity", 1))
            for paint in ("fill", "stroke"):
                colour = element.get(paint)
                if not colour or colour in ("none", "transparent") or colour.startswith("url"):
                    continue
                alpha = opacity * float(element.get(f"{paint}-opacity", 1))
                if hex_colour(colour) != DARK_BACKGROUND and alpha > 0:
                    yield (mixed(hex_colour(colour), DARK_BACKGROUND, 1 - alpha),
                           element.get("aria-label", element.name))


def test_every_mark_of_a_dark_chart_stands_out_from_its_background(built_site):
    """WCAG 1.4.11: graphics needed to read a chart keep 3:1 contrast with what is around them
    (the dark theme's background: a light chart's darkest colours vanish on it)."""
    faint = {(svg.name, colour, label[:60])
             for svg in (built_site / "_static" / "charts").glob("*-dark.svg")
             for colour, label in mark_colours(svg.read_text(encoding="utf-8"))
             if contrast(colour, DARK_BACKGROUND) < 3}
    assert not faint, sorted(faint)[:20]


def test_the_data_appendices_document_every_table_and_column(built_site):
    """Every table once in the dictionary, whose two pages share the tables by folder."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    provenance = text_of(built_site, "book/data_and_provenance.html")
    entries = {name: {table.find("caption").get_text(" ", strip=True).rstrip(" #"): table
                      for table in page(built_site, f"book/{name}.html").find_all("table")}
               for name in ("data_dictionary", "editorial_dictionary")}
    for resource in package["resources"]:
        assert resource["name"] in provenance
        caption = f"Columns of {resource['name']}."
        holding = [name for name, tables in entries.items()
                   if any(text.endswith(caption) for text in tables)]
        assert len(holding) == 1, (resource["name"], holding)
        table = next(table for text, table in entries[holding[0]].items()
                     if text.endswith(caption))
        for field in resource["schema"]["fields"]:
            assert field["name"] in table.get_text(), (resource["name"], field["name"])
    assert "terms of use for its microdata were not found" in provenance


def test_the_number_map_lists_every_glued_value_and_links_to_its_cell(built_site):
    soup = page(built_site, "book/numbers.html")
    listed = {code.get_text() for code in soup.select("table.number-map code")}
    for chapter in chapters_in_toc(ROOT):
        notebook = nbformat.read(chapter.notebook, as_version=4)
        assert {value.name for value in glued_values(notebook)} <= listed, chapter.name
    links = [a["href"].split("#") for a in soup.select("table.number-map a")]
    assert links
    ids = {target: {tag["id"] for tag in page(built_site, f"book/{target}").find_all(id=True)}
           for target in {target for target, _ in links}}  # each page parsed once, not per link
    for target, anchor in links:
        assert anchor in ids[target], f"{target}#{anchor}"


def test_the_number_map_prints_values_as_the_chapters_do(built_site):
    soup = page(built_site, "book/numbers.html")
    rows = {row.find("code").get_text(): row.find_all("td")[1].get_text(strip=True)
            for row in soup.select("table.number-map tbody tr")}
    printed = rows["intro_pak_latest_value"]
    assert re.fullmatch(r"\d+\.\d", printed)
    assert f"{printed}% of Pakistan" in text_of(built_site, "book/01_introduction.html")
    assert rows["t1_chart"] == "(a figure)"


def test_the_introduction_lists_exactly_the_chapters_in_the_toc(built_site):
    section = page(built_site, "book/01_introduction.html").find(id="how-this-book-is-organised")
    links = [a["href"] for a in section.select("li a")]
    pages = [Path(name).name for name in toc_files(toc())]
    assert links == ["#" if name == "01_introduction" else f"{name}.html" for name in pages]


def test_the_introduction_and_the_appendix_give_the_same_largest_gap_between_releases(built_site):
    intro = re.search(r"by up to (\d+\.\d) percentage points \(for (\d{4})",
                      text_of(built_site, "book/01_introduction.html"))
    appendix = re.search(r"the largest gap, (\d+\.\d) percentage points, is for (\d{4})",
                         text_of(built_site, "book/caveats.html"))
    assert intro and appendix and intro.groups() == appendix.groups()


def test_the_status_page_gives_each_chapter_its_last_run_and_the_versions(built_site):
    soup = page(built_site, "book/status.html")
    runs = soup.find("table", class_="build-status")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in runs.find_all("tr")]
    rows = [row for row in rows if row]
    assert len(rows) == len(chapters_in_toc(ROOT))
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row[1]) for row in rows), rows
    assert all(float(row[2]) > 0 for row in rows)
    versions = soup.find("table", class_="build-versions").get_text(" ", strip=True)
    assert f"pandas {pd.__version__}" in versions and "python" in versions


def test_every_icon_the_site_shows_keeps_its_rule_and_its_glyph(built_site):
    from fontTools.ttLib import TTFont

    from book_engine.site import icons

    theme_css = (icons.THEME_STATIC / icons.STYLESHEET).read_text(encoding="utf-8")
    glyph_of = {name.removeprefix("."): int(code, 16)
                for names, code in icons.ICON_RULE.findall(theme_css)
                for name in names.rstrip(",").removesuffix(":before").split(":before,")}
    shown = icons.icons_used(built_site) & set(glyph_of)
    site_css = (built_site / "_static" / icons.STYLESHEET).read_text(encoding="utf-8")
    kept = {name.removeprefix(".") for names, _ in icons.ICON_RULE.findall(site_css)
            for name in names.rstrip(",").removesuffix(":before").split(":before,")}
    font = TTFont(built_site / "_static" / icons.WEBFONTS
                  / icons.subset_font_name("fa-solid-900"))
    assert {"fa-magnifying-glass", "fa-bars", "fa-moon"} <= shown
    assert shown <= kept and len(kept) < len(glyph_of) / 10
    assert {glyph_of[name] for name in shown} <= set(font.getBestCmap())
    # and every glyph a stylesheet draws otherwise: the lightbulb of an Overview's title
    drawn = {point for path in linked_stylesheets(built_site)
             for point in icons.glyphs_drawn(path.read_text(encoding="utf-8"))}
    in_fonts = {point for subset in (built_site / "_static" / icons.WEBFONTS).glob("*.subset.*")
                for point in TTFont(subset).getBestCmap() or {}}
    assert 0xf0eb in drawn and drawn <= in_fonts, sorted(map(hex, drawn - in_fonts))


PANDAS_REPR = re.compile(r"dtype: \w+|Name: \w+|\[\d+ rows x \d+ columns\]")
NUMBER = re.compile(r"[-+\u2212]?\d[\d,]*(\.\d+)?%?")


def book_pages(site: Path) -> list[str]:
    return sorted(str(path.relative_to(site)) for path in site.rglob("*.html")
                  if "_static" not in path.parts)


def test_no_page_shows_a_raw_dataframe(built_site):
    """Every table a chapter shows is a numbered table: no pandas HTML, no bare expression's
    text (a DataFrame's, a Series', a list's), no printed pandas repr."""
    for name in book_pages(built_site):
        soup = page(built_site, name)
        assert not soup.select("table.dataframe"), name
        assert not soup.select("div.cell_output div.text_plain"), name
        for pre in soup.select("div.cell_output pre"):
            assert not PANDAS_REPR.search(pre.get_text()), (name, pre.get_text()[:200])


def numbered_tables(site: Path):
    """Every numbered table of the site: (page, table) for each table with a label."""
    for name in book_pages(site):
        for table in page(site, name).select("table[id^=tbl-]"):
            yield name, table


def test_numbered_tables_right_align_their_columns_of_numbers(built_site):
    seen = 0
    for name, table in numbered_tables(built_site):
        rows = [row.find_all("td") for row in table.select("tbody tr")]
        for column in range(len(rows[0]) if rows else 0):
            cells = [row[column] for row in rows if len(row) > column]
            shown = [cell for cell in cells
                     if cell.get_text(strip=True) not in ("", "not reported")]
            if shown and all(NUMBER.fullmatch(cell.get_text(strip=True)) for cell in shown):
                seen += 1
                assert all("text-right" in cell.get("class", []) for cell in cells), \
                    (name, table["id"], column)
    assert seen > 20


def displays_on(site: Path):
    """Every numbered table and figure of the site: (page, element)."""
    for name in book_pages(site):
        for element in page(site, name).select("table[id^=tbl-], figure[id^=fig-]"):
            yield name, element


@functools.cache
def ids_on(path: Path) -> set[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return {element["id"] for element in soup.find_all(id=True)}


def target_exists(site: Path, name: str, href: str) -> bool:
    target, _, anchor = href.partition("#")
    return anchor in ids_on(((site / name).parent / target).resolve() if target
                            else (site / name).resolve())


def test_every_table_and_figure_says_what_it_was_computed_from(built_site):
    """One small line beneath each: the tables named exist in the data package and link to
    their entry in the data dictionary with their publisher and release; the last link goes
    to the code cell that made the display."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {resource["name"]: resource for resource in package["resources"]}
    seen = {"table": 0, "figure": 0}
    for name, display in displays_on(built_site):
        scrolled = "pst-scrollable-table-container" in display.parent.get("class", [])
        line = (display.parent if scrolled else display).find_next_sibling()
        assert line is not None and line.name == "p" and "computed-from" in line["class"], \
            (name, display["id"])
        assert line.find("small"), (name, display["id"])
        text = " ".join(line.get_text().split())
        *tables, code = line.find_all("a")
        assert code.get_text().startswith("cell ") and "#cell-" in code["href"], text
        assert target_exists(built_site, name, code["href"]), (name, code["href"])
        for link in tables:
            table = link.get_text()
            assert table in resources, (name, display["id"], table)
            anchor = "tbl-dict-" + table.replace("_", "-")
            assert re.search(rf"(data|editorial)_dictionary\.html#{anchor}$", link["href"]), \
                link["href"]
            assert target_exists(built_site, name, link["href"]), (name, link["href"])
            resource = resources[table]
            assert " ".join(f"{resource['publisher']}; {resource['release']}".split()) in text
        seen["table" if display.name == "table" else "figure"] += 1
    assert seen["table"] > 90 and seen["figure"] > 20, seen


def pygments_colours(css: str, theme: str) -> dict[str, str]:
    """Each ``.highlight`` selector's declarations in the pygments stylesheet for ``theme``."""
    rules = re.findall(rf'html\[data-theme="{theme}"\] \.highlight( \.\w+)? \{{([^}}]*)\}}', css)
    return {token.strip(): re.search(r"color: (#\w+)", body).group(1)
            for token, body in rules if "color:" in body}


def test_code_cells_leave_plain_tokens_unspanned_in_their_plain_colour(built_site):
    """Names, punctuation and whitespace come with no span (book_engine.site.highlighting),
    which changes nothing seen only while the styles colour them as plain code text."""
    from book_engine.site import highlighting, stylesheet

    css = stylesheet.uncut_copy(built_site, built_site / "_static" / "pygments.css").read_text(
        encoding="utf-8")
    for theme in ("light", "dark"):
        colours = pygments_colours(css, theme)
        assert {colours[f".{name}"] for name in highlighting.PLAIN_TOKENS.values()} \
            == {colours[""]}, theme
    page = (built_site / "book" / "09_barriers.html").read_text(encoding="utf-8")
    cells = "".join(re.findall(r'<div class="cell_input.*?</pre>', page, re.DOTALL))
    assert cells.count('<span class="o">') > 100  # still highlighted
    spans = {name: cells.count(f'<span class="{name}">')
             for name in highlighting.PLAIN_TOKENS.values()}
    assert spans == dict.fromkeys(highlighting.PLAIN_TOKENS.values(), 0)
