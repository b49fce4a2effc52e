"""Altair charts that draw offline, from the book's own copy of Vega.

Altair's default HTML output loads Vega from a CDN and carries a random element id, so it
breaks offline and changes on every run. The ``book`` renderer here emits a fixed snippet: an
empty ``div`` and a script that loads ``_static/vega/*.js`` from the site itself (vendored
from npm by ``scripts/vendor_npm.py``), once per page and only on pages with a chart, and
draws in the dark theme when the reader has chosen it; then the chart's numbers as a table.
The chart is compiled from Vega-Lite to Vega here, with vl-convert (altair's own converter),
so the reader's browser needs Vega alone, not Vega-Lite's compiler (243 KiB).
"""

import html
import json
import re

import altair as alt
import vl_convert

VEGA_SCRIPTS = ("vega.min.js", "vega-embed.min.js")
# No "Open in Vega Editor" action: it would send the reader's chart to another host.
# SVG, not canvas: the marks and labels are in the page, so they print sharply, stay text for
# assistive technology, and can be found by the browser tests.
EMBED_OPTIONS = {"mode": "vega", "renderer": "svg",
                 "actions": {"export": True, "source": True, "compiled": False, "editor": False}}

SNIPPET = """<div class="altair-chart" role="figure" aria-label="{label}"></div>
<script>
(function () {{
  var el = document.currentScript.previousElementSibling;
  var root = document.documentElement.dataset.content_root;
  if (root === undefined) {{ el.textContent = "[chart: build the book to see it]"; return; }}
  var spec = {spec};
  function load(src) {{
    return new Promise(function (resolve, reject) {{
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () {{ reject(new Error("cannot load " + src)); }};
      document.head.appendChild(script);
    }});
  }}
  window.bookVega = window.bookVega || {scripts}.reduce(function (ready, file) {{
    return ready.then(function () {{ return load(root + "_static/vega/" + file); }});
  }}, Promise.resolve());
  var drawnDark = null;
  function draw() {{  /* in the theme the reader chose, and again when they switch */
    var dark = document.documentElement.dataset.theme === "dark";
    if (dark === drawnDark) {{ return; }}
    drawnDark = dark;
    var options = Object.assign({{}}, {options},
                                dark ? {{theme: "dark", tooltip: {{theme: "dark"}}}} : {{}});
    return vegaEmbed(el, spec, options).then(function (result) {{
      el.vegaView = result.view;
      var menu = el.querySelector("details summary");  /* an icon alone names nothing */
      if (menu) {{ menu.setAttribute("aria-label", "Chart menu: save it, view its source"); }}
    }});
  }}
  window.bookVega.then(draw)
    .catch(function (error) {{ el.textContent = "Chart error: " + error; }});
  new MutationObserver(function () {{ window.bookVega.then(draw); }})
    .observe(document.documentElement, {{attributes: true, attributeFilter: ["data-theme"]}});
}})();
</script>
{table}"""
# Colours for series that no other channel tells apart (bars, ticks): five steps of viridis,
# at least 14 apart in CIE lightness, so they stay apart printed in greyscale; ordered so that
# the first two or three are far apart. Lines take a dash and points a shape instead
# (tests/test_chart_colours.py checks every chart).
GREYSCALE_SAFE = ["#440154", "#2a788e", "#7ad151", "#414487", "#22a884"]
# Eight dash patterns, for charts with more lines than Vega-Lite's five default ones.
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 4], [12, 4], [4, 2, 1, 2, 1, 2], [3, 7]]
MAX_TABLE_ROWS = 300  # a longer table is cut, and says so; the menu's "View Source" has all
EMBEDDED_SPEC = re.compile(r"^  var spec = (\{.*\});$", re.MULTILINE)  # JSON keeps to one line


def lightness(colour: str) -> float:
    """CIE L* (0 black to 100 white) of a ``#rrggbb`` colour: what greyscale keeps of it."""
    channels = (int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 116 * luminance ** (1 / 3) - 16 if luminance > 216 / 24389 else luminance * 24389 / 27


def chart_label(spec: dict) -> str:
    """A short text alternative for the chart: its description, else its title."""
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    label = spec.get("description") or title or "chart"
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


def data_table(spec: dict) -> str:
    """The chart's numbers as an HTML table in a closed ``details``: a way to read them
    without a mouse, in print and for a screen reader. Every cell is escaped text."""
    rows = next(iter(spec.get("datasets", {}).values()), [])
    fields = {name: title for name, title in encoded_fields(spec).items()
              if any(name in row for row in rows)}
    if not rows or not fields:
        return ""
    head = "".join(f"<th>{html.escape(title)}</th>" for title in fields.values())
    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell_text(row.get(name)))}</td>"
                                    for name in fields) + "</tr>"
                   for row in rows[:MAX_TABLE_ROWS])
    cut = (f"<p>The first {MAX_TABLE_ROWS} of {len(rows)} rows; the chart menu's View Source "
           "has them all.</p>") if len(rows) > MAX_TABLE_ROWS else ""
    return ('<details class="chart-data"><summary>The chart\'s data as a table</summary>'
            '<div class="pst-scrollable-table-container"><table class="table">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{cut}</details>")


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
    snippet = SNIPPET.format(
        label=html.escape(label),
        spec=to_json(to_vega(spec)),
        scripts=to_json(list(VEGA_SCRIPTS)),
        options=to_json(EMBED_OPTIONS),
        table=data_table(spec),
    )
    return {"text/html": snippet, "text/plain": f"<chart: {label}>"}


def embedded_specs(page: str) -> list[dict]:
    """The Vega spec of every chart :func:`offline_renderer` put into ``page`` (HTML)."""
    return [json.loads(spec) for spec in EMBEDDED_SPEC.findall(page)]


def use_offline_charts() -> None:
    """Make every altair chart displayed from now on use :func:`offline_renderer`."""
    alt.renderers.register("book", offline_renderer)
    alt.renderers.enable("book")
