import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal.core import identifiers
from portal.core.workdays import get_calendar
from portal.creditlists.models import ListEntry
from portal.disclosures.models import Penalty, Permit
from portal.inspections.models import (
    DeclaredConflict,
    DrawnEntity,
    FrozenFile,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    Inspector,
    PlanSecret,
    PlanStratum,
    TeamMember,
)
from portal.registry.models import Authority, CounterpartCategory, Entity, Region

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)


def _generate(seed=7, **options):
    call_command(
        "demo_data", entities=200, seed=seed, today="2026-06-30", verbosity=0, **options
    )


def _dump():
    """Return the generated data by natural keys, in a stable order."""
    return (
        list(Authority.objects.order_by("uscc").values_list("uscc", "name", "kind")),
        list(
            Entity.objects.order_by("key").values_list(
                "key",
                "category",
                "name",
                "uscc",
                "business_registration_number",
                "id_number",
                "legal_representative",
                "legal_rep_id_number",
                "region__code",
            )
        ),
        list(
            Permit.objects.order_by("authority__uscc", "decision_number").values_list(
                "authority__uscc",
                "decision_number",
                "entity__key",
                "decided_on",
                "state",
                "published_at",
                "valid_until",
                "content",
                "certificate_number",
            )
        ),
        list(
            Penalty.objects.order_by("authority__uscc", "decision_number").values_list(
                "authority__uscc",
                "decision_number",
                "entity__key",
                "decided_on",
                "fine_amount",
                "categories",
                "facts",
                "severity",
                "state",
                "published_at",
                "withdrawn_at",
            )
        ),
        list(
            ListEntry.objects.order_by(
                "credit_list__slug", "entity__key", "document_number"
            ).values_list(
                "credit_list__slug",
                "entity__key",
                "document_number",
                "listed_on",
                "expires_on",
                "removed_on",
            )
        ),
    )


# Children before parents: inspection rows protect the entities, inspectors
# and authorities they point at.
GENERATED_MODELS = (
    InspectionResult,
    TeamMember,
    DrawnEntity,
    FrozenFile,
    PlanSecret,
    PlanStratum,
    InspectionItem,
    InspectionPlan,
    DeclaredConflict,
    Inspector,
    ListEntry,
    Penalty,
    Permit,
    Entity,
    Authority,
)


def delete_generated():
    for model in GENERATED_MODELS:
        model.objects.all().delete()


def test_same_seed_and_day_give_the_same_data_another_seed_not():
    _generate()
    first = _dump()
    delete_generated()
    _generate()
    assert _dump() == first
    delete_generated()
    _generate(seed=8)
    other = _dump()
    assert other[0] == first[0]  # the departments do not depend on the seed
    assert other[1] != first[1]
    assert other[3] != first[3]


def test_counts_and_shares():
    _generate()
    assert Entity.objects.count() == 200
    permits, penalties = Permit.objects.count(), Penalty.objects.count()
    assert permits + penalties == 1000
    assert 0.45 < permits / 1000 < 0.65
    categories = set(Entity.objects.values_list("category", flat=True))
    assert categories == set(CounterpartCategory.values)
    assert ListEntry.objects.exists()


def test_every_identifier_validates():
    _generate()
    assert Authority.objects.count() > 1000
    for uscc in Authority.objects.values_list("uscc", flat=True):
        assert uscc.startswith("11")
        identifiers.validate_uscc(uscc)
    placeholders = 0
    for entity in Entity.objects.all():
        if entity.uscc == identifiers.USCC_PLACEHOLDER:
            placeholders += 1
            assert entity.category == CounterpartCategory.INDIVIDUAL_BUSINESS
            assert entity.business_registration_number
        elif entity.uscc:
            assert identifiers.validate_uscc(entity.uscc) == entity.uscc
            assert entity.key == entity.uscc
        if entity.uscc in ("", identifiers.USCC_PLACEHOLDER):
            assert re.fullmatch(r"p[0-9a-f]{16}", entity.key)
        if entity.business_registration_number:
            identifiers.validate_business_registration_number(
                entity.business_registration_number
            )
        for number in (entity.id_number, entity.legal_rep_id_number):
            if number:
                identifiers.validate_resident_id(number)
        if entity.is_person:
            assert entity.id_type == identifiers.IdType.RESIDENT_ID
            assert entity.id_masked == identifiers.mask_id_number(
                entity.id_type, entity.id_number
            )
    assert placeholders


def test_people_are_adults_born_in_a_generated_county():
    _generate()
    counties = set(
        Region.objects.filter(level=Region.Level.COUNTY).values_list("code", flat=True)
    )
    for number in Entity.objects.exclude(id_number="").values_list(
        "id_number", flat=True
    ):
        assert number[:6] in counties
        assert identifiers.resident_id_birth_date(number) < datetime.date(2006, 6, 30)


def test_every_row_passes_full_validation():
    _generate()
    for model in (Entity, Permit, Penalty, ListEntry):
        for row in model.objects.all():
            # The complete check, uniqueness and foreign keys included.
            row.full_clean()


def test_publication_deadlines_and_timeliness():
    _generate()
    calendar = get_calendar()
    on_time = late = 0
    for model in (Permit, Penalty):
        for record in model.objects.exclude(published_at=None):
            assert record.publication_deadline == calendar.add_working_days(
                record.decided_on, 7
            )
            assert record.decided_on <= record.published_on <= TODAY
            if record.published_on_time:
                on_time += 1
            else:
                late += 1
    assert on_time > 5 * late > 0


def test_decisions_cover_three_years_with_every_state():
    _generate()
    earliest = datetime.date(2023, 7, 1)
    for model in (Permit, Penalty):
        dates = model.objects.values_list("decided_on", flat=True)
        assert earliest <= min(dates) and max(dates) <= TODAY
    states = set(Penalty.objects.values_list("state", flat=True)) | set(
        Permit.objects.values_list("state", flat=True)
    )
    assert states == {"draft", "published", "corrected", "withdrawn"}
    withdrawn = Penalty.objects.filter(state="withdrawn").first()
    assert withdrawn.withdrawal_reason and withdrawn.withdrawn_at
    assert Penalty.objects.filter(state="corrected", version=2).exists()
    assert Permit.objects.filter(valid_until=None).exists()
    fines = Penalty.objects.exclude(fine_amount=None).values_list(
        "fine_amount", flat=True
    )
    assert Decimal("0.05") <= min(fines) and max(fines) <= 500


def test_if_empty_leaves_a_populated_database_alone():
    _generate()
    before = (Entity.objects.count(), Permit.objects.count())
    out = StringIO()
    call_command("demo_data", entities=50, if_empty=True, stdout=out)
    assert (Entity.objects.count(), Permit.objects.count()) == before
    assert "nothing done" in out.getvalue()


def test_a_future_today_is_refused():
    with pytest.raises(CommandError):
        call_command("demo_data", entities=10, today="2999-01-01", verbosity=0)
