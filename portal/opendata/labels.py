"""Label columns: beside each coded column, its label as the Chinese register writes it.

A code (`natural_person`, `serious`, `330100`) is what a program filters on; a
reader wants 自然人, 严重, 杭州市. Every coded column of a dataset gets a
`<name>_label` column right after it, in the portal's default language
whoever asks, so that a file reads the same for everyone. Regions get their
name from the registry (`region_name`). The database writes labels as text
too (`sql_text`), so CSV downloads keep their fast path.
"""

import functools

from django.conf import settings
from django.db.models import Case, CharField, F, Func, Q, Value, When
from django.db.models.functions import Replace
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.core.spreadsheets import starts_formula
from portal.opendata.columns import LIST_DELIMITER, Column

# Separates the codes of a list as the database stores it (",warning,fine,").
_STORED_DELIMITER = ","


class ChoiceLabel:
    """The label of one code, in the default language; the code if unknown."""

    def __init__(self, choices):
        self._choices = tuple(choices)

    @functools.cached_property
    def labels(self) -> dict[str, str]:
        with translation.override(settings.LANGUAGE_CODE):
            return {value: str(label) for value, label in self._choices}

    @property
    def may_start_formula(self) -> bool:
        return any(
            starts_formula(text) for pair in self.labels.items() for text in pair
        )

    def __call__(self, value):
        if value is None or value == "":
            return None
        return self.labels.get(value, value)

    def sql_text(self, path: str):
        return Case(
            *(
                When(Q(**{path: value}), then=Value(label))
                for value, label in self.labels.items()
            ),
            default=F(path),
            output_field=CharField(),
        )


class _ListText(Func):
    """A stored ",a,b," list as its CSV text, "a;b" (as opendata.sqltext does)."""

    output_field = CharField()
    _TRIM = {"sqlite": "trim", "postgresql": "btrim"}

    def as_sql(self, compiler, connection, **extra):
        trim = self._TRIM[connection.vendor]
        template = (
            f"{trim}(replace(%(expressions)s, '{_STORED_DELIMITER}', "
            f"'{LIST_DELIMITER}'), '{LIST_DELIMITER}')"
        )
        return super().as_sql(compiler, connection, template=template, **extra)


class ListLabel(ChoiceLabel):
    """The labels of a list of codes, in its order."""

    @functools.cached_property
    def labels(self) -> dict[str, str]:
        labels = super().labels
        for label in labels.values():
            # Labels are joined with the delimiter; neither may be inside one.
            if LIST_DELIMITER in label or _STORED_DELIMITER in label:
                raise ValueError(f"A list's label may not hold ; or ,: {label!r}")
        return labels

    def __call__(self, values):
        if values is None:
            return None
        return [self.labels.get(value, value) for value in values]

    def sql_text(self, path: str):
        # Each code is replaced with the commas around it, so no code matches
        # inside another; the comma after one is written back for the next.
        text = F(path)
        for value, label in self.labels.items():
            text = Replace(
                text,
                Value(f"{_STORED_DELIMITER}{value}{_STORED_DELIMITER}"),
                Value(f"{_STORED_DELIMITER}{label}{_STORED_DELIMITER}"),
            )
        return _ListText(text)


class _LabelOfComputed:
    """The label of a code computed in Python (a list entry's status)."""

    def __init__(self, label: ChoiceLabel, compute):
        self._label, self._compute = label, compute

    @property
    def may_start_formula(self) -> bool:
        return self._label.may_start_formula

    def __call__(self, *values):
        return self._label(self._compute(*values))


class NamedLabel:
    """The label a function gives a code of no fixed enumeration (2025Q2).

    Named in the default language, once per code: such codes are few.
    """

    def __init__(self, name_of):
        self._name_of = name_of
        self._labels: dict[str, str] = {}

    def __call__(self, value):
        if value is None or value == "":
            return None
        if value not in self._labels:
            with translation.override(settings.LANGUAGE_CODE):
                self._labels[value] = str(self._name_of(value))
        return self._labels[value]


def label_column(column: Column, compute=None) -> Column:
    """Return the column of labels of a coded column, named `<name>_label`.

    The labels are the column's enumeration's unless `compute` gives them
    from the column's sources.
    """
    if compute is None:
        compute = (ListLabel if column.type == "list" else ChoiceLabel)(column.choices)
        if column.computed:
            compute = _LabelOfComputed(compute, column.compute)
    return Column(
        name=f"{column.name}_label",
        sources=column.sources,
        type="list" if column.type == "list" else "string",
        title=format_lazy(_("{title} (label)"), title=column.title),
        description=format_lazy(
            _(
                "The label of {name} in Chinese, as the portal's Chinese pages "
                "write it; empty when {name} is."
            ),
            name=column.name,
        ),
        compute=compute,
        required=column.required,
        width=30 if column.type == "list" else 16,
    )


def labelled(*columns: Column) -> tuple[Column, ...]:
    """Return the columns with a label column right after each coded one."""
    result = []
    for index, column in enumerate(columns):
        result.append(column)
        following = columns[index + 1] if index + 1 < len(columns) else None
        labelled_already = following is not None and following.name == (
            f"{column.name}_label"
        )
        if column.choices and column.type != "boolean" and not labelled_already:
            result.append(label_column(column))
    return tuple(result)


def region_name(path: str, *, name: str = "region_name", **options) -> Column:
    """Return the column of a region's name from the registry, read along `path`."""
    options.setdefault("title", _("region name"))
    options.setdefault(
        "description",
        _(
            "The region's full name in the registry's GB/T 2260 reference data "
            "(浙江省, 杭州市, 西湖区), in Chinese."
        ),
    )
    return Column(name=name, sources=(path,), **options)
