"""Chapters: MyST Markdown notebooks that authors edit, paired with executed ``.ipynb`` files.

A chapter in ``_toc.yml`` is written as ``book/NN_name.md`` (a MyST Markdown notebook read by
jupytext) and published from ``book/NN_name.ipynb``, which holds the same cells with their
outputs and a record, in its metadata, of what those outputs were computed from: the hash of
the code, and the fingerprint of every table, file, module and package the chapter read while
it ran (:mod:`book_engine.data.fingerprints`). The chapter finds these itself as it runs; nobody
keeps a list.

:func:`bring_up_to_date` makes every ``.ipynb`` match its ``.md``: it copies the text in,
keeps the outputs, and executes a chapter only if its code or anything in its record changed.
Stale chapters run in parallel, in waves when one reads another's outputs. A chapter that
fails leaves its ``.ipynb`` as it was.
"""

import asyncio
import atexit
import copy
import fcntl
import importlib
import json
import os
import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jupytext
import nbformat
import yaml
from jupytext.combine import combine_inputs_with_outputs
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

from book_engine.data.fingerprints import changed, json_sha256, package_record
from book_engine.data.make_data import INPUT_ERRORS, make_data
from book_engine.data.paths import engine_settings, write_if_changed

RECORD_KEY = "book_engine"  # notebook metadata: {"code": hash, "dependencies": {key: fp}}
TIMEOUT_SECONDS = 300  # per cell
# More kernels than cores: a kernel spends part of its life starting and waiting on messages.
# Measured on 2 cores, 3 chapters: 2 kernels at a time 3.6 s, all 3 at once 2.7 s.
PARALLEL_KERNELS = 2 * (os.cpu_count() or 1)
TEXT_FORMAT = "md:myst"
LOCK_FILE = Path("_build") / "chapters.lock"
# When each chapter last ran and for how long: kept out of the notebooks, so that a chapter
# executed again on the same inputs keeps a byte-identical .ipynb (book_engine.site.status).
EXECUTIONS = Path("book") / "_executions.json"
# Run in the chapter's kernel after its last cell, then removed: it snapshots the modules the
# chapter imported before importing anything itself, and prints the chapter's record as JSON.
RECORD_CELL = """\
import sys as _sys
_imported = {name: getattr(module, "__file__", None) for name, module in list(_sys.modules.items())}
from book_engine.data.fingerprints import print_session_record
print_session_record(_imported)
"""
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
DATA_ERRORS = {"DataValidationError"}  # book_engine.data.validation's; reported without traceback


@dataclass(frozen=True)
class Chapter:
    text: Path  # book/NN_name.md, what authors edit and reviewers read
    notebook: Path  # book/NN_name.ipynb, the same cells executed, with outputs

    @property
    def name(self) -> str:
        return f"{self.text.parent.name}/{self.text.name}"


class ChapterFailed(Exception):
    """A chapter raised while executing; the message names the chapter, the cell and the error."""


@dataclass
class Report:
    derived: list[str] = field(default_factory=list)  # tables `make data` made again first
    executed: list[tuple[Chapter, list[str]]] = field(default_factory=list)  # with reasons
    updated: list[Chapter] = field(default_factory=list)  # text copied in, nothing executed


def toc_files(entry) -> list[str]:
    """Every ``file:`` named in a parsed ``_toc.yml``, in order."""
    if isinstance(entry, list):
        return [name for item in entry for name in toc_files(item)]
    if isinstance(entry, dict):
        own = [entry["file"]] if "file" in entry else []
        return own + [name for value in entry.values() for name in toc_files(value)]
    return []


