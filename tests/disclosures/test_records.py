import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from portal.disclosures.choices import (
    PenaltyCategory,
    PermitCategory,
    RecordState,
)
from portal.disclosures.models import Penalty, Permit
from tests.factories import make_authority, make_penalty, make_permit

D = datetime.date
pytestmark = pytest.mark.django_db


def _errors(exc_info) -> dict[str, list[str]]:
    with translation.override("en"):
        return exc_info.value.message_dict


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class TestDerivedFields:
    def test_deadline_is_seven_working_days_after_the_decision(self):
        penalty = make_penalty(decided_on=D(2025, 1, 24))
        assert penalty.publication_deadline == D(2025, 2, 10)

    def test_publicity_dates_and_rule_are_stored(self):
        penalty = make_penalty(decided_on=D(2025, 3, 10))
        penalty.refresh_from_db()
        assert penalty.publicity_rule == "2019"
        assert penalty.repair_from == D(2025, 6, 10)
        assert penalty.public_until == D(2026, 3, 9)

    def test_on_time_and_late(self):
        on_time = make_penalty(
            decided_on=D(2025, 1, 24), published_at=_aware(D(2025, 2, 10), 23)
        )
        late = make_penalty(
            decided_on=D(2025, 1, 24), published_at=_aware(D(2025, 2, 11))
        )
        assert on_time.published_on_time is True
        assert late.published_on_time is False
        assert late.publication_delay == 8
        assert list(Penalty.objects.published_on_time()) == [on_time]

    def test_categories_round_trip(self):
        penalty = make_penalty(
            categories=[PenaltyCategory.WARNING, PenaltyCategory.FINE]
        )
        penalty.refresh_from_db()
        assert penalty.categories == ["warning", "fine"]
        assert list(Penalty.objects.with_category("fine")) == [penalty]
        assert not Penalty.objects.with_category("detention").exists()


class TestValidation:
    def test_decision_date_after_today(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as error:
            make_penalty(decided_on=tomorrow, state=RecordState.DRAFT)
        assert "decided_on" in _errors(error)
        assert Penalty.objects.count() == 0

    def test_published_before_decision(self):
        with pytest.raises(ValidationError) as error:
            make_permit(decided_on=D(2025, 5, 5), published_at=_aware(D(2025, 5, 4)))
        assert "published_at" in _errors(error)

    def test_published_state_needs_a_time(self):
        with pytest.raises(ValidationError) as error:
            make_permit(published_at=None)
        assert "published_at" in _errors(error)

    def test_withdrawn_needs_a_reason(self):
        with pytest.raises(ValidationError) as error:
            make_penalty(state=RecordState.WITHDRAWN, withdrawn_at=timezone.now())
        assert "withdrawal_reason" in _errors(error)

    def test_fine_category_needs_an_amount(self):
        with pytest.raises(ValidationError) as error:
            make_penalty(categories=[PenaltyCategory.FINE], fine_amount=None)
        assert "fine_amount" in _errors(error)

    def test_amount_without_fine_category(self):
        with pytest.raises(ValidationError) as error:
            make_penalty(categories=[PenaltyCategory.WARNING], fine_amount=Decimal(1))
        assert "categories" in _errors(error)

    def test_negative_fine(self):
        with pytest.raises(ValidationError) as error:
            make_penalty(fine_amount=Decimal("-1"))
        assert "fine_amount" in _errors(error)

    def test_unknown_category(self):
        with pytest.raises(ValidationError) as error:
            make_penalty(categories=["flogging"])
        assert "flogging" in _errors(error)["categories"][0]

    def test_no_category(self):
        with pytest.raises(ValidationError) as error:
            make_penalty(categories=[], fine_amount=None)
        assert "categories" in _errors(error)

    def test_other_permit_category_needs_its_name(self):
        with pytest.raises(ValidationError) as error:
            make_permit(category=PermitCategory.OTHER)
        assert "category_other" in _errors(error)

    def test_validity_ends_before_it_starts(self):
        with pytest.raises(ValidationError) as error:
            make_permit(valid_from=D(2025, 5, 1), valid_until=D(2025, 4, 1))
        assert "valid_until" in _errors(error)

    def test_bad_data_source_code(self):
        with pytest.raises(ValidationError) as error:
            make_permit(data_source_uscc="91110000600037341N")
        assert "data_source_uscc" in _errors(error)

    def test_messages_in_chinese(self):
        with pytest.raises(ValidationError) as error:
            make_penalty(categories=[PenaltyCategory.FINE], fine_amount=None)
        with translation.override("zh-hans"):
            message = error.value.message_dict["fine_amount"][0]
        assert "罚款" in message


class TestUniqueness:
    def test_one_decision_number_per_authority_and_type(self):
        authority = make_authority()
        make_penalty(authority=authority, decision_number="杭市监罚〔2025〕1号")
        # Constraint messages are rendered when raised, in the active language.
        with translation.override("en"), pytest.raises(ValidationError) as error:
            make_penalty(authority=authority, decision_number="杭市监罚〔2025〕1号")
        assert "already recorded a penalty" in _errors(error)["__all__"][0]

    def test_the_database_refuses_too(self):
        authority = make_authority()
        first = make_penalty(authority=authority, decision_number="X-1")
        duplicate = Penalty.objects.get(pk=first.pk)
        duplicate.pk = None
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()

    def test_same_number_is_fine_for_another_authority_or_type(self):
        make_penalty(decision_number="X-1")
        make_penalty(decision_number="X-1")
        make_permit(decision_number="X-1")
        assert Penalty.objects.count() == 2
        assert Permit.objects.count() == 1
