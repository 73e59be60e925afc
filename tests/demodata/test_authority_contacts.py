"""Demo authorities publish where to object and apply for repair."""

import re

import pytest

from portal.demodata.authorities import ensure_authorities, planned_authorities
from portal.registry.models import Authority, Region
from portal.registry.services import load_reference_data
from tests.factories import make_region

pytestmark = pytest.mark.django_db

FIELDS = (
    "contact_office",
    "contact_phone",
    "contact_email",
    "contact_address",
    "contact_hours",
)


@pytest.fixture
def regions():
    load_reference_data()
    return list(Region.objects.select_related("parent__parent").order_by("code"))


def _contacts(authorities):
    return [tuple(getattr(a, name) for name in FIELDS) for a in authorities]


def _one(authorities, code, kind=Authority.Kind.MARKET_REGULATION):
    return next(a for a in authorities if a.region.code == code and a.kind == kind)


def test_every_authority_has_all_details_the_same_on_every_run(regions):
    planned = planned_authorities(regions)
    assert _contacts(planned) == _contacts(planned_authorities(regions))
    assert all(all(row) for row in _contacts(planned))
    for authority in planned:
        authority.full_clean(exclude=["region"], validate_unique=False)


def test_details_follow_the_region(regions):
    planned = planned_authorities(regions)
    hangzhou = _one(planned, "330100")
    assert re.fullmatch(r"0571-[2-8]\d{7}", hangzhou.contact_phone)
    assert re.fullmatch(r"[a-z]+@[a-z]+\.hangzhou\.gov\.cn", hangzhou.contact_email)
    assert re.fullmatch(r"杭州市\w+路\d+号", hangzhou.contact_address)
    # A county-level city dials its prefecture's code; a district its city's.
    assert _one(planned, "330782").contact_phone.startswith("0579-")
    assert _one(planned, "330782").contact_address.startswith("义乌市")
    assert _one(planned, "110108").contact_phone.startswith("010-")
    assert _one(planned, "110108").contact_address.startswith("北京市海淀区")
    # A province's departments sit in its capital.
    assert _one(planned, "330000").contact_phone.startswith("0571-")
    # Different departments of one place are reached differently.
    tax = _one(planned, "330100", Authority.Kind.TAX)
    assert tax.contact_phone != hangzhou.contact_phone
    assert tax.contact_email != hangzhou.contact_email


def test_a_region_without_a_known_area_code_gets_the_hotline(regions):
    province = next(r for r in regions if r.code == "330000")
    unknown = make_region(code="339900", name="新区市", level="prefecture")
    unknown.parent = province
    authority = _one(planned_authorities([unknown]), "339900")
    assert authority.contact_phone == "12345"
    assert authority.contact_address.startswith("新区市")


def test_existing_authorities_get_details_only_if_they_have_none(regions):
    some = [r for r in regions if r.code in ("330100", "330782")]
    ensure_authorities(some)
    Authority.objects.filter(region__code="330100").update(**dict.fromkeys(FIELDS, ""))
    Authority.objects.filter(region__code="330782").update(
        contact_office="法制科", contact_phone="", contact_email=""
    )
    authorities, created = ensure_authorities(some)
    assert created == 0
    expected = planned_authorities(some)
    hangzhou = Authority.objects.filter(region__code="330100").order_by("pk")
    assert _contacts(hangzhou) == _contacts(
        [a for a in expected if a.region.code == "330100"]
    )
    # An authority's own choice stands, even one that publishes little.
    yiwu = Authority.objects.filter(region__code="330782")
    assert {a.contact_office for a in yiwu} == {"法制科"}
    assert {a.contact_phone for a in yiwu} == {""}
    assert {a.contact_office for a in authorities if a.region.code == "330100"} != {""}
