"""How pytest-xdist shares the tests out among its workers, for book/'s notebooks as for
tests/ (whose fixtures are in tests/conftest.py)."""

import pytest
from xdist.scheduler import LoadScopeScheduling

# Modules whose tests edit one copy of the book in turn, made by a module fixture
IN_TURN = {"tests/test_raw_edits.py", "tests/test_release.py"}


def scope_of(nodeid: str) -> str:
    """The tests that must run in one worker share a scope: a notebook's cells, which nbval
    runs in turn in one kernel, and the tests of an IN_TURN module; any other test is its own."""
    path = nodeid.split("::", 1)[0]
    return path if path.endswith(".ipynb") or path in IN_TURN else nodeid


class Scheduling(LoadScopeScheduling):
    """xdist's "load" (each test to the next free worker), but by :func:`scope_of`; larger
    scopes go first, so the longest runs start early."""

    def _split_scope(self, nodeid: str) -> str:
        return scope_of(nodeid)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist's
def pytest_xdist_make_scheduler(config, log):
    return Scheduling(config, log)
