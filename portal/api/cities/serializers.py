"""Serializers of the demonstration batches, designations and statistics."""

from rest_framework import serializers

from portal.cities.measures import MEASURES
from portal.cities.models import Average, DemonstrationBatch, Designation, Summary
from portal.registry.models import Authority, Region

_MEASURE_FIELDS = [measure.key for measure in MEASURES]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level"]


class _BatchMemberSerializer(serializers.ModelSerializer):
    region = RegionSerializer()

    class Meta:
        model = Designation
        fields = ["region", "designated_on", "ended_on", "end_reason", "source"]


class DesignationSerializer(_BatchMemberSerializer):
    batch = serializers.IntegerField(source="batch.number")

    class Meta(_BatchMemberSerializer.Meta):
        fields = ["batch", *_BatchMemberSerializer.Meta.fields]


class BatchSerializer(serializers.ModelSerializer):
    members = _BatchMemberSerializer(source="designations", many=True)

    class Meta:
        model = DemonstrationBatch
        fields = [
            "number",
            "announced_on",
            "announced_by",
            "official_count",
            "source",
            "members",
        ]


class _AuthorityBriefSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")

    class Meta:
        model = Authority
        fields = ["id", "name", "uscc", "region", "kind", "level"]


_SUMMARY_FIELDS = [
    "period",
    "period_start",
    "period_end",
    *_MEASURE_FIELDS,
    "records",
    "on_time",
    "complete",
    "delays",
    "missing",
    "provisional",
]


class CityStatisticSerializer(serializers.ModelSerializer):
    city = RegionSerializer(source="region")
    delays = serializers.JSONField(
        help_text="Records by publication delay in working days."
    )
    missing = serializers.JSONField(
        help_text="Records lacking each required field, by national field code."
    )

    class Meta:
        model = Summary
        fields = ["city", *_SUMMARY_FIELDS]


class AuthorityStatisticSerializer(CityStatisticSerializer):
    authority = _AuthorityBriefSerializer()

    class Meta:
        model = Summary
        fields = ["authority", *_SUMMARY_FIELDS]


class AverageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Average
        fields = [
            "group",
            "period",
            "period_start",
            "period_end",
            "members",
            *_MEASURE_FIELDS,
        ]