def front_matter(path: Path) -> dict:
    """The YAML header of a Markdown file, or {} when it has none."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---\n", 4)
    if end < 0:
        return {}
    return yaml.safe_load(text[4:end]) or {}


def is_notebook_text(path: Path) -> bool:
    """A Markdown file that jupytext pairs with an .ipynb (not a plain page)."""
    formats = front_matter(path).get("jupytext", {}).get("formats", "")
    return path.suffix == ".md" and "ipynb" in formats.split(",")


def chapters_in_toc(root: Path) -> list[Chapter]:
    """The chapters of ``_toc.yml`` written as paired MyST Markdown notebooks."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    texts = [root / f"{Path(name).with_suffix('')}.md" for name in toc_files(toc)]
    return [Chapter(text, text.with_suffix(".ipynb"))
            for text in texts if text.is_file() and is_notebook_text(text)]


def code_fingerprint(notebook) -> str:
    return json_sha256([cell.source for cell in notebook.cells if cell.cell_type == "code"])


def paired(chapter: Chapter):
    """The chapter's text with the outputs and metadata of its .ipynb, where the code matches.

    Cell ids are their positions, so the .ipynb is a function of the .md and the outputs.
    """
    notebook = jupytext.read(chapter.text, fmt=TEXT_FORMAT)
    if chapter.notebook.is_file():
        executed = nbformat.read(chapter.notebook, as_version=4)
        notebook = combine_inputs_with_outputs(notebook, executed, fmt=TEXT_FORMAT)
    # How the .md is written is no part of the .ipynb (jupytext drops it too when pairing).
    notebook.metadata.get("jupytext", {}).pop("text_representation", None)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:02d}"
    return notebook


def stale_reasons(notebook, root: Path) -> list[str]:
    """Why the outputs of ``notebook`` no longer follow from the book's sources; [] if fresh."""
    record = notebook.metadata.get(RECORD_KEY)
    if not record:
        return ["it has not been executed"]
    reasons = ["its code changed"] if record.get("code") != code_fingerprint(notebook) else []
    return reasons + [f"{key} changed" for key in changed(record["dependencies"], root)]


def notebook_text(notebook) -> str:
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


def failure_message(chapter: Chapter, notebook) -> str:
    """The failing cell, where it is in the .md, and the error last (what the author reads)."""
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    number, failed = next((n, cell) for n, cell in enumerate(code_cells, 1)
                          if any(o.output_type == "error" for o in cell.outputs))
    error = next(o for o in failed.outputs if o.output_type == "error")
    fences = [n for n, line in enumerate(chapter.text.read_text(encoding="utf-8").splitlines(), 1)
              if line.startswith("```{code-cell}")]
    where = f", line {fences[number - 1]}" if number <= len(fences) else ""
    # Bad data is the data's fault, not the code's: its message names file, line and column,
    # and a traceback would only bury it.
    detail = f"{error.ename}: {error.evalue}" if error.ename in DATA_ERRORS \
        else ANSI_ESCAPE.sub("", "\n".join(error.traceback))
    return (f"{chapter.name}: code cell {number}{where} failed; {chapter.notebook.name} keeps "
            f"its last good outputs.\n{detail}")


async def execute(chapter: Chapter, notebook):
    """Run every cell of ``notebook`` in a fresh kernel in the chapter's folder; return the
    executed copy with its record, or raise :class:`ChapterFailed`."""
    notebook = copy.deepcopy(notebook)
    notebook.cells.append(nbformat.v4.new_code_cell(RECORD_CELL, id="record"))
    client = NotebookClient(
        notebook,
        kernel_name=notebook.metadata.get("kernelspec", {}).get("name", "python3"),
        # CurveZMQ-encrypted sockets: without them ipykernel warns of plain-text TCP on
        # stderr at every start, which the strict build would have to filter.
        config=Config({"KernelManager": {"transport_encryption": "required"}}),
        timeout=TIMEOUT_SECONDS,
        record_timing=False,  # no timestamps: the same inputs give a byte-identical file
        resources={"metadata": {"path": str(chapter.notebook.parent)}},
    )
    try:
        await client.async_execute()
    except CellExecutionError:
        raise ChapterFailed(failure_message(chapter, notebook)) from None
    finally:
        # nbclient can leave its exit-time cleanup registered although the kernel is gone; at
        # exit it then prints "AssertionError" below the build's own error (seen in CI).
        if client.km is not None:
            await client._async_cleanup_kernel()
        atexit.unregister(client._cleanup_kernel)
    record_output = notebook.cells.pop().outputs
    session = json.loads("".join(o.text for o in record_output if o.get("name") == "stdout"))
    dependencies = {**session["record"], **package_record(session["imported"])}
    notebook.metadata[RECORD_KEY] = {"code": code_fingerprint(notebook),
                                     "dependencies": dict(sorted(dependencies.items()))}
    return notebook


