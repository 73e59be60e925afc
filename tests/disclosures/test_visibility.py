"""The one visibility rule: `.public()` at its boundaries."""

import datetime

import pytest
from django.utils import timezone

from portal.disclosures.choices import RecordState, Severity, WithdrawalReason
from portal.disclosures.models import Penalty, Permit
from portal.disclosures.removal import Removal, RemovalKind
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


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    """Return an aware time on `day` in the portal's zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class TestIsPublic:
    """The model says what the queryset says, for every record type."""

    def test_an_expired_penalty_is_not_public(self):
        # Still marked published: the daily housekeeping has not withdrawn it.
        penalty = make_penalty(decided_on=D(2020, 5, 6))
        assert penalty.state == RecordState.PUBLISHED
        assert penalty.is_public is False
        assert penalty.is_removed is True

    def test_public_on_its_last_day_and_not_the_next(self):
        penalty = make_penalty(decided_on=D(2025, 3, 10), severity=Severity.GENERAL)
        assert penalty.is_public_on(D(2026, 3, 9))
        assert not penalty.is_public_on(D(2026, 3, 10))

    def test_drafts_are_neither_public_nor_removed(self):
        draft = make_permit(state=RecordState.DRAFT, published_at=None)
        assert not draft.is_public
        assert not draft.is_removed
        assert draft.removal() is None

    @pytest.mark.parametrize("day", [D(2025, 3, 9), D(2026, 3, 9), D(2026, 3, 10)])
    def test_model_and_queryset_agree(self, day):
        records = [
            make_penalty(decided_on=D(2025, 3, 10)),
            make_penalty(decided_on=D(2025, 3, 9), state=RecordState.CORRECTED),
            make_penalty(state=RecordState.DRAFT, published_at=None),
            make_permit(decided_on=D(2015, 1, 5)),
            make_permit(state=RecordState.DRAFT, published_at=None),
        ]
        _withdraw(withdrawn := make_penalty())
        _withdraw(withdrawn_permit := make_permit())
        records += [withdrawn, withdrawn_permit]
        for record in records:
            objects = type(record).objects
            public = objects.public(today=day).filter(pk=record.pk).exists()
            removed = objects.removed(today=day).filter(pk=record.pk).exists()
            assert record.is_public_on(day) is public, record
            assert (record.removal(today=day) is not None) is removed, record
            assert not (public and removed), record


class TestRemoval:
    def test_a_withdrawal_says_when_and_why_in_local_time(self):
        # 07:30 in Beijing is the previous day in UTC: the day shown is Beijing's.
        penalty = make_penalty(decided_on=D(2025, 3, 3))
        penalty.state = RecordState.WITHDRAWN
        penalty.withdrawal_reason = WithdrawalReason.OBJECTION_UPHELD
        penalty.withdrawal_note = "复议撤销"
        penalty.withdrawn_at = _at(D(2025, 3, 10), 7)
        penalty.save()
        removal = penalty.removal()
        assert removal == Removal(
            kind=RemovalKind.WITHDRAWN,
            on=D(2025, 3, 10),
            reason=WithdrawalReason.OBJECTION_UPHELD,
            note="复议撤销",
        )
        assert removal.withdrawn and not removal.expired
        assert removal.reason_label == WithdrawalReason.OBJECTION_UPHELD.label

    def test_an_expiry_gives_the_last_day_in_public_view(self):
        penalty = make_penalty(decided_on=D(2025, 3, 10), severity=Severity.GENERAL)
        assert penalty.removal(today=D(2026, 3, 9)) is None
        removal = penalty.removal(today=D(2026, 3, 10))
        assert removal.kind == RemovalKind.EXPIRED
        assert removal.expired and not removal.withdrawn
        assert removal.on == D(2026, 3, 9)
        assert removal.reason == WithdrawalReason.PUBLICITY_ENDED

    def test_a_permit_is_only_ever_withdrawn(self):
        permit = make_permit(decided_on=D(2015, 1, 5))
        assert permit.publicity_end is None
        assert permit.removal(today=D(2099, 1, 1)) is None
        _withdraw(permit)
        assert permit.removal().kind == RemovalKind.WITHDRAWN

    def test_the_kinds_are_the_apis_codes(self):
        # Clients read these from the 410 body: renaming one breaks them.
        assert [kind.value for kind in RemovalKind] == ["withdrawn", "publicity_ended"]


class TestRemovedQuerySet:
    def test_withdrawn_and_expired_penalties(self):
        current = make_penalty()
        expired = make_penalty(decided_on=D(2020, 5, 6))
        withdrawn = make_penalty()
        _withdraw(withdrawn)
        make_penalty(state=RecordState.DRAFT, published_at=None)
        assert set(Penalty.objects.removed()) == {expired, withdrawn}
        assert list(Penalty.objects.expired()) == [expired]
        assert list(Penalty.objects.withdrawn()) == [withdrawn]
        assert list(Penalty.objects.public()) == [current]

    def test_permits_never_expire(self):
        make_permit(decided_on=D(2015, 1, 5))
        withdrawn = make_permit()
        _withdraw(withdrawn)
        assert list(Permit.objects.expired(today=D(2099, 1, 1))) == []
        assert list(Permit.objects.removed(today=D(2099, 1, 1))) == [withdrawn]
