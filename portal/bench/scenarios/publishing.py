"""Scenarios for officials' bulk imports: a national-format CSV checked and
published through the same services as the upload page."""

import csv
import datetime
import random
import secrets
from pathlib import Path

from django.core.files.base import File
from stdnum.cn import uscc

from portal.bench.registry import Job, timed
from portal.core.dates import local_today
from portal.publishing.choices import ImportMode
from portal.publishing.services import imports
from portal.publishing.services.officials import create_official
from portal.registry.models import Authority

# The target file; the tiny dataset (tests) uses a small one.
ROWS = {"tiny": 1_000}
DEFAULT_ROWS = 100_000
_HEADERS = [
    "CF_XDR_MC",
    "CF_XDR_LB",
    "CF_XDR_SHXYM",
    "CF_FRDB",
    "CF_WSH",
    "CF_WFXW",
    "CF_SY",
    "CF_YJ",
    "CF_CFLB",
    "CF_NR",
    "CF_NR_FK",
    "CF_JDRQ",
    "CF_YXQ",
    "CF_CFJG",
    "CF_CFJGDM",
    "CF_SJLY",
    "CF_SJLYDM",
    "BZ",
]


def _rows(ctx) -> int:
    return ROWS.get(ctx.dataset.size, DEFAULT_ROWS)


def write_penalties_csv(path: Path, *, authority, rows: int, seed: str) -> None:
    """Write a valid penalty file of new counterparts for the authority."""
    rng = random.Random(seed)
    today = local_today()
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(_HEADERS)
        for i in range(rows):
            # Organisation codes from 8000… keep clear of the demo data's.
            body = f"91{authority.region.code}8{i:07d}9"
            decided = today - datetime.timedelta(days=rng.randint(1, 300))
            fine = rng.choice(("0.2", "0.5", "1", "3.5"))
            writer.writerow(
                [
                    f"基准测试{i}号贸易有限公司",
                    "法人及非法人组织",
                    body + uscc.calc_check_digit(body),
                    "王伟",
                    f"基准罚〔{decided.year}〕{i}号",
                    "食品安全",
                    "经营超过保质期的食品",
                    "《中华人民共和国食品安全法》第一百二十四条",
                    "警告、罚款",
                    f"警告，罚款{int(float(fine) * 10000)}元",
                    fine,
                    decided.isoformat(),
                    decided.isoformat(),
                    authority.name,
                    authority.uscc,
                    authority.name,
                    authority.uscc,
                    "",
                ]
            )


def _prepare(ctx, name: str) -> tuple[Path, int, int]:
    authority = Authority.objects.select_related("region").order_by("pk").first()
    rows = _rows(ctx)
    path = ctx.dataset.path.parent / f"{name}-{ctx.dataset.size}.csv"
    write_penalties_csv(path, authority=authority, rows=rows, seed=name)
    return path, authority.pk, rows


def _official(authority_id: int):
    # A fresh scratch copy of the dataset each run: the name is free.
    official, _device = create_official(
        username=f"bench-official-{secrets.token_hex(4)}",
        password=secrets.token_urlsafe(16),
        authority=Authority.objects.get(pk=authority_id),
    )
    return official


def _batch(path: Path, authority_id: int):
    official = _official(authority_id)
    with path.open("rb") as stream:
        upload = File(stream, name=path.name)
        upload.size = path.stat().st_size
        batch = imports.create_import(official=official, kind="penalty", upload=upload)
    return official, batch


@timed("import-penalties-csv")
def import_penalties(ctx):
    """Check, then publish, a national-format CSV of 100,000 new penalties."""
    path, authority_id, rows = _prepare(ctx, "import-penalties")

    def run():
        official, batch = _batch(path, authority_id)
        batch = imports.check_import(batch=batch)
        batch = imports.start_publish(
            batch=batch, official=official, mode=ImportMode.ALL_OR_NOTHING
        )
        batch = imports.publish_import(batch=batch)
        if batch.created_count != rows:
            raise RuntimeError(f"published {batch.created_count} of {rows} rows")

    return Job(call=run, items=rows, writes=True)


@timed("import-check-csv")
def check_penalties(ctx):
    """Only the check (the validation report) of the same file; nothing written."""
    path, authority_id, rows = _prepare(ctx, "import-check")

    def run():
        _official, batch = _batch(path, authority_id)
        batch = imports.check_import(batch=batch)
        if batch.rows_new != rows:
            raise RuntimeError(f"{batch.rows_new} of {rows} rows valid")

    return Job(call=run, items=rows, writes=True)
