"""The national exchange format's columns (DOMAIN.md §1.1, §1.2), as data.

Each column names its code (XK_*/CF_*), its Chinese label, where its value goes
(`entity.<field>`, `record.<field>` or `authority.<name|uscc>`), how a cell is
read, and whether the header must be present. A file may head its columns with
the codes or with the labels.
"""

from collections.abc import Callable
from dataclasses import dataclass

from portal.disclosures.choices import RecordKind
from portal.publishing.importing import values


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    target: str  # "entity.name", "record.decided_on", "authority.uscc", ...
    parse: Callable = values.text
    required: bool = False
    # Targets a parser fills besides its own, e.g. the name of an "other" type.
    also: str = ""

    @property
    def part(self) -> str:
        return self.target.partition(".")[0]

    @property
    def field(self) -> str:
        return self.target.partition(".")[2]


def _counterpart(prefix: str) -> tuple[Column, ...]:
    return (
        Column(f"{prefix}_XDR_MC", "行政相对人名称", "entity.name", required=True),
        Column(
            f"{prefix}_XDR_LB",
            "行政相对人类别",
            "entity.category",
            values.counterpart_category,
            required=True,
        ),
        Column(f"{prefix}_XDR_SHXYM", "统一社会信用代码", "entity.uscc"),
        Column(
            f"{prefix}_XDR_GSZC", "工商注册号", "entity.business_registration_number"
        ),
        Column(f"{prefix}_XDR_ZZJG", "组织机构代码", "entity.organisation_code"),
        Column(f"{prefix}_XDR_SWDJ", "税务登记号", "entity.tax_registration_number"),
        Column(
            f"{prefix}_XDR_SYDW",
            "事业单位证书号",
            "entity.institution_certificate_number",
        ),
        Column(
            f"{prefix}_XDR_SHZZ",
            "社会组织登记证号",
            "entity.social_organisation_number",
        ),
        Column(f"{prefix}_FRDB", "法定代表人", "entity.legal_representative"),
        Column(
            f"{prefix}_FR_ZJLX",
            "法定代表人证件类型",
            "entity.legal_rep_id_type",
            values.id_type,
        ),
        Column(f"{prefix}_FR_ZJHM", "法定代表人证件号码", "entity.legal_rep_id_number"),
        Column(
            f"{prefix}_XDR_ZJLX",
            "证件类型",
            "entity.id_type",
            values.id_type,
            also="entity.id_type_other",
        ),
        Column(f"{prefix}_XDR_ZJHM", "证件号码", "entity.id_number"),
    )


PERMIT_COLUMNS = (
    *_counterpart("XK"),
    Column("XK_XKWS", "行政许可决定文书名称", "record.document_title", required=True),
    Column("XK_WSH", "行政许可决定文书号", "record.decision_number", required=True),
    Column(
        "XK_XKLB",
        "许可类别",
        "record.category",
        values.permit_category,
        required=True,
        also="record.category_other",
    ),
    Column("XK_XKZS", "许可证书名称", "record.certificate_name"),
    Column("XK_XKBH", "许可编号", "record.certificate_number"),
    Column("XK_NR", "许可内容", "record.content", required=True),
    Column("XK_JDRQ", "许可决定日期", "record.decided_on", values.date, required=True),
    Column("XK_YXQZ", "有效期自", "record.valid_from", values.date),
    Column("XK_YXQZI", "有效期至", "record.valid_until", values.open_ended_date),
    Column("XK_XKJG", "许可机关", "authority.name", required=True),
    Column("XK_XKJGDM", "许可机关统一社会信用代码", "authority.uscc", required=True),
    Column("XK_ZT", "当前状态", "record.permit_status", values.permit_status),
    Column("XK_LYDW", "数据来源单位", "record.data_source_name", required=True),
    Column(
        "XK_LYDWDM",
        "数据来源单位统一社会信用代码",
        "record.data_source_uscc",
        required=True,
    ),
    Column("BZ", "备注", "record.remarks"),
)

