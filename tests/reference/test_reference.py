import re
from io import StringIO

import pytest
from django.core.management import call_command
from stdnum import numdb

from portal.cities.models import DemonstrationBatch, Designation
from portal.creditlists.models import CreditList, Measure
from portal.registry.models import Region

pytestmark = pytest.mark.django_db

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
BATCH_1 = {
    "杭州": "330100",
    "南京": "320100",
    "厦门": "350200",
    "成都": "510100",
    "苏州": "320500",
    "宿迁": "321300",
    "惠州": "441300",
    "温州": "330300",
    "威海": "371000",
    "潍坊": "370700",
    "义乌": "330782",
    "荣成": "371082",
}


@pytest.fixture
def loaded():
    call_command("load_reference_data", stdout=StringIO())


def _snapshot():
    return (
        list(Region.objects.values_list("code", "name", "name_en", "level", "parent")),
        list(CreditList.objects.order_by("slug").values()),
        list(Measure.objects.order_by("pk").values()),
        list(DemonstrationBatch.objects.order_by("number").values()),
        list(Designation.objects.order_by("pk").values()),
    )


def test_loading_twice_changes_nothing(loaded):
    before = _snapshot()
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert _snapshot() == before
    assert "regions: 165" in out.getvalue()


def test_all_provincial_divisions(loaded):
    provinces = Region.objects.filter(level=Region.Level.PROVINCE)
    assert provinces.count() == 31
    assert all(
        code.endswith("0000") for code in provinces.values_list("code", flat=True)
    )


def test_parents_are_consistent_with_codes(loaded):
    for region in Region.objects.select_related("parent"):
        parent = region.parent
        if region.level == Region.Level.PROVINCE:
            assert parent is None
            continue
        assert parent.level != region.level
        assert parent.code[:2] == region.code[:2]
        if region.level == Region.Level.PREFECTURE or parent.code in MUNICIPALITIES:
            assert parent.level == Region.Level.PROVINCE
        else:
            assert parent.code == region.code[:4] + "00"


def test_codes_and_names_match_the_national_table(loaded):
    table = numdb.get("cn/loc")
    for code, name in Region.objects.values_list("code", "name"):
        entries = dict(table.info(code))
        if code.endswith("0000"):
            assert entries[code[:2]]["province"] == name
        else:
            # Renamed codes read "[1983-2018]滦县,[2018-]滦州市": keep the current.
            current = entries[code[2:]]["county"].split(",")[-1]
            assert re.fullmatch(rf"(\[\d*-\])?{name}", current), (code, name, current)


def test_batch_1_has_exactly_its_twelve_cities(loaded):
    batch = DemonstrationBatch.objects.get(number=1)
    designated = {
        d.region.code: d.region.name
        for d in batch.designations.select_related("region")
    }
    assert batch.official_count == 12
    assert set(designated) == set(BATCH_1.values())
    for name, code in BATCH_1.items():
        assert designated[code].startswith(name)


@pytest.mark.parametrize(
    ("number", "members"),
    # Counted from the member lists of DOMAIN.md §5; both agree with the
    # official counts (34 and 68).
    [(3, 34), (4, 68)],
)
def test_batches_3_and_4_have_their_listed_members(loaded, number, members):
    batch = DemonstrationBatch.objects.get(number=number)
    assert batch.designations.count() == members == batch.official_count
    assert set(batch.designations.values_list("designated_on", flat=True)) == {
        batch.announced_on
    }


def test_batch_2_has_a_count_and_no_members(loaded):
    batch = DemonstrationBatch.objects.get(number=2)
    assert batch.official_count == 16
    assert not batch.designations.exists()


def test_county_level_cities_sit_under_their_prefecture(loaded):
    parents = dict(Region.objects.values_list("code", "parent__code"))
    assert parents["330782"] == "330700"  # 义乌, 金华
    assert parents["371082"] == "371000"  # 荣成, 威海
    assert parents["370982"] == "370900"  # 新泰, 泰安
    assert parents["130682"] == "130600"  # 定州, 保定
    assert parents["120116"] == "120000"  # 滨海新区, 天津
    assert parents["500113"] == "500000"  # 巴南区, 重庆


def test_dishonest_list_spares_minors_and_carries_joint_punishment(loaded):
    dishonest = CreditList.objects.get(name="失信被执行人名单")
    assert dishonest.lists_minors is False
    assert dishonest.duration_months == 24
    measures = dishonest.measures.all()
    assert measures.count() >= 15
    assert {m.kind for m in measures} == {Measure.Kind.RESTRICTION}
    assert all("发改财金〔2016〕141号" in m.legal_basis for m in measures)
    titles = " ".join(m.title for m in measures)
    for word in ("飞机", "G字头", "不动产", "私立学校", "政府采购", "法定代表人"):
        assert word in titles


def test_eight_lists_and_red_ones_reward(loaded):
    assert CreditList.objects.count() == 8
    for credit_list in CreditList.objects.prefetch_related("measures"):
        kinds = {m.kind for m in credit_list.measures.all()}
        assert kinds, credit_list.slug
        expected = "reward" if credit_list.colour == "red" else "restriction"
        assert kinds == {expected}, credit_list.slug
