"""Sphinx extension: the book never publishes a stale number, however it is built.

Named in ``_config.yml`` (``sphinx.extra_extensions``), so ``make book`` and a bare
``jupyter-book build .`` both run it. Before Sphinx reads a page it derives the processed
tables whose raw files, schemas or derivation code changed, as ``make data`` does, and brings
every chapter's ``.ipynb`` up to date with its ``.md``
(:func:`book_engine.execution.chapters.bring_up_to_date`): a chapter whose code, data, package
code or dependencies changed is executed, others are not (``make notebooks`` executes them all
first: :func:`book_engine.publishing.build.build_executing_all`).
Sphinx then reads only the ``.ipynb`` (the ``.md`` twin is excluded), and re-reads a chapter
because its file changed. myst-nb's own execution stays off. It also provides the
``glued-numbers`` directive (:mod:`book_engine.site.number_map`) and the ``book-chapters``
directive (:mod:`book_engine.site.outline`), and cuts the theme's icon font to the icons the site
shows (:mod:`book_engine.site.icons`).
"""

import hashlib
import html
import re
import shutil
import sys
from pathlib import Path

from docutils import nodes
from docutils.writers._html_base import HTMLTranslator
from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from myst_nb.sphinx_ext import add_global_html_resources
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.config import Config
from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri
from sphinx_exercise import copy_asset_files as copy_exercise_css
from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node, solution_node

from book_engine.execution.chapters import ChapterFailed, bring_up_to_date, chapters_in_toc
from book_engine.site import (
    charts,
    computed_from,
    highlighting,
    icons,
    number_map,
    numref,
    outline,
    status,
)

logger = logging.getLogger(__name__)


def prepare_chapters(app: Sphinx, config: Config) -> None:
    root = Path(app.confdir)
    chapters = chapters_in_toc(root)
    config.exclude_patterns.extend(c.text.relative_to(root).as_posix() for c in chapters)
    try:
        report = bring_up_to_date(root, log=logger.info)
    except ChapterFailed as failure:
        # Sphinx and Jupyter Book would wrap any exception in two tracebacks and a "look
        # above"; a chapter's error, naming the data file, line and column, is printed last.
        print(f"\n{failure}", file=sys.stderr)
        raise SystemExit(1) from None
    executed = len({chapter for chapter, _ in report.executed})  # a page may run in two waves
    logger.info(f"data: {len(report.derived)} tables derived; chapters: {executed} executed, "
                f"{len(chapters) - executed} up to date ({len(report.updated)} with new text)")


# The engine's templates: the page head that loads what drop_unused_assets takes off the page
# (on_demand_scripts, search_mark_scripts; without it a book would lose its copy buttons), the
# search page that loads its index only for a query, and the search button named by what it
# shows. Searched after the book's own templates_path, so a book may still write its own.
TEMPLATES = Path(__file__).parent / "templates"


def use_engine_templates(app: Sphinx) -> None:
    """Search :data:`TEMPLATES` after the book's templates and before the theme's ('!layout'
    skips both), including the components the themes append to ``templates_path``.
    Given to the builder's template loader, not to ``templates_path``: the config's hash,
    written into the site (``.buildinfo``), would name where the engine is installed, and two
    copies of one book would build different sites."""
    templates = getattr(app.builder, "templates", None)
    if isinstance(templates, BuiltinTemplateLoader):
        # the book's own come first, as written (relative); themes append absolute folders
        at = next((index for index, folder in enumerate(app.config.templates_path)
                   if Path(folder).is_absolute()), len(app.config.templates_path))
        templates.loaders.insert(at, SphinxFileSystemLoader(str(TEMPLATES)))
        templates.pathchain.insert(at, str(TEMPLATES))  # a template's edit rewrites the pages
        templates.templatepathlen += 1


def copy_extension_css_first(app: Sphinx) -> None:
    """Give every page of every build the same stylesheet links.

    myst-nb and sphinx-exercise copy their CSS into ``_static`` only when a build has
    finished, and Sphinx adds a ``?v=checksum`` to a link only if the file is already there:
    a clean build's pages lack it and a rebuild's have it, so a rebuild (say, after a killed
    build) would differ from a clean build. Copying the files before any page is written
    makes them the same.
    """
    if app.builder.format == "html":
        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)
        copy_exercise_css(app, None)
        for script in (charts.CHARTS_SCRIPT, ON_DEMAND_SCRIPT):
            shutil.copy(script, Path(app.outdir) / "_static")


def escape_plain_titles(app: Sphinx, pagename: str, templatename: str, context: dict,
                        doctree) -> None:
    """Escape the titles sphinx-book-theme puts into pages as plain text.

    The theme sets ``pagetitle`` and ``root_title`` to a title's text (``astext()``), and its
    layout writes ``{{ pagetitle }}`` into the print-only header unescaped: a ``<`` in a
    title, say a case study's title from data, would become markup. Runs after the theme."""
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key])


