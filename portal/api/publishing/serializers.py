"""What the officials' API reads and answers."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.disclosures.choices import RecordState, WithdrawalReason
from portal.publishing.choices import ImportMode


class PushSerializer(serializers.Serializer):
    records = serializers.ListField(
        child=serializers.DictField(),
        allow_empty=False,
        help_text=_('Records as {column code: value}, e.g. {"CF_WSH": "…"}.'),
    )
    mode = serializers.ChoiceField(
        choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING
    )
    correction_reason = serializers.CharField(
        required=False, allow_blank=True, default=""
    )
    dry_run = serializers.BooleanField(default=False)

    def validate_records(self, records):
        limit = settings.PUBLISHING_API_MAX_RECORDS
        if len(records) > limit:
            raise serializers.ValidationError(
                _("At most %(limit)d records per call; upload a file for more.")
                % {"limit": limit}
            )
        return records


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=WithdrawalReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decision_number = serializers.CharField()
    decided_on = serializers.DateField()
    state = serializers.ChoiceField(choices=RecordState.choices)
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField(
        allow_null=True, help_text=_("null for a draft.")
    )
    publication_deadline = serializers.DateField()
    published_on_time = serializers.BooleanField(allow_null=True)
    counterpart = serializers.CharField(source="counterpart_name")
    withdrawal_reason = serializers.SerializerMethodField(
        help_text=_("null unless the record was withdrawn.")
    )
    url = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ChoiceField(choices=WithdrawalReason.choices, allow_null=True)
    )
    def get_withdrawal_reason(self, record) -> str | None:
        return record.withdrawal_reason or None

    def get_url(self, record) -> str:
        request = self.context.get("request")
        path = record.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class _ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        help_text=_(
            "Row as in a file of these records under a header row (records[0] is "
            "row 2), the numbering the import pages use; 0 for the call as a whole."
        )
    )
    index = serializers.IntegerField(
        allow_null=True, help_text=_("Position in `records`, from 0.")
    )
    column = serializers.CharField(help_text=_("Column code, or empty."))
    message = serializers.CharField()


class _ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class _CorrectionSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    index = serializers.IntegerField(help_text=_("Position in `records`, from 0."))
    id = serializers.IntegerField(help_text=_("The published record corrected."))
    decision_number = serializers.CharField()
    changes = _ChangeSerializer(many=True)


class PushReportSerializer(serializers.Serializer):
    """The per-row report of a push (documentation of the answer)."""

    dry_run = serializers.BooleanField()
    published = serializers.BooleanField()
    rows = serializers.IntegerField()
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    invalid = serializers.IntegerField()
    created = serializers.IntegerField()
    corrected = serializers.IntegerField()
    problems = _ProblemSerializer(many=True)
    warnings = _ProblemSerializer(
        many=True, help_text=_("Worth reading; they block nothing.")
    )
    corrections = _CorrectionSerializer(
        many=True,
        help_text=_("Published records the call corrects, field by field."),
    )