PENALTY_COLUMNS = (
    *_counterpart("CF"),
    Column("CF_WSH", "行政处罚决定书文号", "record.decision_number", required=True),
    Column("CF_WFXW", "违法行为类型", "record.violation_type", required=True),
    Column("CF_SY", "违法事实", "record.facts", required=True),
    Column("CF_YJ", "处罚依据", "record.legal_basis", required=True),
    Column(
        "CF_CFLB",
        "处罚类别",
        "record.categories",
        values.penalty_categories,
        required=True,
    ),
    Column("CF_NR", "处罚内容", "record.content", required=True),
    Column("CF_NR_FK", "罚款金额（万元）", "record.fine_amount", values.amount),
    Column(
        "CF_NR_WFFF",
        "没收违法所得、没收非法财物的金额（万元）",
        "record.confiscated_amount",
        values.amount,
    ),
    Column("CF_NR_ZKDX", "暂扣或吊销证照名称及编号", "record.licence_affected"),
    Column("CF_JDRQ", "处罚决定日期", "record.decided_on", values.date, required=True),
    Column("CF_YXQ", "处罚有效期", "record.effect_until", values.date, required=True),
    Column("CF_GSJZQ", "公示截止期", "record.declared_publicity_end", values.date),
    Column("CF_CFJG", "处罚机关", "authority.name", required=True),
    Column("CF_CFJGDM", "处罚机关统一社会信用代码", "authority.uscc", required=True),
    Column("CF_SJLY", "数据来源单位", "record.data_source_name", required=True),
    Column(
        "CF_SJLYDM",
        "数据来源单位统一社会信用代码",
        "record.data_source_uscc",
        required=True,
    ),
    # Not in the national format: the portal's extension for the severity
    # class that sets the publicity period (一般 when absent).
    Column("CF_YZCD", "严重程度", "record.severity", values.severity),
    Column("BZ", "备注", "record.remarks"),
)

COLUMNS = {RecordKind.PERMIT: PERMIT_COLUMNS, RecordKind.PENALTY: PENALTY_COLUMNS}


def columns_for(kind: str) -> tuple[Column, ...]:
    return COLUMNS[kind]


def by_field(kind: str) -> dict[str, Column]:
    """Return the column for each `entity.<field>` and `record.<field>` target."""
    mapping = {}
    for column in COLUMNS[kind]:
        mapping.setdefault(column.target, column)
        if column.also:
            mapping.setdefault(column.also, column)
    return mapping


def _normalise(header: str) -> str:
    """Compare headers without case, spaces or full/half-width bracket variants."""
    header = "".join(str(header or "").split()).lstrip("\ufeff")
    return header.replace("(", "（").replace(")", "）").upper()


def resolve_headers(
    kind: str, headers: list
) -> tuple[list[Column | None], str, list[str]]:
    """Match a file's header row to columns; return them, the style and unknowns.

    The style is "codes", "labels" or "mixed"; unknown headers are returned so
    the report can say they were left out.
    """
    by_code = {_normalise(c.code): c for c in COLUMNS[kind]}
    by_label = {_normalise(c.label): c for c in COLUMNS[kind]}
    matched: list[Column | None] = []
    unknown: list[str] = []
    codes = labels = 0
    for header in headers:
        key = _normalise(header)
        if key in by_code:
            matched.append(by_code[key])
            codes += 1
        elif key in by_label:
            matched.append(by_label[key])
            labels += 1
        else:
            matched.append(None)
            if key:
                unknown.append(str(header).strip())
    style = "mixed" if codes and labels else ("labels" if labels else "codes")
    return matched, style, unknown


def other_kind_matches(kind: str, headers: list) -> int:
    """Count headers that are codes of the other record type (a wrong upload)."""
    other = next(k for k in COLUMNS if k != kind)
    own = {_normalise(c.code) for c in COLUMNS[kind]} | {
        _normalise(c.label) for c in COLUMNS[kind]
    }
    theirs = {_normalise(c.code) for c in COLUMNS[other]}
    return sum(1 for h in headers if _normalise(h) in theirs - own)
