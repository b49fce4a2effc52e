"""The paper this book is an edition of, as its chapters read it."""

from book_engine import data

PAPER = "data/raw/khalid2025/paper.txt"


def paper_text() -> str:
    """The text of Khalid (2025), as extracted (``data/raw/khalid2025/paper.txt``), noted in
    the chapter's record like any file it reads."""
    return data.read_file(PAPER).decode("utf-8")
