"""Altair charts that a reader sees with no script, and explores with Vega on request.

Altair's default HTML output loads Vega from a CDN and carries a random element id, so it
breaks offline and changes on every run. The ``book`` renderer here puts into a chapter's
output the chart compiled to Vega (by vl-convert, altair's own converter, so a browser never
needs Vega-Lite's compiler), inert, and the chart's numbers as a table. When the book's
extension writes the page, :func:`static_chart` draws each chart, with vl-convert, as an SVG
file in the light and in the dark theme: the page shows the one of the reader's theme (CSS
picks it; ``_static/book.css``), loaded when scrolled near, and prints it. ``charts.js``
(beside this module) adds a button that loads Vega (vendored from npm by
``scripts/vendor_npm.py``, once per page) and the chart's spec, and draws it with tooltips.
"""

import hashlib
import html
import json
import math
import re
from pathlib import Path

import altair as alt
import vl_convert

from book_engine.data.paths import write_if_changed

VEGA_SCRIPTS = ("vega.min.js", "vega-embed.min.js")  # what charts.js loads, in its order
CHARTS_SCRIPT = Path(__file__).parent / "static" / "charts.js"
# Colours for series that no other channel tells apart (bars, ticks): five steps of viridis,
# at least 14 apart in CIE lightness, so they stay apart printed in greyscale; ordered so that
# the first two or three are far apart. Lines take a dash and points a shape instead
# (tests/test_chart_colours.py checks every chart).
GREYSCALE_SAFE = ["#440154", "#2a788e", "#7ad151", "#414487", "#22a884"]
# The dark theme's background (vega-themes' "dark"), and the opacity of the most translucent
# mark the book draws (Vega-Lite's for points, so that overlaps show)
DARK_BACKGROUND = "#333333"
POINT_OPACITY = 0.7
# GREYSCALE_SAFE's counterparts in the dark theme (the light ones' darkest vanish on a dark
# background): light colours of five hues, yellow, teal, green, periwinkle and salmon, at least
# 40 apart in CIELAB (a dark page is not printed, so hue may tell them apart where lightness
# cannot: on a dark background every colour readable is light). Lighter steps of viridis alone
# made a yellow and a lime that looked alike.
DARK_SAFE = ["#fde725", "#21918c", "#7ad151", "#a0a8f5", "#f28e7d"]
VEGA_CATEGORY = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2",
                 "#ff9da6", "#9d755d", "#bab0ac"]  # Vega's "tableau10", its default colours
# Eight dash patterns, for charts with more lines than Vega-Lite's five default ones.
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 4], [12, 4], [4, 2, 1, 2, 1, 2], [3, 7]]
MAX_TABLE_ROWS = 300  # a longer table is cut, and says so; the interactive chart's menu has all
EMBEDDED_SPEC = re.compile(r'<script type="application/json" class="vega-spec">(.*?)</script>')
SPEC_AND_NOTE = re.compile(EMBEDDED_SPEC.pattern + r'\n<p class="chart-unbuilt">[^<]*</p>')
STATIC_IMAGE = ('<img class="chart-static chart-{scheme}" src="{src}" width="{width}" '
                'height="{height}" alt="{label}" loading="lazy" decoding="async">')
INTERACTIVE_BUTTON = ('<button type="button" class="chart-interactive" data-chart="{name}" '
                      'hidden>Interactive chart, with tooltips</button>')
STATIC_WIDTH = 640  # px: a chart that fills its container, drawn static (the text is 672 wide)
# The same chart drawn again for a screen narrower than the text column (a phone's, 390 px
# wide, leaves 358 for the text): the static width would open on its first years alone
PHONE_WIDTH = 340
PHONE_SCREEN = "(max-width: 671px)"
PHONE_SOURCE = '<source media="{media}" srcset="{src}" width="{width}" height="{height}">'
CHART_FOLDER = "_static/charts"  # in the site: each chart's SVGs and Vega (static_files)
CHART_BUTTON = re.compile(r'class="chart-interactive" data-chart="(\w+)"')
# What a chapter's output holds: the chart's Vega, inert, for the book's extension to draw
# (static_chart); a notebook opened elsewhere shows the line below it and the chart's table.
SNIPPET = """<div class="altair-chart" data-label="{label}">
<script type="application/json" class="vega-spec">{spec}</script>
<p class="chart-unbuilt">[chart: build the book to see it]</p>
</div>
{table}"""


