"""Build the book's HTML strictly, and publish it only when the whole build succeeded.

Sphinx writes pages as it goes, so a build that fails halfway would leave a half-built site.
:func:`build_and_publish` builds into ``_build/staging/`` (which keeps Sphinx's environment
between builds, so rebuilds are incremental) and only then replaces ``_build/html``: a failed
or killed build leaves the last good site in place. When no input of the build has changed
since the site was published, it does not start Sphinx at all. A build that succeeded writes
the book's ``REPLICATION.md``, if it has one, anew (:mod:`book_engine.publishing.replication`).
"""

import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

STRICT = ["-W", "-n", "--keep-going"]  # warnings are errors; report them all, then fail
STAGING = Path("_build") / "staging"
PUBLISHED = Path("_build") / "html"
INPUTS_RECORD = STAGING / "inputs.sha256"  # the inputs of the published site
NOT_INPUTS = {"_build", ".git", "__pycache__", ".pytest_cache", ".ruff_cache",
              ".ipynb_checkpoints", ".jupyter_cache"}  # and virtual environments, .venv*
NOT_SOURCES = shutil.ignore_patterns(".venv*", "_build", ".git", "__pycache__", "*.egg-info",
                                     "build")  # build/: what pip leaves when it builds a wheel


def jupyter_book() -> str:
    """The jupyter-book command of the environment this Python runs in."""
    return str(Path(sys.executable).parent / "jupyter-book")


def build_command(source: Path, output: Path) -> list[str]:
    return [jupyter_book(), "build", str(source), "--path-output", str(output), *STRICT]


def build(source: Path, output: Path, capture: bool = False) -> subprocess.CompletedProcess:
    """Build the book at ``source`` into ``output/_build/html`` with warnings as errors,
    executing the stale chapters."""
    return subprocess.run(build_command(source, output), cwd=source, capture_output=capture,
                          text=True, check=False)


def copy_sources(root: Path, target: Path) -> Path:
    """A copy of the book's sources: no virtual environments, builds or git history."""
    shutil.copytree(root, target, ignore=NOT_SOURCES)
    return target


def build_executing_all(root: Path) -> int:
    """Build while this process executes every chapter: Jupyter Book takes over a second to
    start, and its build waits on the chapter lock meanwhile, then finds the chapters fresh."""
    from book_engine.execution.chapters import ChapterFailed, chapters_locked, update_chapters

    with chapters_locked(root):
        process = subprocess.Popen(build_command(root, root / STAGING), cwd=root)
        try:
            update_chapters(root, force=True, jobs=None, log=print)
        except ChapterFailed as failure:
            process.kill()
            process.wait()
            print(failure, file=sys.stderr)
            return 1
    return process.wait()


def publish(site: Path, target: Path) -> None:
    """Replace ``target`` with a copy of ``site``, never leaving ``target`` missing or partial
    for longer than two renames."""
    incoming = target.with_name(target.name + ".new")
    outgoing = target.with_name(target.name + ".old")
    for leftover in (incoming, outgoing):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(site, incoming)
    if target.exists():
        target.rename(outgoing)
    incoming.rename(target)
    shutil.rmtree(outgoing, ignore_errors=True)


def inputs_fingerprint(root: Path) -> str:
    """Everything a build can depend on: every file under ``root`` but build output, virtual
    environments and caches, the installed distributions, and Python's version."""
    digest = hashlib.sha256(sys.version.encode())
    for distribution in sorted(f"{d.metadata['Name']}=={d.version}"
                               for d in importlib.metadata.distributions()):
        digest.update(distribution.encode())
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in NOT_INPUTS
                               and not name.startswith(".venv") and not name.endswith(".egg-info"))
        for name in sorted(files):
            path = Path(folder) / name
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def forget_environment(root: Path) -> None:
    """Make the next build read every page again. Sphinx reports a page's warnings only when
    it reads the page, and a failed build has saved the pages it read: without this, the build
    after a failure would pass without the warning that stopped it, and publish."""
    shutil.rmtree(root / STAGING / "_build" / ".doctrees", ignore_errors=True)


def build_and_publish(root: Path, execute_all: bool = False) -> int:
    """Build into the staging folder, executing every chapter if ``execute_all``; on success
    publish to ``_build/html``. Returns the build's exit status."""
    record = root / INPUTS_RECORD
    if not execute_all and (root / PUBLISHED / "index.html").is_file() and record.is_file() \
            and record.read_text(encoding="utf-8") == inputs_fingerprint(root):
        print(f"Nothing has changed since {PUBLISHED}/ was built.")
        return 0
    status = build_executing_all(root) if execute_all else build(root, root / STAGING).returncode
    if status != 0:  # nothing more to say: the build's own error stays the last line
        forget_environment(root)
        return status
    publish(root / STAGING / "_build" / "html", root / PUBLISHED)
    from book_engine.publishing.replication import (  # not on a no-op's path
        REPLICATION,
        write_replication,
    )

    if (root / REPLICATION).is_file():  # a book that has one keeps it as its chapters now are
        write_replication(root)
    record.write_text(inputs_fingerprint(root), encoding="utf-8")  # after chapters were updated
    print(f"Open {PUBLISHED}/index.html (or run 'make serve').")
    return 0
