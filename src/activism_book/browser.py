"""Debian's Chromium and a local server for the built site: what the PDF printer and the
browser tests share. Playwright drives the system's Chromium; its own browser download is
never used (and cannot be, on machines that reach only package registries)."""

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser")
INSTALL_HINT = ("Chromium was not found: install Debian's package (`apt-get install chromium`; "
                "`make test` and `make pdf` do this when run as root)")
# True once every chart of the page has drawn (activism_book.charts keeps its Vega view).
CHARTS_DRAWN = "() => [...document.querySelectorAll('.altair-chart')].every(c => c.vegaView)"
# True once the theme's script has chosen light or dark: until then the colours every
# stylesheet takes from the theme are undefined (the page's own script sets "auto").
THEMED = "() => ['light', 'dark'].includes(document.documentElement.dataset.theme)"


class ChromiumMissing(RuntimeError):
    pass


def chromium() -> str:
    """The path of Debian's Chromium, or an error saying how to install it."""
    found = next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)
    if found is None:
        raise ChromiumMissing(INSTALL_HINT)
    return found


def open_page(page, url: str) -> None:
    """Load ``url`` in ``page`` and return once it is loaded, quiet on the network and themed.
    Playwright's "networkidle" alone can come while a long page is still being parsed, before
    its deferred scripts have run."""
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(THEMED)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # what matters is reported by the caller
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` served on 127.0.0.1 while the block runs; yields its address."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
