"""Filtering by the apps' own FilterSets, strictly: unknown parameters are errors."""

from django import forms
from django.utils.translation import gettext as _
from django_filters.filters import RangeFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from portal.api.exceptions import ApiError


def parameter_names(filterset_class) -> list[str]:
    """Return the query parameters a FilterSet reads (fine_min, decided_after...)."""
    names = []
    for name, filter_ in filterset_class.base_filters.items():
        if isinstance(filter_, RangeFilter):
            widget = filter_.extra.get("widget") or filter_.field_class.widget
            names += [
                f"{name}_{suffix}" if suffix else name for suffix in widget.suffixes
            ]
        else:
            names.append(name)
    return names


def reject_unknown(params, allowed) -> None:
    """Raise a 400 naming every parameter that is not among `allowed`."""
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ApiError(
            _("Unknown parameter: %(names)s. Known parameters: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(sorted(allowed))},
            code="unknown_parameter",
            details={
                name: [_("Not a parameter of this endpoint.")] for name in unknown
            },
        )


def _valid_values(field) -> list[str]:
    """Return the values a choice field takes; none for a choice of records."""
    if not isinstance(field, forms.ChoiceField) or isinstance(
        field, forms.ModelChoiceField | forms.ModelMultipleChoiceField
    ):
        return []
    values = []
    for value, label in field.choices:
        # A grouped choice (the statistics' quarters and years) holds its own.
        group = label if isinstance(label, list | tuple) else [(value, label)]
        values += [str(item) for item, _label in group if item not in ("", None)]
    return values


def _errors(form) -> dict[str, list[str]]:
    """Return the form's errors, a choice's with the values it takes."""
    errors = {}
    for name, messages in form.errors.items():
        messages = list(messages)
        values = _valid_values(form.fields.get(name))
        if values:
            messages.append(
                _("Valid values: %(values)s.") % {"values": ", ".join(values)}
            )
        errors[name] = messages
    return errors


def reject_value(name: str, value: str, allowed) -> None:
    """Raise a 400 when a parameter's value is not among `allowed`, naming them."""
    if value not in allowed:
        message = _("Valid values: %(values)s.") % {"values": ", ".join(allowed)}
        raise ApiError(
            _("The parameter %(name)s is not valid.") % {"name": name},
            code="invalid",
            details={name: [message]},
        )


class StrictFilterBackend(DjangoFilterBackend):
    """The pages' FilterSet, with a 400 for malformed values naming the valid ones."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(_errors(filterset.form))
        empty = [
            name
            for name, value in filterset.form.cleaned_data.items()
            if isinstance(value, list) and any(item in ("", None) for item in value)
        ]
        if empty:
            # "sort=," is a list of empty choices: a malformed value.
            raise ValidationError(
                {name: [_("An item of this list is empty.")] for name in empty}
            )
        return filterset.qs


class StrictParametersMixin:
    """Refuse, with a 400, the query parameters a view does not read.

    A view reads its FilterSet's parameters, its paginator's and those named
    in `parameters`.
    """

    parameters: tuple[str, ...] = ()

    def known_parameters(self) -> list[str]:
        names = list(self.parameters)
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            names += parameter_names(filterset)
        paginator = getattr(self, "paginator", None)
        for attribute in (
            "cursor_query_param",
            "page_query_param",
            "page_size_query_param",
        ):
            name = getattr(paginator, attribute, None)
            if name:
                names.append(name)
        return names

    def initial(self, request, *args, **kwargs):
        # After authentication, permissions and rate limits, like every check.
        super().initial(request, *args, **kwargs)
        reject_unknown(request.query_params, self.known_parameters())
