import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from portal.cities.models import (
    Average,
    DemonstrationBatch,
    Designation,
    PlanPopulation,
    Summary,
    SummaryState,
)
from portal.core.models import (
    ApiToken,
    CalendarDay,
    ChangeLogEntry,
    DataVersion,
    RateCounter,
)
from portal.creditlists.models import CreditList, ListEntry, Measure
from portal.disclosures.choices import PenaltyCategory, RecordState
from portal.disclosures.models import Penalty, Permit
from portal.registry.models import Authority, Entity, Region
from tests import api_tokens
from tests.cities.factories import (
    make_average,
    make_plan_population,
    make_summary,
    make_summary_state,
)
from tests.factories import (
    make_authority,
    make_batch,
    make_calendar_day,
    make_change_log_entry,
    make_company,
    make_credit_list,
    make_designation,
    make_list_entry,
    make_measure,
    make_penalty,
    make_permit,
    make_person,
    make_region,
)

pytestmark = pytest.mark.django_db

D = datetime.date
_OWN_APPS = ["core", "registry", "disclosures", "creditlists", "cities"]


_FACTORIES = {
    Region: make_region,
    Authority: make_authority,
    Entity: make_company,
    Penalty: make_penalty,
    Permit: make_permit,
    CreditList: make_credit_list,
    Measure: make_measure,
    ListEntry: make_list_entry,
    DemonstrationBatch: make_batch,
    Designation: make_designation,
    CalendarDay: make_calendar_day,
    ChangeLogEntry: make_change_log_entry,
    Summary: make_summary,
    Average: make_average,
    SummaryState: make_summary_state,
    PlanPopulation: make_plan_population,
    ApiToken: lambda: _make_api_token(),
}
_MODELS = list(_FACTORIES)
# Written only by their services: the admin shows them and adds nothing.
# The change log is append-only and the statistics are computed; permits and
# penalties are written by the publishing services only (the officials' area).
_READ_ONLY = {
    ChangeLogEntry,
    Summary,
    Average,
    SummaryState,
    PlanPopulation,
    Penalty,
    Permit,
    ApiToken,
}


def _make_api_token(username=None):
    """A user's token as the portal issues it (only the hash stored)."""
    username = username or f"holder-{ApiToken.objects.count()}"
    user = get_user_model().objects.create_user(username, f"{username}@example.org")
    api_tokens.issue(user)
    return ApiToken.objects.get(user=user)


def _url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _model_id(model):
    return model._meta.label


# Bookkeeping that processes share (rate-limit counters, calendar versions):
# nothing anyone reads or edits.
_NOT_RECORDS = {RateCounter, DataVersion}


def test_every_model_of_the_portal_apps_is_registered():
    own = {
        model
        for label in _OWN_APPS
        for model in apps.get_app_config(label).get_models()
    } - _NOT_RECORDS
    assert own <= set(admin.site._registry)
    assert own == set(_FACTORIES)


@pytest.mark.parametrize("model", _MODELS, ids=_model_id)
class TestEveryModel:
    def test_changelist_answers_with_each_filter_choice(self, admin_client, model):
        _FACTORIES[model]()
        url = _url(model, "changelist")
        response = admin_client.get(url)
        assert response.status_code == 200
        changelist = response.context["cl"]
        visited = 0
        for spec in changelist.filter_specs:
            for choice in spec.choices(changelist):
                if choice["selected"]:  # the unfiltered "All"
                    continue
                filtered = admin_client.get(url + choice["query_string"])
                assert filtered.status_code == 200, choice["query_string"]
                visited += 1
        assert visited or not admin.site._registry[model].list_filter

    def test_add_page(self, admin_client, model):
        response = admin_client.get(_url(model, "add"))
        assert response.status_code == (403 if model in _READ_ONLY else 200)

    def test_change_page(self, admin_client, model):
        obj = _FACTORIES[model]()
        response = admin_client.get(_url(model, "change", obj.pk))
        assert response.status_code == 200


def _ningbo():
    return make_region(code="330200", name="宁波市")


