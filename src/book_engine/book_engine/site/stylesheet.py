"""The theme's stylesheet cut to the rules the site can use (README, "Page weight").

pydata-sphinx-theme ships all of Bootstrap (grid, forms, utilities) in one 305 KiB
stylesheet that every page loads; the site uses a small part. After the icon cut
(:mod:`book_engine.site.icons`), :func:`cut_unused_rules` drops each selector that names a class
or id appearing nowhere in the site's pages or scripts, as a word (scripts that add classes
name them too), and each rule and ``@media`` block left with no selector. Selectors without a
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


def kept_rules(rules: list[Rule], words: set[str]) -> str:
    """The rules as CSS again, without the selectors (and so rules and blocks) never used."""
    kept = []
    for prelude, body in rules:
        if body is None:
            kept.append(f"{prelude};")
        elif isinstance(body, list):
            inner = kept_rules(body, words)
            kept.append(f"{prelude}{{{inner}}}" if inner else "")
        elif prelude.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")
        else:
            used = [s for s in TOP_LEVEL_COMMA.split(prelude) if selector_used(s, words)]
            kept.append(f"{','.join(used)}{{{body}}}" if used else "")
    return "".join(kept)


def cut_unused_rules(css: str, words: set[str]) -> str:
    """The stylesheet with only the rules a page of the site can use, its licence notices
    kept at the top."""
    rules, _ = parse(css)
    charset = [f"{prelude};" for prelude, body in rules if prelude.startswith("@charset")]
    notices = LICENCE_COMMENT.findall(css)
    return "\n".join([*charset, *notices, kept_rules(rules[len(charset):], words)]) + "\n"
