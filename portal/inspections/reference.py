"""Result categories of random inspections, as the enterprise credit system shows them.

The National Enterprise Credit Information Publicity System (国家企业信用信息
公示系统) lists each 抽查检查结果 under one of these names; the codes are the
portal's own, stable in URLs, the API and downloads. Kept as data so that a
new category is one line here (and a migration of the field's choices).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ResultCategory:
    code: str
    name: str  # As the enterprise credit system shows it.
    name_en: str
    finding: bool  # Whether it reports a problem found.


RESULT_CATEGORIES = (
    ResultCategory("no_problem", "未发现问题", "No problem found", False),
    ResultCategory(
        "undisclosed_information",
        "未按规定公示应当公示的信息",
        "Did not disclose information it must disclose",
        True,
    ),
    ResultCategory(
        "false_disclosure",
        "公示信息隐瞒真实情况弄虚作假",
        "Disclosed information conceals facts or is falsified",
        True,
    ),
    ResultCategory(
        "unreachable_address",
        "通过登记的住所（经营场所）无法联系",
        "Cannot be reached at its registered address (place of business)",
        True,
    ),
    ResultCategory(
        "ordered_to_correct",
        "发现问题已责令改正",
        "Problem found, correction ordered",
        True,
    ),
    ResultCategory(
        "pending_follow_up",
        "发现问题待后续处理",
        "Problem found, follow-up pending",
        True,
    ),
    ResultCategory(
        "activity_not_found",
        "未发现开展本次抽查涉及的经营活动",
        "Not found carrying on the activity this inspection covers",
        False,
    ),
    ResultCategory(
        "refused_inspection",
        "不配合检查情节严重",
        "Seriously obstructed the inspection",
        True,
    ),
    ResultCategory("other", "其他", "Other", False),
)
BY_CODE = {category.code: category for category in RESULT_CATEGORIES}


def category_choices() -> list[tuple[str, str]]:
    """Return (code, Chinese name) pairs for a model field's choices."""
    return [(category.code, category.name) for category in RESULT_CATEGORIES]
