"""An entity's integrity file shows its public random-inspection results."""

import re

import pytest
from django.utils import translation

from tests.factories import make_company
from tests.inspections.world import inspection_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return inspection_world()


def _file(client, entity, prefix="") -> str:
    with translation.override("zh-hans"):
        path = entity.get_absolute_url()
    response = client.get(prefix + path)
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str) -> str:
    found = re.search(
        r'<section aria-labelledby="inspections-heading">.*?</section>', html, re.S
    )
    assert found, "the file has no random-inspection section"
    return found.group(0)


def _summary(html: str) -> str:
    found = re.search(r'<section class="file-summary.*?</section>', html, re.S)
    assert found, "the file has no summary"
    return found.group(0)


def test_a_result_on_time_with_its_plan_and_item(client, w):
    entity = w.on_time.drawn.entity
    html = _file(client, entity)
    section = _section(html)
    assert "双随机抽查结果" in section
    row = re.search(
        rf'<tr id="inspection-result-{w.on_time.pk}">.*?</tr>', section, re.S
    ).group(0)
    assert "发现问题已责令改正" in row
    assert w.plan.number in row
    assert f'href="/inspections/{w.plan.pk}/#inspection-result-{w.on_time.pk}"' in row
    assert "食品经营许可情况检查1" in row
    assert "2025-10-09" in row  # inspected
    assert "2025-10-20" in row  # published
    assert "badge-ok" in row and "按时公示" in row
    # The same entity's withdrawn result (the partner's item) is not shown.
    assert f"inspection-result-{w.withdrawn.pk}" not in html
    assert "纳税申报情况检查" not in section
    # In brief: one result, with a problem found.
    summary = _summary(html)
    assert "1 条双随机抽查结果" in summary
    assert "其中 1 条发现问题" in summary
    assert 'href="#inspections-heading"' in summary


def test_a_late_result_is_marked_late(client, w):
    html = _file(client, w.late.drawn.entity, prefix="/en")
    section = _section(html)
    assert "Random inspection results" in section
    assert "badge-late" in section and "published late" in section
    assert "No problem found" in section
    # The draft result of the same entity (the partner's item) is not shown.
    assert f"inspection-result-{w.draft.pk}" not in html
    summary = _summary(html)
    assert "1 random inspection result" in summary
    assert "with a problem found" not in summary


def test_a_corrected_result_says_when_why_and_what(client, w):
    html = _file(client, w.corrected.drawn.entity)
    section = _section(html)
    assert "发现问题待后续处理" in section
    assert "badge-corrected" in section
    assert "复核发现台账缺失，待后续处理。" in section
    assert "更正" in section
    english = _section(_file(client, w.corrected.drawn.entity, prefix="/en"))
    assert "Corrected on 2025-12-20: 复核发现台账缺失，待后续处理。" in english
    assert "Result: No problem found → Problem found, follow-up pending" in english


def test_an_entity_never_inspected_is_not_suspect(client, w):
    drawn = set(w.plan.drawn.values_list("entity_id", flat=True))
    never = next(entity for entity in w.entities if entity.pk not in drawn)
    html = _file(client, never, prefix="/en")
    section = _section(html)
    assert "Not being inspected is not a finding" in section
    assert "inspection-result-" not in section
    assert "No random inspection result" in _summary(html)
    chinese = _section(_file(client, never))
    assert "未被抽查并不说明任何问题" in chinese


def test_a_file_without_any_plan_around(client, db):
    company = make_company(name="宁波清白贸易有限公司")
    html = _file(client, company)
    assert "没有双随机抽查结果" in _summary(html)
    assert "本站没有公示该主体的双随机抽查结果" in _section(html)


def test_inspectors_are_never_named_on_the_file(client, w):
    for result in (w.on_time, w.late, w.corrected):
        for prefix in ("", "/en"):
            assert "张强" not in _file(client, result.drawn.entity, prefix=prefix)
