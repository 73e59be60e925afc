"""Permits and penalties, decided and published the way real ones are.

Most records go online within the 7 working days the rule allows, about one in
ten later; a few stay drafts, are withdrawn or are corrected.
"""

import bisect
import datetime
import itertools
import math
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from portal.core.dates import add_months
from portal.core.workdays import get_calendar
from portal.demodata.authorities import PROVINCE_ABBREVIATIONS, AuthorityFinder, prefix
from portal.demodata.entities import CATEGORY_SHARES, Pools, years_before
from portal.demodata.texts import PENALTIES, PERMITS
from portal.disclosures.choices import (
    PermitStatus,
    RecordState,
    Severity,
    WithdrawalReason,
)
from portal.disclosures.models import Penalty, Permit
from portal.disclosures.publicity import publicity_window
from portal.registry.models import CounterpartCategory

_SHANGHAI = ZoneInfo("Asia/Shanghai")
_ONE_DAY = datetime.timedelta(days=1)
_LETTERS = {
    "o": CounterpartCategory.ORGANISATION,
    "b": CounterpartCategory.INDIVIDUAL_BUSINESS,
    "p": CounterpartCategory.NATURAL_PERSON,
}
# Working days from decision to publication: on time (1-7) or late (8-30).
_ON_TIME_DELAYS = (1, 2, 3, 4, 5, 6, 7)
_ON_TIME_WEIGHTS = tuple(itertools.accumulate((22, 24, 18, 13, 10, 8, 5)))
_LATE_SHARE = 0.10
_CORRECTIONS = ("违法事实表述", "处罚依据条款", "相对人名称", "罚款金额")
_PERMIT_CORRECTIONS = ("有效期", "许可内容", "相对人名称", "证书编号")
_REVOKED_LICENCES = {
    "market_regulation": "食品经营许可证",
    "health": "公共场所卫生许可证",
    "transport": "道路运输经营许可证",
    "ecology_environment": "排污许可证",
}


def _weighted(rng: random.Random, cum_weights: list, values: list):
    return values[bisect.bisect(cum_weights, rng.random() * cum_weights[-1])]


def _round_yuan(amount: float) -> int:
    """Round to two significant figures (at least hundreds), as fines are set."""
    step = 10 ** max(2, int(math.log10(amount)) - 1)
    return max(step, round(amount / step) * step)


