"""The built site in a real browser: Debian's Chromium, driven by playwright, over the site
served on 127.0.0.1. Every page of the toc (and the index, search and index-of-terms pages)
loads with no failed request, no request to another host, no console error, each script once;
every chart draws, shows its tooltip, comes with its numbers as a table and follows the dark
theme; Vega loads once, and only on pages with a chart; each
chapter's download button serves its notebook and search finds it by its title; every internal
link and citation (the PDF's included) leads to a page and an element that exist; axe-core
(its current release, vendored from npm) finds nothing critical or serious on any page, and
nothing milder that the README does not list; each page shows one search control, on a desktop
and on a phone; solutions stay folded until opened; at 390 px nothing hides columns without a scroll
cue; printed, code wraps and controls hide. The bytes each page transfers are printed at the
end of the run (tests/conftest.py), and a page above its limit fails. New chapters are
covered from _toc.yml, without editing this.
"""

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest

from book_engine.execution.chapters import chapters_in_toc, toc_files
from book_engine.execution.exercises import teaching_chapters
from book_engine.publishing.browser import load_charts, open_page, served, slow_load
from book_engine.site.charts import (
    DARK_COUNTERPARTS,
    DARK_THEME,
    VEGA_SCRIPTS,
    contrast,
    mixed,
    site_specs,
)
from tests.conftest import ROOT, page_load_property, system_chromium, toc

PAGES = ["index.html", "search.html",
         *(f"{name}.html" for name in toc_files(toc()) if name != "index")]
CHART_PAGES = {f"{c.text.relative_to(ROOT).with_suffix('.html')}" for c in chapters_in_toc(ROOT)
               if "altair-chart" in c.notebook.read_text(encoding="utf-8")}
DRAWN = "chart => chart.vegaView && chart.querySelector('summary[aria-label]')"
# The charts whose static image of the page's theme has not loaded
UNSHOWN_CHARTS = """() => [...document.querySelectorAll('.altair-chart')].filter(chart =>
  ![...chart.querySelectorAll('img.chart-static')].some(image =>
    getComputedStyle(image).display !== 'none' && image.complete && image.naturalWidth > 0))
  .length"""
MARKS = "svg g.mark-rect path, svg g.mark-symbol path"  # marks a pointer can rest on
KIB = 1024
# Everything a page loads before any interaction: uncompressed, and gzip-compressed as sent
PAGE_BUDGETS = {"text": (350 * KIB, 60 * KIB), "chart": (600 * KIB, 120 * KIB)}
FIRST_TEXT_LIMIT = 3.0  # seconds, on browser.SLOW_LINK


@pytest.fixture(scope="module")
def site_url(built_site: Path, built_pdf: Path):
    """The built site, with its PDF, served on 127.0.0.1 while the module's tests run."""
    with served(built_site) as address:
        yield address


@pytest.fixture(scope="module")
def compressed_site_url(built_site: Path):
    """The built site served with its text files gzip-compressed."""
    with served(built_site, compressed=True) as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=system_chromium(),
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


