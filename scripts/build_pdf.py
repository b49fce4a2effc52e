"""Print the built site (_build/html, from `make book`) into one PDF, and put it in the site.

    python scripts/build_pdf.py     # `make pdf`

The PDF is written to _build/html/<PDF_NAME>, where the landing page's link finds it, so the
published site (`make publish`, which runs this first) offers it for download.
"""

import sys
import time

from activism_book.browser import ChromiumMissing
from activism_book.build import PUBLISHED
from activism_book.paths import project_root
from activism_book.pdf import PDF_NAME, print_book

if __name__ == "__main__":
    root = project_root()
    site = root / PUBLISHED
    if not (site / "index.html").is_file():
        sys.exit(f"No site in {PUBLISHED}/ to print: run `make book` first")
    started = time.perf_counter()
    try:
        target = print_book(root, site, site / PDF_NAME)
    except ChromiumMissing as missing:
        sys.exit(str(missing))
    print(f"Wrote {target.relative_to(root)} in {time.perf_counter() - started:.0f} s")
