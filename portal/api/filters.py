"""Filtering by the apps' own FilterSets, strictly: unknown parameters are errors."""

from django.utils.translation import gettext as _
from django_filters.filters import RangeFilter
from django_filters.rest_framework import DjangoFilterBackend

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


class StrictFilterBackend(DjangoFilterBackend):
    """The pages' FilterSet, with a 400 for malformed values (django-filter's own)."""

    raise_exception = True
