"""Text that MyST shows exactly as written: no data string can become markup.

Kept free of heavy imports: the build writes chapters with it before any kernel starts.
"""

import re

ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def literal(text) -> str:
    """``text`` as MyST that shows exactly as written: every ASCII punctuation character is
    backslash-escaped (CommonMark allows it for all of them), so no tag, role, directive,
    entity or table pipe in a data string can take effect; a line break becomes a space."""
    return ASCII_PUNCTUATION.sub(r"\\\1", str(text).replace("\r", " ").replace("\n", " "))


ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
HEADING = re.compile(r"^#{1,3} (.+)$", re.MULTILINE)
FENCED = re.compile(r"^(`{3,}).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)  # code: its # are comments


def unescaped(text: str) -> str:
    """What :func:`literal` escaped, as plain text again (a chapter title written from data)."""
    return ESCAPE.sub(r"\1", text)


def headings(text: str) -> list[str]:
    """The title and section titles (levels one to three) of a page's MyST text, as plain
    text, in order; lines of code that start with ``#`` are comments, not headings."""
    return [unescaped(title.strip()) for title in HEADING.findall(FENCED.sub("", text))]
