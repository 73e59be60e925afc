"""Describe a dataset's rows to the OpenAPI schema as a serializer.

Rows are written by the dataset's columns (portal.opendata), never by this
serializer; it only tells drf-spectacular the name, type, enumeration and
description of every field, from the same column definitions.
"""

import functools

from rest_framework import serializers

from portal.opendata.datasets import Dataset


def _field(column):
    options = {
        "read_only": True,
        "label": column.title,
        "help_text": column.description or None,
    }
    if not column.required:
        options["allow_null"] = True
    if column.type == "list":
        child = (
            serializers.ChoiceField(choices=list(column.choices))
            if column.choices
            else serializers.CharField()
        )
        return serializers.ListField(child=child, **options)
    if column.choices:
        return serializers.ChoiceField(choices=list(column.choices), **options)
    return {
        "integer": serializers.IntegerField,
        "number": serializers.FloatField,
        "date": serializers.DateField,
        "datetime": serializers.DateTimeField,
        "boolean": serializers.BooleanField,
    }.get(column.type, serializers.CharField)(**options)


@functools.cache
def row_serializer(dataset: Dataset) -> type[serializers.Serializer]:
    """Return a serializer class whose fields describe the dataset's columns."""
    name = "".join(part.capitalize() for part in dataset.name.split("-")) + "Row"
    fields = {column.name: _field(column) for column in dataset.columns}
    return type(name, (serializers.Serializer,), fields)
