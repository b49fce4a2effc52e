"""Code cells highlighted in fewer bytes, looking the same (README, "Page weight").

Pygments wraps every token of a code cell in a ``<span>`` naming its kind; in the themes' styles
names, punctuation and whitespace (``.n``, ``.p``, ``.w``) are coloured exactly as the code's
plain text, so their spans (half of a chapter's highlighted code, 110 KiB of Barriers) change
nothing a reader sees. The notebooks' lexer here passes those tokens on as plain text, which
Pygments writes with no span; the site's Pygments stylesheet gets one rule more, which gives a
cell's ``pre`` the colour of its ``.highlight``, as the spans had (the theme gives a ``pre``
its text colour). A test checks both against the styles in use.
"""

from pathlib import Path

from pygments.filter import Filter
from pygments.lexers import find_lexer_class_by_name
from pygments.token import Name, Punctuation, Text

NOTEBOOK_LEXER = "ipython3"  # what myst-nb names the notebooks' code cells
PLAIN_TOKENS = {Name: "n", Punctuation: "p", Text.Whitespace: "w"}  # token: its CSS class
PLAIN_TEXT_COLOUR = "\ndiv.cell_input .highlight pre { color: inherit; }\n"


class PlainTokens(Filter):
    """Tokens of :data:`PLAIN_TOKENS` (not their subtypes: ``Name.Builtin`` keeps its colour)
    passed on as plain text."""

    def filter(self, lexer, stream):
        for token, value in stream:
            yield (Text if token in PLAIN_TOKENS else token), value


def notebook_lexer():
    """The notebooks' lexer, with :class:`PlainTokens` applied."""

    class PlainTokensLexer(find_lexer_class_by_name(NOTEBOOK_LEXER)):
        def __init__(self, **options):
            super().__init__(**options)
            self.add_filter(PlainTokens())

    return PlainTokensLexer


def colour_plain_text(app, exception) -> None:
    """Add :data:`PLAIN_TEXT_COLOUR` to the Pygments stylesheet the theme has written."""
    stylesheet = Path(app.outdir) / "_static" / "pygments.css"
    if exception is None and app.builder.format == "html" and stylesheet.is_file():
        css = stylesheet.read_text("utf-8")
        if PLAIN_TEXT_COLOUR not in css:
            stylesheet.write_text(css + PLAIN_TEXT_COLOUR, "utf-8")


def setup(app) -> None:
    app.add_lexer(NOTEBOOK_LEXER, notebook_lexer())
    # after pydata-sphinx-theme writes pygments.css, before the stylesheets are cut (icons)
    app.connect("build-finished", colour_plain_text, priority=800)
