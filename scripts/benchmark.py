"""Time the book's set-up, builds, rebuilds and tests, against Jupyter Book's plain settings.

    python scripts/benchmark.py [--runs 3]      # what `make bench` runs
    python scripts/benchmark.py --only raw_edit data_check   # some scenarios, and the plain build
    python scripts/benchmark.py --only page_loads --runs 1   # each page over a slow link

It copies the repository's tracked files to a temporary folder (a fresh clone of the working
tree) and, in that copy, times each scenario ``--runs`` times with the copy's own `make`
targets, then prints the medians as a Markdown table. The plain build is the same chapters
built the way Jupyter Book does by default when told to execute: every notebook, one after
another, no cache, no extension; each of our times is also given as a ratio of it.
Then it loads every page of the built site over a slow mobile link and prints what each
loaded and how soon its text and first chart showed. Nothing here is a pass/fail test: it
prints what it measured, for the README.
"""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml

from book_engine.publishing.browser import SLOW_LINK, launched, page_load_table, served, slow_load
from book_engine.publishing.build import STRICT

ROOT = Path(__file__).resolve().parent.parent
EXECUTING = re.compile(r"executing (book/\S+\.md)")
PROSE_CHAPTER = Path("book/02_engagement_metrics.md")
PROSE_EDIT = ("The table cannot carry that claim:", "The table cannot carry that claim at all:")
# A sentence of the Introduction, a chapter the claims ledger, Chapter 10 and the instructors'
# page read (its glued values, its headings, its exercises): none of them changes.
QUOTED_CHAPTER = Path("book/01_introduction.md")
QUOTED_EDIT = ("The paper opens with a claim", "The paper opens, first, with a claim")
CODE_EDIT = ("table1 = data.load(", "table1 = data.load(  # edited\n    ")
DATA_FILE = Path("data/raw/khalid2025/table1_engagement_metrics.csv")
DATA_EDIT = (",3.8,", ",3.9,")
# A raw file a derivation reads: Pakistan's latest internet use in the World Bank's series.
RAW_FILE = Path("data/raw/wdi_internet_users_raw/API_IT.NET.USER.ZS_DS2_en_csv_v2_33086.csv")
RAW_EDIT = (",57.253,", ",61.847,")
# The data check every build makes before it checks a chapter (make data's, nothing stale),
# timed inside Python after pandas is imported, as it is in the Sphinx process.
DATA_CHECK = """import time, pandas
from pathlib import Path
from book_engine.data.make_data import make_data
start = time.perf_counter()
assert make_data(Path("."), log=print) == []
print(f"{time.perf_counter() - start:.4f}")
"""


def run(command: list[str], folder: Path) -> tuple[float, str]:
    """Run ``command`` in ``folder``; return its wall time and its output. It must succeed."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"benchmark: {' '.join(command)} failed in {folder}:\n"
                 f"{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return seconds, result.stdout + result.stderr


def copy_repository(target: Path) -> Path:
    """The tracked files of the working tree, as a fresh clone would have them."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return target