NOTEBOOK_CELL = re.compile(r'class="[^"]*\b(cell|output)\b')
CHART = 'class="altair-chart"'
TOGGLE = re.compile(r'class="[^"]*\b(toggle|dropdown)\b')  # what sphinx-togglebutton folds
# Loads the scripts a page needs only once the reader interacts (templates/layout.html):
# the theme's Bootstrap and these, which copy a code cell's text (its buttons show on hover)
ON_DEMAND_SCRIPT = Path(__file__).parent / "static" / "on-demand.js"
ON_DEMAND = ("_static/clipboard.min.js", "_static/copybutton.js")
# Sphinx's script that marks on a page the words a reader searched for, and the one it builds
# on (whose only other use, the '/' key to the search box, finds no box to focus in this
# theme): the template loads them, in turn, only when a search has left words to mark; the
# search page, whose own search needs both, keeps them
SEARCH_MARKS = ("_static/doctools.js", "_static/sphinx_highlight.js")


def unused_asset(asset, page: str) -> bool:
    """Whether a script or stylesheet Sphinx would put on every page is one this ``page``
    (its body) does not need: Vega (``charts.js`` loads it when a reader asks for an
    interactive chart: :mod:`book_engine.site.charts`), ``charts.js`` on a page with no chart,
    Thebe's, whose launch button this book turns off (its settings script is added twice and
    throws on every page), sphinx-design's, whose directives (tabs, grids, cards) no page
    uses, on a page with no notebook cell or output (the search page, say) myst-nb's
    stylesheet (42 KiB), and on a page with nothing to fold (a solution, say)
    sphinx-togglebutton's script, settings and stylesheet."""
    name = (getattr(asset, "filename", None) or "").removeprefix("_static/")
    body = getattr(asset, "attributes", {}).get("body", "")
    return (name.startswith("vega/") or (name == "charts.js" and CHART not in page)
            or "thebe" in name or "THEBE_JS_URL" in body
            or name.startswith(("sphinx-design", "design-tabs"))
            or (name.startswith("mystnb") and not NOTEBOOK_CELL.search(page))
            or ((name.startswith("togglebutton") or body.startswith("let toggle")
                 or "togglebuttonSelector" in body) and not TOGGLE.search(page)))


def deferred(asset):
    """The script, loaded with the page but run once it is parsed: a script in the head that
    neither defers nor runs async holds back the page's first paint until it has arrived,
    which on a slow link is most of a second (README, Page weight). Deferred scripts keep
    their order. Left as they are: inline scripts (``defer`` is invalid on them) and Sphinx's
    ``documentation_options.js``, which the theme's inline scripts write to as they run."""
    if (isinstance(asset, str) or asset.filename in ("", None, "_static/documentation_options.js")
            or {"async", "defer"} & asset.attributes.keys()):
        return asset
    return _JavaScript(asset.filename, priority=asset.priority,
                       **{**asset.attributes, "defer": "defer"})


def drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict,
                       doctree) -> None:
    """Keep off each page the assets of :func:`unused_asset`; name those of :data:`ON_DEMAND`
    for the template to load at the reader's first interaction, and :data:`SEARCH_MARKS`, but
    on the search page, for it to load when there are searched words to mark."""
    body = context.get("body") or ""
    for key in ("script_files", "css_files"):
        context[key] = [asset for asset in context.get(key, [])
                        if not unused_asset(asset, body)]
    scripts = context.get("script_files", [])
    marks = () if pagename == "search" else SEARCH_MARKS
    later = [asset for asset in scripts
             if getattr(asset, "filename", None) in (*ON_DEMAND, *marks)]
    context["script_files"] = [deferred(asset) for asset in scripts if asset not in later]
    context["on_demand_scripts"] = [context["pathto"](asset.filename, 1) for asset in later
                                    if asset.filename in ON_DEMAND]
    context["search_mark_scripts"] = [context["pathto"](script, 1) for script in marks]


def draw_static_charts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Each chart of the page drawn as static SVG files, with a button for the interactive
    chart (:func:`book_engine.site.charts.static_chart`)."""
    if app.builder.format != "html":
        return
    folder = Path(app.outdir) / charts.CHART_FOLDER
    prefix = relative_uri(app.builder.get_target_uri(docname), charts.CHART_FOLDER + "/")
    for node in doctree.findall(nodes.raw):
        if charts.EMBEDDED_SPEC.search(node.astext()):
            node.replace(node[0], nodes.Text(charts.static_chart(node.astext(), folder, prefix)))


def forget_unshown_charts(app: Sphinx, exception: Exception | None) -> None:
    """Remove the chart files that no page of the site shows any more (a build writes only
    the pages that changed, so the files of the others are found in the pages written)."""
    folder = Path(app.outdir) / charts.CHART_FOLDER
    if exception or not folder.is_dir():
        return
    pages = "".join(page.read_text(encoding="utf-8") for page in Path(app.outdir).rglob("*.html"))
    shown = set(re.findall(charts.CHART_FOLDER + r"/(\w+)\.", pages))
    for file in folder.iterdir():
        if file.name.split(".")[0].split("-")[0] not in shown:  # name, name-phone-dark
            file.unlink()


def visit_citation(self, node) -> None:
    """docutils' bibliography entry, as a list item: docutils gives each entry the role
    "doc-biblioentry", which ARIA has deprecated, and so leaves its list with no item (axe:
    aria-required-children, critical)."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