async def execute_all(plans, jobs: int) -> list:
    """Execute ``(chapter, notebook)`` pairs, ``jobs`` at a time; results in order, each an
    (executed notebook, (when it finished, seconds it took)) or the :class:`ChapterFailed` it
    raised."""
    slots = asyncio.Semaphore(jobs)

    async def one(chapter, notebook):
        async with slots:
            started = time.monotonic()
            executed = await execute(chapter, notebook)
            return executed, (datetime.now(UTC), time.monotonic() - started)

    return await asyncio.gather(*(one(c, nb) for c, nb in plans), return_exceptions=True)


@contextmanager
def chapters_locked(root: Path):
    """Hold the book's chapter lock while the block runs. One process at a time brings the
    chapters up to date; a build started while another process executes them waits, then
    finds them fresh, instead of executing them a second time."""
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:  # not inherited by child processes (PEP 446)
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def bring_up_to_date(root: Path, force: bool = False, jobs: int | None = None,
                     log: Callable[[str], None] = print) -> Report:
    """Make each chapter's .ipynb match its .md, executing only the stale ones (all of them
    with ``force``). Raises :class:`ChapterFailed` after writing every chapter that succeeded."""
    with chapters_locked(root):
        return update_chapters(root, force, jobs, log)


def update_chapters(root: Path, force: bool, jobs: int | None,
                    log: Callable[[str], None]) -> Report:
    """:func:`bring_up_to_date`, for a caller that holds the chapter lock.

    Executes in waves: a page that reads other chapters' outputs (the claims ledger takes
    their glued values) is stale again when what it read of one just executed changed, so it
    runs once more, now reading their new outputs. Pages that read each other in a cycle never
    settle.
    """
    report = Report(derived=bring_data_up_to_date(root, log))
    generate_chapters(root, log)
    chapters = chapters_in_toc(root)
    for wave in range(len(chapters) + 1):
        plans = not_waiting(stale_plans(chapters, root, force and wave == 0, report))
        if not plans:
            return report
        for chapter, _, reasons in plans:
            log(f"executing {chapter.name}: {'; '.join(reasons)}")
        execute_plans(plans, jobs, report, root)
    raise ChapterFailed("chapters still stale after as many waves as there are chapters: "
                        "some read each other's outputs in a cycle")


def generate_chapters(root: Path, log: Callable[[str], None]) -> None:
    """Run the book's chapter generator, ``"module:function"`` as ``_config.yml`` names it
    under ``book_engine: generate_chapters:``, if it names one: ``function(root)`` writes the
    chapters it makes from data where their text changed and returns them (bad input raises
    ValueError). Run before the chapters are checked, so that a generated chapter is brought
    up to date like any other."""
    hook = engine_settings(root).get("generate_chapters")
    if not hook:
        return
    module, _, function = hook.partition(":")
    try:
        written = getattr(importlib.import_module(module), function)(root)
    except ValueError as problem:
        raise ChapterFailed(str(problem)) from None
    for text in written:
        log(f"wrote {text.relative_to(root)} with {hook}")


