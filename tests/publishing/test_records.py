"""Single records through the forms and services: draft, publish, correct, withdraw."""

import datetime

import pytest
from django.utils import translation

from portal.core.models import ChangeLogEntry
from portal.disclosures.choices import RecordState, WithdrawalReason
from portal.disclosures.models import Penalty, Permit
from portal.publishing.forms import RecordForm
from portal.publishing.models import RecordVersion
from portal.publishing.services import records
from portal.registry.models import Entity
from tests.factories import make_uscc

pytestmark = pytest.mark.django_db


def penalty_form(authority, **overrides):
    data = {
        "counterpart-category": "organisation",
        "counterpart-name": "杭州华信网络科技有限公司",
        "counterpart-uscc": "9144030071526726XG",
        "counterpart-legal_representative": "王伟",
        "decision_number": "杭市监罚〔2026〕18号",
        "decided_on": "2026-01-05",
        "violation_type": "食品安全",
        "facts": "经营超过保质期的食品",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "categories": ["warning", "fine"],
        "content": "警告，罚款15000元",
        "fine_amount": "1.5",
        "effect_until": "2026-01-05",
        "severity": "general",
        "data_source_name": authority.name,
        "data_source_uscc": authority.uscc,
    }
    data.update(overrides)
    return data


def test_create_and_publish_a_penalty_through_the_form(official_client, authority):
    page = official_client.get("/officials/penalties/new/")
    assert page.status_code == 200
    # Help text names the national column of each field.
    assert "CF_WSH" in page.content.decode()
    response = official_client.post(
        "/officials/penalties/new/", {**penalty_form(authority), "publish": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    penalty = Penalty.objects.get()
    assert penalty.state == RecordState.PUBLISHED
    assert penalty.authority == authority
    assert penalty.entity.uscc == "9144030071526726XG"
    actions = list(
        ChangeLogEntry.objects.for_object(penalty).values_list("action", flat=True)
    )
    assert actions == ["create", "publish"]
    public = official_client.get(penalty.get_absolute_url())
    assert public.status_code == 200


def test_form_errors_name_the_field_and_save_nothing(official_client, authority):
    data = penalty_form(
        authority,
        **{"counterpart-uscc": "91110000600037341N", "decided_on": "2999-01-01"},
    )
    response = official_client.post("/en/officials/penalties/new/", data)
    assert response.status_code == 200
    counterpart = response.context["counterpart_form"]
    record = response.context["record_form"]
    assert "should be L, not N" in counterpart.errors["uscc"][0]
    assert "after today" in record.errors["decided_on"][0]
    assert not Penalty.objects.exists()
    assert not Entity.objects.exists()


def test_a_draft_is_edited_then_published(official, authority):
    entity = Entity(
        category="organisation",
        name="杭州甲公司",
        uscc=make_uscc(),
        legal_representative="甲",
    )
    permit = records.create_draft(
        official=official,
        kind="permit",
        entity=entity,
        fields={
            "decision_number": "浙许〔2026〕1号",
            "document_title": "食品经营许可决定书",
            "category": "ordinary",
            "content": "预包装食品销售",
            "decided_on": "2026-01-05",
            "data_source_name": authority.name,
            "data_source_uscc": authority.uscc,
        },
    )
    assert permit.state == RecordState.DRAFT
    records.update_draft(
        official=official,
        record=permit,
        entity=Entity(
            **{
                f: getattr(permit.entity, f)
                for f in ("category", "name", "uscc", "legal_representative")
            }
        ),
        fields={"content": "预包装食品销售（含冷藏冷冻食品）"},
    )
    records.publish_record(official=official, record=permit)
    permit.refresh_from_db()
    assert permit.state == RecordState.PUBLISHED
    log = ChangeLogEntry.objects.for_object(permit)
    assert list(log.values_list("action", flat=True)) == ["create", "update", "publish"]
    assert log.get(action="update").changes["content"][1].endswith("（含冷藏冷冻食品）")


def test_a_correction_keeps_the_old_version_and_shows_the_reason_publicly(
    official_client, official, authority
):
    official_client.post(
        "/officials/penalties/new/", {**penalty_form(authority), "publish": "1"}
    )
    penalty = Penalty.objects.get()
    edit = official_client.get(f"/officials/penalties/{penalty.pk}/edit/")
    assert edit.context["reason_form"] is not None

    data = penalty_form(authority, fine_amount="2", content="警告，罚款20000元")
    response = official_client.post(f"/officials/penalties/{penalty.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["reason_form"].errors["reason"]

    data["reason"] = "罚款金额录入有误，依原决定书更正"
    response = official_client.post(f"/officials/penalties/{penalty.pk}/edit/", data)
    assert response.status_code == 302
    penalty.refresh_from_db()
    assert (penalty.state, penalty.version) == (RecordState.CORRECTED, 2)
    old = RecordVersion.objects.get(record_id=penalty.pk, kind="penalty")
    assert old.data["fine_amount"] == "1.5"
    assert old.data["content"] == "警告，罚款15000元"

    public = official_client.get(f"/en{penalty.get_absolute_url()}").content.decode()
    assert "Change history" in public
    assert "罚款金额录入有误，依原决定书更正" in public
    assert "1.5 → 2" in public
    assert "警告，罚款15000元 → 警告，罚款20000元" in public


def test_nothing_changed_is_not_a_correction(official, authority):
    from tests.factories import make_penalty

    penalty = make_penalty(authority=authority)
    entity = penalty.entity
    with pytest.raises(records.ValidationError):
        records.correct_record(
            official=official,
            record=penalty,
            entity=Entity(
                category=entity.category,
                name=entity.name,
                uscc=entity.uscc,
                legal_representative=entity.legal_representative,
            ),
            fields={},
            reason="无",
        )
    assert not RecordVersion.objects.exists()


def test_withdraw_with_a_reason(official_client, authority):
    official_client.post(
        "/officials/penalties/new/", {**penalty_form(authority), "publish": "1"}
    )
    penalty = Penalty.objects.get()
    response = official_client.post(
        f"/officials/penalties/{penalty.pk}/withdraw/",
        {"reason": WithdrawalReason.ANNULLED, "note": "经行政复议撤销"},
    )
    assert response.status_code == 302
    penalty.refresh_from_db()
    assert penalty.state == RecordState.WITHDRAWN
    assert penalty.withdrawal_reason == WithdrawalReason.ANNULLED
    entry = ChangeLogEntry.objects.for_object(penalty).get(action="withdraw")
    assert entry.reason == "经行政复议撤销"
    removed = official_client.get(penalty.get_absolute_url())
    assert removed.status_code == 410
    assert Penalty.objects.public().count() == 0


def test_a_withdrawal_needs_a_reason(official_client, authority):
    official_client.post(
        "/officials/penalties/new/", {**penalty_form(authority), "publish": "1"}
    )
    penalty = Penalty.objects.get()
    response = official_client.post(f"/officials/penalties/{penalty.pk}/withdraw/", {})
    assert response.status_code == 400
    penalty.refresh_from_db()
    assert penalty.state == RecordState.PUBLISHED


def test_the_admin_no_longer_edits_records(admin_client, authority):
    from tests.factories import make_penalty

    penalty = make_penalty(authority=authority)
    change = f"/admin/disclosures/penalty/{penalty.pk}/change/"
    response = admin_client.post(change, {"decision_number": "改号"})
    assert response.status_code == 403
    assert admin_client.get("/admin/disclosures/permit/add/").status_code == 403
    assert admin_client.get(change).status_code == 200  # reading stays
    penalty.refresh_from_db()
    assert penalty.decision_number != "改号"
    assert Permit.objects.count() == 0


@pytest.mark.parametrize("action", ["withdraw", "publish"])
def test_opening_an_action_address_leads_to_the_record(
    official_client, authority, action
):
    """GET on a form's target (a bookmark, a reload) is no server error."""
    from tests.factories import make_penalty

    penalty = make_penalty(authority=authority)
    response = official_client.get(f"/officials/penalties/{penalty.pk}/{action}/")
    assert response.status_code == 302
    assert response["Location"] == f"/officials/penalties/{penalty.pk}/"
    penalty.refresh_from_db()
    assert penalty.state == RecordState.PUBLISHED
    # Another authority's record, or none, is not found, as everywhere.
    assert (
        official_client.get(f"/officials/penalties/999999/{action}/").status_code == 404
    )


def test_date_fields_render_as_iso_for_a_date_input_in_chinese():
    """A date input shows nothing unless its value is YYYY-MM-DD, in any language."""
    with translation.override("zh-hans"):
        form = RecordForm(
            kind="penalty", initial={"decided_on": datetime.date(2026, 12, 5)}
        )
        html = str(form["decided_on"])
    assert 'type="date"' in html and 'value="2026-12-05"' in html
