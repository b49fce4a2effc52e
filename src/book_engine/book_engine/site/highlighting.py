"""Code cells highlighted in fewer bytes, looking the same (README, "Page weight").

Pygments wraps every token of a code cell in a ``<span>`` naming its kind; in the themes' styles
names, punctuation and whitespace (``.n``, ``.p``, ``.w``) are coloured exactly as the code's
plain text, so their spans (half of a chapter's highlighted code, 110 KiB of Barriers) change
nothing a reader sees. The notebooks' lexer here passes those tokens on as plain text, which
Pygments writes with no span; ``_static/book.css`` gives a cell's ``pre`` the colour of its
``.highlight``, which the spans had. A test checks both against the styles in use.
"""

from pygments.filter import Filter
from pygments.lexers import find_lexer_class_by_name
from pygments.token import Name, Punctuation, Text

NOTEBOOK_LEXER = "ipython3"  # what myst-nb names the notebooks' code cells
PLAIN_TOKENS = {Name: "n", Punctuation: "p", Text.Whitespace: "w"}  # token: its CSS class


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


def setup(app) -> None:
    app.add_lexer(NOTEBOOK_LEXER, notebook_lexer())