def luminance(colour: str) -> float:
    """Relative luminance (0 black to 1 white) of a ``#rrggbb`` colour."""
    channels = (int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def lightness(colour: str) -> float:
    """CIE L* (0 black to 100 white) of a ``#rrggbb`` colour: what greyscale keeps of it."""
    y = luminance(colour)
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def contrast(colour: str, other: str) -> float:
    """WCAG's contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    darker, lighter = sorted((luminance(colour), luminance(other)))
    return (lighter + 0.05) / (darker + 0.05)


def mixed(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` (0 to 1) of ``other`` mixed in, channel by channel: ``other``
    showing through ``colour`` drawn at opacity ``1 - share``, or ``colour`` tinted."""
    channels = ((1 - share) * int(colour[i:i + 2], 16) + share * int(other[i:i + 2], 16)
                for i in (1, 3, 5))
    return "#" + "".join(f"{round(c):02x}" for c in channels)


def readable_on_dark(colour: str) -> str:
    """``colour`` tinted towards white, by as little as it takes (in steps of 1%), to keep 3:1
    contrast with the dark background (WCAG's rule for graphics) even drawn at
    :data:`POINT_OPACITY`: a light chart's darker colours vanish on a dark background."""
    share = 0.0
    while contrast(mixed(mixed(colour, "#ffffff", share), DARK_BACKGROUND, 1 - POINT_OPACITY),
                   DARK_BACKGROUND) < 3:
        share += 0.01
    return mixed(colour, "#ffffff", share)


# What the dark theme draws instead of each colour of a light chart (tests/test_site.py checks
# every dark SVG): Vega-Lite's black rules and lines white, a hollow point's white fill the
# background, and colours made readable
DARK_COUNTERPARTS = {
    "black": "#ffffff", "white": DARK_BACKGROUND,
    **{light: readable_on_dark(dark) for light, dark in zip(GREYSCALE_SAFE, DARK_SAFE,
                                                              strict=True)},
    **{colour: readable_on_dark(colour) for colour in VEGA_CATEGORY},
}
# vega-embed's dark theme (from vega-themes, as vl-convert ships it) less its Vega-Lite-only
# key, with Vega's default category colours in their dark counterparts
DARK_THEME = {**{key: value for key, value in vl_convert.get_themes()["dark"].items()
                 if key != "view"},
              "range": {"category": [DARK_COUNTERPARTS[c] for c in VEGA_CATEGORY]}}


def chart_label(spec: dict) -> str:
    """A short text alternative for the chart: its description, else its title, else those of
    its parts (a layered or concatenated chart), joined. A chart with none of them stops the
    build: "chart" tells a reader who cannot see it nothing."""
    label = described(spec)
    if not label:
        raise ValueError("a chart with no description: give it one, "
                         "alt.Chart(data, description=...), for readers who cannot see it")
    return label


def described(spec: dict) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    label = spec.get("description") or title
    if not label:
        parts = [*(part for key in ("layer", "hconcat", "vconcat", "concat")
                   for part in spec.get(key, [])), *([spec["spec"]] if "spec" in spec else [])]
        label = "; ".join(dict.fromkeys(filter(None, map(described, parts))))
    return " ".join(label) if isinstance(label, list) else str(label)


def to_json(value) -> str:
    """Stable JSON that no string in it can turn into markup: every ``<``, ``>`` and ``&`` is
    a JSON escape, so neither ``</script>`` nor ``<!--`` can end or confuse the script element."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


COMPOSED = ("layer", "hconcat", "vconcat", "concat")  # keys that hold a list of sub-charts


def chart_parts(spec: dict) -> list[dict]:
    """The chart and every sub-chart of its layers, concatenations and facets."""
    parts = [spec]
    for key in COMPOSED:
        for part in spec.get(key, []):
            parts.extend(chart_parts(part))
    if isinstance(spec.get("spec"), dict):  # a facet or repeat's inner chart
        parts.extend(chart_parts(spec["spec"]))
    return parts


def encoded_fields(spec: dict) -> dict[str, str]:
    """The data fields a chart encodes, in all its parts, each with its title where it has
    one (a tooltip's or an axis'), else its name."""
    fields: dict[str, str] = {}
    for part in chart_parts(spec):
        encodings = {**part.get("encoding", {}), **part.get("facet", {})} \
            if isinstance(part.get("facet", {}), dict) else part.get("encoding", {})
        for channel in encodings.values():
            for item in channel if isinstance(channel, list) else [channel]:
                if isinstance(item, dict) and isinstance(item.get("field"), str):
                    title = item.get("title")
                    fields.setdefault(item["field"], title if isinstance(title, str)
                                      else item["field"])
    return fields


def cell_text(value) -> str:
    if value is None:
        return ""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def dataset_table(rows: list[dict], fields: dict[str, str]) -> str:
    """One dataset of a chart as an HTML table of the fields it encodes (every cell escaped
    text), cut at :data:`MAX_TABLE_ROWS` rows, saying so; empty if it encodes none."""
    fields = {name: title for name, title in fields.items() if any(name in row for row in rows)}
    if not rows or not fields:
        return ""
    head = "".join(f"<th>{html.escape(title)}</th>" for title in fields.values())
    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell_text(row.get(name)))}</td>"
                                    for name in fields) + "</tr>"
                   for row in rows[:MAX_TABLE_ROWS])
    cut = (f"<p>The first {MAX_TABLE_ROWS} of {len(rows)} rows; the interactive "
           "chart's menu (View Source) has them all.</p>") if len(rows) > MAX_TABLE_ROWS else ""
    return ('<div class="pst-scrollable-table-container"><table class="table">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{cut}")


def data_table(spec: dict) -> str:
    """The data the chart is drawn from, a table for each of its datasets (a layer drawn from
    other data has its own), in a closed ``details``: what its marks and tooltips show,
    readable without a mouse, in print and by a screen reader."""
    fields = encoded_fields(spec)
    tables = "".join(dataset_table(rows, fields) for rows in spec.get("datasets", {}).values())
    if not tables:
        return ""
    return ('<details class="chart-data"><summary>The chart\'s data as a table</summary>'
            f"{tables}</details>")


def to_vega(spec: dict) -> dict:
    """The Vega-Lite ``spec`` compiled to Vega, with Vega-Lite's white background left to the
    theme, so that the dark theme's background shows."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    compiled = vl_convert.vegalite_to_vega(spec, vl_version=major_minor)
    compiled.pop("background", None)
    return compiled


def offline_renderer(spec: dict, **_options) -> dict:
    """Altair renderer: the HTML snippet above plus a text fallback, both byte-stable."""
    label = chart_label(spec)
    snippet = SNIPPET.format(label=html.escape(label), spec=to_json(to_vega(spec)),
                             table=data_table(spec))
    return {"text/html": snippet, "text/plain": f"<chart: {label}>"}


def embedded_specs(page: str) -> list[dict]:
    """The Vega spec of every chart :func:`offline_renderer` put into ``page`` (a notebook's
    HTML output)."""
    return [json.loads(spec) for spec in EMBEDDED_SPEC.findall(page)]


def use_offline_charts() -> None:
    """Make every altair chart displayed from now on use :func:`offline_renderer`."""
    alt.renderers.register("book", offline_renderer)
    alt.renderers.enable("book")


# The keys of a Vega spec whose values (and the values inside them) are colours
COLOUR_KEY = re.compile(r"(fill|stroke|colou?r|background|range)$", re.IGNORECASE)


def merged(base: dict, extra: dict) -> dict:
    """``base`` with ``extra``'s keys, dictionaries merged key by key."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = merged(out.get(key, {}), value) if isinstance(value, dict) else value
    return out


def in_dark_colours(value, colour: bool = False):
    """``value`` (a Vega spec or part of one) with every colour of :data:`DARK_COUNTERPARTS`
    replaced by its counterpart: a string under a key that holds colours (:data:`COLOUR_KEY`:
    a mark's ``fill`` and its ``value``, a scale's ``range``, the config's ``labelColor``),
    not a text that happens to name one ("black", a title)."""
    if isinstance(value, dict):
        return {key: in_dark_colours(item, colour or bool(COLOUR_KEY.search(key)))
                for key, item in value.items()}
    if isinstance(value, list):
        return [in_dark_colours(item, colour) for item in value]
    if colour and isinstance(value, str):
        return DARK_COUNTERPARTS.get(value.lower(), value)
    return value


def dark(spec: dict) -> dict:
    """The Vega ``spec`` in the dark theme vega-embed gives an interactive chart, its marks in
    :data:`DARK_COUNTERPARTS` (the data left as it is: a value is no colour)."""
    drawn = in_dark_colours({key: value for key, value in spec.items() if key != "data"})
    return {**drawn, "data": spec.get("data", []),
            "config": merged(drawn.get("config", {}), DARK_THEME)}


def fixed_width(spec: dict, width: int = STATIC_WIDTH) -> dict:
    """The Vega ``spec`` with a chart that fills its container (altair's ``width="container"``)
    given ``width`` instead: an SVG file has no container to fill."""
    signals = [{"name": "width", "value": width}
               if signal.get("name") == "width" and "containerSize" in str(signal)
               else signal for signal in spec.get("signals", [])]
    return {**spec, "signals": signals} if "signals" in spec else spec


def labels_kept_apart(value):
    """``value`` (a Vega spec or part of one) with every axis that does not say otherwise
    leaving out labels that would overlap: drawn for a phone, 25 years cannot all be read."""
    if isinstance(value, list):
        return [labels_kept_apart(item) for item in value]
    if not isinstance(value, dict):
        return value
    walked = {key: item if key == "data" else labels_kept_apart(item)
              for key, item in value.items()}
    if isinstance(walked.get("axes"), list):
        walked["axes"] = [{"labelOverlap": True, **axis} for axis in walked["axes"]]
    return walked


def static_files(spec: dict) -> dict[str, str]:
    """The files that show one chart: its SVG in the light and the dark theme (and, for a
    chart that fills its container, both again at :data:`PHONE_WIDTH`, labels that would
    overlap left out), and a script that
    hands its Vega to ``charts.js`` when the reader asks for the interactive chart: the light
    spec, and the dark one less its data (the same)."""
    name = hashlib.sha256(to_json(spec).encode()).hexdigest()[:16]
    themes = {"light": spec, "dark": {key: value for key, value in dark(spec).items()
                                      if key != "data"}}
    widths = {"": fixed_width(spec)}
    if fixed_width(spec, PHONE_WIDTH) != spec:
        widths["-phone"] = labels_kept_apart(fixed_width(spec, PHONE_WIDTH))
    svgs = {f"{name}{size}{scheme}.svg": vl_convert.vega_to_svg(theme(static))
            for size, static in widths.items()
            for scheme, theme in (("", lambda light: light), ("-dark", dark))}
    return {**svgs, f"{name}.js": f"(window.bookCharts = window.bookCharts || {{}})[{name!r}] = "
                                  f"{to_json(themes)};\n"}


def svg_size(svg: str) -> tuple[int, int]:
    """The SVG's width and height in whole pixels, rounded up (HTML's ``img`` takes integers;
    Vega can write a height such as 378.00000000000006)."""
    root = re.search(r"<svg[^>]*>", svg).group(0)
    return tuple(math.ceil(float(re.search(rf' {side}="([\d.]+)"', root).group(1)))
                 for side in ("width", "height"))


def static_chart(snippet: str, folder: Path, prefix: str) -> str:
    """A chapter's chart ``snippet`` as the site shows it: the static SVG of the reader's
    theme (no script needed; loaded when scrolled near; on a phone its narrow drawing, if it
    has one), and a button, shown by ``charts.js``, that draws the interactive chart with
    Vega. Its files are written into ``folder``, which the page reaches as ``prefix``."""
    def image(files: dict[str, str], name: str, scheme: str) -> str:
        suffix = "-dark" if scheme == "dark" else ""
        width, height = svg_size(files[f"{name}{suffix}.svg"])
        image = STATIC_IMAGE.format(scheme=scheme, src=f"{prefix}{name}{suffix}.svg",
                                    width=width, height=height, label=label)
        phone = f"{name}-phone{suffix}.svg"
        if phone not in files:
            return image
        width, height = svg_size(files[phone])
        source = PHONE_SOURCE.format(media=PHONE_SCREEN, src=prefix + phone, width=width,
                                     height=height)
        return f"<picture>{source}{image}</picture>"

    def drawn(match: re.Match) -> str:
        files = static_files(json.loads(match.group(1)))
        for file, text in files.items():
            write_if_changed(folder / file, text)
        name = next(Path(file).stem for file in files if file.endswith(".js"))
        return (image(files, name, "light") + image(files, name, "dark")
                + INTERACTIVE_BUTTON.format(name=name))

    label = re.search(r'data-label="([^"]*)"', snippet).group(1)  # escaped by the renderer
    return SPEC_AND_NOTE.sub(drawn, snippet)


def site_specs(site: Path, page: str) -> list[dict]:
    """The (light) Vega spec of every chart the built ``page`` of ``site`` shows, from its
    files."""
    specs = []
    for name in CHART_BUTTON.findall((site / page).read_text(encoding="utf-8")):
        script = (site / CHART_FOLDER / f"{name}.js").read_text(encoding="utf-8")
        themes = json.loads(script.split("] = ", 1)[1].rstrip().removesuffix(";"))
        specs.append(themes["light"])
    return specs

