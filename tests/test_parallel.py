"""How `make test` shares its work among pytest-xdist's workers: a notebook's cells and an
in-turn module's tests stay on one worker (conftest.py); a shared site is made once, and its
failure reaches every worker that asks for it; the page loads that the browser tests record in
a worker reach the summary the controller prints (tests/conftest.py)."""

import pytest
from _pytest.reports import TestReport

import conftest as scheduling  # the repository's root conftest.py
from book_engine.publishing.browser import PageLoad
from tests import conftest
from tests.conftest import page_load_property, pytest_runtest_logreport, shared


def test_a_notebooks_cells_and_an_in_turn_modules_tests_each_share_one_worker():
    scope = scheduling.scope_of
    assert scope("book/cite.ipynb::Cell 0") == scope("book/cite.ipynb::Cell 2")
    assert scope("book/cite.ipynb::Cell 0") != scope("book/04_methodology.ipynb::Cell 0")
    for module in scheduling.IN_TURN:
        assert scope(f"{module}::test_one[a]") == scope(f"{module}::test_two")
    assert scope("tests/test_site.py::test_one") != scope("tests/test_site.py::test_two")


class Workers:
    """tmp_path_factory as each xdist worker has it: its own folder, in one the workers share."""

    def __init__(self, root):
        self.root = root

    def getbasetemp(self):
        return self.root / "popen-gw1"


def test_a_shared_folder_is_made_once_and_a_failure_reaches_every_worker(tmp_path,
                                                                         monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    (tmp_path / "popen-gw1").mkdir()
    made = []
    first = shared(Workers(tmp_path), "site", made.append)
    assert shared(Workers(tmp_path), "site", made.append) == first == tmp_path / "site"
    assert made == [first]

    def failing(folder):
        raise AssertionError("the build failed")

    with pytest.raises(AssertionError):
        shared(Workers(tmp_path), "broken", failing)
    with pytest.raises(pytest.fail.Exception, match="the build failed"):
        shared(Workers(tmp_path), "broken", made.append)  # another worker, later
    assert made == [first]


def test_a_page_load_recorded_in_a_worker_reaches_the_summary(monkeypatch):
    monkeypatch.setattr(conftest, "PAGE_LOADS", {})
    load = PageLoad(raw=2048, transferred=1024, first_text=1.5, first_chart=None)
    report = TestReport("tests/test_browser.py::t[x]", ("test_browser.py", 1, "t"), {}, "passed",
                        None, "call", user_properties=[page_load_property("x.html", load)])
    sent = TestReport._from_json(report._to_json())  # as xdist sends it to the controller
    pytest_runtest_logreport(sent)
    assert list(conftest.PAGE_LOADS.items()) == [("x.html", load)]
