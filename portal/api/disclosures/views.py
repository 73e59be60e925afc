"""The API collections of dual public disclosure: permits and penalties."""

from django.utils.translation import gettext as _

from portal.api.exceptions import ApiError
from portal.api.views import CollectionViewSet, collection_schema
from portal.disclosures.choices import RecordState
from portal.disclosures.filtersets import PenaltyFilterSet, PermitFilterSet
from portal.opendata.datasets import PENALTIES, PERMITS


class _RecordViewSet(CollectionViewSet):
    def not_found(self, lookup):
        record = (
            self.dataset.model.objects.exclude(state=RecordState.DRAFT)
            .filter(**lookup)
            .only("state", "withdrawn_at", "withdrawal_reason")
            .first()
        )
        if record is None:
            super().not_found(lookup)
        # As on the record's page: only the fact of removal stays public.
        if record.state == RecordState.WITHDRAWN:
            message = _("This record was withdrawn on %(date)s: %(reason)s.") % {
                "date": f"{record.withdrawn_at:%Y-%m-%d}"
                if record.withdrawn_at
                else "",
                "reason": record.get_withdrawal_reason_display(),
            }
            code = "withdrawn"
        else:
            message = _("This record's publicity period has ended.")
            code = "publicity_ended"
        raise ApiError(message, code=code, status_code=410)


@collection_schema(PERMITS)
class PermitViewSet(_RecordViewSet):
    dataset = PERMITS
    filterset_class = PermitFilterSet


@collection_schema(PENALTIES)
class PenaltyViewSet(_RecordViewSet):
    dataset = PENALTIES
    filterset_class = PenaltyFilterSet
