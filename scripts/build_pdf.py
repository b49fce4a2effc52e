"""Print the built site (_build/html, from `make book`) into one PDF, and put it in the site.

    python scripts/build_pdf.py     # `make pdf`

The PDF is written to _build/html/<pdf_name>, where the landing page's link finds it, so the
published site (`make publish`, which runs this first) offers it for download.
"""

import sys
import time

from book_engine.data.paths import project_root
from book_engine.publishing.browser import ChromiumMissing
from book_engine.publishing.build import PUBLISHED
from book_engine.publishing.pdf import pdf_name, print_book

if __name__ == "__main__":
    root = project_root()
    site = root / PUBLISHED
    if not (site / "index.html").is_file():
        sys.exit(f"No site in {PUBLISHED}/ to print: run `make book` first")
    started = time.perf_counter()
    try:
        target = print_book(root, site, site / pdf_name(root))
    except ChromiumMissing as missing:
        sys.exit(str(missing))
    print(f"Wrote {target.relative_to(root)} in {time.perf_counter() - started:.0f} s")