def _by_own_number(make, field):
    """Two objects of a factory, and the number only the first one has."""
    sought = make()
    return sought, make(), getattr(sought, field)


# For every model with a search box: (the object sought, another one, the term),
# built by the model's factory. Another object sharing no searched text with the
# first proves the search filters rather than lists everything.
_SEARCHES = {
    Region: lambda: (_ningbo(), make_region(), "宁波"),
    Authority: lambda: (
        make_authority(name="宁波市市场监督管理局", region=_ningbo()),
        make_authority(),
        "宁波",
    ),
    Entity: lambda: (
        make_company(name="宁波海曙明达贸易有限公司"),
        make_company(),
        "明达贸易",
    ),
    Penalty: lambda: _by_own_number(make_penalty, "decision_number"),
    Permit: lambda: _by_own_number(make_permit, "decision_number"),
    CreditList: lambda: (
        make_credit_list(
            slug="a-grade-taxpayers",
            name="纳税信用A级纳税人",
            colour=CreditList.Colour.RED,
            keeper="税务部门",
        ),
        make_credit_list(),
        "纳税信用",
    ),
    Measure: lambda: (
        make_measure(title="限制担任法定代表人", implementing_department="市场监管"),
        make_measure(),
        "法定代表人",
    ),
    ListEntry: lambda: _by_own_number(make_list_entry, "document_number"),
    DemonstrationBatch: lambda: (
        make_batch(number=3, announced_by="中央文明办"),
        make_batch(),
        "文明办",
    ),
    Designation: lambda: (
        make_designation(region=_ningbo()),
        make_designation(),
        "宁波",
    ),
    CalendarDay: lambda: (
        make_calendar_day(date=D(2031, 10, 1), name="国庆节"),
        make_calendar_day(),
        "国庆",
    ),
    ChangeLogEntry: lambda: (
        make_change_log_entry(source="appeal-2026-000001"),
        make_change_log_entry(),
        "appeal-2026",
    ),
    Summary: lambda: (make_summary(region=_ningbo()), make_summary(), "宁波"),
    Average: lambda: (make_average(period="2025Q2"), make_average(), "2025Q2"),
    ApiToken: lambda: (
        _make_api_token(username="ningbo-data-desk"),
        _make_api_token(),
        "ningbo-data",
    ),
}


def test_every_search_box_has_a_search_test():
    searchable = {m for m in _MODELS if admin.site._registry[m].search_fields}
    assert set(_SEARCHES) == searchable


@pytest.mark.parametrize("model", list(_SEARCHES), ids=_model_id)
def test_changelist_search_finds_the_object_and_leaves_out_others(admin_client, model):
    sought, other, term = _SEARCHES[model]()
    assert other.pk != sought.pk
    url = _url(model, "changelist")
    assert set(admin_client.get(url).context["cl"].result_list) >= {sought, other}
    response = admin_client.get(url, {"q": term})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [sought]


