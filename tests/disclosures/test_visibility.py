"""The one visibility rule: `.public()` at its boundaries."""

import datetime

import pytest
from django.utils import timezone

from portal.disclosures.choices import RecordState, Severity, WithdrawalReason
from portal.disclosures.models import Penalty, Permit
from tests.factories import make_penalty, make_permit

D = datetime.date
pytestmark = pytest.mark.django_db


def _withdraw(record):
    record.state = RecordState.WITHDRAWN
    record.withdrawal_reason = WithdrawalReason.REPAIR_GRANTED
    record.withdrawn_at = timezone.now()
    record.full_clean()
    record.save()


class TestPenaltyPublic:
    def test_public_on_its_last_day_and_gone_the_next(self):
        penalty = make_penalty(decided_on=D(2025, 3, 10), severity=Severity.GENERAL)
        assert penalty.public_until == D(2026, 3, 9)
        assert penalty in Penalty.objects.public(today=D(2026, 3, 9))
        assert penalty not in Penalty.objects.public(today=D(2026, 3, 10))

    def test_draft_is_not_public(self):
        penalty = make_penalty(state=RecordState.DRAFT, published_at=None)
        assert penalty not in Penalty.objects.public()

    def test_withdrawn_is_not_public(self):
        penalty = make_penalty()
        assert penalty in Penalty.objects.public()
        _withdraw(penalty)
        assert penalty not in Penalty.objects.public()

    def test_corrected_is_public(self):
        penalty = make_penalty(state=RecordState.CORRECTED, version=2)
        assert penalty in Penalty.objects.public()

    def test_default_today_is_the_local_date(self):
        today = timezone.localdate()
        penalty = make_penalty(decided_on=today - datetime.timedelta(days=5))
        assert Penalty.objects.public().filter(pk=penalty.pk).exists()


class TestPermitPublic:
    def test_states(self):
        published = make_permit()
        draft = make_permit(state=RecordState.DRAFT, published_at=None)
        withdrawn = make_permit()
        _withdraw(withdrawn)
        assert list(Permit.objects.public()) == [published]
        assert draft.pk and withdrawn.pk

    def test_permits_have_no_publicity_end(self):
        old = make_permit(decided_on=D(2015, 1, 5))
        assert old in Permit.objects.public()
