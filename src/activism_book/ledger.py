"""The book's judgement of the paper, as data: the claims ledger, how every sentence of the
paper is accounted for, the barriers the paper names and the recommendations that answer them.

Numbers in these editorial tables are placeholders, ``{chapter:name:format}``, for values the
chapters glue (:mod:`book_engine.execution.glued`): the tables say which computed value a sentence
states, and the page that shows the sentence fills in the value.
"""

import re
from pathlib import Path

import pandas as pd
from docutils.nodes import make_id

from activism_book.citations import NARRATIVE, PARENTHETICAL, REFERENCE_LIST, body_lines
from book_engine import data
from book_engine.data.validation import DataValidationError
from book_engine.execution import markup
from book_engine.execution.glued import fill_placeholders
from book_engine.site.prose import Link

LINK = re.compile(r"book/(?P<page>[0-9a-z_]+)\.html#(?P<section>[a-z0-9-]+)")
# Wording that makes a claim causal: an order of dates can never support it.
CAUSAL = re.compile(r"\b(?:led to|lead to|resulted in|result in|brought about|caused?|impact on|"
                    r"influenc\w*|forced|pushed|prompted|contributed to|implicated in|"
                    r"added extra interest|gave rise to)\b", re.IGNORECASE)
# A sentence ends at a full stop, question or exclamation mark before a capital or a quote.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z#“\"(])")
SENTENCE_STOPS = (".", ":", ";", "?", "!", ")")  # how a line that is a sentence ends
LABEL_WORDS = 3  # a line of no more words is a label ('Revised:', 'Keywords:'), not a sentence
UNACCOUNTED = "not accounted for"  # a sentence with no claim and no row of paper_sentences


def resource_path(name: str) -> str:
    """A resource's file as messages name it: 'data/editorial/x.csv'."""
    resource, = (r for r in data.datapackage()["resources"] if r["name"] == name)
    return f"data/{resource['path']}"


def statuses() -> list[str]:
    """The ledger's verdicts, in the order of the scale (``verdict_scale``)."""
    return data.load("verdict_scale")["verdict"].tolist()


def verdict_problem(claim) -> tuple[str, str] | None:
    """(column, what is wrong) when a claim's verdict breaks the scale's rules, else None:
    the paper restating itself is transcribed and nothing else is; a causal claim tested only
    by the order of dates is timing only (or contradicted, where the dates run the wrong way),
    never consistent; timing only rests on the order of dates; an absence never contradicts;
    a claim not testable says why, and no other does; one whose evidence is a computed value
    is 'measured, not linked', and no other; a claim a cited work carries is not
    'not testable for want of shipped data' (no cited work was found)."""
    status, kind = claim.status, claim.evidence_kind
    if (kind == "the paper itself") != (status == "transcribed"):
        return "status", "transcribed exactly when the evidence is the paper itself"
    if kind == "order of dates" and CAUSAL.search(claim.quote) \
            and status not in ("timing only", "contradicted"):
        return "status", "timing only: the claim is causal and only the order of dates is tested"
    if status == "timing only" and kind != "order of dates":
        return "evidence_kind", "the order of dates, which is all a timing-only verdict rests on"
    if status == "contradicted" and kind == "absence":
        return "status", "contradicted: an absence never contradicts"
    if (status == "not testable") != bool(claim.not_testable_because):
        return "not_testable_because", "given exactly when the claim is not testable"
    if status == "not testable" and (kind == "computed value") \
            != (claim.not_testable_because == "measured, not linked"):
        return "not_testable_because", ("measured, not linked exactly when the evidence is a "
                                        "computed value: shipped data measure something the "
                                        "claim names, and nothing links it to the claim")
    if claim.not_testable_because == "no shipped data" and cites_a_work(claim.quote):
        return "not_testable_because", ("source not found, or a claim about a source: a cited "
                                        "work carries the claim, and none was found")
    return None


def cites_a_work(quote: str) -> bool:
    """Whether a quote carries an in-text citation, 'Shah (2020)' or '(Shah, 2020)'."""
    return bool(NARRATIVE.search(quote) or PARENTHETICAL.search(quote))


def check_verdicts(ledger: pd.DataFrame) -> None:
    """Stop at the first claim whose verdict breaks the scale's rules, naming its line."""
    for line, claim in enumerate(ledger.fillna("").itertuples(), start=2):
        problem = verdict_problem(claim)
        if problem:
            column, rule = problem
            raise DataValidationError(
                f"{resource_path('claims_ledger')}, line {line}, column '{column}': claim "
                f"{claim.claim_id!r} ({claim.status}, {claim.evidence_kind}) breaks the rule: "
                f"{rule}")


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
    check_verdicts(ledger)
    return ledger.assign(evidence=filled(ledger, "evidence", "claims_ledger"))


