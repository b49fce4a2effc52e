"""Author-year labels for the bibliography list, to match the author-year citations in the text.

pybtex's styles label the list [AK20]; readers of a social-science book expect
"Ali and Khan, 2020". Registered as pybtex plugins through this package's entry points
(pyproject.toml) and selected in _config.yml with ``bibtex_default_style: author_year``.
"""

from collections import Counter
from string import ascii_lowercase

from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle


def surnames(entry) -> str:
    """'Ali', 'Ali and Khan' or 'Ali et al.', from the entry's authors."""
    names = [" ".join(person.last_names) for person in entry.persons.get("author", [])]
    names = [name.replace("{", "").replace("}", "") for name in names]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


class AuthorYearLabels(BaseLabelStyle):
    """'Surname and Surname, Year'; a, b, ... tell apart labels that would repeat."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        plain = [f"{surnames(e)}, {e.fields.get('year', 'n.d.')}" for e in entries]
        repeats, seen = Counter(plain), Counter()
        for label in plain:
            if repeats[label] > 1:
                yield label + ascii_lowercase[seen[label]]
                seen[label] += 1
            else:
                yield label


class AuthorYearStyle(UnsrtStyle):
    """pybtex's unsrt entries, sorted by author, year and title, labelled author-year."""

    default_label_style = "author_year"
    default_sorting_style = "author_year_title"
