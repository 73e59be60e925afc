"""Each filter narrows the collection; a bad value is explained, never a 500."""

import datetime
from decimal import Decimal

import pytest

from portal.creditlists.filtersets import ListEntryFilterSet
from portal.creditlists.models import ListEntry
from portal.disclosures.choices import (
    PenaltyCategory,
    PermitCategory,
    RecordState,
    Severity,
)
from portal.disclosures.filtersets import PenaltyFilterSet, PermitFilterSet
from portal.disclosures.models import Penalty, Permit
from portal.registry.filtersets import AuthorityFilterSet, EntityFilterSet
from portal.registry.models import Authority, CounterpartCategory, Entity, Region
from tests.factories import (
    make_authority,
    make_company,
    make_list_entry,
    make_penalty,
    make_permit,
    make_person,
    make_region,
)

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> datetime.date:
    # Relative to today: penalties older than their publicity period are not public.
    return datetime.date.today() - datetime.timedelta(days=days)


def _iso_days_ago(days: int) -> str:
    return _days_ago(days).isoformat()


@pytest.fixture
def regions():
    zhejiang = make_region(code="330000", name="浙江省", level=Region.Level.PROVINCE)
    hangzhou = make_region(code="330100", name="杭州市", parent=zhejiang)
    ningbo = make_region(code="330200", name="宁波市", parent=zhejiang)
    shenzhen = make_region(code="440300", name="深圳市")
    return {
        "zhejiang": zhejiang,
        "hangzhou": hangzhou,
        "ningbo": ningbo,
        "shenzhen": shenzhen,
    }


@pytest.fixture
def penalties(regions):
    hz = make_authority(region=regions["hangzhou"])
    nb = make_authority(region=regions["ningbo"], kind=Authority.Kind.TAX)
    sz = make_authority(region=regions["shenzhen"])
    person = make_person()
    return {
        "hz_fine": make_penalty(
            authority=hz, decided_on=_days_ago(200), fine_amount=Decimal("0.5")
        ),
        "nb_warning": make_penalty(
            authority=nb,
            decided_on=_days_ago(100),
            categories=[PenaltyCategory.WARNING],
            fine_amount=None,
            severity=Severity.SERIOUS,
        ),
        "sz_big": make_penalty(
            authority=sz,
            decided_on=_days_ago(20),
            fine_amount=Decimal("50"),
            categories=[PenaltyCategory.FINE],
            entity=person,
            state=RecordState.CORRECTED,
            version=2,
        ),
    }


def _pks(filterset_class, params, queryset):
    filterset = filterset_class(params, queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return {obj.pk for obj in filterset.qs}


class TestPenaltyFilters:
    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"region": "330000"}, {"hz_fine", "nb_warning"}),
            ({"region": "330100"}, {"hz_fine"}),
            ({"kind": "tax"}, {"nb_warning"}),
            ({"category": "warning"}, {"hz_fine", "nb_warning"}),
            ({"category": "fine"}, {"hz_fine", "sz_big"}),
            ({"severity": "serious"}, {"nb_warning"}),
            ({"counterpart": "natural_person"}, {"sz_big"}),
            ({"decided_after": _iso_days_ago(150)}, {"nb_warning", "sz_big"}),
            ({"decided_before": _iso_days_ago(150)}, {"hz_fine"}),
            (
                {
                    "decided_after": _iso_days_ago(150),
                    "decided_before": _iso_days_ago(50),
                },
                {"nb_warning"},
            ),
            ({"fine_min": "1"}, {"sz_big"}),
            ({"fine_max": "1"}, {"hz_fine"}),
            ({"state": "corrected"}, {"sz_big"}),
        ],
    )
    def test_filter_narrows(self, penalties, params, expected):
        queryset = Penalty.objects.public()
        assert _pks(PenaltyFilterSet, params, queryset) == {
            penalties[name].pk for name in expected
        }

    def test_authority_and_entity(self, penalties):
        record = penalties["nb_warning"]
        queryset = Penalty.objects.public()
        assert _pks(PenaltyFilterSet, {"authority": record.authority_id}, queryset) == {
            record.pk
        }
        assert _pks(PenaltyFilterSet, {"entity": record.entity.key}, queryset) == {
            record.pk
        }

    def test_sorting(self, penalties):
        filterset = PenaltyFilterSet(
            {"sort": "-fine"}, queryset=Penalty.objects.public()
        )
        assert filterset.qs.first().pk == penalties["sz_big"].pk
        filterset = PenaltyFilterSet(
            {"sort": "decided"}, queryset=Penalty.objects.public()
        )
        assert filterset.qs.first().pk == penalties["hz_fine"].pk


