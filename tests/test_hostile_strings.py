"""Nothing a contributor puts into a CSV can become markup or script on a page.

A copy of the book gets a hostile string in every free-text column of every table, and in
every description of the data package, and is built. Each page must then have exactly the
elements and scripts of the real book's page, no attribute from the data, and show the
strings as text. Columns with an enum or a pattern, and key columns, are not free text: the
loader refuses anything else in them with file, line and column (tests/test_bad_input.py).
"""

from html.parser import HTMLParser

import pandas as pd
import pytest

from book_engine.data.descriptors import read_datapackage, write_datapackage
from book_engine.data.validation import checked_record, validate_resource
from book_engine.publishing.build import build
from tests.conftest import copy_book, shared

HOSTILE = (
    "HOSTILE <script>alert(1)</script> <img src=x onerror=alert(2)> <b data-hostile>b</b> "
    "{raw}`html <i data-hostile>i</i>` `tick` | pipe | [link](javascript:alert(3)) &amp; "
    "<!--<script> </script><script>alert(4)</script>\n```{raw} html\n<u data-hostile>u</u>\n```"
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset"}
SHOWN = ["<script>alert(1)</script>", "<b data-hostile>b</b>", "{raw}`html"]


def free_text_columns(resource: dict) -> list[str]:
    """String columns with no enum or pattern, not in the key, not naming a row's unit."""
    schema = resource["schema"]
    units = {f["unitRanges"]["column"] for f in schema["fields"] if "unitRanges" in f}
    return [field["name"] for field in schema["fields"]
            if field["type"] == "string" and field["name"] not in units
            and field["name"] not in schema.get("primaryKey", [])
            and not {"enum", "pattern"} & set(field.get("constraints", {}))]


def poison(root) -> None:
    """Put HOSTILE into every free-text cell and every description, and record the files as
    `make data` would after checking them against their schemas."""
    package = read_datapackage(root)
    for resource in package["resources"]:
        resource["description"] = HOSTILE
        for field in resource["schema"]["fields"]:
            field["description"] = HOSTILE
        path = root / "data" / resource["path"]
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in free_text_columns(resource):
            table[column] = table[column].where(table[column] == "", HOSTILE)
        table.to_csv(path, index=False, lineterminator="\n")
        validate_resource(resource, root / "data")
        resource.update(checked_record(resource, root / "data"))
    write_datapackage(root, package)


class Elements(HTMLParser):
    """Every element of a page as (tag, attributes), each script's source, and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.scripts, self.text, self.in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(sorted(name for name, _ in attrs))))
        for name, value in attrs:
            assert name not in ("data-hostile", "onerror"), f"attribute {name} from data"
            if name in URL_ATTRIBUTES:  # a title or alt may hold the text; a link may not
                assert "alert(" not in (value or ""), f"attribute {name}={value!r} from data"
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))
        self.in_script = tag in ("script", "style")

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if not self.in_script:
            self.text.append(data)


def parse(path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def poisoned_build(output) -> None:
    root = copy_book(output / "book")
    poison(root)
    result = build(root, output, capture=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory):
    """Built once, whichever workers run this module's tests."""
    return shared(tmp_path_factory, "hostile-build", poisoned_build) / "_build" / "html"


def test_no_element_attribute_or_script_comes_from_the_data(poisoned_site, built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        real, poisoned = parse(page), parse(poisoned_site / page.relative_to(built_site))
        assert [tag for tag, _ in poisoned.elements].count("script") == \
            [tag for tag, _ in real.elements].count("script"), page.name
        assert poisoned.scripts == real.scripts, page.name
        new_tags = {tag for tag, _ in poisoned.elements} - {tag for tag, _ in real.elements}
        assert not new_tags, f"{page.name}: elements {new_tags} came from the data"
        new_attributes = set(poisoned.elements) - set(real.elements)
        assert not new_attributes, f"{page.name}: attributes {new_attributes} came from the data"


@pytest.mark.parametrize("page", ["book/02_engagement_metrics.html", "book/caveats.html",
                                  "book/data_dictionary.html",
                                  "book/editorial_dictionary.html"])
def test_the_strings_show_as_the_text_they_are(poisoned_site, page):
    text = "".join(parse(poisoned_site / page).text)
    for fragment in SHOWN:
        assert fragment in text, f"{page}: {fragment!r} is not shown as text"
