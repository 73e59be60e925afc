"""The API collections of dual public disclosure: permits and penalties."""

from django.utils.translation import gettext as _

from portal.api.exceptions import ApiError
from portal.api.views import CollectionViewSet, collection_schema
from portal.core.dates import local_today
from portal.disclosures.filtersets import PenaltyFilterSet, PermitFilterSet
from portal.opendata.datasets import PENALTIES, PERMITS


class _RecordViewSet(CollectionViewSet):
    def not_found(self, lookup):
        model = self.dataset.model
        today = local_today()
        record = (
            model.objects.removed(today=today)
            .filter(**lookup)
            .only(*model.removal_fields())
            .first()
        )
        if record is None:
            super().not_found(lookup)
        # As on the record's page: only the fact of removal stays public.
        removal = record.removal(today=today)
        if removal.withdrawn:
            message = _("This record was withdrawn on %(date)s: %(reason)s.") % {
                "date": removal.on.isoformat() if removal.on else "",
                "reason": removal.reason_label,
            }
        else:
            message = _("This record's publicity period has ended.")
        raise ApiError(message, code=removal.kind.value, status_code=410)


@collection_schema(PERMITS)
class PermitViewSet(_RecordViewSet):
    dataset = PERMITS
    filterset_class = PermitFilterSet


@collection_schema(PENALTIES)
class PenaltyViewSet(_RecordViewSet):
    dataset = PENALTIES
    filterset_class = PenaltyFilterSet
