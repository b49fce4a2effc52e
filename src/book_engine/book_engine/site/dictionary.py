"""The data dictionary's tables: every column of a resource in words, from its schema.

A book's dictionary may span more than one page (one per folder of ``data/``, say, to keep
each page light); :func:`show_columns` shows the resources it is given, each as a numbered
table labelled :func:`dictionary_label`, which the line beneath every display
(:mod:`book_engine.site.computed_from`) links to on whichever page holds it.
"""

import pandas as pd
from IPython.display import Markdown, display

from book_engine.execution.markup import literal
from book_engine.site.prose import Code, numbered_table


def dictionary_label(table: str) -> str:
    """The label of a table's entry in the data dictionary (its numbered table)."""
    return f"tbl-dict-{table}"


def in_folders(package: dict, *folders: str) -> list[dict]:
    """The resources of a data package whose files are in the given folders of ``data/``."""
    return [resource for resource in package["resources"]
            if resource["path"].split("/")[0] in folders]


def allowed(field: dict) -> str:
    """The constraints of a schema field, in words."""
    rules = field.get("constraints", {})
    parts = ["required" if rules.get("required") else "may be empty"]
    if "enum" in rules:
        parts.append("one of " + ", ".join(map(str, rules["enum"])))
    low, high = rules.get("minimum"), rules.get("maximum")
    if low is not None and high is not None:
        parts.append(f"{low} to {high}")
    elif low is not None:
        parts.append(f"at least {low}")
    elif high is not None:
        parts.append(f"at most {high}")
    if rules.get("unique"):
        parts.append("unique")
    if "unitRanges" in field:
        parts.append(f"within the range of the row's {field['unitRanges']['column']} (below)")
    if "rangeFields" in field:
        parts.append("within the row's " + " to ".join(field["rangeFields"].values()))
    return "; ".join(parts)


def columns(resource: dict) -> pd.DataFrame:
    """A resource's columns: name, type, unit, allowed values and meaning."""
    return pd.DataFrame(
        {
            "Column": Code(field["name"]),
            "Type": field["type"],
            "Unit": field.get("unit", ""),
            "Allowed": allowed(field),
            "Meaning": field.get("description", ""),
        }
        for field in resource["schema"]["fields"]
    )


def show_columns(resources: list[dict]) -> None:
    """Each resource's description and row key, then its columns as a numbered table."""
    for resource in resources:
        key = ", ".join(literal(name) for name in resource["schema"]["primaryKey"])
        about = literal(resource.get("description", resource["title"]))
        display(Markdown(f"**{literal(resource['name'])}**: {about} One row per {key}."))
        display(numbered_table(columns(resource), dictionary_label(resource["name"]),
                               f"Columns of {literal(resource['name'])}.", computed_from=()))