# sphinx-exercise gives the body of every exercise and solution one of these ids, so a page
# with several has duplicate ids (invalid HTML; a link or aria reference reaches the first).
SHARED_CONTENT_IDS = ("exercise-content", "solution-content")
SHOWN_CODE = (exercise_node, exercise_enumerable_node, solution_node)


def unique_content_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Name each exercise's and solution's body after the directive that holds it
    ('ex-x-exercise-content', the solution's own id followed by '-solution-content'), or by
    its place on the page where that name is missing or taken."""
    taken = set()
    for number, section in enumerate(doctree.findall(nodes.section), start=1):
        shared = [name for name in section["ids"] if name in SHARED_CONTENT_IDS]
        if not shared:
            continue
        owner = next((node["ids"][0] for node in iter_ancestors(section)
                      if node["ids"] and not isinstance(node, nodes.section | nodes.document)),
                     "")
        unique = f"{owner}-{shared[0]}" if owner else ""
        if not unique or unique in taken:
            unique = f"{shared[0]}-{number}"
        taken.add(unique)
        section["ids"] = [unique if name == shared[0] else name for name in section["ids"]]


class FoldCode(SphinxPostTransform):
    """Fold each code cell's source behind myst-nb's "Show code" control, as a cell tagged
    ``hide-input`` is, so that a page reads as its findings: a ``<details>`` element, opened
    by mouse or keyboard, whose code prints nowhere (``_static/book.css``). The code of
    exercises and solutions stays shown: there the code is the lesson."""

    default_priority = 198  # before myst-nb's HideInputCells (199) wraps what is marked
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for cell in self.document.findall(nodes.container):
            if cell.get("nb_element") != "cell_code" or cell.get("hide_mode") \
                    or any(isinstance(node, SHOWN_CODE) for node in iter_ancestors(cell)):
                continue
            cell["hide_mode"] = "input"
            cell["prompt_show"] = self.config.nb_code_prompt_show
            cell["prompt_hide"] = self.config.nb_code_prompt_hide


def visit_fold(self: HTMLTranslator, node: HideCodeCellNode) -> None:
    """myst-nb's fold, its control named by what it shows ("Show code", "Hide code") rather
    than "Toggle hidden content" (axe-core's label-content-name-mismatch), in phrasing
    elements, which a ``<summary>`` may hold (``_static/book.css`` styles them as myst-nb's
    paragraphs)."""
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n'
                     "<summary>\n"
                     f'<span class="collapsed admonition-title">{html.escape(node["prompt_show"])}'
                     "</span>\n"
                     f'<span class="expanded admonition-title">{html.escape(node["prompt_hide"])}'
                     "</span>\n</summary>\n")


def iter_ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def reread_the_root_page(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-read the root page on every build. When no page is out of date, Sphinx skips its
    last steps, copying ``_static/`` among them, and a changed stylesheet would never reach
    the site. Reading one page is cheap, and a build starts only when an input changed
    (:mod:`book_engine.publishing.build`)."""
    return [app.config.root_doc]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", prepare_chapters)
    app.connect("builder-inited", use_engine_templates)
    app.connect("builder-inited", copy_extension_css_first)
    app.connect("env-get-outdated", reread_the_root_page)
    app.connect("html-page-context", escape_plain_titles, priority=900)
    app.connect("html-page-context", drop_unused_assets, priority=900)
    app.connect("doctree-resolved", unique_content_ids)
    app.connect("doctree-resolved", draw_static_charts)
    app.connect("build-finished", forget_unshown_charts)
    app.add_js_file("charts.js", loading_method="defer")
    app.add_js_file(ON_DEMAND_SCRIPT.name, loading_method="defer")
    app.add_post_transform(FoldCode)
    app.add_node(HideCodeCellNode, override=True, html=(visit_fold, depart_HideCellInput))
    app.add_node(nodes.citation, override=True,
                 html=(visit_citation, HTMLTranslator.depart_citation))
    icons.setup(app)
    highlighting.setup(app)
    numref.setup(app)
    number_map.setup(app)
    computed_from.setup(app)
    status.setup(app)
    outline.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": code_version(sys.modules[__name__], charts, computed_from,
                                        highlighting, icons, number_map, numref, outline,
                                        status)}


def code_version(*modules) -> int:
    """A number that changes with the code of ``modules``: as the extension's
    ``env_version``, it makes Sphinx read every page again after an edit of the code that
    shapes pages, which it would otherwise write from their stored doctrees unchanged."""
    digest = hashlib.sha256(b"".join(Path(module.__file__).read_bytes() for module in modules))
    return int(digest.hexdigest()[:12], 16)