class TestOtherFilterSets:
    def test_permit_category_and_status(self, regions):
        ordinary = make_permit()
        other = make_permit(category=PermitCategory.OTHER, category_other="特种设备")
        queryset = Permit.objects.public()
        assert _pks(PermitFilterSet, {"category": "other"}, queryset) == {other.pk}
        assert _pks(PermitFilterSet, {"permit_status": "valid"}, queryset) == {
            ordinary.pk,
            other.pk,
        }

    def test_entity_lookup(self, regions):
        company = make_company(name="宁波鑫达建材有限公司", region=regions["ningbo"])
        person = make_person(id_number="110101199003074477")
        queryset = Entity.objects.all()
        assert _pks(EntityFilterSet, {"q": "鑫达"}, queryset) == {company.pk}
        assert _pks(EntityFilterSet, {"q": company.uscc.lower()}, queryset) == {
            company.pk
        }
        assert _pks(EntityFilterSet, {"q": "110101199003074477"}, queryset) == {
            person.pk
        }
        assert _pks(EntityFilterSet, {"q": "110101900307447"}, queryset) == {person.pk}
        assert _pks(EntityFilterSet, {"region": "330000"}, queryset) == {company.pk}
        assert _pks(EntityFilterSet, {"category": "natural_person"}, queryset) == {
            person.pk
        }

    def test_authority_filters(self, regions):
        tax = make_authority(
            region=regions["ningbo"], kind=Authority.Kind.TAX, name="宁波市税务局"
        )
        make_authority(region=regions["hangzhou"])
        queryset = Authority.objects.all()
        assert _pks(AuthorityFilterSet, {"kind": "tax"}, queryset) == {tax.pk}
        assert _pks(AuthorityFilterSet, {"name": "税务"}, queryset) == {tax.pk}
        assert _pks(AuthorityFilterSet, {"region": "330200"}, queryset) == {tax.pk}

    def test_list_entry_status(self, regions):
        current = make_list_entry()
        removed = make_list_entry(
            removed_on=datetime.date.today(),
            removal_reason=ListEntry.RemovalReason.OBLIGATIONS_MET,
        )
        queryset = ListEntry.objects.all()
        assert _pks(ListEntryFilterSet, {"status": "current"}, queryset) == {current.pk}
        assert _pks(ListEntryFilterSet, {"status": "removed"}, queryset) == {removed.pk}
        assert _pks(
            ListEntryFilterSet,
            {"counterpart": CounterpartCategory.ORGANISATION},
            queryset,
        ) == {
            current.pk,
            removed.pk,
        }


class TestBadInput:
    @pytest.mark.parametrize(
        ("query", "field_label"),
        [
            ("decided_after=2025-13-45", "Decision date"),
            ("fine_min=lots", "Fine"),
            ("region=999999", "Region"),
            ("category=flogging", "Penalty category"),
            ("authority=abc", "Authority"),
            ("sort=secret_field", "Sort by"),
        ],
    )
    def test_invalid_value_is_explained(self, client, penalties, query, field_label):
        response = client.get(f"/en/penalties/?{query}")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'role="alert"' in html
        assert field_label in html
        assert "No penalties." in html  # nothing shown rather than a wrong selection

    def test_valid_filters_survive_paging_links(self, client, penalties, settings):
        for n in range(30):
            make_penalty(
                authority=penalties["hz_fine"].authority, decision_number=f"P-{n}"
            )
        response = client.get("/en/penalties/?region=330100&sort=-decided")
        html = response.content.decode()
        assert "?region=330100&amp;sort=-decided&amp;page=2" in html


@pytest.mark.parametrize(
    "path", ["/penalties/", "/permits/", "/entities/", "/authorities/", "/cities/"]
)
@pytest.mark.parametrize(("prefix", "label"), [("", "全部"), ("/en", "All")])
def test_a_filters_empty_choice_says_all_not_dashes(client, path, prefix, label):
    make_penalty()
    page = client.get(prefix + path).content.decode()
    assert "---------" not in page
    assert f'<option value="" selected>{label}</option>' in page


@pytest.mark.parametrize(
    ("prefix", "label"), [("", "默认排序"), ("/en", "Default order")]
)
def test_the_sort_menus_empty_choice_is_the_default_order(client, prefix, label):
    make_penalty()
    page = client.get(prefix + "/penalties/").content.decode()
    sort = page[page.index('name="sort"') :]
    assert sort[: sort.index("</select>")].count(f">{label}</option>") == 1