class TestPenaltyAdmin:
    def test_categories_show_read_only_and_saving_is_refused(self, admin_client):
        penalty = make_penalty(
            categories=[PenaltyCategory.WARNING, PenaltyCategory.FINE]
        )
        change_page = admin_client.get(_url(Penalty, "change", penalty.pk))
        assert change_page.status_code == 200
        with translation.override(change_page.headers["Content-Language"]):
            expected = f"{PenaltyCategory.WARNING.label}、{PenaltyCategory.FINE.label}"
        changelist = admin_client.get(_url(Penalty, "changelist"))
        assert expected in changelist.content.decode()

        # Saving would bypass validation, versions, the change log and search.
        response = admin_client.post(
            _url(Penalty, "change", penalty.pk), {"decision_number": "改"}
        )
        assert response.status_code == 403
        assert admin_client.post(_url(Penalty, "add"), {}).status_code == 403
        penalty.refresh_from_db()
        assert penalty.decision_number != "改"
        assert penalty.publication_deadline

    @pytest.mark.parametrize(
        "term",
        [
            lambda p: p.decision_number,
            lambda p: "明达贸易",
            lambda p: p.entity.uscc.lower(),
        ],
        ids=["decision number", "part of the name", "USCC"],
    )
    def test_search(self, admin_client, term):
        penalty = make_penalty(entity=make_company(name="宁波海曙明达贸易有限公司"))
        make_penalty()
        response = admin_client.get(_url(Penalty, "changelist"), {"q": term(penalty)})
        assert list(response.context["cl"].result_list) == [penalty]

    def test_category_filter(self, admin_client):
        fined = make_penalty(categories=[PenaltyCategory.FINE])
        make_penalty(categories=[PenaltyCategory.WARNING], fine_amount=None)
        response = admin_client.get(_url(Penalty, "changelist"), {"category": "fine"})
        assert list(response.context["cl"].result_list) == [fined]

    def test_changelist_query_count_does_not_grow_with_rows(
        self, admin_client, django_assert_max_num_queries
    ):
        for _ in range(30):
            make_penalty(entity=make_company(), authority=make_authority())
        # Session, user, the verified TOTP device, one count (no full count) and
        # one page query with joins.
        with django_assert_max_num_queries(5):
            response = admin_client.get(_url(Penalty, "changelist"))
        assert len(response.context["cl"].result_list) == 30

    def test_records_cannot_be_deleted(self, admin_client):
        penalty = make_penalty()
        response = admin_client.get(_url(Penalty, "delete", penalty.pk))
        assert response.status_code == 403
        draft = make_penalty(state=RecordState.DRAFT)
        response = admin_client.post(_url(Penalty, "delete", draft.pk), {"post": "yes"})
        assert response.status_code == 403
        assert Penalty.objects.filter(pk=draft.pk).exists()


def _result_table(response) -> str:
    html = response.content.decode()
    start = html.index('id="result_list"')
    return html[start : html.index("</table>", start)]


class TestEntityAdmin:
    def test_full_id_number_finds_the_person(self, admin_client):
        person = make_person(name="张伟")
        make_person(name="张伟")
        url = _url(Entity, "changelist")
        response = admin_client.get(
            url, {"q": f" {person.id_number} ", "category__exact": "natural_person"}
        )
        # The clear number leaves the address before anything is rendered.
        assert response.status_code == 302
        assert person.id_number not in response.url
        assert "category__exact=natural_person" in response.url
        response = admin_client.get(response.url)
        assert list(response.context["cl"].result_list) == [person]
        html = response.content.decode()
        assert person.id_masked in _result_table(response)
        assert person.id_number not in html

    def test_full_id_number_finds_the_legal_representative(self, admin_client):
        company = make_company(
            legal_rep_id_type="resident_id", legal_rep_id_number=make_person().id_number
        )
        response = admin_client.get(
            _url(Entity, "changelist"), {"q": company.legal_rep_id_number}, follow=True
        )
        assert company in response.context["cl"].result_list

    def test_part_of_an_id_number_finds_nobody(self, admin_client):
        person = make_person()
        response = admin_client.get(
            _url(Entity, "changelist"), {"q": person.id_number[:14]}
        )
        assert list(response.context["cl"].result_list) == []

    @pytest.mark.parametrize("query", [None, "李"])
    def test_changelist_never_shows_a_clear_id_number(self, admin_client, query):
        person = make_person(name="李娜")
        params = {"q": query} if query else {}
        response = admin_client.get(_url(Entity, "changelist"), params)
        assert person in response.context["cl"].result_list
        html = response.content.decode()
        assert person.id_masked in html
        assert person.id_number not in html

    def test_change_form_shows_the_clear_number_to_officials(self, admin_client):
        person = make_person()
        response = admin_client.get(_url(Entity, "change", person.pk))
        assert person.id_number in response.content.decode()

    def test_autocomplete_finds_by_id_number(self, admin_client):
        person = make_person()
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {
                "term": person.id_number,
                "app_label": "disclosures",
                "model_name": "penalty",
                "field_name": "entity",
            },
        )
        assert [row["id"] for row in response.json()["results"]] == [str(person.pk)]

    def test_a_second_person_with_the_same_number_is_a_form_error(self, admin_client):
        person = make_person()
        response = admin_client.post(
            _url(Entity, "add"),
            {
                "category": "natural_person",
                "name": "王芳",
                "former_names": "[]",
                "id_type": "resident_id",
                "id_number": person.id_number,
                "_save": "Save",
            },
        )
        assert response.status_code == 200
        assert "id_number" in response.context["adminform"].form.errors
        assert Entity.objects.count() == 1


