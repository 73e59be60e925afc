"""The credit commitment letter (信用承诺书) a repair application carries.

What it commits to follows DOMAIN.md §2: the obligations fulfilled (the fine
paid, the violation rectified), the material true, the law kept from now on,
and the consequences of breaking the commitment. The Chinese text is the one
to sign; the English one renders it for readers of the English pages. The
text is the document itself, in both languages, so it is not translated
through the catalogue.
"""

from dataclasses import dataclass

from portal.appeals.records import RecordRef

BLANK = "________________________"
SHORT_BLANK = "________"


@dataclass(frozen=True)
class Letter:
    """The letter in one language, its blanks filled where the record says."""

    language: str
    title: str
    subtitle: str
    fields: tuple[tuple[str, str], ...]
    intro: str
    promises: tuple[str, ...]
    signatures: tuple[tuple[str, str], ...]
    note: str


def _chinese(record: str, authority: str) -> Letter:
    return Letter(
        language="zh-Hans",
        title="信用承诺书",
        subtitle="（申请信用修复用）",
        fields=(
            ("承诺主体名称", BLANK),
            ("统一社会信用代码（或身份证件号码）", BLANK),
            ("法定代表人（负责人）", BLANK),
            ("联系电话", BLANK),
            ("行政处罚决定书文号（或列入名单的文号）", record or BLANK),
            ("作出决定的机关", authority or BLANK),
        ),
        intro="本主体（本人）申请对上述信用信息进行信用修复，现郑重承诺：",
        promises=(
            "一、已经履行行政处罚决定（或列入名单的决定）规定的义务，足额缴纳了"
            "罚款，纠正了违法失信行为，消除了不良影响。",
            "二、所提交的全部申请材料真实、准确、完整，不存在虚假记载、误导性陈述"
            "或者重大遗漏。",
            "三、今后自觉遵守法律、法规和规章，依法诚信经营，不再发生同类违法失信"
            "行为。",
            "四、自愿接受行政机关、行业组织、社会公众和新闻舆论的监督。",
            "五、如违背上述承诺，愿意依法承担相应的法律责任，接受撤销信用修复、"
            "重新公示失信信息、记入信用记录等处理。",
        ),
        signatures=(
            ("承诺主体（盖章）", BLANK),
            ("法定代表人（负责人）或本人签字", BLANK),
            ("日期", f"{SHORT_BLANK}年{SHORT_BLANK}月{SHORT_BLANK}日"),
        ),
        note=(
            "说明：信用修复免费，任何机关和平台都不得收取费用。签字（盖章）后扫描"
            "或拍照，在申请表“签署的信用承诺书”处上传。"
        ),
    )


def _english(record: str, authority: str) -> Letter:
    return Letter(
        language="en",
        title="Credit commitment letter",
        subtitle="(for an application for credit repair; English rendering of "
        "the Chinese text, which is the one to sign)",
        fields=(
            ("Name of the party", BLANK),
            ("Unified social credit code (or ID number)", BLANK),
            ("Legal representative (person in charge)", BLANK),
            ("Telephone", BLANK),
            ("Number of the penalty decision (or of the listing)", record or BLANK),
            ("Deciding authority", authority or BLANK),
        ),
        intro=(
            "The party applies for credit repair of the information above and "
            "solemnly commits that:"
        ),
        promises=(
            "1. It has fulfilled the obligations set by the penalty decision (or "
            "the listing decision): the fine is paid in full, the illegal or "
            "dishonest conduct is corrected and its ill effects are removed.",
            "2. All the material submitted is true, accurate and complete, without "
            "false or misleading statements or material omissions.",
            "3. From now on it keeps the laws, regulations and rules, acts "
            "honestly and lawfully, and does not commit the same violation again.",
            "4. It accepts the supervision of the authorities, industry "
            "organisations, the public and the press.",
            "5. If it breaks these commitments, it bears the legal responsibility "
            "for doing so and accepts that the credit repair is revoked, the "
            "record is published again and the breach is entered in its credit "
            "record.",
        ),
        signatures=(
            ("Seal of the party", BLANK),
            (
                "Signature of the legal representative (person in charge), or "
                "of the applicant",
                BLANK,
            ),
            ("Date", BLANK),
        ),
        note=(
            "Note: credit repair is free of charge; no authority or platform may "
            "charge for it. Sign (and seal) the letter, then scan or photograph it "
            "and send it as the signed credit commitment letter in the "
            "application form."
        ),
    )


def letters(reference: RecordRef | None) -> tuple[Letter, Letter]:
    """Return the letter in Chinese and in English, for a record or blank."""
    record = reference.label if reference is not None else ""
    authority = reference.authority.name if reference is not None else ""
    return _chinese(record, authority), _english(record, authority)


def _text(letter: Letter) -> list[str]:
    # A Chinese label takes a full-width colon, an English one a colon and a space.
    colon = ": " if letter.language == "en" else "："
    lines = [letter.title, letter.subtitle, ""]
    lines += [f"{label}{colon}{value}" for label, value in letter.fields]
    lines += ["", letter.intro, ""]
    for promise in letter.promises:
        lines += [promise, ""]
    lines += [f"{label}{colon}{value}" for label, value in letter.signatures]
    lines += ["", letter.note]
    return lines


def as_text(reference: RecordRef | None) -> str:
    """Return the letter as plain text: Chinese, then English, Windows line ends."""
    chinese, english = letters(reference)
    rule = "-" * 40
    lines = [*_text(chinese), "", rule, "", *_text(english), ""]
    return "\r\n".join(lines)
