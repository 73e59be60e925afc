"""Machine-readable schemas of the datasets (Frictionless Table Schema)."""

from portal.opendata.columns import LIST_DELIMITER
from portal.opendata.datasets import SCHEMA_VERSION, Dataset
from portal.opendata.formats import CSV_TEXT_RULE

PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"


def _field(column) -> dict:
    described = {
        "name": column.name,
        "title": str(column.title),
        "type": column.type,
    }
    if column.description:
        described["description"] = str(column.description)
    if column.unit:
        # Not in the Table Schema standard, which allows properties of one's own.
        described["unit"] = column.unit
    if column.type == "list":
        described["delimiter"] = LIST_DELIMITER
        described["itemType"] = "string"
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.choices:
        described["categories"] = [
            {"value": value, "label": str(label)} for value, label in column.choices
        ]
        if column.type != "list":
            constraints["enum"] = [value for value, _label in column.choices]
    if constraints:
        described["constraints"] = constraints
    return described


def table_schema(dataset: Dataset) -> dict:
    """Return the Table Schema of a dataset's CSV files, from its column definitions."""
    return {
        "$schema": PROFILE,
        "name": dataset.name,
        "title": str(dataset.title),
        "description": f"{dataset.description} {CSV_TEXT_RULE}",
        "version": SCHEMA_VERSION,
        "fields": [_field(column) for column in dataset.columns],
        "primaryKey": ["id"],
        "missingValues": [""],
    }
