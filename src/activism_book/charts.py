"""Altair charts that draw offline, from the book's own copy of Vega.

Altair's default HTML output loads Vega from a CDN and carries a random element id, so it
breaks offline and changes on every run. The ``book`` renderer here emits a fixed snippet: an
empty ``div`` and a script that loads ``_static/vega/*.js`` from the site itself (vendored
from npm by ``scripts/vendor_vega.py``), once per page and only on pages with a chart.
"""

import html
import json

import altair as alt

VEGA_SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
# No "Open in Vega Editor" action: it would send the reader's chart to another host.
# SVG, not canvas: the marks and labels are in the page, so they print sharply, stay text for
# assistive technology, and can be found by the browser tests.
EMBED_OPTIONS = {"renderer": "svg",
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
  window.bookVega
    .then(function () {{ return vegaEmbed(el, spec, {options}); }})
    .then(function (result) {{
      el.vegaView = result.view;
      var menu = el.querySelector("details summary");  /* an icon alone names nothing */
      if (menu) {{ menu.setAttribute("aria-label", "Chart menu: save it, view its source"); }}
    }})
    .catch(function (error) {{ el.textContent = "Chart error: " + error; }});
}})();
</script>"""


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
    text = json.dumps(value, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def offline_renderer(spec: dict, **_options) -> dict:
    """Altair renderer: the HTML snippet above plus a text fallback, both byte-stable."""
    label = chart_label(spec)
    snippet = SNIPPET.format(
        label=html.escape(label),
        spec=to_json(spec),
        scripts=to_json(list(VEGA_SCRIPTS)),
        options=to_json(EMBED_OPTIONS),
    )
    return {"text/html": snippet, "text/plain": f"<chart: {label}>"}


def use_offline_charts() -> None:
    """Make every altair chart displayed from now on use :func:`offline_renderer`."""
    alt.renderers.register("book", offline_renderer)
    alt.renderers.enable("book")