def paper_sentences(paper: str) -> pd.DataFrame:
    """Every sentence of the paper before its reference list, in order, with its section. A
    short line of some words that ends as a sentence does ('... include the following:') is
    a sentence, not a heading, though :func:`citations.body_lines` takes it for one."""
    lines, section = [], ""
    body = paper.split(f"\n{REFERENCE_LIST}\n")[0]
    headings = {line for _, line in body_lines(paper)}  # lines body_lines keeps as text
    for line in map(str.strip, body.splitlines()):
        if line and line not in headings and not (line.endswith(SENTENCE_STOPS)
                                                  and len(line.split()) > LABEL_WORDS):
            section = line
        elif line and lines and line[0].islower() and not lines[-1][1].endswith(SENTENCE_STOPS):
            lines[-1] = (lines[-1][0], f"{lines[-1][1]} {line}")  # a sentence broken by a break
        elif line:
            lines.append((section, line))
    return pd.DataFrame([{"section": section, "sentence": sentence.strip()}
                         for section, line in lines
                         for sentence in SENTENCE_END.split(line) if sentence.strip()])


def spaced(text: str) -> str:
    return " ".join(text.split())


def sentence_accounts(sentences: pd.DataFrame, ledger: pd.DataFrame,
                      others: pd.DataFrame) -> pd.DataFrame:
    """Each sentence with what accounts for it: the claims whose verbatim quote it holds or
    lies within, or the row of ``others`` (``paper_sentences``) it starts with, which names a
    claim (a fragment of one) or a class that is not a claim; a sentence with neither is of
    the class UNACCOUNTED. Stops at a sentence with both, and at a row of ``others`` that
    starts no sentence."""
    quotes = dict(zip(ledger["claim_id"], ledger["quote"].map(spaced), strict=True))
    where = resource_path("paper_sentences")
    others = others.fillna("")
    require_rows((others["claim_id"] == "") != (others["class"] == ""), others["class"],
                 "paper_sentences", "class", "given exactly when claim_id is empty")
    require_rows(others["claim_id"].isin(["", *quotes]), others["claim_id"],
                 "paper_sentences", "claim_id", "a claim of the ledger")
    starts = others["starts"].map(spaced)
    accounts, used = [], set()
    for sentence in sentences["sentence"].map(spaced):
        claimed = [claim for claim, quote in quotes.items()
                   if quote in sentence or sentence in quote]
        listed = others[[sentence.startswith(start) for start in starts]]
        if (claimed and len(listed)) or len(listed) > 1:
            raise DataValidationError(f"{where}: the paper's sentence {sentence[:60]!r} has "
                                      "both a claim and a row here, or several rows; it "
                                      "needs exactly one account")
        used.update(listed.index)
        if claimed:
            accounts.append({"claims": " ".join(claimed), "class": "claim", "reason": ""})
        elif len(listed):
            row = listed.iloc[0]
            accounts.append({"claims": row["claim_id"],
                             "class": "claim" if row["claim_id"] else row["class"],
                             "reason": row["reason"]})
        else:  # shown on the page and failed by a test, not hidden
            accounts.append({"claims": "", "class": UNACCOUNTED, "reason": ""})
    unused = others.index.difference(list(used))
    if len(unused):
        line = others.index.get_loc(unused[0]) + 2
        raise DataValidationError(f"{where}, line {line}, column 'starts': "
                                  f"{others.loc[unused[0], 'starts']!r} starts no sentence")
    return sentences.assign(**pd.DataFrame(accounts, index=sentences.index))


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


def headings_in(root: Path, page: str) -> list[str]:
    """The title and section titles of ``book/<page>.md`` in the book at ``root``."""
    return markup.headings((root / "book" / f"{page}.md").read_text(encoding="utf-8"))


def title_in(root: Path, page: str) -> str:
    """The title of ``book/<page>.md`` in the book at ``root``."""
    return headings_in(root, page)[0]


def link_titles_in(root: Path, target: str) -> tuple[str, str | None]:
    """For ``target`` '<page>#<id>': the title of ``book/<page>.md`` in the book at ``root``,
    and of its section with that id (the id Sphinx gives it, the anchor a link names), or None
    when it has none."""
    page, _, section = target.partition("#")
    title, *sections = headings_in(root, page)
    return title, {make_id(heading): heading for heading in sections}.get(section)


def link_titles(target: str) -> tuple[str, str | None]:
    """:func:`link_titles_in` the book being built, recorded: a page that links a section runs
    again when the titles the link shows change, not on any other edit to the page linked."""
    return data.read(link_titles_in, target)


def title(page: str) -> str:
    """The title of ``book/<page>.md``, recorded alone: a page that names a chapter does not
    depend on its sections."""
    return data.read(title_in, page)


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
            title, section_title = link_titles(f"{page}#{section}")
        except FileNotFoundError:
            section_title = None
        if section_title is None:
            raise DataValidationError(f"{resource_path(name)}, line {line}, column '{column}': "
                                      f"{value!r} names no section of book/{page}.md")
        links.append(Link((f"{title}: {section_title}", f"{page}.md#{section}")))
    return pd.Series(links, index=table.index, dtype=object)
