"""The stylesheets pages load, cut to the rules the site can use (README, "Page weight").

pydata-sphinx-theme ships all of Bootstrap (grid, forms, utilities) in one 305 KiB
stylesheet that every page loads, and Sphinx, myst-nb and the other extensions ship theirs
(myst-nb's alone is 42 KiB); the site uses a small part of each. After the icon cut
(:mod:`book_engine.site.icons`), :func:`cut_stylesheets` writes each of them again with
:func:`cut_unused_rules`, which drops each selector that names a class or id appearing nowhere
in the site's pages or scripts, as a word (scripts that add classes name them too), and each
rule and ``@media`` block left with no selector, and each custom property (``--pst-...``)
that no stylesheet, page or script names outside its own declaration; what each stylesheet was
before the cut is kept beside the site (:data:`UNCUT`), never published. Selectors without a
class or id (``body``, ``:root``, ``[data-theme=dark]``) and at-rules other than blocks of
rules (``@font-face``, ``@keyframes``) are kept whole; a class named only inside ``:not()`` or
another bracket does not count against its selector. The browser tests check that the cut
stylesheet styles every element of sample pages exactly as the uncut one does.
"""

import re
from pathlib import Path

GROUPING_RULES = ("@media", "@supports", "@layer", "@container")  # at-rules holding rules
WORD = re.compile(r"[A-Za-z0-9_-]+")
CLASS_OR_ID = re.compile(r"[.#]((?:\\.|[A-Za-z0-9_-])+)")
BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")
TOP_LEVEL_COMMA = re.compile(r",(?![^(]*\))")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
LICENCE_COMMENT = re.compile(r"/\*!.*?\*/", re.DOTALL)  # notices a licence asks to keep
# a custom property's declaration; its value may quote a ';' (a data: address)
CUSTOM_PROPERTY = re.compile(r"""(--[A-Za-z0-9_-]+)\s*:(?:"[^"]*"|'[^']*'|[^;{}"'])*;?""")
LINK = re.compile(r"<link\b[^>]*>")
HREF = re.compile(r'\bhref="([^"?#]+)')
IMPORT = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s;]+)""")
PROPERTY_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")

# The stylesheets cut, under _static/: the theme's (after its icon cut), Sphinx's, the extensions'.
# Not the book's own (book.css), whose every rule is written for this site.
SHIPPED = ("styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css", "basic.css",
           "pygments.css", "mystnb.*.css", "togglebutton.css", "copybutton.css", "exercise.css")
UNCUT = "uncut-stylesheets"  # beside the site: each stylesheet as it was, for the browser tests

Rule = tuple[str, "str | list[Rule] | None"]  # prelude; declarations, nested rules or none


def skip_string(css: str, start: int) -> int:
    """The index just past the quoted string that opens at ``start``."""
    end = start + 1
    while css[end] != css[start]:
        end += 2 if css[end] == "\\" else 1
    return end + 1


def declarations_end(css: str, start: int) -> int:
    """The index of the brace that closes a block of declarations opened before ``start``."""
    depth, index = 1, start
    while True:
        char = css[index]
        if char in "\"'":
            index = skip_string(css, index)
            continue
        if css.startswith("/*", index):  # a comment's apostrophe opens no string
            index = css.index("*/", index) + 2
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return index
        index += 1


def parse(css: str, index: int = 0) -> tuple[list[Rule], int]:
    """The rules from ``index`` to the end of their block, and the index after it."""
    rules: list[Rule] = []
    start = index
    while index < len(css):
        char = css[index]
        if char in "\"'":
            index = skip_string(css, index)
        elif css.startswith("/*", index):
            index = css.index("*/", index) + 2
        elif char == "{":
            prelude = COMMENT.sub("", css[start:index]).strip()
            if prelude.startswith(GROUPING_RULES):
                nested, index = parse(css, index + 1)
                rules.append((prelude, nested))
            else:
                end = declarations_end(css, index + 1)
                rules.append((prelude, css[index + 1:end]))
                index = end + 1
            start = index
        elif char == "}":
            return rules, index + 1
        elif char == ";" and COMMENT.sub("", css[start:index]).strip().startswith("@"):
            rules.append((COMMENT.sub("", css[start:index]).strip(), None))  # @charset
            index += 1
            start = index
        else:
            index += 1
    return rules, index


def site_words(site: Path) -> set[str]:
    """Every word of the site's pages and scripts: the class names and ids they can use."""
    files = [*site.rglob("*.html"), *(site / "_static").rglob("*.js")]
    return {word for path in files for word in WORD.findall(path.read_text("utf-8", "replace"))}