class Visit:
    """One page load, every chart image loaded: every request, response, failure and
    console error it caused."""

    def __init__(self, browser, url: str, color_scheme: str = "light"):
        self.page = browser.new_page(color_scheme=color_scheme)
        self.requests, self.failures, self.errors = [], [], []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("requestfailed", lambda request: self.failures.append(request.url))
        self.page.on("response", lambda response: response.status >= 400
                     and self.failures.append(f"{response.status} {response.url}"))
        self.page.on("console", lambda message: message.type == "error"
                     and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        open_page(self.page, url)
        load_charts(self.page)


@pytest.mark.parametrize("name", PAGES)
def test_the_page_loads_cleanly_from_this_host_alone(browser, site_url, name):
    visit = Visit(browser, site_url + name)
    host = urlsplit(site_url).netloc
    assert [url for url in visit.requests if urlsplit(url).netloc not in (host, "")] == []
    assert visit.failures == []
    assert visit.errors == []
    scripts = [urlsplit(url).path for url in visit.requests if urlsplit(url).path.endswith(".js")]
    assert sorted({s for s in scripts if scripts.count(s) > 1}) == [], "a script loaded twice"
    unused = [url for url in visit.requests if "design" in urlsplit(url).path]
    assert unused == [] or visit.page.locator("[class*='sd-']").count() > 0, \
        "sphinx-design's assets on a page that uses none of its directives"
    assert [script for script in scripts if "/_static/vega/" in script] == [], \
        "Vega loads only when a reader asks for an interactive chart"
    assert any(script.endswith("/charts.js") for script in scripts) == (name in CHART_PAGES)
    visit.page.close()


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_light_and_shows_text_soon_on_a_slow_link(browser, compressed_site_url,
                                                              record_property, name):
    """Within its budget (README, Page weight), and its text drawn within
    :data:`FIRST_TEXT_LIMIT` over Chromium's slow mobile link, from a host that compresses
    as GitHub Pages does. The figures are printed at the end of the run."""
    load = slow_load(browser, compressed_site_url + name)
    record_property(*page_load_property(name, load))
    kind = "chart" if name in CHART_PAGES else "text"
    raw_limit, transferred_limit = PAGE_BUDGETS[kind]
    assert load.raw <= raw_limit and load.transferred <= transferred_limit, \
        f"{name}, a {kind} page, loads {load.raw / KIB:.0f} KiB, " \
        f"{load.transferred / KIB:.0f} KiB compressed (budget {raw_limit / KIB:.0f} and " \
        f"{transferred_limit / KIB:.0f})"
    assert load.first_text <= FIRST_TEXT_LIMIT, \
        f"{name}: its first text took {load.first_text:.1f} s on the slow link"


# Pages, widths and colour schemes where every element is styled, in the browser, by the cut
# stylesheets and the uncut ones: a text page, the search page, a chapter with a chart, folded
# code and solutions, tables
STYLE_SAMPLES = [("index.html", 390, "light"), ("search.html", 1280, "dark"),
                 ("book/05_case_metoo_pakistan.html", 390, "light"),
                 ("book/05_case_metoo_pakistan.html", 1280, "dark"),
                 ("book/data_dictionary.html", 1280, "light")]
# Waits for the page's transitions to end first: a colour read mid-fade (the theme fades its
# buttons in) would differ between two loads of one page, whatever the stylesheet. Custom
# properties (--x) are left out: the cut drops those no rule uses, and a used one shows in the
# standard properties that use it, which are all compared.
COMPUTED_STYLES = """async () => {
  await Promise.all(document.getAnimations()
    .filter(animation => animation.effect.getComputedTiming().iterations !== Infinity)
    .map(animation => animation.finished.catch(() => null)));
  return [...document.querySelectorAll('html, html *')].map(element => {
    const style = getComputedStyle(element);
    return element.tagName + ' ' + [...style].filter(name => !name.startsWith('--')).sort()
        .map(name => name + ':' + style.getPropertyValue(name)).join(';');
  });
}"""


def served_as(css: str):
    """A route handler that answers with the stylesheet ``css``."""
    return lambda route: route.fulfill(body=css, content_type="text/css")


def computed_styles(browser, url: str, width: int, scheme: str,
                    stylesheets: dict[str, str] | None = None) -> list:
    """The computed style of every element of the page at ``url``, each stylesheet whose path
    under the site is a key of ``stylesheets`` served as its value instead."""
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    for path, css in (stylesheets or {}).items():
        page.route(re.compile(re.escape(f"/{path}") + r"(\?|$)"), served_as(css))
    open_page(page, url)
    load_charts(page)
    styles = page.evaluate(COMPUTED_STYLES)
    page.close()
    return styles


def test_every_stylesheet_a_page_loads_is_cut(built_site):
    """Sphinx's, the theme's and the extensions' stylesheets are cut to the site's rules,
    each kept as it was beside the site for the test below; the book's own is not."""
    from book_engine.site import stylesheet

    linked = stylesheet.linked_stylesheets(built_site)
    uncut = {path.relative_to(built_site).as_posix() for path in linked
             if not stylesheet.uncut_copy(built_site, path).is_file()}
    assert uncut == {"_static/book.css", "_static/styles/theme.css"}  # theme.css: one @import
    assert len(linked) == 10, sorted(linked)  # a new one: cut it too (stylesheet.SHIPPED)?


@pytest.mark.parametrize("name, width, scheme", STYLE_SAMPLES)
def test_the_cut_stylesheets_style_every_element_as_the_uncut_ones_do(
        browser, site_url, built_site, name, width, scheme):
    from book_engine.site import stylesheet

    kept = built_site.parent / stylesheet.UNCUT
    uncut = {path.relative_to(kept).as_posix(): path.read_text(encoding="utf-8")
             for path in kept.rglob("*.css")}
    cut = computed_styles(browser, site_url + name, width, scheme)
    whole = computed_styles(browser, site_url + name, width, scheme, stylesheets=uncut)
    differing = [(index, a, b) for index, (a, b) in enumerate(zip(cut, whole, strict=True))
                 if a != b]
    if differing:
        index, a, b = differing[0]
        changed = sorted(set(a.split(";")) ^ set(b.split(";")))[:6]
        pytest.fail(f"{name}: {len(differing)} elements styled otherwise by the cut stylesheets; "
                    f"the first, element {index} ({a.split()[0]}), differs in {changed}")


def shows_a_tooltip(page, marks, tries: int = 12) -> bool:
    """Rest the pointer on the chart's visible marks in turn until a tooltip with text shows
    (a bar of zero, or a mark under a label, shows none)."""
    tooltip = page.locator("#vg-tooltip-element")
    for index in range(min(marks.count(), tries)):
        marks.nth(index).scroll_into_view_if_needed()  # pressing the button scrolled to it
        box = marks.nth(index).bounding_box()
        if not box or box["width"] * box["height"] < 4:
            continue
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            tooltip.wait_for(state="visible", timeout=1_000)
        except Exception:  # playwright's TimeoutError: try the next mark
            continue
        if tooltip.inner_text().strip():
            page.mouse.move(0, 0)
            return True
    return False


def draw_interactive(page, chart) -> None:
    """Press the chart's button and wait until Vega has drawn it, menu and all."""
    chart.scroll_into_view_if_needed()
    chart.locator("button.chart-interactive").click()
    page.wait_for_function(f"chart => ({DRAWN})(chart)", arg=chart.element_handle(),
                           timeout=20_000)


@pytest.mark.parametrize("name", sorted(CHART_PAGES))
def test_every_chart_shows_static_then_draws_with_its_tooltip(browser, site_url, name):
    visit = Visit(browser, site_url + name)
    assert visit.page.evaluate(UNSHOWN_CHARTS) == 0, "a chart's static image did not show"
    charts = visit.page.locator(".altair-chart")
    assert charts.count() > 0
    for index in range(charts.count()):
        chart = charts.nth(index)
        draw_interactive(visit.page, chart)
        assert shows_a_tooltip(visit.page, chart.locator(MARKS)), \
            f"chart {index + 1} of {name}: no mark a pointer can rest on shows a tooltip"
        assert not chart.locator("img.chart-static").first.is_visible()
    vega = [url for url in visit.requests if "/_static/vega/" in url]
    assert sorted(urlsplit(url).path.rsplit("/", 1)[1] for url in vega) == sorted(VEGA_SCRIPTS), \
        "Vega loads once a page, whatever the number of charts drawn"
    tables = visit.page.locator("details.chart-data")
    assert tables.count() == charts.count(), "each chart comes with its numbers as a table"
    for index in range(tables.count()):
        assert tables.nth(index).locator("tbody tr").count() > 0
    visit.page.close()


@pytest.mark.parametrize("name", sorted(CHART_PAGES))
def test_every_chart_shows_with_scripts_off(browser, site_url, name):
    """A reader whose browser runs no script sees each chart (its SVG, described by its
    alternative text) and its table, and no button that would do nothing."""
    page = browser.new_page(java_script_enabled=False)
    page.goto(site_url + name, wait_until="load")  # no theme script runs: not open_page
    charts = page.locator(".altair-chart")
    assert charts.count() > 0
    for index in range(charts.count()):
        image = charts.nth(index).locator("img.chart-light")
        image.scroll_into_view_if_needed()
        image.wait_for(state="visible", timeout=5_000)
        assert image.get_attribute("alt").strip()
        assert image.evaluate("image => image.decode().then(() => image.naturalWidth)") > 0
        assert not charts.nth(index).locator("button.chart-interactive").is_visible()
    assert page.locator("details.chart-data").count() == charts.count()
    page.close()


NOTEBOOK_PAGES = [f"{c.text.relative_to(ROOT).with_suffix('.html')}" for c in chapters_in_toc(ROOT)]


@pytest.mark.parametrize("name", NOTEBOOK_PAGES)
def test_the_download_button_serves_the_chapters_notebook(browser, site_url, name):
    visit = Visit(browser, site_url + name)
    link = visit.page.locator("a[href$='.ipynb']").first
    response = visit.page.request.get(urljoin(site_url + name, link.get_attribute("href")))
    assert response.status == 200
    assert "cells" in response.json() and response.json()["nbformat"] == 4
    visit.page.close()


@pytest.mark.parametrize("name", NOTEBOOK_PAGES)
def test_search_finds_each_chapter_by_its_title(browser, site_url, name):
    title = Visit(browser, site_url + name)
    heading = title.page.locator("h1").first.inner_text().split(".", 1)[-1].strip("# \n")
    title.page.close()
    visit = Visit(browser, site_url + "search.html?q=" + quote(heading))
    visit.page.locator("#search-results li").first.wait_for(timeout=10_000)
    found = visit.page.locator("#search-results li a").evaluate_all(
        "links => links.map(link => link.href)")
    assert any(urlsplit(href).path.endswith(name) for href in found), (heading, found)
    visit.page.close()


def test_the_search_index_loads_for_a_query_and_results_mark_the_words_searched(
        browser, site_url):
    """The search page loads its index only when it has a query to answer; a result opens on
    its page with the words searched for marked (Sphinx's highlighting, which that page loads
    only because a search left words to mark; a page opened otherwise does not load it)."""
    bare = Visit(browser, site_url + "search.html")
    assert not any(url.endswith("searchindex.js") for url in bare.requests)
    bare.page.close()
    visit = Visit(browser, site_url + "search.html?q=censorship")
    assert any(urlsplit(url).path.endswith("searchindex.js") for url in visit.requests)
    result = visit.page.locator("#search-results li a").first
    result.wait_for(timeout=10_000)
    with visit.page.expect_navigation():
        result.click()
    marked = visit.page.locator("span.highlighted")
    marked.first.wait_for(state="attached", timeout=10_000)
    assert {text.lower() for text in marked.all_text_contents()} == {"censorship"}
    assert visit.errors == []
    visit.page.close()
    quiet = Visit(browser, site_url + "book/cite.html")
    assert not any(script in url for script in ("sphinx_highlight", "doctools")
                   for url in quiet.requests)
    quiet.page.close()


def internal_links(built_site: Path, name: str) -> list[tuple[str, str]]:
    """(target file, fragment) of every link on a page to another place in the site."""
    from bs4 import BeautifulSoup

    page = built_site / name
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = []
    for anchor in soup.find_all("a", href=True):
        parts = urlsplit(anchor["href"])
        if parts.scheme or parts.netloc or anchor["href"].startswith(("mailto:", "javascript:")):
            continue
        target = (page.parent / parts.path).resolve() if parts.path else page.resolve()
        links.append((str(target), parts.fragment))
    return links


def test_every_internal_link_and_citation_leads_somewhere(built_site, built_pdf):
    from bs4 import BeautifulSoup

    ids: dict[str, set[str]] = {}
    broken = []
    for name in PAGES:
        for target, fragment in internal_links(built_site, name):
            path = Path(target)
            if not path.is_file():
                broken.append((name, target))
                continue
            if fragment and path.suffix == ".html":
                if target not in ids:
                    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
                    ids[target] = {tag["id"] for tag in soup.find_all(id=True)}
                if fragment not in ids[target]:
                    broken.append((name, f"{path.name}#{fragment}"))
    assert broken == []


def accepted_findings() -> set[str]:
    """The axe rules the README lists, with a reason, as findings that remain (moderate or
    minor only): the rows of its table under 'Accessibility' whose first cell is a rule id."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Accessibility", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z-]+)` \| (?:moderate|minor) \|", section, re.MULTILINE))


AXE = ROOT / "tests" / "vendor" / "axe-core"  # the current release, from npm (make vendor)


def test_axe_core_is_vendored_intact():
    versions = json.loads((AXE / "versions.json").read_text(encoding="utf-8"))
    for name, sha256 in versions["axe-core"]["files"].items():
        assert hashlib.sha256((AXE / name).read_bytes()).hexdigest() == sha256, name


def axe_violations(page) -> list[dict]:
    """What axe-core finds wrong on ``page``, by rule."""
    page.evaluate((AXE / "axe.min.js").read_text(encoding="utf-8"))
    return page.evaluate("axe.run({resultTypes: ['violations']})")["violations"]


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing_critical_or_serious_and_nothing_unlisted(browser, site_url, name):
    visit = Visit(browser, site_url + name)
    violations = axe_violations(visit.page)
    visit.page.close()
    grave = [(v["id"], v["nodes"][0]["html"][:120]) for v in violations
             if v["impact"] in ("critical", "serious")]
    assert grave == []
    assert {v["id"] for v in violations} <= accepted_findings(), "fix it or list it in README"


WIDE_BOXES = r"""() => {
  const boxes = '.pst-scrollable-table-container, .output.text_html, .altair-chart';
  const wide = [...document.querySelectorAll('article table, article .altair-chart svg')]
    .filter(item => {
      const box = item.closest(boxes);
      return box ? item.scrollWidth > box.clientWidth + 1
                 : item.getBoundingClientRect().right > window.innerWidth + 1;
    })
    .map(item => {
      const box = item.closest(boxes);
      // the cue is the box's background: an opaque row or cell in front would hide it
      const opaque = element => {
        const colour = getComputedStyle(element).backgroundColor;
        const alpha = colour.match(/rgba\([^)]*,\s*([\d.]+)\)|\/\s*([\d.]+)\)/);
        return alpha ? parseFloat(alpha[1] ?? alpha[2]) >= 1 : colour !== 'transparent';
      };
      return {what: item.id || item.tagName,
              cue: box !== null && getComputedStyle(box).backgroundImage !== 'none'
                   && ![...item.querySelectorAll('tr, td, th')].some(opaque)};
    });
  return {page: document.documentElement.scrollWidth, width: window.innerWidth, wide};
}"""
# Each word that the browser broke across lines in a page's title, the links to the previous
# and next page, and the links in tables (a chapter's title)
BROKEN_WORDS = r"""() => [
  ...document.querySelectorAll('article h1, .prev-next-title, article td a')].flatMap(title => {
  const texts = document.createTreeWalker(title, NodeFilter.SHOW_TEXT), words = [];
  while (texts.nextNode()) {
    for (const match of texts.currentNode.textContent.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(texts.currentNode, match.index);
      range.setEnd(texts.currentNode, match.index + match[0].length);
      if (new Set([...range.getClientRects()].map(line => Math.round(line.top))).size > 1)
        words.push(match[0]);
    }
  }
  return words;
})"""


@pytest.mark.parametrize("name", PAGES)
def test_on_a_phone_nothing_hides_columns_without_a_scroll_cue(browser, site_url, name):
    """And no word of the title, of the links to the previous and next page or of a link in a
    table breaks across lines."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    open_page(page, site_url + name)
    found, broken = page.evaluate(WIDE_BOXES), page.evaluate(BROKEN_WORDS)
    page.close()
    assert found["page"] <= found["width"], "the page scrolls sideways at 390 px"
    assert [box["what"] for box in found["wide"] if not box["cue"]] == []
    assert broken == []


