"""Numbers in the text come from here: glued from computation, never typed.

myst-nb stores a glued value's ``repr``; NumPy 2 scalars print as ``np.float64(7.5)``, which
the ``{glue:text}`` role cannot format. :func:`glue_value` glues plain Python values instead.
"""

import numbers
import re
from dataclasses import dataclass

import pandas as pd
from IPython.display import Markdown
from myst_nb import glue

from book_engine.execution.markup import literal

NOT_REPORTED = "not reported"


def plain(value):
    """A NumPy or pandas scalar as the matching built-in Python value."""
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return value.item() if hasattr(value, "item") else value


def glue_value(name: str, value) -> None:
    """Glue ``value`` for ``{glue:text}`name`` in the prose, without displaying it here."""
    if pd.isna(value):
        raise ValueError(f"glue '{name}': the value is missing; say '{NOT_REPORTED}' in the text")
    glue(name, plain(value), display=False)


def joined(items) -> str:
    """Items as a phrase, 'and' before the last: 'a', 'a and b', 'a, b and c' ('' for none)."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)  # one item, or none: ''
    return ", ".join(items[:-1]) + " and " + items[-1]


def quoted(text) -> str:
    """A name in curly quotes, so that one with 'and' in it is not read as two."""
    return f"\u201c{text}\u201d"


def glue_extreme(label_name: str, value_name: str, values: pd.Series, extreme: str = "max",
                 label=str) -> list:
    """Glue the largest (or, with ``extreme="min"``, smallest) of ``values`` as ``value_name``
    and every label holding it, ties included, as ``label_name`` ('a and b'), each shown by
    ``label``; return those labels. The one way a chapter names which item is the most or the
    least: ``idxmax`` would name the first of a tie only (tests/test_superlatives.py)."""
    if extreme not in ("max", "min"):
        raise ValueError(f"glue '{label_name}': extreme is 'max' or 'min', not {extreme!r}")
    known = values.dropna()
    if known.empty:
        raise ValueError(f"glue '{label_name}': no value to take the {extreme} of")
    best = known.max() if extreme == "max" else known.min()
    holders = list(known.index[known == best])
    glue_value(label_name, joined(label(holder) for holder in holders))
    glue_value(value_name, best)
    return holders


def show_missing(values: pd.Series, fmt: str = "{:g}") -> pd.Series:
    """Format values for a table, writing missing ones as 'not reported' (never imputed)."""
    return values.map(lambda v: NOT_REPORTED if pd.isna(v) else fmt.format(v))


@dataclass(frozen=True, order=True)
class Code:
    """A table cell to show as code (an identifier, a file name), still never as markup. Not
    a ``str``: pandas would store it as one (its string dtype), and it would show as text."""

    text: str

    def __str__(self) -> str:
        return str(self.text)


def code_span(text) -> str:
    """``text`` as an inline code span that no backtick or pipe inside it can end."""
    text = str(text).replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if "`" in text else f"{fence}{text}{fence}"


class Link(tuple):
    """A table cell linking to a section of another page: ``Link((text, target))``. The text
    shows as text; the target, ``page.md#section-id``, is a MyST link the strict build checks,
    so a link to a page or section that does not exist fails the build."""

    TARGET = re.compile(r"[0-9a-z_]+\.md#[a-z0-9-]+")

    def markup(self) -> str:
        text, target = self
        if not self.TARGET.fullmatch(target):
            raise ValueError(f"not a page and section of the book: {target!r}")
        return f"[{literal(text)}]({target})"


class Record(dict):
    """A table cell of several labelled values, ``Record({label: value})``, shown in one
    cell as '**label:** value' each, the values as text (or code, or a link): for a table
    whose columns are paragraphs, which side by side would each be a word wide on a phone."""

    def markup(self) -> str:
        missing = [label for label, value in self.items() if pd.isna(value)]
        if missing:
            raise ValueError(f"a record's {missing} is missing; say what it means instead")
        return " ".join(f"**{literal(label)}:** {cell_markup(value)}"
                        for label, value in self.items())


def cell_markup(value) -> str:
    if isinstance(value, Link | Record):
        return value.markup()
    return code_span(value) if isinstance(value, Code) else literal(value)


def refuse_missing(frame: pd.DataFrame, name: str) -> None:
    """A missing value would show as ``<NA>`` or ``nan``: the chapter says what it means
    (not reported, none, no end found) before the table is shown."""
    missing = frame.isna()
    if missing.any().any():
        column = missing.any().idxmax()
        row = missing[column].idxmax()
        raise ValueError(f"{name}: row {row!r}, column {column!r} is missing; show what it "
                         f"means (for example {NOT_REPORTED!r}) instead")


def numbered_table(frame: pd.DataFrame, name: str, caption: str, *,
                   computed_from: tuple[str, ...]) -> Markdown:
    """Display ``frame`` as a numbered MyST table that the text can cite as {numref}`name`.

    The output is MyST markdown (rendered because _config.yml sets
    ``nb_render_markdown_format: myst``), so Sphinx numbers it as a table, not a figure.
    Every cell and header shows as text (:func:`literal`), or as code if it is a
    :class:`Code`; columns of numbers are right-aligned, the others left as the theme sets
    them (an alignment given would put a class on every cell). The caption is the author's MyST (it
    may cite); put a data string into it only through :func:`literal`. ``computed_from``
    names the tables of the data package the table was computed from, for the line beneath
    it (:mod:`book_engine.site.computed_from`, which checks that the chapter loads them).
    """
    if not all(re.fullmatch(r"[a-z0-9_]+", table) for table in computed_from):
        raise ValueError(f"{name}: computed_from names tables of the data package, "
                         f"not {computed_from!r}")
    refuse_missing(frame, name)
    cells = frame.map(cell_markup).rename(columns=cell_markup)
    align = ["right" if numeric_column(frame[column]) else None for column in frame.columns]
    body = cells.to_markdown(index=False, disable_numparse=True, colalign=align)
    return Markdown(f":::{{table}} {caption}\n:name: {name}\n\n{body}\n:::\n\n"
                    f":::{{computed-from}} {' '.join(computed_from)}\n:::\n")


def empty_cell(value) -> bool:
    """Whether a cell shows nothing a reader could align: empty, missing or 'not reported'."""
    if isinstance(value, str):
        return value.strip() in ("", NOT_REPORTED)
    return pd.api.types.is_scalar(value) and bool(pd.isna(value))


NUMBER = re.compile(r"[-+\u2212]?\d[\d,]*(\.\d+)?%?")


def numeric_column(values: pd.Series) -> bool:
    """Whether every cell of a column that holds something is a number (a number, or text
    that reads as one: '1,234', '-0.5', '12%'), so that it is right-aligned and its digits
    line up; empty and 'not reported' cells do not count."""
    shown = [value for value in values if not empty_cell(value)]
    return bool(shown) and all(
        (isinstance(value, numbers.Real) and not isinstance(value, bool))
        or (isinstance(value, str) and NUMBER.fullmatch(value.strip())) for value in shown)


def year_ranges(years) -> str:
    """Years as a phrase with runs collapsed: [2000, 2021, 2022, 2023] -> '2000 and 2021–2023'."""
    runs: list[list[int]] = []
    for year in sorted(int(y) for y in years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = [f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    return joined(parts)
