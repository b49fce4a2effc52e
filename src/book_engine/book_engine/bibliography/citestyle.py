"""Author-year citations in round brackets, as social science writes them.

sphinxcontrib-bibtex's ``author_year`` referencing style puts the year of a textual citation
in square brackets, "Khalid [2025]"; this style gives "Khalid (2025)" and "(Ali and Khan,
2020; Shah, 2020)". Registered as a plugin through this package's entry points
(pyproject.toml) and selected in _config.yml with ``bibtex_reference_style``. Kept apart
from :mod:`book_engine.bibliography.bibstyle` so that a chapter run outside the build, which
loads pybtex styles but not Sphinx, never imports sphinxcontrib-bibtex.
"""

from dataclasses import dataclass, field

from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def round_brackets() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class RoundAuthorYearReferences(AuthorYearReferenceStyle):
    """``author_year`` with round brackets for textual, parenthetical and year citations."""

    bracket_textual: BracketStyle = field(default_factory=round_brackets)
    bracket_parenthetical: BracketStyle = field(default_factory=round_brackets)
    bracket_year: BracketStyle = field(default_factory=round_brackets)
