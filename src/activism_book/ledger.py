"""The book's judgement of the paper, as data: the claims ledger, the barriers the paper names
and the recommendations that answer them.

Numbers in these editorial tables are placeholders, ``{chapter:name:format}``, for values the
chapters glue (:mod:`activism_book.glued`): the tables say which computed value a sentence
states, and the page that shows the sentence fills in the value.
"""

import re
from functools import cache

import pandas as pd
from docutils.nodes import make_id

from activism_book import data, markup
from activism_book.glued import fill_placeholders
from activism_book.prose import Link
from activism_book.validation import DataValidationError

LINK = re.compile(r"book/(?P<page>[0-9a-z_]+)\.html#(?P<section>[a-z0-9-]+)")


def resource_path(name: str) -> str:
    """A resource's file as messages name it: 'data/editorial/x.csv'."""
    resource, = (r for r in data.datapackage()["resources"] if r["name"] == name)
    return f"data/{resource['path']}"


def statuses() -> list[str]:
    """The ledger's statuses, in the order its schema lists them."""
    resource, = (r for r in data.datapackage()["resources"] if r["name"] == "claims_ledger")
    field, = (f for f in resource["schema"]["fields"] if f["name"] == "status")
    return field["constraints"]["enum"]


def filled(table: pd.DataFrame, column: str, name: str) -> pd.Series:
    """``column`` of resource ``name`` with its placeholders filled; a placeholder naming no
    glued value stops with the file, line and column."""
    where = resource_path(name)
    return pd.Series([value if pd.isna(value) else
                      fill_placeholders(value, f"{where}, line {line}, column '{column}'")
                      for line, value in enumerate(table[column], start=2)],
                     index=table.index, dtype="string")


def claims() -> pd.DataFrame:
    """The claims ledger, its evidence with the chapters' values filled in."""
    ledger = data.load("claims_ledger")
    return ledger.assign(evidence=filled(ledger, "evidence", "claims_ledger"))


def require_rows(ok: pd.Series, values: pd.Series, name: str, column: str, what: str) -> None:
    """Stop at the first row of resource ``name`` that is not ``ok``, naming its line, its
    ``column`` and its value there, which is not ``what`` it should be."""
    bad = (~ok.to_numpy(dtype=bool)).nonzero()[0]
    if len(bad):
        raise DataValidationError(
            f"{resource_path(name)}, line {bad[0] + 2}, column '{column}': "
            f"{values.iloc[bad[0]]!r} is not {what}")


def barriers(ledger: pd.DataFrame) -> pd.DataFrame:
    """The barriers, each with the ledger's quote, section and status for the claim stating
    it, and what the book measured (filled in; empty where nothing is)."""
    table = data.load("barriers")
    require_rows(table["claim_id"].isin(ledger["claim_id"]), table["claim_id"], "barriers",
                 "claim_id", "a claim_id of the claims ledger")
    require_rows(table["measured"].isna() == table["by_proxy"].isna(), table["by_proxy"],
                 "barriers", "by_proxy", "empty exactly where 'measured' is")
    stated = ledger.set_index("claim_id")[["section", "quote", "status"]]
    return table.assign(measured=filled(table, "measured", "barriers")).join(stated, on="claim_id")


def recommendation_links(recommendations: pd.DataFrame) -> pd.DataFrame:
    """Which barriers each recommendation answers, checked: the number is one of the paper's
    recommendations and the words tying the two are that recommendation's own."""
    links = data.load("recommendation_barriers")
    require_rows(links["number"].isin(recommendations["number"]), links["number"],
                 "recommendation_barriers", "number", "the number of a recommendation")
    text = links["number"].map(recommendations.set_index("number")["recommendation"])
    own_words = pd.Series([words in said for words, said in zip(links["words"], text,
                                                                 strict=True)])
    require_rows(own_words, links["words"], "recommendation_barriers", "words",
                 "words of that recommendation")
    return links


@cache
def headings(page: str) -> tuple[str, dict[str, str]]:
    """The title of ``book/<page>.md`` and its section titles by id (the id Sphinx gives the
    section, the HTML anchor a link names)."""
    found = markup.headings(data.read_file(f"book/{page}.md").decode("utf-8"))
    return found[0], {make_id(title): title for title in found[1:]}


def section_links(table: pd.DataFrame, column: str, name: str) -> pd.Series:
    """``column`` of resource ``name`` (``book/page.html#section``) as :class:`Link` cells,
    titled 'Page: Section'; a page or section that does not exist stops with the file, line
    and column."""
    links = []
    for line, value in enumerate(table[column], start=2):
        if pd.isna(value):
            links.append(pd.NA)
            continue
        match = LINK.fullmatch(value)
        page, section = match["page"], match["section"]
        try:
            title, sections = headings(page)
        except FileNotFoundError:
            sections, title = {}, None
        if section not in sections:
            raise DataValidationError(f"{resource_path(name)}, line {line}, column '{column}': "
                                      f"{value!r} names no section of book/{page}.md")
        links.append(Link((f"{title}: {sections[section]}", f"{page}.md#{section}")))
    return pd.Series(links, index=table.index, dtype=object)
