"""Officials read the services' refusals in Chinese, the default language."""

import pytest
from django.utils import translation

from portal.inspections.exceptions import InspectionError, NotPermitted
from portal.inspections.services import enter_public_value_and_draw, freeze_and_commit

pytestmark = pytest.mark.django_db


def test_a_refusal_in_chinese_and_english(world, plan):
    with pytest.raises(InspectionError) as unready:
        enter_public_value_and_draw(authority=world.lead, plan=plan, public_value="1")
    with pytest.raises(NotPermitted) as scoped:
        freeze_and_commit(authority=world.stranger, plan=plan)
    with translation.override("zh-hans"):
        assert str(unready.value.message) == "请先承诺抽查计划再抽取。"
        assert str(scoped.value.message) == "只有牵头部门可以进行此操作。"
    with translation.override("en"):
        assert str(unready.value.message) == "Commit the plan before drawing."