def selector_used(selector: str, words: set[str]) -> bool:
    names = CLASS_OR_ID.findall(BRACKETED.sub("", selector))
    return all(name.replace("\\", "") in words for name in names)


def used_declarations(body: str, properties: set[str] | None) -> str:
    """The declarations of ``body`` but those of custom properties not in ``properties`` (all
    kept if it is None)."""
    if properties is None:
        return body
    return CUSTOM_PROPERTY.sub(lambda declaration: declaration.group(0)
                               if declaration.group(1) in properties else "", body)


def kept_rules(rules: list[Rule], words: set[str], properties: set[str] | None) -> str:
    """The rules as CSS again, without the selectors (and so rules and blocks) never used and
    the custom properties not in ``properties``."""
    kept = []
    for prelude, body in rules:
        if body is None:
            kept.append(f"{prelude};")
        elif isinstance(body, list):
            inner = kept_rules(body, words, properties)
            kept.append(f"{prelude}{{{inner}}}" if inner else "")
        elif prelude.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")
        else:
            used = [s for s in TOP_LEVEL_COMMA.split(prelude) if selector_used(s, words)]
            declarations = used_declarations(body, properties)
            kept.append(f"{','.join(used)}{{{declarations}}}" if used and declarations else "")
    return "".join(kept)


def cut_unused_rules(css: str, words: set[str], properties: set[str] | None = None) -> str:
    """The stylesheet with only the rules a page of the site can use (and, if ``properties``
    is given, only the custom properties it names), its licence notices kept at the top."""
    rules, _ = parse(css)
    charset = [f"{prelude};" for prelude, body in rules if prelude.startswith("@charset")]
    notices = LICENCE_COMMENT.findall(css)
    return "\n".join([*charset, *notices, kept_rules(rules[len(charset):], words, properties)]) \
        + "\n"


def properties_used(stylesheets: list[str], words: set[str]) -> set[str]:
    """The custom properties that the ``stylesheets`` use (``var(--x)``) or ``words`` name."""
    return words | {name for css in stylesheets for name in PROPERTY_USE.findall(css)}


def linked_stylesheets(site: Path) -> set[Path]:
    """Every stylesheet that a page of the site links, or that one of those imports."""
    linked = {(page.parent / HREF.search(tag).group(1)).resolve()
              for page in site.rglob("*.html") if "_static" not in page.relative_to(site).parts
              for tag in LINK.findall(page.read_text("utf-8"))
              if 'rel="stylesheet"' in tag and HREF.search(tag)}
    imported = {(path.parent / name).resolve() for path in linked if path.is_file()
                for name in IMPORT.findall(path.read_text("utf-8"))}
    return {site / path.relative_to(site.resolve()) for path in linked | imported}


def uncut_copy(site: Path, stylesheet: Path) -> Path:
    """Where the site's ``stylesheet`` (a path under the site) is kept as it was before the cut."""
    return site.parent / UNCUT / stylesheet.relative_to(site)


def cut_stylesheets(site: Path, words: set[str]) -> None:
    """Write each stylesheet of :data:`SHIPPED` in the site again with only the rules whose
    classes and ids are among ``words``, and only the custom properties still used once
    those are gone (a property used only by a property dropped goes too), keeping the
    stylesheet as it was beside the site."""
    shipped = sorted({path for pattern in SHIPPED for path in (site / "_static").glob(pattern)})
    originals = {path: path.read_text("utf-8") for path in shipped}
    others = [path.read_text("utf-8") for path in linked_stylesheets(site)
              if path not in originals]  # the book's own, kept whole
    cut = {path: cut_unused_rules(css, words) for path, css in originals.items()}
    properties: set[str] = set()
    while properties != (now := properties_used([*cut.values(), *others], words)):
        properties = now
        cut = {path: cut_unused_rules(css, words, properties) for path, css in originals.items()}
    for path, css in originals.items():
        kept = uncut_copy(site, path)
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(css, "utf-8")
        path.write_text(cut[path], "utf-8")
