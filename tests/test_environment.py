"""environment.yml, requirements.in and the pinned lock agree."""

import re

import yaml

from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s#]+)")


def pins(path) -> dict[str, str]:
    """Package name (normalised) -> pinned version, for every 'name==version' line."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line.strip()):
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def direct_requirements() -> list[str]:
    lines = (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()
    names = [re.split(r"[=<>\s#\[]", line.strip())[0] for line in lines]
    return [re.sub(r"[-_.]+", "-", name).lower() for name in names if name]


def test_every_direct_requirement_is_pinned_in_the_lock_at_the_same_version():
    lock, wanted = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements.in")
    missing = [name for name in direct_requirements() if name not in lock]
    assert missing == []
    assert {name: lock[name] for name in wanted} == wanted
    assert lock["jupyter-book"].startswith("1.")


def test_every_line_of_the_lock_is_an_exact_pin():
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert all(PIN.match(line) for line in lines if line and not line.startswith("#"))


def test_environment_yml_installs_python_311_and_exactly_the_lock():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    dependencies = environment["dependencies"]
    assert "python=3.11" in dependencies
    pip_section = next(item["pip"] for item in dependencies if isinstance(item, dict))
    assert "-r requirements.txt" in pip_section
    assert not [line for line in pip_section if PIN.match(line)]  # no second, drifting pin list


def test_the_lab_lock_pins_only_what_the_book_lock_does_not():
    book, lab = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-lab.txt")
    lines = (ROOT / "requirements-lab.txt").read_text(encoding="utf-8").splitlines()
    assert all(PIN.match(line) for line in lines if line and not line.startswith("#"))
    assert set(book) & set(lab) == set()
    assert lab["jupyterlab"] == pins(ROOT / "requirements-lab.in")["jupyterlab"]
    assert "jupytext" in book  # the pairing is part of the build, not only of the lab
