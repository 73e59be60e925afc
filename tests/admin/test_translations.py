import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from portal.core import identifiers
from portal.disclosures import choices
from portal.registry.models import CounterpartCategory, Entity

_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
_BAD_USCC = "91110000600037341N"


def _po_entries(path: Path) -> list[dict]:
    """Read a .po file into entries: flags, context, msgid, plural, msgstr values."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {
            "flags": set(),
            "context": None,
            "msgid": None,
            "plural": False,
            "msgstr": [],
        }
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")', line
            ):
                key, text = match.group(1), ast.literal_eval(match.group(2))
                if key == "msgctxt":
                    entry["context"] = text
                elif key == "msgid":
                    entry["msgid"] = text
                elif key == "msgid_plural":
                    entry["plural"] = True
                elif key.startswith("msgstr"):
                    entry["msgstr"].append(text)
            elif line.startswith('"') and key:
                text = ast.literal_eval(line)
                if key == "msgid":
                    entry["msgid"] += text
                elif key.startswith("msgstr"):
                    entry["msgstr"][-1] += text
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def test_catalogue_is_complete_and_compiled():
    po = _CATALOGUE / "django.po"
    entries = _po_entries(po)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert len(messages) > 100
    assert not [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert not [e["msgid"] for e in messages if not all(e["msgstr"])]


def test_compiled_catalogue_matches_the_po():
    with (_CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    for entry in _po_entries(_CATALOGUE / "django.po")[1:]:
        # gettext keys a message with a context as "context\x04msgid".
        msgid = entry["msgid"]
        if entry["context"] is not None:
            msgid = f"{entry['context']}\x04{msgid}"
        key = (msgid, 0) if entry["plural"] else msgid
        assert compiled.get(key) == entry["msgstr"][0], entry["msgid"]


def test_placeholders_survive_translation():
    for entry in _po_entries(_CATALOGUE / "django.po")[1:]:
        expected = sorted(re.findall(r"%\(\w+\)[sd]|\{\w+\}", entry["msgid"]))
        for translated in entry["msgstr"]:
            found = sorted(re.findall(r"%\(\w+\)[sd]|\{\w+\}", translated))
            assert found == expected, entry["msgid"]


class TestValidationMessages:
    def test_uscc_check_character(self):
        with pytest.raises(ValidationError) as exc_info:
            identifiers.validate_uscc(_BAD_USCC)
        with translation.override("zh-hans"):
            assert _messages(exc_info.value) == [
                "该统一社会信用代码的校验码有误：应为L，而不是N。"
            ]
        with translation.override("en"):
            assert _messages(exc_info.value) == [
                "The check character of this unified social credit code is wrong: "
                "it should be L, not N."
            ]

    @pytest.mark.django_db
    def test_model_validation_error(self):
        company = Entity(
            category=CounterpartCategory.ORGANISATION,
            name="北京某某科技有限公司",
            uscc=_BAD_USCC,
            legal_representative="王伟",
        )
        with pytest.raises(ValidationError) as exc_info:
            company.full_clean()
        with translation.override("zh-hans"):
            assert "校验码有误" in exc_info.value.message_dict["uscc"][0]
        with translation.override("en"):
            assert "check character" in exc_info.value.message_dict["uscc"][0]

    def test_model_field_names(self):
        field = Entity._meta.get_field("uscc")
        with translation.override("zh-hans"):
            assert str(field.verbose_name) == "统一社会信用代码"
        with translation.override("en"):
            assert str(field.verbose_name) == "unified social credit code"


_ENUMS = [
    getattr(choices, name)
    for name in dir(choices)
    if isinstance(getattr(choices, name), type)
    and issubclass(getattr(choices, name), models.Choices)
    and getattr(choices, name).__module__ == choices.__name__
] + [CounterpartCategory, identifiers.IdType]


@pytest.mark.parametrize("enum", _ENUMS, ids=lambda enum: enum.__name__)
def test_every_enum_label_has_a_chinese_translation(enum):
    for member in enum:
        with translation.override("en"):
            english = str(member.label)
        with translation.override("zh-hans"):
            chinese = str(member.label)
        assert chinese != english, member
        assert re.search(r"[\u4e00-\u9fff]", chinese), member


@pytest.mark.parametrize(
    ("member", "official"),
    [
        (CounterpartCategory.ORGANISATION, "法人及非法人组织"),
        (CounterpartCategory.NATURAL_PERSON, "自然人"),
        (CounterpartCategory.INDIVIDUAL_BUSINESS, "个体工商户"),
        (choices.PermitCategory.ORDINARY, "普通"),
        (choices.PermitCategory.FRANCHISE, "特许"),
        (choices.PermitCategory.RECOGNITION, "认可"),
        (choices.PermitCategory.APPROVAL, "核准"),
        (choices.PermitCategory.REGISTRATION, "登记"),
        (choices.PermitCategory.OTHER, "其他"),
        (choices.PenaltyCategory.WARNING, "警告"),
        (choices.PenaltyCategory.PUBLIC_CRITICISM, "通报批评"),
        (choices.PenaltyCategory.FINE, "罚款"),
        (choices.PenaltyCategory.CONFISCATE_GAINS, "没收违法所得"),
        (choices.PenaltyCategory.CONFISCATE_PROPERTY, "没收非法财物"),
        (choices.PenaltyCategory.SUSPEND_PERMIT, "暂扣许可证件"),
        (choices.PenaltyCategory.LOWER_QUALIFICATION, "降低资质等级"),
        (choices.PenaltyCategory.REVOKE_PERMIT, "吊销许可证件"),
        (choices.PenaltyCategory.RESTRICT_OPERATIONS, "限制开展生产经营活动"),
        (choices.PenaltyCategory.SUSPEND_OPERATIONS, "责令停产停业"),
        (choices.PenaltyCategory.ORDER_CLOSURE, "责令关闭"),
        (choices.PenaltyCategory.RESTRICT_PRACTICE, "限制从业"),
        (choices.PenaltyCategory.DETENTION, "行政拘留"),
        (choices.PenaltyCategory.OTHER, "其他"),
        (identifiers.IdType.RESIDENT_ID, "身份证"),
        (identifiers.IdType.HK_MACAO_PERMIT, "港澳居民来往内地通行证"),
        (identifiers.IdType.TAIWAN_PERMIT, "台湾居民来往大陆通行证"),
        (identifiers.IdType.FOREIGN_PERMANENT_RESIDENT, "外国人永久居留身份证"),
    ],
)
def test_national_enumerations_use_the_official_terms(member, official):
    with translation.override("zh-hans"):
        assert str(member.label) == official


def test_admin_site_header():
    from django.contrib import admin

    with translation.override("zh-hans"):
        assert str(admin.site.site_header) == "信用信息公示平台 管理"
    with translation.override("en"):
        assert str(admin.site.site_header) == "Credit disclosure portal administration"
