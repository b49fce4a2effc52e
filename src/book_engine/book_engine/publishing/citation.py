"""The edition's citation, from ``CITATION.cff``: checked against the Citation File Format's
published schema, written out for the citation page (text and BibTeX), and converted to the
deposit metadata Zenodo reads from ``.zenodo.json``.

``make release`` writes the version and release date into the file; the DOI (``doi``) and
the address (``url``) are written there by hand once the edition is archived and published.
Until then the citation says so instead of inventing them.
"""

import datetime
import json
from pathlib import Path

import jsonschema
import yaml

CFF = "CITATION.cff"
# The schema as published by the Citation File Format project (CC-BY 4.0), from the
# cffconvert 2.0.0 wheel on PyPI (cffconvert/schemas/1.2.0/schema.json); cffconvert itself
# pins jsonschema < 4, which the lock cannot take.
SCHEMA = Path(__file__).parent / "vendored" / "citation-file-format-1.2.0.schema.json"
ZENODO = ".zenodo.json"
NO_ADDRESS = "[not yet published: no address]"
NO_IDENTIFIER = "[not yet archived: no DOI]"


class CitationError(ValueError):
    pass


def as_text_dates(value):
    """YAML 1.1 (PyYAML) reads ``2026-12-03`` as a date; the Citation File Format, YAML 1.2,
    as the string it is."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_text_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_text_dates(item) for item in value]
    return value


def parse(text: str) -> dict:
    return as_text_dates(yaml.safe_load(text))


def read_citation(root: Path) -> dict:
    return parse((root / CFF).read_text(encoding="utf-8"))


def schema_errors(citation: dict) -> list[str]:
    """What the schema finds wrong, one line each, naming the field."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{CFF}: {'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
            for error in sorted(validator.iter_errors(citation), key=str)]


def checked(citation: dict) -> dict:
    errors = schema_errors(citation)
    if errors:
        raise CitationError("\n".join(errors))
    return citation


def author_names(citation: dict) -> list[str]:
    """Each author as the project names them: an entity's name, or 'Family, Given'."""
    return [author.get("name") or f"{author['family-names']}, {author['given-names']}"
            for author in citation["authors"]]


def year(citation: dict) -> str:
    released = citation.get("date-released")
    return released[:4] if released else "n.d."


def address(citation: dict) -> str:
    return citation.get("url") or citation.get("repository-code") or NO_ADDRESS


def identifier(citation: dict) -> str:
    doi = citation.get("doi")
    return f"https://doi.org/{doi}" if doi else NO_IDENTIFIER


def version(citation: dict) -> str:
    return citation.get("version") or "unreleased"


def text_citation(citation: dict, text=str, title=str) -> str:
    """An APA-like reference: Authors (year). Title (Version v). Address. Identifier.
    ``text`` and ``title`` mark up its parts (escape them, set the title in italics)."""
    return (f"{text(' & '.join(author_names(citation)))} ({year(citation)}). "
            f"{title(citation['title'])} (Version {text(version(citation))}). "
            f"{text(address(citation))} {text(identifier(citation))}")


def bibtex(citation: dict, key: str = "edition") -> str:
    """A BibTeX ``@misc`` entry (an online edition: text, code and data); an author that is a
    name, not a person, is braced whole."""
    fields = {"author": " and ".join(f"{{{name}}}" if "," not in name else name
                                     for name in author_names(citation)),
              "title": f"{{{citation['title']}}}",
              "year": citation.get("date-released", "")[:4],
              "version": version(citation),
              "url": citation.get("url") or citation.get("repository-code"),
              "doi": citation.get("doi"),
              "note": None if citation.get("doi") else NO_IDENTIFIER}
    lines = [f"  {name} = {{{value}}}," for name, value in fields.items() if value]
    return "\n".join([f"@misc{{{key},", *lines, "}"])


def zenodo_metadata(citation: dict) -> dict:
    """The deposit metadata Zenodo reads from ``.zenodo.json`` when it archives a release."""
    licences = citation["license"]
    metadata = {
        "title": citation["title"],
        "upload_type": "publication",
        "publication_type": "book",
        "description": citation.get("abstract", citation["message"]),
        "creators": [{"name": name} for name in author_names(citation)],
        "keywords": citation.get("keywords", []),
        "license": licences[0].lower(),  # the text's; the code's is named in the notes
        "notes": f"Licences: {', '.join(licences)} (text, code); data under each source's terms.",
        "access_right": "open",
        "language": "eng",
        "version": citation.get("version"),
        "publication_date": citation.get("date-released"),
        "doi": citation.get("doi"),
    }
    return {key: value for key, value in metadata.items() if value}


def zenodo_json(citation: dict) -> str:
    return json.dumps(zenodo_metadata(citation), indent=2, ensure_ascii=False) + "\n"