class TestChangeLogAdmin:
    def test_entries_are_read_only(self, admin_client):
        entry = make_change_log_entry()
        change_url = _url(ChangeLogEntry, "change", entry.pk)
        page = admin_client.get(change_url)
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert admin_client.post(change_url, {}).status_code == 403
        delete_url = _url(ChangeLogEntry, "delete", entry.pk)
        assert admin_client.get(delete_url).status_code == 403
        assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
        assert ChangeLogEntry.objects.filter(pk=entry.pk).exists()

    def test_changelist_has_no_delete_action(self, admin_client):
        make_change_log_entry()
        response = admin_client.get(_url(ChangeLogEntry, "changelist"))
        assert "delete_selected" not in response.content.decode()


class TestCalendarDayAdmin:
    def test_officials_mark_a_make_up_working_day_in_the_list(self, admin_client):
        day = make_calendar_day(date=D(2031, 2, 8), is_working_day=False, name="")
        response = admin_client.post(
            _url(CalendarDay, "changelist"),
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": day.pk,
                "form-0-is_working_day": "on",
                "form-0-name": "春节调休",
                "_save": "Save",
            },
        )
        assert response.status_code == 302
        day.refresh_from_db()
        assert day.is_working_day
        assert day.name == "春节调休"


class TestOtherAdmins:
    def test_credit_list_shows_its_measures_inline(self, admin_client):
        measure = make_measure()
        response = admin_client.get(_url(CreditList, "change", measure.credit_list_id))
        assert measure.title in response.content.decode()

    def test_batch_shows_its_designations_inline(self, admin_client):
        designation = make_designation()
        response = admin_client.get(
            _url(DemonstrationBatch, "change", designation.batch_id)
        )
        assert designation.region.name in response.content.decode()

    def test_current_list_entry_filter(self, admin_client):
        current = make_list_entry()
        make_list_entry(
            document_number="（2023）浙0106执1号",
            listed_on=D(2024, 5, 6),
            removed_on=D(2024, 6, 1),
            removal_reason=ListEntry.RemovalReason.OBLIGATIONS_MET,
        )
        url = _url(ListEntry, "changelist")
        assert list(
            admin_client.get(url, {"current": "yes"}).context["cl"].result_list
        ) == [current]
        assert current not in (
            admin_client.get(url, {"current": "no"}).context["cl"].result_list
        )

    def test_entity_links_to_its_records(self, admin_client):
        penalty = make_penalty()
        page = admin_client.get(_url(Entity, "change", penalty.entity_id))
        assert f"?entity__id__exact={penalty.entity_id}" in page.content.decode()
        response = admin_client.get(
            _url(Penalty, "changelist"), {"entity__id__exact": penalty.entity_id}
        )
        assert list(response.context["cl"].result_list) == [penalty]

    def test_timeliness_filter(self, admin_client):
        on_time = make_penalty()
        late = make_penalty(
            decided_on=D(2025, 1, 6),
            published_at=timezone.make_aware(datetime.datetime(2025, 3, 3, 9)),
        )
        url = _url(Penalty, "changelist")
        assert list(
            admin_client.get(url, {"timeliness": "on_time"}).context["cl"].result_list
        ) == [on_time]
        assert list(
            admin_client.get(url, {"timeliness": "late"}).context["cl"].result_list
        ) == [late]


def test_the_token_admin_never_shows_the_key_or_its_hash(admin_client):
    token = _make_api_token(username="holder")
    page = admin_client.get(_url(ApiToken, "change", token.pk)).content.decode()
    assert token.prefix in page
    assert token.digest not in page