def replace_in(path: Path, old: str, new: str) -> Callable[[], None]:
    """Edit ``path``; return a function that undoes the edit."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return lambda: path.write_text(text, encoding="utf-8")


class Scenarios:
    """Each method prepares the copy, times one step and returns (seconds, output)."""

    def __init__(self, book: Path):
        self.book = book

    def make(self, *targets: str) -> tuple[float, str]:
        return run(["make", *targets], self.book)

    def set_up(self):
        shutil.rmtree(self.book / ".venv", ignore_errors=True)
        return self.make("setup")

    def cold_build(self):
        shutil.rmtree(self.book / "_build", ignore_errors=True)
        return self.make("book")

    def forced_build(self):
        shutil.rmtree(self.book / "_build", ignore_errors=True)
        return self.make("notebooks")

    def no_op_rebuild(self):
        self.make("book")
        return self.make("book")

    def edited_rebuild(self, path: Path, edit: tuple[str, str], *targets: str):
        self.make("book")
        undo = replace_in(self.book / path, *edit)
        try:
            return self.make(*targets, "book")
        finally:
            undo()
            self.make(*targets, "book")

    def prose_edit(self):
        return self.edited_rebuild(PROSE_CHAPTER, PROSE_EDIT)

    def quoted_prose_edit(self):
        return self.edited_rebuild(QUOTED_CHAPTER, QUOTED_EDIT)

    def code_edit(self):
        return self.edited_rebuild(PROSE_CHAPTER, CODE_EDIT)

    def data_edit(self):
        return self.edited_rebuild(DATA_FILE, DATA_EDIT, "data")

    def raw_edit(self):
        return self.edited_rebuild(RAW_FILE, RAW_EDIT)

    def data_check(self):
        self.make("book")
        _, output = run([str(self.book / ".venv" / "bin" / "python"), "-c", DATA_CHECK],
                        self.book)
        return float(output.split()[-1]), ""

    def tests(self):
        return self.make("test")


PIPELINE = "book_engine.site.sphinx_ext"  # it also loads the directives below
PAGE_DIRECTIVES = ["book_engine.site.number_map", "book_engine.site.outline",
                   "book_engine.site.status", "book_engine.site.computed_from"]


def plain_copy(book: Path, target: Path) -> Path:
    """The same chapters, configured as a plain Jupyter Book: myst-nb executes every notebook
    (`force`), without the book's chapter pipeline; the .md twins are excluded so each is
    read once."""
    shutil.copytree(book, target, ignore=shutil.ignore_patterns(".venv", "_build"))
    config_path = target / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "force"
    # Without the chapter pipeline; the directives that pages use (exercises, the number map,
    # the list of chapters, the build status, the computed-from lines) are content, not
    # pipeline, so they stay.
    kept = [name for name in config["sphinx"]["extra_extensions"] if name != PIPELINE]
    config["sphinx"]["extra_extensions"] = [*kept, *PAGE_DIRECTIVES]
    twins = [p.relative_to(target).as_posix() for p in (target / "book").glob("*.md")
             if p.with_suffix(".ipynb").is_file()]
    config["exclude_patterns"] = [*config["exclude_patterns"], *twins]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return target


def plain_build(plain: Path, jupyter_book: Path):
    shutil.rmtree(plain / "_build", ignore_errors=True)
    seconds, output = run([str(jupyter_book), "build", ".", *STRICT], plain)
    executed = len(re.findall(r"Executing notebook", output))
    return seconds, executed


def measure(step: Callable[[], tuple[float, str]], runs: int) -> tuple[list[float], int]:
    times, executed = [], set()
    for _ in range(runs):
        seconds, output = step()
        times.append(seconds)
        executed.add(len(EXECUTING.findall(output)))
    return times, max(executed)


def page_loads(book: Path) -> list[str]:
    """Every page of the book's built site loaded over Chromium's slow mobile link, from a
    host that compresses (book_engine.publishing.browser.slow_load), as the rows of a table."""
    from playwright.sync_api import sync_playwright

    run(["make", "book"], book)
    site = book / "_build" / "html"
    pages = sorted(page.relative_to(site).as_posix() for page in site.rglob("*.html")
                   if "_static" not in page.parts)
    with served(site, compressed=True) as address, sync_playwright() as playwright:
        browser = launched(playwright)
        loads = {name: slow_load(browser, address + name) for name in pages}
        browser.close()
    return page_load_table(loads)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                      .splitlines() if line.startswith("MemTotal"))
    return (f"{os.cpu_count()} cores ({cpu}), {memory_kib / 2**20:.0f} GiB, "
            f"{platform.platform(terse=True)}, Python {platform.python_version()}")


def print_timings(results: list, plain_runs: list) -> None:
    """The scenarios' medians as a Markdown table, each also as a ratio of the plain build."""
    plain_median = statistics.median(seconds for seconds, _ in plain_runs)
    print("| scenario | median (s) | min–max (s) | notebooks executed | ratio to plain build |")
    print("|---|---:|---:|---:|---:|")
    print(f"| plain Jupyter Book build (execute all, in turn, no cache) | {plain_median:.2f} | "
          f"{min(s for s, _ in plain_runs):.2f}–{max(s for s, _ in plain_runs):.2f} | "
          f"{plain_runs[0][1]} | 1.00 |")
    for label, times, executed in results:
        median = statistics.median(times)
        print(f"| {label} | {median:.2f} | {min(times):.2f}–{max(times):.2f} | {executed} | "
              f"{median / plain_median:.2f} |")


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each scenario")
    parser.add_argument("--only", nargs="+", metavar="SCENARIO",
                        help="time only these (method names of Scenarios, or page_loads) "
                             "and the plain build")
    options = parser.parse_args(arguments)
    runs, chosen = options.runs, options.only
    scenarios_in_order = [
        ("set-up from an empty environment", "set_up"),
        ("cold build of a fresh clone", "cold_build"),
        ("forced full re-execution, cold (`make notebooks`)", "forced_build"),
        ("no-op rebuild", "no_op_rebuild"),
        ("prose-edit rebuild", "prose_edit"),
        ("prose edit in a chapter other pages quote", "quoted_prose_edit"),
        ("code-edit rebuild", "code_edit"),
        ("data-edit rebuild (`make data book`)", "data_edit"),
        ("raw-edit rebuild (`make book` alone derives the table first)", "raw_edit"),
        ("the build's data check, nothing changed (inside the build)", "data_check"),
        ("`make test` after set-up", "tests"),
    ]
    if chosen:
        scenarios_in_order = [(label, name) for label, name in scenarios_in_order
                              if name in chosen]
    with tempfile.TemporaryDirectory(prefix="book-bench-") as folder:
        book = copy_repository(Path(folder) / "book")
        scenarios = Scenarios(book)
        results = []
        for label, name in scenarios_in_order:
            print(f"timing: {label}", file=sys.stderr)
            results.append((label, *measure(getattr(scenarios, name), runs)))
        loads = page_loads(book) if not chosen or "page_loads" in chosen else []
        plain_runs = []
        if results:
            plain = plain_copy(book, Path(folder) / "plain")
            print("timing: Jupyter Book's plain settings", file=sys.stderr)
            plain_runs = [plain_build(plain, book / ".venv" / "bin" / "jupyter-book")
                          for _ in range(runs)]
    print(f"Measured {date.today().isoformat()} on {machine()}; median of {runs} runs.\n")
    if plain_runs:
        print_timings(results, plain_runs)
    if loads:
        print(f"\nEach page over Chromium's slow mobile link ({SLOW_LINK['latency']} ms, "
              f"{SLOW_LINK['downloadThroughput'] * 8 / 1000:.0f} kbit/s), from a host that "
              "compresses; before any interaction, and the first chart when scrolled to:\n")
        print("\n".join(loads))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
