"""Every page of the built site passes the W3C Nu HTML Checker with no error; its warnings are
shown in the test output. (The student edition is checked in tests/test_student_edition.py.)"""

from tests.conftest import assert_valid_html


def test_every_page_of_the_site_is_valid_html(built_site):
    assert_valid_html(built_site)
