"""Results: recorded per drawn entity and item, published within 20 working days."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from portal.core.models import ChangeLogEntry
from portal.core.workdays import clear_calendar_cache
from portal.inspections.choices import PlanState, ResultState
from portal.inspections.exceptions import InspectionError, NotPermitted
from portal.inspections.history import public_history
from portal.inspections.models import InspectionResult, ResultVersion
from portal.inspections.services import (
    add_item,
    close_plan,
    correct_result,
    enter_public_value_and_draw,
    freeze_and_commit,
    publish_result,
    record_result,
    withdraw_result,
)
from tests.factories import make_calendar_day

pytestmark = pytest.mark.django_db
D = datetime.date
BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: D, hour: int = 12):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING),
        tick=False,
    )


@pytest.fixture
def drawn(world, plan):
    """The joint plan with a partner's item too, drawn on Monday 22 September 2025."""
    with at(D(2025, 9, 22)):
        add_item(
            authority=world.lead,
            plan=plan,
            title="纳税申报情况检查",
            legal_basis="《中华人民共和国税收征收管理法》第五十四条",
            responsible=world.partner,
        )
        freeze_and_commit(authority=world.lead, plan=plan)
        enter_public_value_and_draw(authority=world.lead, plan=plan, public_value="582")
    plan.refresh_from_db()
    return plan


def lead_item(plan):
    return plan.items.get(order=1)


def partner_item(plan):
    return plan.items.get(order=2)


INSPECTED_ON = D(2025, 9, 26)


def record(world, plan, *, decided_on=INSPECTED_ON, item=None, authority=None):
    return record_result(
        authority=authority or world.lead,
        drawn=plan.drawn.first(),
        item=item or lead_item(plan),
        category="no_problem",
        decided_on=decided_on,
        details="现场检查未发现问题",
    )


class TestDeadline:
    def test_twenty_working_days_across_national_day(self, world, drawn):
        # Fri 26 Sep 2025: Sun 28 Sep is worked, 1-8 Oct are holidays,
        # Sat 11 Oct is worked: the 20th working day is Thu 30 Oct.
        with at(D(2025, 9, 26)):
            result = record(world, drawn)
        assert result.publication_deadline == D(2025, 10, 30)

    def test_published_on_the_last_day_is_on_time(self, world, drawn):
        with at(D(2025, 9, 26)):
            result = record(world, drawn)
        with at(D(2025, 10, 30)):
            result = publish_result(authority=world.lead, result=result)
        assert result.published_on_time is True
        assert (
            InspectionResult.objects.published_on_time().filter(pk=result.pk).exists()
        )

    def test_published_a_day_later_is_flagged_late(self, world, drawn):
        with at(D(2025, 9, 26)):
            result = record(world, drawn)
        with at(D(2025, 10, 31)):
            result = publish_result(authority=world.lead, result=result)
        assert result.published_on_time is False and result.is_late
        assert not InspectionResult.objects.published_on_time().exists()

    def test_an_official_holiday_override_moves_the_deadline(self, world, drawn):
        make_calendar_day(date=D(2025, 10, 29), is_working_day=False, name="测试")
        clear_calendar_cache()
        with at(D(2025, 9, 26)):
            result = record(world, drawn)
        assert result.publication_deadline == D(2025, 10, 31)

    def test_the_inspection_date_cannot_be_in_the_future_or_before_the_draw(
        self, world, drawn
    ):
        with at(D(2025, 9, 26)), pytest.raises(ValidationError):
            record(world, drawn, decided_on=D(2025, 9, 27))
        with at(D(2025, 9, 26)), pytest.raises(ValidationError):
            record(world, drawn, decided_on=D(2025, 9, 21))


