"""The theme's icon font, cut down to the icons the site shows (README, "Page weight").

pydata-sphinx-theme's stylesheet carries a rule for each of Font Awesome's ~1,900 icons (70
KiB) and points at a webfont of them all (153 KiB for the solid style alone), on every page;
the site shows about twenty. After each HTML build, :func:`cut_icon_rules` writes the theme's
stylesheet again with only the rules of icons named in the site's pages or scripts; then every
stylesheet is cut to the rules a page can use (:mod:`book_engine.site.stylesheet`); then the
fonts are subset (fontTools) to the glyphs the stylesheets left still draw: those of the icon
rules kept, and those that other rules draw through custom properties (the theme's admonition
titles: ``--pst-icon-lightbulb``). All are made from the theme's own files, so a rebuild gives
the same bytes. The site test checks that every glyph a stylesheet draws is in its font.
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
# An icon's glyph in a stylesheet: escaped ("\\f0eb") or the character itself, in the Unicode
# private use area where Font Awesome puts its icons
GLYPH = re.compile(r"\\([ef][0-9a-f]{3})\b|([\ue000-\uf8ff])")
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


def cut_stylesheet(css: str, used: set[str]) -> str:
    """The stylesheet with only the icon rules of ``used``, its fonts pointing at the subsets."""

    def keep_if_used(rule: re.Match) -> str:
        names = {selector.removeprefix(".").removesuffix(":before")
                 for selector in rule.group(1).rstrip(",").split(",")}
        return rule.group(0) if names & used else ""

    css = ICON_RULE.sub(keep_if_used, css)
    return FONT_SOURCE.sub(lambda font: f'url(../{WEBFONTS.as_posix()}/'
                                        f'{subset_font_name(font.group(1))}) format("woff")', css)


def glyphs_drawn(css: str) -> set[int]:
    """The code points of the icon glyphs a stylesheet names."""
    return {int(escaped, 16) if escaped else ord(character)
            for escaped, character in GLYPH.findall(css)}


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


def cut_icon_rules(site: Path) -> set[str]:
    """Cut the theme's stylesheet to the icons the site names; return their names."""
    used = icons_used(site)
    css = cut_stylesheet((THEME_STATIC / STYLESHEET).read_text("utf-8"), used)
    (site / "_static" / STYLESHEET).write_text(css, "utf-8")
    return used


def write_subset_fonts(site: Path) -> None:
    """Each of the theme's icon fonts, with the glyphs that the site's stylesheets draw."""
    code_points = {point for path in stylesheet.linked_stylesheets(site)
                   for point in glyphs_drawn(path.read_text("utf-8"))}
    fonts = FONT_SOURCE.findall((THEME_STATIC / STYLESHEET).read_text("utf-8"))
    for font in sorted(set(fonts)):
        write_subset_font(font, code_points, site / "_static" / WEBFONTS / subset_font_name(font))


def lighten_built_site(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        site = Path(app.outdir)
        used = cut_icon_rules(site)
        # an icon named inside a longer word still counts as used, as its rule was kept for it
        stylesheet.cut_stylesheets(site, stylesheet.site_words(site) | used)
        write_subset_fonts(site)


def setup(app) -> None:
    # after myst-nb's own handler, which writes its stylesheet when the build has finished
    app.connect("build-finished", lighten_built_site, priority=900)
