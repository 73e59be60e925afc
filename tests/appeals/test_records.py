"""What applies to each record: which appeals, from when repair, on what grounds."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation

from portal.appeals import records
from portal.appeals.choices import AppealKind, Ground
from portal.creditlists.models import CreditList
from portal.disclosures.choices import Severity
from tests.appeals.factories import repairable_penalty, young_penalty
from tests.factories import (
    make_credit_list,
    make_list_entry,
    make_permit,
    make_withdrawn_penalty,
)

pytestmark = pytest.mark.django_db


def test_references_name_a_type_and_an_id():
    assert records.parse("penalty:12") == ("penalty", 12)
    assert records.parse(" listentry:3 ") == ("listentry", 3)
    for bad in ("", "penalty", "penalty:", "penalty:x", "entity:1", "penalty-12"):
        assert records.parse(bad) is None


def test_only_public_records_can_be_appealed():
    assert records.find(f"penalty:{young_penalty().pk}") is not None
    assert records.find(f"penalty:{make_withdrawn_penalty().pk}") is None
    assert records.find("penalty:999999") is None


class TestRepairEligibility:
    def test_before_the_minimum_period_repair_is_refused_with_the_date(self):
        penalty = young_penalty()
        reference = records.find(f"penalty:{penalty.pk}")
        refusal = reference.repair_refusal()
        assert refusal is not None
        assert penalty.repair_from.isoformat() in refusal
        assert penalty.repair_from > timezone.localdate()

    def test_on_the_first_day_it_is_accepted(self):
        penalty = young_penalty()
        reference = records.find(f"penalty:{penalty.pk}")
        assert reference.repair_refusal(today=penalty.repair_from) is None
        day_before = penalty.repair_from - datetime.timedelta(days=1)
        assert reference.repair_refusal(today=day_before) is not None

    def test_after_the_minimum_period_it_is_accepted(self):
        reference = records.find(f"penalty:{repairable_penalty().pk}")
        assert reference.repair_refusal() is None
        assert reference.kinds() == (AppealKind.OBJECTION, AppealKind.REPAIR)

    # A working day under the 2025 rule (in force from 2026-04-01), in a year
    # chinesecalendar knows, at noon in Beijing so that UTC is the same day.
    @time_machine.travel(
        datetime.datetime(2026, 6, 15, 12, tzinfo=ZoneInfo("Asia/Shanghai")),
        tick=False,
    )
    def test_a_minor_penalty_under_the_2025_rule_is_repairable_at_once(self):
        today = datetime.date(2026, 6, 15)
        assert timezone.localdate() == today
        penalty = young_penalty(decided_on=today, severity=Severity.MINOR)
        assert (penalty.publicity_rule, penalty.repair_from) == ("2025", today)
        assert records.find(f"penalty:{penalty.pk}").repair_refusal() is None

    @time_machine.travel(
        datetime.datetime(2026, 3, 31, 12, tzinfo=ZoneInfo("Asia/Shanghai")),
        tick=False,
    )
    def test_a_minor_penalty_decided_before_the_2025_rule_waits_three_months(self):
        today = datetime.date(2026, 3, 31)
        penalty = young_penalty(decided_on=today, severity=Severity.MINOR)
        assert (penalty.publicity_rule, penalty.repair_from) == (
            "2019",
            datetime.date(2026, 6, 30),
        )
        assert records.find(f"penalty:{penalty.pk}").repair_refusal() is not None


def test_a_permit_takes_only_objections_to_its_content():
    reference = records.find(f"permit:{make_permit().pk}")
    assert reference.kinds() == (AppealKind.OBJECTION,)
    assert reference.grounds == (Ground.CONTENT,)
    with translation.override("en"):
        assert "does not apply" in reference.repair_refusal()


def test_black_list_entries_can_be_repaired_red_ones_cannot():
    black = records.find(f"listentry:{make_list_entry().pk}")
    assert black.repairable and black.repair_from is None
    red = make_credit_list(
        slug="a-grade-taxpayers", name="纳税信用A级纳税人", colour=CreditList.Colour.RED
    )
    reference = records.find(f"listentry:{make_list_entry(credit_list=red).pk}")
    assert reference.kinds() == (AppealKind.OBJECTION,)
    assert reference.url == reference.entity.get_absolute_url()


@pytest.mark.parametrize("reference", ["penalty:²", "penalty:١٢", "penalty:-1"])
def test_a_reference_with_other_digits_is_no_record(client, reference):
    from portal.appeals.records import parse

    assert parse(reference) is None
    assert client.get("/appeals/new/", {"record": reference}).status_code < 500
