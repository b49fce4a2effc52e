"""Debian's Chromium and a local server for the built site: what the PDF printer and the
browser tests share. Playwright drives the system's Chromium; its own browser download is
never used (and cannot be, on machines that reach only package registries)."""

import contextlib
import functools
import gzip
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser")
INSTALL_HINT = ("Chromium was not found: install Debian's package (`apt-get install chromium`; "
                "`make test` and `make pdf` do this when run as root)")
# Loads every chart's static image now (a page loads them as the reader scrolls near) and
# waits for those of the page's theme: to print them, and for tests that read every chart.
LOAD_CHARTS = """async () => {
  const images = [...document.querySelectorAll('.altair-chart img.chart-static')];
  images.forEach(image => { image.loading = 'eager'; });
  await Promise.all(images.filter(image => getComputedStyle(image).display !== 'none')
    .map(image => image.decode().catch(() => null)));
}"""
# True once the theme's script has chosen light or dark: until then the colours every
# stylesheet takes from the theme are undefined (the page's own script sets "auto").
THEMED = "() => ['light', 'dark'].includes(document.documentElement.dataset.theme)"


COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".txt", ".xml"}
GZIP_LEVEL = 6  # the level of nginx's and most hosts' gzip
# A slow mobile link, as Chromium emulates it: 400 kbit/s each way, 400 ms round trip
SLOW_LINK = {"offline": False, "latency": 400,
             "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
FIRST_TEXT = "() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime"
# Milliseconds from the start until the page's first chart image has loaded, once scrolled to
FIRST_CHART = """async () => {
  const image = [...document.querySelectorAll('.altair-chart img.chart-static')]
    .find(image => getComputedStyle(image).display !== 'none');
  if (!image) { return null; }
  image.scrollIntoView();
  await image.decode();
  return performance.now();
}"""


@dataclass
class PageLoad:
    """What loading one page cost a reader, before any interaction."""
    raw: int  # bytes, uncompressed
    transferred: int  # bytes, as sent (gzip-compressed text)
    first_text: float  # seconds to the first text drawn
    first_chart: float | None  # seconds to the first chart drawn, scrolled to; None: no chart


def throttled_page(browser):
    """A new page whose network is :data:`SLOW_LINK`."""
    page = browser.new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    return page


def slow_load(browser, url: str) -> PageLoad:
    """Load ``url`` over :data:`SLOW_LINK` (serve the site ``compressed``) and measure it:
    everything it loads untouched, and then, loaded again, how long its first chart takes
    when the reader scrolls to it as soon as the page is parsed."""
    page = throttled_page(browser)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    first_text = page.evaluate(FIRST_TEXT) / 1000
    raw = sum(len(request.response().body()) for request in finished if request.response())
    transferred = sum(request.sizes()["responseBodySize"] for request in finished)
    has_chart = page.locator(".altair-chart").count() > 0
    page.close()
    first_chart = None
    if has_chart:
        page = throttled_page(browser)
        page.goto(url, wait_until="domcontentloaded")
        drawn = page.evaluate(FIRST_CHART)
        page.close()
        if drawn is None:
            raise ValueError(f"{url}: none of its charts shows its static drawing")
        first_chart = drawn / 1000
    return PageLoad(raw, transferred, first_text, first_chart)


def page_load_table(loads: dict[str, PageLoad]) -> list[str]:
    """The loads as the rows of a Markdown table, one page a row (the README's, make bench's)."""
    rows = ["| page | KiB loaded | KiB sent (gzip) | first text (s) | first chart (s) |",
            "|---|--:|--:|--:|--:|"]
    for name, load in sorted(loads.items()):
        chart = "" if load.first_chart is None else f"{load.first_chart:.1f}"
        rows.append(f"| {name} | {load.raw / 1024:.0f} | {load.transferred / 1024:.0f} | "
                    f"{load.first_text:.1f} | {chart} |")
    return rows


class ChromiumMissing(RuntimeError):
    pass


def chromium() -> str:
    """The path of Debian's Chromium, or an error saying how to install it."""
    found = next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)
    if found is None:
        raise ChromiumMissing(INSTALL_HINT)
    return found


def launched(playwright):
    """Debian's Chromium, started by playwright (whose own browser download is never used);
    no sandbox, which a container run as root does not allow."""
    return playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])


def open_page(page, url: str) -> None:
    """Load ``url`` in ``page`` and return once it is loaded, quiet on the network and themed.
    Playwright's "networkidle" alone can come while a long page is still being parsed, before
    its deferred scripts have run."""
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(THEMED)


def load_charts(page) -> None:
    """Load every chart image of ``page`` now, and return once those shown have loaded."""
    page.evaluate(LOAD_CHARTS)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # what matters is reported by the caller
        pass

    def handle(self):
        # a page closed before its response ended (the slow-link measure closes pages)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


class CompressingHandler(QuietHandler):
    """Sends text files gzip-compressed to a browser that accepts it, as a host such as
    GitHub Pages does, so that a page's transfer is measured as a reader would get it."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def served(site: Path, compressed: bool = False) -> Iterator[str]:
    """``site`` served on 127.0.0.1 while the block runs (its text files gzip-compressed if
    ``compressed``); yields its address."""
    handler = CompressingHandler if compressed else QuietHandler
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