# The scroll shadow's colour and the page's background, as channels (0-255; the shadow's
# opacity last)
SHADOW_AND_PAGE = r"""() => [
  getComputedStyle(document.querySelector('.pst-scrollable-table-container'))
    .getPropertyValue('--book-scroll-shadow'),
  getComputedStyle(document.body).backgroundColor
].map(colour => colour.match(/[\d.]+/g).map(Number))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_scroll_shadow_stands_out_from_the_page_in_either_theme(browser, site_url, scheme):
    """At its darkest (or, in the dark theme, lightest) the shadow over the page's background
    differs from it as a graphic must (3:1, WCAG 1.4.11); a dark shadow vanished in the dark."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    open_page(page, site_url + "book/02_engagement_metrics.html")
    (*shadow, opacity), background = page.evaluate(SHADOW_AND_PAGE)
    page.close()
    as_hex = "#" + "".join(f"{round(channel):02x}" for channel in background[:3])
    over = mixed(as_hex, "#" + "".join(f"{round(c):02x}" for c in shadow), opacity)
    assert contrast(over, as_hex) >= 3, (scheme, over, as_hex)


# Each chart image shown: its file, its width, and the width of the article it sits in
CHART_IMAGES = """() => [...document.querySelectorAll('.altair-chart img.chart-static')]
  .filter(image => image.offsetParent !== null).map(image => ({
    src: image.currentSrc, width: image.getBoundingClientRect().width,
    room: image.closest('article').getBoundingClientRect().width}))"""


