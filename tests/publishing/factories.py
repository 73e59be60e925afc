"""Builders for the officials' area: officials with TOTP devices, import files."""

import csv
import datetime
import io
import itertools

from django.utils import timezone
from django_otp.oath import TOTP
from openpyxl import Workbook

from portal.publishing.importing.columns import columns_for
from portal.publishing.services.officials import create_official
from tests.factories import make_authority, make_uscc

_serial = itertools.count(1)
PASSWORD = "correct-horse-battery-staple-7"


def make_official(*, authority=None, **roles):
    """Return an official (with a confirmed TOTP device) of the authority."""
    roles.setdefault("is_publisher", True)
    official, _device = create_official(
        username=f"official{next(_serial)}",
        password=PASSWORD,
        authority=authority or make_authority(),
        confirmed_device=True,
        **roles,
    )
    return official


def totp_code(user, *, offset: int = 0) -> str:
    """Return the code the official's app shows now (`offset` steps away)."""
    device = user.totpdevice_set.get()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def penalty_row(authority, **overrides) -> dict:
    """Return a valid penalty row as {column code: text}."""
    decided = timezone.localdate() - datetime.timedelta(days=5)
    row = {
        "CF_XDR_MC": f"杭州测试贸易有限公司{next(_serial)}",
        "CF_XDR_LB": "法人及非法人组织",
        "CF_XDR_SHXYM": make_uscc(),
        "CF_FRDB": "王伟",
        "CF_WSH": f"杭市监罚〔2026〕{next(_serial)}号",
        "CF_WFXW": "食品安全",
        "CF_SY": "经营超过保质期的食品",
        "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
        "CF_CFLB": "警告、罚款",
        "CF_NR": "警告，罚款2000元",
        "CF_NR_FK": "0.2",
        "CF_JDRQ": decided.isoformat(),
        "CF_YXQ": decided.isoformat(),
        "CF_CFJG": authority.name,
        "CF_CFJGDM": authority.uscc,
        "CF_SJLY": authority.name,
        "CF_SJLYDM": authority.uscc,
        "BZ": "",
    }
    row.update(overrides)
    return row


def permit_row(authority, **overrides) -> dict:
    decided = timezone.localdate() - datetime.timedelta(days=3)
    row = {
        "XK_XDR_MC": f"杭州测试餐饮有限公司{next(_serial)}",
        "XK_XDR_LB": "法人及非法人组织",
        "XK_XDR_SHXYM": make_uscc(),
        "XK_FRDB": "李强",
        "XK_XKWS": "食品经营许可决定书",
        "XK_WSH": f"浙许〔2026〕{next(_serial)}号",
        "XK_XKLB": "普通",
        "XK_NR": "食品销售经营者（预包装食品销售）",
        "XK_JDRQ": decided.isoformat(),
        "XK_YXQZ": decided.isoformat(),
        "XK_YXQZI": "长期",
        "XK_XKJG": authority.name,
        "XK_XKJGDM": authority.uscc,
        "XK_LYDW": authority.name,
        "XK_LYDWDM": authority.uscc,
    }
    row.update(overrides)
    return row


def _header(kind: str, codes, *, labels: bool):
    label_of = {column.code: column.label for column in columns_for(kind)}
    return [label_of[code] if labels else code for code in codes]


def csv_bytes(kind, rows, *, encoding="utf-8", labels=False) -> bytes:
    codes = list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header(kind, codes, labels=labels))
    for row in rows:
        writer.writerow([row.get(code, "") for code in codes])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(kind, rows, *, labels=False, typed=False) -> bytes:
    """Return an XLSX file; `typed` stores dates and amounts as cell values."""
    codes = list(rows[0])
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(_header(kind, codes, labels=labels))
    for row in rows:
        cells = []
        for code in codes:
            value = row.get(code, "")
            if typed and code.endswith(("_JDRQ", "_YXQ", "_YXQZ")) and value:
                value = datetime.date.fromisoformat(value)
            elif typed and code.endswith("_FK") and value:
                value = float(value)
            cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