class RecordMaker:
    """Make unsaved, unvalidated permits and penalties for pooled entities."""

    def __init__(
        self,
        *,
        rng: random.Random,
        today: datetime.date,
        finder: AuthorityFinder,
        pools: Pools,
        counters: dict[tuple[int, int, str], int],
    ):
        self.rng, self.today, self.finder, self.pools = rng, today, finder, pools
        self.counters = counters
        self.prefixes = [prefix(a) for a in finder.authorities]
        calendar = get_calendar()
        start = years_before(today, 3) + _ONE_DAY
        days = (start + i * _ONE_DAY for i in range((today - start).days + 1))
        self.workdays = [day for day in days if calendar.is_working_day(day)]
        self._publication_days: dict[tuple[datetime.date, int], datetime.date] = {}
        self._permits = self._prepare(PERMITS)
        self._penalties = self._prepare(PENALTIES)

    def _prepare(self, templates):
        available = [c for c, ids in self.pools.ids.items() if ids]
        if not available:
            raise ValueError("Permits and penalties need entities to be about.")
        prepared = []
        for template in templates:
            categories = [_LETTERS[c] for c in template["counterparts"]]
            categories = [c for c in categories if c in available] or available
            weights = list(itertools.accumulate(CATEGORY_SHARES[c] for c in categories))
            prepared.append((template, weights, categories))
        cum = list(itertools.accumulate(t["weight"] for t in templates))
        return cum, prepared

    def _counterpart(self, weights, categories) -> tuple[int, int, tuple[str, str]]:
        category = _weighted(self.rng, weights, categories)
        ids = self.pools.ids[category]
        # A skew so that some entities collect many records, as in real data.
        position = int(len(ids) * self.rng.random() ** 1.5)
        pools = self.pools
        return (
            ids[position],
            pools.regions[category][position],
            (pools.details[category][position]),
        )

    def _start(self, model, templates, mark: str):
        rng = self.rng
        cum, prepared = templates
        template, weights, categories = _weighted(rng, cum, prepared)
        entity_id, region_index, (name, representative) = self._counterpart(
            weights, categories
        )
        index = self.finder.pick(rng, region_index, template["kind"])
        authority = self.finder.authorities[index]
        decided_on = self.workdays[rng.randrange(len(self.workdays))]
        key = (index, decided_on.year, mark)
        self.counters[key] = count = self.counters.get(key, 0) + 1
        # Numbering does not start at 1 for the demo's first record; the offset
        # is fixed per authority and year, so later runs continue the series.
        number = count + (index * 7919 + decided_on.year * 31) % 240
        width = 4 if mark == "许" else 1
        record = model(
            entity_id=entity_id,
            counterpart_name=name,
            legal_representative=representative,
            authority=authority,  # with its region loaded: no query per record
            decision_number=(
                f"{self.prefixes[index]}{mark}〔{decided_on.year}〕{number:0{width}d}号"
            ),
            decided_on=decided_on,
            data_source_name=authority.name,
            data_source_uscc=authority.uscc,
        )
        return record, template, authority

    def _publish(self, record, corrections) -> None:
        """Set the state and the publication, withdrawal or correction dates."""
        rng = self.rng
        if rng.random() < _LATE_SHARE:
            delay = rng.randint(8, 30)
        else:
            delay = _weighted(rng, _ON_TIME_WEIGHTS, _ON_TIME_DELAYS)
        published_on = self._after(record.decided_on, delay)
        if published_on > self.today or rng.random() < 0.01:
            record.state = RecordState.DRAFT
            return
        record.published_at = datetime.datetime.combine(
            published_on,
            datetime.time(rng.randint(8, 19), rng.randrange(60), rng.randrange(60)),
            tzinfo=_SHANGHAI,
        )
        record.state = RecordState.PUBLISHED
        roll = rng.random()
        if roll < 0.02:
            self._withdraw(record, published_on)
        elif roll < 0.05:
            record.state = RecordState.CORRECTED
            record.version = 2
            corrected_on = min(self.today, published_on + rng.randint(1, 20) * _ONE_DAY)
            record.remarks = (
                f"{corrected_on:%Y-%m-%d}更正：原公示的{rng.choice(corrections)}有误，"
                "已按决定书更正。"
            )

    def _withdraw(self, record, published_on) -> None:
        rng = self.rng
        repair_from = None
        if isinstance(record, Penalty):
            repair_from = publicity_window(
                decided_on=record.decided_on, severity=record.severity
            ).repair_from
        withdrawn_on = min(self.today, published_on + rng.randint(1, 90) * _ONE_DAY)
        roll = rng.random()
        if repair_from is not None and roll < 0.4 and repair_from <= self.today:
            withdrawn_on = max(withdrawn_on, repair_from)
            reason = WithdrawalReason.REPAIR_GRANTED
            note = "当事人已履行行政处罚决定并提交信用承诺书，准予信用修复，撤下公示。"
        elif roll < 0.8:
            reason = WithdrawalReason.ANNULLED
            note = rng.choice(
                (
                    "经行政复议，原决定被撤销。",
                    "经人民法院判决，原决定被撤销。",
                    "原决定机关自行纠正，撤销原决定。",
                )
            )
        else:
            reason = WithdrawalReason.OBJECTION_UPHELD
            note = "当事人提出异议，经核实异议成立，撤下公示。"
        record.state = RecordState.WITHDRAWN
        record.withdrawal_reason = reason
        record.withdrawal_note = note
        record.withdrawn_at = max(
            record.published_at,
            datetime.datetime.combine(withdrawn_on, datetime.time(10), _SHANGHAI),
        )

    def _after(self, day: datetime.date, working_days: int) -> datetime.date:
        key = (day, working_days)
        result = self._publication_days.get(key)
        if result is None:
            result = get_calendar().add_working_days(day, working_days)
            self._publication_days[key] = result
        return result

    def permit(self) -> Permit:
        rng = self.rng
        permit, template, authority = self._start(Permit, self._permits, "许")
        region = authority.region.code
        permit.document_title = template["title"]
        permit.category = template["category"]
        permit.category_other = template.get("category_other", "")
        permit.certificate_name = template["certificate_name"]
        permit.certificate_number = template["certificate"].format(
            region=region,
            year=permit.decided_on.year,
            seq=rng.randrange(1, 10000),
            check=rng.randrange(10),
            abbr=PROVINCE_ABBREVIATIONS[region[:2]],
        )
        permit.content = rng.choice(template["contents"]).format(
            n=rng.randrange(2, 300) * 100
        )
        permit.valid_from = permit.decided_on
        if template["years"]:
            valid_until = add_months(permit.decided_on, 12 * template["years"])
            permit.valid_until = valid_until - _ONE_DAY
        roll = rng.random()
        if permit.valid_until and permit.valid_until < self.today:
            permit.permit_status = PermitStatus.EXPIRED
        elif roll < 0.01:
            permit.permit_status = PermitStatus.REVOKED
        elif roll < 0.02:
            permit.permit_status = PermitStatus.CANCELLED
        self._publish(permit, _PERMIT_CORRECTIONS)
        return permit

    def penalty(self) -> Penalty:
        rng = self.rng
        penalty, template, authority = self._start(Penalty, self._penalties, "罚")
        decided_on = penalty.decided_on
        value = rng.randint(100, 9800)
        gain = rng.randint(50, value)
        item = rng.choice(template["items"])
        seen_on = decided_on - rng.randint(10, 120) * _ONE_DAY
        penalty.violation_type = template["violation"]
        penalty.facts = rng.choice(template["facts"]).format(
            date=f"{seen_on.year}年{seen_on.month}月{seen_on.day}日",
            item=item,
            n=rng.randint(2, 120),
            value=value,
            gain=gain,
            workers=rng.randint(2, 40),
        )
        penalty.legal_basis = template["basis"]
        categories = list(rng.choice(template["categories"]))
        fine = position = None
        if "fine" in categories:
            low, high = template["fine"]
            position = rng.random()
            fine = low * (high / low) ** position
            fine = round(fine) if rng.random() < 0.15 else _round_yuan(fine)
            fine = min(max(fine, 500), 5_000_000)
            penalty.fine_amount = Decimal(fine).scaleb(-4)
        penalty.severity = self._severity(fine, position)
        licence = _REVOKED_LICENCES.get(template["kind"])
        if penalty.severity == Severity.SERIOUS and licence and rng.random() < 0.25:
            categories.append("revoke_permit")
            penalty.licence_affected = (
                f"{licence}（{authority.region.code}{value:06d}）"
            )
        if "confiscate_gains" in categories:
            penalty.confiscated_amount = Decimal(gain).scaleb(-4)
        penalty.categories = categories
        penalty.content = self._content(categories, fine, gain, licence)
        months = {Severity.MINOR: 3, Severity.GENERAL: 12, Severity.SERIOUS: 36}
        penalty.effect_until = add_months(decided_on, months[penalty.severity])
        if rng.random() < 0.4:
            penalty.declared_publicity_end = penalty.effect_until
        self._publish(penalty, _CORRECTIONS)
        return penalty

    def _severity(self, fine, position) -> str:
        roll = self.rng.random()
        if roll < 0.03 + 0.2 * (position or 0) ** 2:
            return Severity.SERIOUS
        minor_share = 0.3 if fine is None or fine <= 2000 else 0.02
        return Severity.MINOR if roll > 1 - minor_share else Severity.GENERAL

    @staticmethod
    def _content(categories, fine, gain, licence) -> str:
        texts = {
            "warning": "警告",
            "fine": f"罚款人民币{fine}元",
            "confiscate_gains": f"没收违法所得{gain}元",
            "confiscate_property": "没收涉案物品",
            "restrict_operations": "责令限制生产",
            "suspend_operations": "责令停业整顿",
            "revoke_permit": f"吊销{licence}",
            "other": "责令限期拆除违法建筑物",
        }
        parts = [texts[c] for c in categories]
        if len(parts) == 1:
            return parts[0] + "。"
        return "；".join(f"{n}.{p}" for n, p in enumerate(parts, start=1)) + "。"