@pytest.mark.parametrize("name", [name for name in PAGES if name.startswith("book/0")])
def test_on_a_phone_a_chart_that_fills_its_column_is_drawn_to_fit(browser, site_url,
                                                                    built_site, name):
    """A chart drawn to fill the text column is drawn again for a phone (charts.PHONE_WIDTH),
    whole on the screen, not scrolled to its first years; a chart of a fixed width keeps it."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    open_page(page, site_url + name)
    load_charts(page)
    shown = page.evaluate(CHART_IMAGES)
    page.close()
    phone = [image for image in shown if image["src"].endswith("-phone.svg")]
    assert all(image["width"] <= image["room"] for image in phone), phone
    responsive = sum("containerSize" in json.dumps(spec) for spec in site_specs(built_site, name))
    assert len(phone) == responsive, shown


# The axis labels an SVG chart opened on its own shows, as boxes on the page, axis by axis
# (Vega leaves a label it drops in the file, at opacity 0)
AXIS_LABELS = """() => [...document.querySelectorAll('g.role-axis')].map(axis =>
  [...axis.querySelectorAll('g.role-axis-label text')]
  .filter(label => getComputedStyle(label).opacity !== '0').map(label => {
    const box = label.getBoundingClientRect();
    return [box.left, box.top, box.right, box.bottom];
  }))"""


def overlapping(boxes: list[list[float]]) -> list[tuple[int, int]]:
    """The pairs of boxes (left, top, right, bottom) that overlap by more than a pixel."""
    return [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[i + 1:], i + 1)
            if min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1]


def test_a_chart_drawn_for_a_phone_leaves_out_labels_that_would_overlap(browser, site_url,
                                                                         built_site):
    """Fig 1.1's 25 years cannot all be read 340 px wide: those that would overlap go."""
    page = browser.new_page()
    overlaps = {}
    for svg in sorted((built_site / "_static" / "charts").glob("*-phone.svg")):
        page.goto(f"{site_url}_static/charts/{svg.name}")
        overlaps[svg.name] = [pair for axis in page.evaluate(AXIS_LABELS)
                              for pair in overlapping(axis)]
    page.close()
    assert overlaps and not any(overlaps.values()), overlaps