def bring_data_up_to_date(root: Path, log: Callable[[str], None]) -> list[str]:
    """Derive the tables whose raw files, schemas or derivation code changed, as `make data`
    does, before any chapter is checked: a chapter records the processed table it read, so a
    raw edit reaches it only through a new table. Returns the tables derived. Bad input
    raises :class:`ChapterFailed` with its file, line and column last, every table as it was."""
    try:
        return make_data(root, log=log)
    except INPUT_ERRORS as error:
        raise ChapterFailed("The data could not be derived; data/processed/, the chapters and "
                            f"the published site were left as they were.\n{error}") from None


def dependencies(notebook) -> dict[str, str]:
    """What ``notebook``'s record says its outputs were computed from."""
    return notebook.metadata.get(RECORD_KEY, {}).get("dependencies", {})


def reads_outputs_of(record: dict[str, str], chapter: Chapter) -> bool:
    """Whether a page's ``record`` (its :func:`dependencies`) says it read ``chapter``'s
    executed outputs: the whole file, or a part of the chapter through a reading function
    given its name (its glued values: see :func:`book_engine.data.read`)."""
    return f"file:{chapter.name.removesuffix('.md')}.ipynb" in record or any(
        key.startswith("read:") and key.endswith(f":{chapter.text.stem}") for key in record)


def not_waiting(plans: list) -> list:
    """The plans to execute now: a page that reads the outputs of a chapter executed in the
    same wave waits for the next, so that it never reads outputs about to be replaced (and
    perhaps fails on a value they do not hold yet). Pages that read each other all run."""
    planned = [chapter for chapter, _, _ in plans]
    ready = [(chapter, notebook, reasons) for chapter, notebook, reasons in plans
             if not any(reads_outputs_of(dependencies(notebook), other) for other in planned
                        if other != chapter)]
    return ready or plans


def stale_plans(chapters: list[Chapter], root: Path, force: bool, report: Report) -> list:
    """(chapter, notebook, reasons) for each chapter to execute; the text of the others is
    copied into their .ipynb."""
    plans = []
    for chapter in chapters:
        notebook = paired(chapter)
        reasons = ["a full re-execution was asked for"] if force \
            else stale_reasons(notebook, root)
        if reasons:
            plans.append((chapter, notebook, reasons))
        elif (write_if_changed(chapter.notebook, notebook_text(notebook))
              and chapter not in report.updated):
            report.updated.append(chapter)
    return plans


def record_executions(root: Path, runs: dict[str, tuple[datetime, float]]) -> None:
    """Note in ``book/_executions.json`` when each chapter of ``runs`` (name: (when it
    finished, seconds)) ran."""
    path = root / EXECUTIONS
    log = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    log.update({name: {"executed_at": f"{finished:%Y-%m-%d %H:%M:%S}",
                       "seconds": round(seconds, 1)}
                for name, (finished, seconds) in runs.items()})
    path.write_text(json.dumps(dict(sorted(log.items())), indent=1) + "\n", encoding="utf-8")


def execute_plans(plans: list, jobs: int | None, report: Report, root: Path) -> None:
    """Execute the planned chapters together, write each that succeeded and note when it ran;
    raise :class:`ChapterFailed` naming every failure."""
    results = asyncio.run(execute_all([(c, nb) for c, nb, _ in plans], jobs or PARALLEL_KERNELS))
    failures = [str(result) if isinstance(result, ChapterFailed)
                else f"{chapter.name}: {type(result).__name__}: {result}"
                for (chapter, _, _), result in zip(plans, results, strict=True)
                if isinstance(result, Exception)]
    runs = {}
    for (chapter, _, reasons), result in zip(plans, results, strict=True):
        if not isinstance(result, Exception):
            executed, runs[chapter.name] = result
            write_if_changed(chapter.notebook, notebook_text(executed))
            report.executed.append((chapter, reasons))
    record_executions(root, runs)
    if failures:
        raise ChapterFailed("\n\n".join(failures))
