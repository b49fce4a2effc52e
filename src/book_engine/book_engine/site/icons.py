"""The theme's icon font, cut down to the icons the site shows (README, "Page weight").

pydata-sphinx-theme's stylesheet carries a rule for each of Font Awesome's ~1,900 icons (70
KiB) and points at a webfont of them all (153 KiB for the solid style alone), on every page;
the site shows about sixteen. After each HTML build, :func:`lighten_icons` writes the theme's
stylesheet again with only the rules of icons named in the site's pages or scripts, and fonts
subset to those icons' glyphs (fontTools); then every stylesheet is cut to the rules a page
can use (:mod:`book_engine.site.stylesheet`). Both are made from the theme's own files, so a
rebuild gives the same bytes. An icon a page names keeps its rule and glyph; the site test
checks that every one does.
"""

import re
from pathlib import Path

import pydata_sphinx_theme
from fontTools import subset

from book_engine.site import stylesheet

THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static"
STYLESHEET = Path("styles/pydata-sphinx-theme.css")
WEBFONTS = Path("vendor/fontawesome/webfonts")
ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
# A rule that only gives icons their glyph: `.fa-x:before,.fa-y:before{content:"\f00d"}`.
ICON_RULE = re.compile(r'(?<=[}])((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\([0-9a-f]+) ?"\}')
FONT_SOURCE = re.compile(r'url\(\.\./vendor/fontawesome/webfonts/(fa-[a-z]+-\d+)\.woff2\) '
                         r'format\("woff2"\),url\([^)]*\.ttf\) format\("truetype"\)')


def subset_font_name(font: str) -> str:
    return f"{font}.subset.woff"


def icons_used(site: Path) -> set[str]:
    """Every ``fa-*`` name in the site's pages and in the scripts it wrote (the theme's
    scripts add icons too); not in the unused vendor copies of Font Awesome and Vega."""
    files = [*site.rglob("*.html"),
             *(path for path in (site / "_static").rglob("*.js")
               if not {"vendor", "vega"} & set(path.relative_to(site / "_static").parts))]
    return {name for path in files for name in ICON_NAME.findall(path.read_text("utf-8"))}


def cut_stylesheet(css: str, used: set[str]) -> tuple[str, set[int]]:
    """The stylesheet with only the icon rules of ``used``, its fonts pointing at the subsets;
    and the code points of the icons kept."""
    kept: set[int] = set()

    def keep_if_used(rule: re.Match) -> str:
        names = {selector.removeprefix(".").removesuffix(":before")
                 for selector in rule.group(1).rstrip(",").split(",")}
        if not names & used:
            return ""
        kept.add(int(rule.group(2), 16))
        return rule.group(0)

    css = ICON_RULE.sub(keep_if_used, css)
    css = FONT_SOURCE.sub(lambda font: f'url(../{WEBFONTS.as_posix()}/'
                                       f'{subset_font_name(font.group(1))}) format("woff")', css)
    return css, kept


def write_subset_font(font: str, code_points: set[int], target: Path) -> None:
    """The theme's ``font`` with only the glyphs of ``code_points``, as WOFF (zlib: fontTools
    needs no Brotli for it), keeping the original's timestamp so rebuilds are byte-identical."""
    options = subset.Options(flavor="woff")
    ttfont = subset.load_font(str(THEME_STATIC / WEBFONTS / f"{font}.ttf"), options)
    ttfont.recalcTimestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=code_points)
    subsetter.subset(ttfont)
    subset.save_font(ttfont, str(target), options)


def lighten_icons(site: Path) -> set[str]:
    """Cut the theme's stylesheet and fonts to the icons the site names; return their names."""
    theme_css = (THEME_STATIC / STYLESHEET).read_text("utf-8")
    used = icons_used(site)
    css, code_points = cut_stylesheet(theme_css, used)
    (site / "_static" / STYLESHEET).write_text(css, "utf-8")
    for font in sorted(set(FONT_SOURCE.findall(theme_css))):
        write_subset_font(font, code_points, site / "_static" / WEBFONTS / subset_font_name(font))
    return used


def lighten_built_site(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        site = Path(app.outdir)
        used = lighten_icons(site)
        # an icon named inside a longer word still counts as used, as its rule was kept for it
        stylesheet.cut_stylesheets(site, stylesheet.site_words(site) | used)


def setup(app) -> None:
    # after myst-nb's own handler, which writes its stylesheet when the build has finished
    app.connect("build-finished", lighten_built_site, priority=900)