CODE_CELLS = """() => [...document.querySelectorAll('article .cell .cell_input')].map(input => ({
  folded: input.parentElement.matches('details.above-input:not([open])'),
  in_exercise: input.closest('.exercise, .solution') !== null}))"""


@pytest.mark.parametrize("name", NOTEBOOK_PAGES)
def test_code_is_folded_behind_a_keyboard_control_except_in_exercises(browser, site_url, name):
    page = browser.new_page()
    open_page(page, site_url + name)
    cells = page.evaluate(CODE_CELLS)
    assert cells and all(cell["folded"] != cell["in_exercise"] for cell in cells), cells
    control = page.locator("details.above-input > summary").first
    assert control.inner_text().strip() == "Show code"
    control.focus()
    page.keyboard.press("Enter")
    opened = page.evaluate("document.querySelector('details.above-input').open")
    page.close()
    assert opened


SEARCH_CONTROLS = """() => [...document.querySelectorAll(
    '.search-button__button, input[type=search], .bd-search input')]
  .filter(control => control.getClientRects().length > 0)
  .map(control => control.className)"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", PAGES)
def test_each_page_shows_one_search_control(browser, site_url, name, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    open_page(page, site_url + name)
    shown = page.evaluate(SEARCH_CONTROLS)
    page.close()
    assert len(shown) == 1, shown


PRINTED = """() => ({
  code: [...document.querySelectorAll('article pre')]
    .filter(pre => getComputedStyle(pre).whiteSpace !== 'pre-wrap').length,
  controls: [...document.querySelectorAll('.vega-embed details, .headerlink, .chart-interactive')]
    .filter(control => getComputedStyle(control).display !== 'none').length,
  charts: [...document.querySelectorAll('.altair-chart')].filter(chart =>
    ![...chart.querySelectorAll('img.chart-light')]
      .some(image => getComputedStyle(image).display !== 'none')).length,
})"""


@pytest.mark.parametrize("name", NOTEBOOK_PAGES)
def test_printed_pages_wrap_code_hide_controls_and_keep_charts(browser, site_url, name):
    visit = Visit(browser, site_url + name)
    visit.page.emulate_media(media="print")
    assert visit.page.evaluate(PRINTED) == {"code": 0, "controls": 0, "charts": 0}
    visit.page.close()


@pytest.mark.parametrize("name", sorted(CHART_PAGES))
def test_charts_follow_the_dark_theme(browser, site_url, name):
    """The theme's "auto" follows the system: static images in their dark drawing, shown as
    drawn (the theme dims images in the dark: that would undo the marks' contrast), and a
    chart drawn with Vega in the same dark colours."""
    visit = Visit(browser, site_url + name, color_scheme="dark")
    page = visit.page
    assert page.evaluate(UNSHOWN_CHARTS) == 0
    shown = page.locator(".altair-chart img.chart-static").evaluate_all(
        "images => images.filter(image => getComputedStyle(image).display !== 'none')"
        ".map(image => [image.className, getComputedStyle(image).filter])")
    assert shown and all("chart-dark" in name and drawn == "none" for name, drawn in shown), shown
    chart = page.locator(".altair-chart").first
    draw_interactive(page, chart)
    background = chart.evaluate("chart => chart.vegaView.background()")
    drawn = chart.locator("div.vega-embed svg").first.evaluate("svg => svg.outerHTML")
    page.close()
    assert background == DARK_THEME["background"]
    replaced = {light for light, dark in DARK_COUNTERPARTS.items() if dark != light}
    assert not replaced & set(re.findall(r'(?:fill|stroke)="([^"]+)"', drawn))


SOLUTION_PAGES = sorted(f"{text.relative_to(ROOT).with_suffix('.html')}"
                        for text in teaching_chapters(ROOT))


@pytest.mark.parametrize("name", SOLUTION_PAGES)
def test_solutions_stay_folded_until_the_reader_opens_them(browser, site_url, name):
    visit = Visit(browser, site_url + name)
    solutions = visit.page.locator(".solution.dropdown")
    assert solutions.count() >= 2
    for index in range(solutions.count()):
        solution = solutions.nth(index)
        body = solution.locator("section, .cell").first
        assert not body.is_visible(), f"solution {index + 1} shows before it is asked for"
        solution.locator("button.toggle-button").click()  # the title's text links elsewhere
        body.wait_for(state="visible", timeout=5_000)
    visit.page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_code_cells_plain_text_has_the_colour_its_spans_had(browser, site_url, scheme):
    """A code cell's names and punctuation, no longer in spans (book_engine.site.highlighting),
    take the colour of the cell's .highlight, which the style gave their spans."""
    visit = Visit(browser, site_url + "book/09_barriers.html", color_scheme=scheme)
    colours = visit.page.locator("div.cell_input .highlight pre").first.evaluate(
        "pre => [getComputedStyle(pre).color, getComputedStyle(pre.parentElement).color]")
    assert colours[0] == colours[1], colours
    visit.page.close()
