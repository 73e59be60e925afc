"""The lists' API: lists, entries and measures, and the batch credit check."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from portal.api.exceptions import ApiError
from portal.api.filters import reject_unknown
from portal.api.views import CollectionViewSet, collection_schema
from portal.creditlists.filtersets import (
    CreditListFilterSet,
    ListEntryCollectionFilterSet,
    MeasureFilterSet,
)
from portal.creditlists.models import Measure
from portal.creditlists.selectors import (
    MAX_CODES,
    REPRESENTATIVE,
    SUBJECT,
    credit_check,
)
from portal.opendata.datasets import LIST_ENTRIES, LISTS, MEASURES
from portal.registry.models import CounterpartCategory


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


_MEASURES = inline_serializer(
    "CreditCheckMeasure",
    many=True,
    fields={
        "id": serializers.IntegerField(),
        "kind": serializers.ChoiceField(choices=Measure.Kind.choices),
        "title": serializers.CharField(),
        "implementing_department": serializers.CharField(),
        "legal_basis": serializers.CharField(),
    },
)

_MEMBERSHIP = inline_serializer(
    "CreditCheckMembership",
    fields={
        "entry_id": serializers.IntegerField(),
        "entity_id": serializers.IntegerField(),
        "role": serializers.ChoiceField(choices=[SUBJECT, REPRESENTATIVE]),
        "list": inline_serializer(
            "CreditCheckList",
            fields={
                "slug": serializers.CharField(),
                "name": serializers.CharField(),
                "colour": serializers.CharField(),
            },
        ),
        "authority": serializers.CharField(),
        "document_number": serializers.CharField(),
        "listed_on": serializers.DateField(),
        "expires_on": serializers.DateField(allow_null=True),
        "measures": _MEASURES,
    },
)

_ENTITY = inline_serializer(
    "CreditCheckEntity",
    fields={
        "id": serializers.IntegerField(),
        "key": serializers.CharField(),
        "name": serializers.CharField(),
        "category": serializers.ChoiceField(choices=CounterpartCategory.choices),
        "url": serializers.CharField(),
        "role": serializers.ChoiceField(choices=[SUBJECT, REPRESENTATIVE]),
    },
)

_RESULTS = inline_serializer(
    "CreditCheckResult",
    many=True,
    fields={
        "index": serializers.IntegerField(),
        "code": serializers.CharField(help_text="The USCC, or the masked ID number."),
        "kind": serializers.ChoiceField(
            choices=["uscc", "resident_id"],
            allow_null=True,
            help_text="null when the code is not valid.",
        ),
        "valid": serializers.BooleanField(),
        "error": serializers.CharField(
            allow_null=True, help_text="Why the code is not valid; null when it is."
        ),
        "entities": serializers.ListField(child=_ENTITY),
        "memberships": serializers.ListField(child=_MEMBERSHIP),
    },
)


class CreditCheckViewSet(viewsets.ViewSet):
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
                    child=serializers.CharField(allow_blank=True),
                    min_length=1,
                    max_length=MAX_CODES,
                    help_text=(
                        "Texts; one that is no valid code (an empty one too) is "
                        "reported in its own result."
                    ),
                )
            },
        ),
        # A check creates nothing: 200, where a viewset's create would say 201.
        responses={
            200: inline_serializer(
                "CreditCheckResponse",
                {
                    "checked": serializers.IntegerField(),
                    "found": serializers.IntegerField(),
                    "results": _RESULTS,
                },
            )
        },
        tags=["credit-check"],
    )
    def create(self, request):
        reject_unknown(request.query_params, [])
        codes = request.data.get("codes") if isinstance(request.data, dict) else None
        if not isinstance(codes, list) or not codes:
            raise ApiError(
                _("Send a JSON object whose “codes” is a non-empty list of codes."),
                code="invalid",
                details={"codes": [_("A non-empty list of codes is required.")]},
            )
        reject_unknown(request.data, ["codes"])
        texts = [isinstance(code, str) for code in codes]
        if not all(texts):
            message = _("Each code is a text; codes[%(index)d] is not.") % {
                "index": texts.index(False)
            }
            raise ApiError(message, code="invalid", details={"codes": [message]})
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
                        "kind": checked.kind or None,
                        "valid": checked.valid,
                        "error": checked.error or None,
                        "entities": [_entity(e, role) for e, role in checked.entities],
                        "memberships": [_membership(m) for m in checked.memberships],
                    }
                    for checked in results
                ],
            }
        )