class TestLifecycle:
    @pytest.fixture
    def published(self, world, drawn):
        with at(D(2025, 9, 26)):
            result = record(world, drawn)
            return publish_result(authority=world.lead, result=result)

    def test_publish_logs_and_is_public(self, published):
        assert published.state == ResultState.PUBLISHED
        assert InspectionResult.objects.public().filter(pk=published.pk).exists()
        assert [item.action for item in public_history(published)] == ["publish"]

    def test_cannot_publish_twice(self, world, published):
        with pytest.raises(InspectionError):
            publish_result(authority=world.lead, result=published)

    def test_correction_keeps_the_old_version_and_the_reason(self, world, published):
        with at(D(2025, 10, 9)):
            correct_result(
                authority=world.lead,
                result=published,
                fields={"category": "ordered_to_correct", "details": "已责令改正"},
                reason="复核发现标签问题",
            )
        published.refresh_from_db()
        assert (published.state, published.version) == (ResultState.CORRECTED, 2)
        old = ResultVersion.objects.get(result=published)
        assert (old.version, old.data["category"]) == (1, "no_problem")
        history = public_history(published)
        assert [item.action for item in history] == ["publish", "correct"]
        assert history[1].reason == "复核发现标签问题"
        assert ("category", "未发现问题", "发现问题已责令改正") in [
            (c.name, c.old, c.new) for c in history[1].changes
        ]

    def test_correction_needs_a_reason_and_a_change(self, world, published):
        with pytest.raises(ValidationError):
            correct_result(
                authority=world.lead,
                result=published,
                fields={"category": "other"},
                reason=" ",
            )
        with pytest.raises(ValidationError):
            correct_result(
                authority=world.lead,
                result=published,
                fields={"category": "no_problem"},
                reason="无变化",
            )
        with pytest.raises(InspectionError):
            correct_result(
                authority=world.lead,
                result=published,
                fields={"authority": world.stranger},
                reason="x",
            )

    def test_withdrawal_with_reason(self, world, published):
        with pytest.raises(ValidationError):
            withdraw_result(authority=world.lead, result=published, reason="whim")
        withdraw_result(
            authority=world.lead,
            result=published,
            reason="recorded_in_error",
            note="录入对象有误",
        )
        assert not InspectionResult.objects.public().exists()
        history = public_history(published)
        assert history[-1].action == "withdraw"
        assert "录入对象有误" in history[-1].reason
        with pytest.raises(InspectionError, match="Only a published"):
            withdraw_result(authority=world.lead, result=published, reason="annulled")

    def test_unknown_category_is_refused(self, world, drawn):
        with at(D(2025, 9, 26)), pytest.raises(ValidationError):
            record_result(
                authority=world.lead,
                drawn=drawn.drawn.first(),
                item=lead_item(drawn),
                category="made_up",
                decided_on=D(2025, 9, 26),
            )

    def test_one_result_per_entity_and_item(self, world, published):
        with at(D(2025, 9, 26)), pytest.raises(InspectionError, match="correct"):
            record(world, published.drawn.plan)


class TestScoping:
    def test_partner_records_its_own_item(self, world, drawn):
        with at(D(2025, 9, 26)):
            result = record(
                world, drawn, item=partner_item(drawn), authority=world.partner
            )
            publish_result(authority=world.partner, result=result)
        assert result.authority == world.partner

    def test_partner_cannot_record_the_leads_item(self, world, drawn):
        with at(D(2025, 9, 26)), pytest.raises(NotPermitted):
            record(world, drawn, authority=world.partner)

    def test_another_authority_can_do_nothing(self, world, drawn):
        with at(D(2025, 9, 26)):
            result = record(world, drawn)
            for action in (publish_result,):
                with pytest.raises(NotPermitted):
                    action(authority=world.stranger, result=result)
            result = publish_result(authority=world.lead, result=result)
        with pytest.raises(NotPermitted):
            withdraw_result(authority=world.stranger, result=result, reason="annulled")
        with pytest.raises(NotPermitted):
            correct_result(
                authority=world.stranger,
                result=result,
                fields={"details": "x"},
                reason="x",
            )
        with pytest.raises(NotPermitted):
            close_plan(authority=world.stranger, plan=drawn)

    def test_an_item_of_another_plan_is_refused(self, world, drawn):
        from tests.factories import make_inspection_plan

        other = make_inspection_plan(authority=world.lead)
        with at(D(2025, 9, 26)), pytest.raises(ValidationError):
            record(world, drawn, item=other.items.get())


class TestClose:
    def test_closes_once_every_result_is_published(self, world, drawn):
        with pytest.raises(InspectionError, match="not yet published"):
            close_plan(authority=world.lead, plan=drawn)
        with at(D(2025, 9, 26)):
            for entry in drawn.drawn.all():
                for item in drawn.items.all():
                    result = record_result(
                        authority=item.authority,
                        drawn=entry,
                        item=item,
                        category="no_problem",
                        decided_on=D(2025, 9, 26),
                    )
                    publish_result(authority=item.authority, result=result)
            plan = close_plan(authority=world.lead, plan=drawn)
        assert plan.state == PlanState.CLOSED
        with at(D(2025, 9, 26)), pytest.raises(InspectionError):
            record(world, plan, item=lead_item(plan))

    def test_every_write_is_in_the_change_log(self, world, drawn):
        assert ChangeLogEntry.objects.for_object(drawn).count() >= 4
