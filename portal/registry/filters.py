"""Filters the collections share: by region (with its sub-regions) and authority."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from portal.registry.models import Authority, CounterpartCategory, Region
from portal.registry.regions import region_code_range


# The API schema describes the parameter as what it is: a GB/T 2260 code.
@extend_schema_field({"type": "string", "pattern": r"^\d{6}$"})
class RegionFilter(django_filters.ModelChoiceFilter):
    """Match a region by its GB/T 2260 code, including every region under it.

    `field_name` names a region code: `region_code` on records, or a path
    ending in `__code` through a foreign key.
    """

    def __init__(self, *args, field_name, **kwargs):
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("queryset", Region.objects.order_by("code"))
        super().__init__(*args, field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__range": region_code_range(value.code)})


def authority_filter(field_name: str = "authority", **kwargs) -> django_filters.Filter:
    return django_filters.ModelChoiceFilter(
        **kwargs,
        field_name=field_name,
        label=_("Authority"),
        queryset=Authority.objects.select_related("region").order_by(
            "region__code", "name"
        ),
        help_text=_("Choose a region first to list its authorities."),
    )


def limit_authority_choices(filterset) -> None:
    """Offer only the chosen region's authorities, and the one already chosen.

    Two thousand options would make every collection page slow to render and
    hard to use; a link to an authority's records still validates, since the
    authority in the URL is always among the choices.
    """
    field = filterset.form.fields["authority"]
    region = str(filterset.data.get("region") or "")
    chosen = str(filterset.data.get("authority") or "")
    scope = Q(pk__in=[])
    if len(region) == 6 and region.isdigit():
        scope |= Q(region__code__range=region_code_range(region))
    if chosen.isascii() and chosen.isdigit():
        scope |= Q(pk=int(chosen))
    field.queryset = field.queryset.filter(scope)


def counterpart_filter(field_name: str = "entity__category") -> django_filters.Filter:
    return django_filters.ChoiceFilter(
        field_name=field_name,
        label=_("Counterpart category"),
        choices=CounterpartCategory.choices,
    )
