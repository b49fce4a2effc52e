"""`make publish` puts the built site, and nothing else, on the gh-pages branch and pushes it."""

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

IDENTITY = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}


def git(*arguments, cwd: Path) -> str:
    result = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True,
                            check=True, env={**os.environ, **IDENTITY})
    return result.stdout


def site_files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def test_make_publish_pushes_exactly_the_site_to_gh_pages(tmp_path, built_site, built_pdf):
    """The site with its PDF, as `make pdf` leaves it (and as no other worker changes it)."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    git("init", "--quiet", "--bare", str(origin), cwd=tmp_path)
    work.mkdir()
    shutil.copy(ROOT / "Makefile", work / "Makefile")
    git("init", "--quiet", "--initial-branch", "main", cwd=work)
    git("add", "Makefile", cwd=work)
    git("commit", "--quiet", "--message", "sources", cwd=work)
    git("remote", "add", "origin", str(origin), cwd=work)
    # `pdf` (and so `book`) is taken as done (-o): the site is the one the tests built.
    result = subprocess.run(
        ["make", "--old-file=pdf", "publish", f"SITE={built_site}", f"BIN={ROOT / '.venv/bin'}"],
        cwd=work, capture_output=True, text=True, env={**os.environ, **IDENTITY})
    assert result.returncode == 0, result.stdout + result.stderr
    published = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=origin).split())
    assert published == site_files(built_site) | {".nojekyll"}
    branches = git("for-each-ref", "--format=%(refname:short)", "refs/heads", cwd=origin).split()
    assert branches == ["gh-pages"]  # the sources were not pushed


def test_the_pages_workflow_publishes_only_after_the_readmes_two_commands_pass():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    build = workflow["jobs"]["build-and-test"]["steps"]
    runs = [step.get("run") for step in build]
    upload = next(i for i, step in enumerate(build)
                  if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert runs.index("make book") < runs.index("make test") < runs.index("make pdf") < upload
    assert build[upload]["with"]["path"] == "_build/html"
    assert workflow["jobs"]["deploy"]["needs"] == "build-and-test"
