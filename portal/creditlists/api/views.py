"""The lists' API: lists, entries and measures, and the batch credit check."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.exceptions import ApiError
from portal.api.filters import reject_unknown
from portal.api.views import CollectionViewSet, collection_schema
from portal.creditlists.filtersets import (
    CreditListFilterSet,
    ListEntryCollectionFilterSet,
    MeasureFilterSet,
)
from portal.creditlists.selectors import MAX_CODES, credit_check
from portal.opendata.datasets import LIST_ENTRIES, LISTS, MEASURES


@collection_schema(LISTS, lookup="slug")
class CreditListViewSet(CollectionViewSet):
    dataset = LISTS
    filterset_class = CreditListFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return super().get_queryset().order_by("order", "name", "pk")


@collection_schema(LIST_ENTRIES)
class ListEntryViewSet(CollectionViewSet):
    dataset = LIST_ENTRIES
    filterset_class = ListEntryCollectionFilterSet


@collection_schema(MEASURES)
class MeasureViewSet(CollectionViewSet):
    dataset = MEASURES
    filterset_class = MeasureFilterSet

    def get_queryset(self):
        return super().get_queryset().order_by("credit_list_id", "order", "pk")


def _entity(entity, role) -> dict:
    return {
        "id": entity.pk,
        "key": entity.key,
        "name": entity.public_name,
        "category": entity.category,
        "url": entity.get_absolute_url(),
        "role": role,
    }


def _membership(membership) -> dict:
    entry, credit_list = membership.entry, membership.entry.credit_list
    return {
        "entry_id": entry.pk,
        "entity_id": membership.entity.pk,
        "role": membership.role,
        "list": {
            "slug": credit_list.slug,
            "name": credit_list.name,
            "colour": credit_list.colour,
        },
        "authority": entry.authority.name,
        "document_number": entry.document_number,
        "listed_on": entry.listed_on.isoformat(),
        "expires_on": entry.expires_on.isoformat() if entry.expires_on else None,
        "measures": [
            {
                "id": measure.pk,
                "kind": measure.kind,
                "title": measure.title,
                "implementing_department": measure.implementing_department,
                "legal_basis": measure.legal_basis,
            }
            for measure in membership.measures
        ],
    }


_RESULTS = inline_serializer(
    "CreditCheckResult",
    many=True,
    fields={
        "index": serializers.IntegerField(),
        "code": serializers.CharField(help_text="The USCC, or the masked ID number."),
        "kind": serializers.ChoiceField(choices=["uscc", "resident_id", ""]),
        "valid": serializers.BooleanField(),
        "error": serializers.CharField(),
        "entities": serializers.ListField(child=serializers.DictField()),
        "memberships": serializers.ListField(child=serializers.DictField()),
    },
)


class CreditCheckView(APIView):
    """Check up to 1,000 codes against the lists in force today."""

    @extend_schema(
        summary="Batch credit check",
        description=(
            'POST {"codes": [...]} with up to 1,000 unified social credit codes or '
            "resident ID numbers; get, for each in order, the entities it names, "
            "their current list memberships and the measures that apply. An "
            "invalid code is reported in its own result, not as a failed request. "
            "ID numbers are never echoed in full."
        ),
        request=inline_serializer(
            "CreditCheckRequest",
            {
                "codes": serializers.ListField(
                    child=serializers.CharField(), max_length=MAX_CODES
                )
            },
        ),
        responses=inline_serializer(
            "CreditCheckResponse",
            {
                "checked": serializers.IntegerField(),
                "found": serializers.IntegerField(),
                "results": _RESULTS,
            },
        ),
        tags=["credit-check"],
    )
    def post(self, request):
        reject_unknown(request.query_params, [])
        codes = request.data.get("codes") if isinstance(request.data, dict) else None
        if not isinstance(codes, list) or not codes:
            raise ApiError(
                _("Send a JSON object whose “codes” is a non-empty list of codes."),
                code="invalid",
                details={"codes": [_("A non-empty list of codes is required.")]},
            )
        if len(codes) > MAX_CODES:
            message = _("At most %(max)s codes per check; this request has %(n)s.") % {
                "max": f"{MAX_CODES:,}",
                "n": f"{len(codes):,}",
            }
            raise ApiError(message, code="too_many_codes", details={"codes": [message]})
        results = credit_check(codes=codes)
        return Response(
            {
                "checked": len(results),
                "found": sum(1 for checked in results if checked.entities),
                "results": [
                    {
                        "index": checked.index,
                        "code": checked.code,
                        "kind": checked.kind,
                        "valid": checked.valid,
                        "error": checked.error,
                        "entities": [_entity(e, role) for e, role in checked.entities],
                        "memberships": [_membership(m) for m in checked.memberships],
                    }
                    for checked in results
                ],
            }
        )
