"""Random inspections (双随机、一公开) for the demo data.

Inspectors (执法检查人员名录库), a few declared conflicts, and plans over the
eighteen months up to `today`: committed, drawn with a public value, their
results recorded and published (most within 20 working days, a few late, some
corrected or withdrawn) and closed; a few plans still committed to a public
value that does not exist yet, and one draft. Everything goes through
portal.inspections.services with `at=` times in the past and secrets from the
seeded generator (never `secrets`), so the same seed and day give the same
plans, commitments and draws, and every draw verifies with verify_draw.py.

Recusal decides the populations. An inspector is barred from an entity their
own unit penalised in the last three years (portal/inspections/pools.py), and
a plan is refused when an entity keeps fewer free inspectors than a team
needs. So a plan of one authority can only cover entities it never
penalised, and a joint plan entities that enough of its units did not. Each
plan takes the largest population in its lead's jurisdiction (a region code
prefix and a counterpart category) that passes the same rule, checked here
before the service commits; a plan that finds none is left out (in a tiny
dataset, or one so large that every region holds an entity each unit
penalised).

A plan closes when its last result went online. `correct_result` takes no
time of its own: a correction's change-log entry carries the time of the run.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Max

from portal.core.workdays import get_calendar
from portal.demodata import authorities, names
from portal.demodata.entities import years_before
from portal.demodata.texts.inspections import (
    ADVERT,
    CONFLICT_NOTES,
    CORRECTIONS,
    ECOLOGY,
    ENTERPRISE,
    FOOD,
    JOINT_ALL,
    JOINT_ECOLOGY,
    JOINT_TAX,
    MARKET,
    OUTCOMES,
    PRICE,
    PRODUCT,
    TAX,
    WITHDRAWAL,
    Theme,
)
from portal.disclosures.models import Penalty
from portal.inspections import services
from portal.inspections.choices import PlanState, ResultWithdrawalReason
from portal.inspections.choices import Stratification as Strata
from portal.inspections.models import InspectionPlan, Inspector
from portal.registry.models import Authority, Entity, Region

_SHANGHAI = ZoneInfo("Asia/Shanghai")
_ONE_DAY = datetime.timedelta(days=1)
# A plan below this many entities would hardly be a random draw.
MIN_POPULATION = 3
# Letters in inspectors' public codes, e.g. 330100-SJ-0012 (市监).
_CODE_LETTERS = {MARKET: "SJ", TAX: "SW", ECOLOGY: "HJ"}
_INSPECTORS = {  # by kind, then level: how many each unit has in the directory
    MARKET: {"provincial": 12, "municipal": 9, "county": 6},
    TAX: {"provincial": 6, "municipal": 5, "county": 4},
    ECOLOGY: {"provincial": 6, "municipal": 5, "county": 4},
}


@dataclass(frozen=True)
class Slot:
    """One demo plan: its state today, theme and how long ago it was committed."""

    state: str
    theme: Theme
    days_ago: int
    team_size: int = 2
    # Led by the demo officials' authority, alone or in this joint theme,
    # whichever covers more entities; None for another market regulator.
    hangzhou: Theme | None = None
    source: str = "3d"  # the public value: 3d, pl3 (lotteries) or index
    twists: frozenset[str] = frozenset()


# Oldest first; the generator runs them in this order.
SLOTS = (
    Slot("closed", ENTERPRISE, 520, twists=frozenset({"conflict", "corrected"})),
    Slot("closed", JOINT_TAX, 470, twists=frozenset({"withdrawn"})),
    Slot("closed", FOOD, 430, twists=frozenset({"late", "corrected"})),
    Slot(
        "closed",
        PRODUCT,
        370,
        team_size=3,
        source="index",
        twists=frozenset({"conflict"}),
    ),
    Slot("closed", PRICE, 320, source="pl3"),
    Slot("drawn", ADVERT, 230, twists=frozenset({"overdue", "late"})),
    Slot(
        "drawn",
        JOINT_ECOLOGY,
        170,
        team_size=3,
        twists=frozenset({"conflict"}),
    ),
    Slot("drawn", ENTERPRISE, 110, hangzhou=JOINT_ALL, source="pl3"),
    Slot("drawn", FOOD, 55, twists=frozenset({"conflict"})),
    Slot("committed", ADVERT, 6, hangzhou=JOINT_TAX),
    Slot("committed", JOINT_ALL, 3, source="pl3"),
    Slot("draft", FOOD, 1, hangzhou=FOOD),
)


@dataclass(frozen=True)
class Choice:
    lead: Authority
    units: tuple[Authority, ...]  # the lead first, then the partners
    theme: Theme
    prefix: str
    category: str
    rows: tuple[tuple[int, str, str], ...]  # (entity pk, key, region code)


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=_SHANGHAI
    )


def _cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class Jurisdictions:
    """The demo's entities and penalties, read once, for choosing populations."""

    def __init__(self):
        self.groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
        rows = Entity.objects.exclude(region=None).values_list(
            "pk", "key", "region__code", "category"
        )
        for pk, key, code, category in rows.order_by("region__code", "key"):
            self.groups.setdefault((code, category), []).append((pk, key))
        self.codes = sorted({code for code, _category in self.groups})
        # entity pk -> {authority pk: the latest penalty it decided about it}
        self.cases: dict[int, dict[int, datetime.date]] = {}
        latest = (
            Penalty.objects.filter(authority__kind__in=tuple(_INSPECTORS))
            .values("entity_id", "authority_id")
            .annotate(day=Max("decided_on"))
            .values_list("entity_id", "authority_id", "day")
        )
        for entity_id, authority_id, day in latest:
            self.cases.setdefault(entity_id, {})[authority_id] = day
        # entity pk -> Counter of units whose inspectors declared a conflict
        self.declared: dict[int, Counter] = {}

    def prefixes(self, region: Region) -> list[str]:
        """Return the region code prefixes within the region's jurisdiction."""
        if region.level == Region.Level.PROVINCE:
            base = region.code[:2]
        elif region.level == Region.Level.PREFECTURE:
            base = region.code[:4]
        else:
            base = region.code
        found = {base}
        for code in self.codes:
            if code.startswith(base):
                found.add(code)
                if region.level == Region.Level.PROVINCE and code.endswith("00"):
                    found.add(code[:4])
        return sorted(found, key=lambda p: (len(p), p))

    def free_inspectors(self, pk: int, counts: dict[int, int], since) -> int:
        """Return how many of the units' inspectors may inspect the entity."""
        cases = self.cases.get(pk, {})
        declared = self.declared.get(pk, Counter())
        return sum(
            count - declared[unit]
            for unit, count in counts.items()
            if cases.get(unit, datetime.date.min) < since
        )

    def population(self, counts, team_size, prefix, category, since):
        """Return the population's rows if every entity keeps a full team."""
        rows = []
        for code in self.codes:
            if not code.startswith(prefix):
                continue
            for pk, key in self.groups.get((code, category), ()):
                if self.free_inspectors(pk, counts, since) < team_size:
                    return None
                rows.append((pk, key, code))
        return tuple(rows) if len(rows) >= MIN_POPULATION else None


class InspectionMaker:
    """Create the demo's inspectors and plans through the inspection services."""

    def __init__(self, *, rng, today: datetime.date):
        self.rng, self.today = rng, today
        self.calendar = get_calendar()
        self.places = Jurisdictions()
        authorities = Authority.objects.filter(kind__in=tuple(_INSPECTORS))
        self.regions = {
            region.code: region for region in Region.objects.select_related("parent")
        }
        self.by_place = {
            (a.region.code, a.kind): a
            for a in authorities.select_related("region__parent").order_by("pk")
        }
        self.leads = sorted(
            (a for (_code, kind), a in self.by_place.items() if kind == MARKET),
            key=lambda a: a.region.code,
        )
        self.hangzhou = self.by_place.get(("330100", MARKET))
        self.inspectors: dict[int, list[Inspector]] = {}
        self.numbers: Counter = Counter()
        self.used: set[int] = set()
        self.conflicts: set[tuple[int, int]] = set()

    # Who and whom ------------------------------------------------------------

    def inspector_count(self, unit: Authority) -> int:
        # Fixed by the unit, not the seed, so that choices can count on it.
        return _INSPECTORS[unit.kind][unit.level] + int(unit.region.code) % 3

    def _units(self, lead, kinds) -> tuple[Authority, ...] | None:
        partners = [self.by_place.get((lead.region.code, kind)) for kind in kinds]
        return None if None in partners else (lead, *partners)

    def _best(self, lead, theme, team_size, since) -> Choice | None:
        """Return the lead's largest population that every team can inspect."""
        units = self._units(lead, theme.partners)
        if units is None:
            return None
        counts = {unit.pk: self.inspector_count(unit) for unit in units}
        for category in theme.categories:
            best = None
            for prefix in self.places.prefixes(lead.region):
                rows = self.places.population(
                    counts, team_size, prefix, category, since
                )
                if rows and (best is None or len(rows) > len(best.rows)):
                    best = Choice(lead, units, theme, prefix, category, rows)
            if best:
                return best
        return None

    def choose(self, slot, since) -> Choice | None:
        """Return the lead and population of a slot, or None if none can be drawn.

        The demo officials' authority (杭州市市场监督管理局) leads its slots,
        alone or jointly with its city's departments, whichever covers more
        entities; each other slot goes to another market regulator, the one
        with the largest population.
        """
        if slot.hangzhou and self.hangzhou is not None:
            best = None
            for theme in (slot.theme, slot.hangzhou):
                choice = self._best(self.hangzhou, theme, slot.team_size, since)
                if choice and (best is None or len(choice.rows) > len(best.rows)):
                    best = choice
            if best:
                return best
        best = None
        for lead in self.leads:
            if lead.pk in self.used or lead == self.hangzhou:
                continue
            choice = self._best(lead, slot.theme, slot.team_size, since)
            if choice and (best is None or len(choice.rows) > len(best.rows)):
                best = choice
        if best:
            self.used.add(best.lead.pk)
        return best

    def _draft_choice(self, slot, since) -> Choice | None:
        # A draft need not be drawable yet: if no population is, it shows the
        # lead's whole area.
        lead = self.hangzhou or (self.leads[0] if self.leads else None)
        if lead is None:
            return None
        choice = self._best(lead, slot.theme, slot.team_size, since)
        if choice:
            return choice
        base = self.places.prefixes(lead.region)[0]
        category = slot.theme.categories[0]
        rows = tuple(
            (pk, key, code)
            for code in self.places.codes
            if code.startswith(base)
            for pk, key in self.places.groups.get((code, category), ())
        )
        return Choice(lead, (lead,), slot.theme, base, category, rows)

    def ensure_inspectors(self, unit: Authority) -> list[Inspector]:
        if unit.pk not in self.inspectors:
            count = self.inspector_count(unit)
            serials = sorted(self.rng.sample(range(1, 100), count))
            letters = _CODE_LETTERS[unit.kind]
            self.inspectors[unit.pk] = [
                services.add_inspector(
                    authority=unit,
                    code=f"{unit.region.code}-{letters}-{serial:04d}",
                    name=names.person(self.rng),
                )
                for serial in serials
            ]
        return self.inspectors[unit.pk]

    # Days -----------------------------------------------------------------------

    def _working_day(self, day: datetime.date, step: int = 1) -> datetime.date:
        while not self.calendar.is_working_day(day):
            day += step * _ONE_DAY
        return day

    def _trading_day(self, day: datetime.date) -> datetime.date:
        while day.weekday() >= 5 or not self.calendar.is_working_day(day):
            day += _ONE_DAY
        return day

    def _public_value(self, source: str, day: datetime.date) -> tuple[str, str]:
        """Return the words naming the public value of `day`, and its value.

        Issues are numbered by the day of the year (the real series pauses
        for a few days at the Spring Festival, so it runs a little lower).
        """
        rng = self.rng
        if source == "index":
            return (
                f"上海证券交易所公布的{_cn_date(day)}上证综合指数收盘点位，"
                "保留两位小数，如“3287.45”",
                f"{rng.uniform(3050, 3550):.2f}",
            )
        issue = day.timetuple().tm_yday
        digits = f"{rng.randrange(1000):03d}"
        if source == "pl3":
            name = f"中国体育彩票排列3第{day:%y}{issue:03d}期开奖号码"
        else:
            name = f"中国福利彩票3D第{day.year}{issue:03d}期开奖号码"
        return (
            f"{name}（{_cn_date(day)}开奖），按开奖顺序连写三位数字，如“058”",
            digits,
        )

    # Plans ----------------------------------------------------------------------

    def _number(self, lead, year: int, joint: bool) -> str:
        key = (lead.pk, year)
        if key not in self.numbers:
            self.numbers[key] = self.rng.randrange(5)
        self.numbers[key] += 1
        mark = "联抽" if joint else "抽"
        return f"{authorities.prefix(lead)}{mark}〔{year}〕{self.numbers[key]}号"

    def _scope(self, choice: Choice) -> str:
        if choice.prefix == self.places.prefixes(choice.lead.region)[0]:
            return ""
        code = choice.prefix if len(choice.prefix) == 6 else choice.prefix + "00"
        region = self.regions.get(code)
        if region is None:
            return ""
        if region == choice.lead.region:
            return authorities.place_name(region).removesuffix("市") + "市区"
        return authorities.place_name(region)

    def _sizes(self, choice: Choice) -> tuple[str, dict[str, int]]:
        counts = Counter(code for _pk, _key, code in choice.rows)
        stratification = Strata.REGION if len(counts) > 1 else Strata.ALL
        if stratification == Strata.ALL:
            counts = Counter({"all": len(choice.rows)})
        # Large populations are sampled as real plans are (a few per cent,
        # at least one per stratum of three or more), small ones more.
        total = len(choice.rows)
        low, high = (
            (0.04, 0.08) if total >= 100 else (0.1, 0.2) if total >= 30 else (0.25, 0.4)
        )
        ratio = self.rng.uniform(low, high)
        sizes = {
            label: min(n, round(n * ratio) or (1 if n >= MIN_POPULATION else 0))
            for label, n in sorted(counts.items())
        }
        if not sum(sizes.values()) and counts:
            largest = max(sorted(counts), key=counts.__getitem__)
            sizes[largest] = 1
        return stratification, sizes

    def _declare_conflict(self, choice: Choice, slot, since) -> None:
        counts = {unit.pk: self.inspector_count(unit) for unit in choice.units}
        pk, _key, _code = self.rng.choice(choice.rows)
        cases = self.places.cases.get(pk, {})
        if cases.get(choice.lead.pk, datetime.date.min) >= since:
            return  # its unit is barred anyway
        if self.places.free_inspectors(pk, counts, since) - 1 < slot.team_size:
            return
        inspector = self.rng.choice(self.inspectors[choice.lead.pk])
        if (inspector.pk, pk) in self.conflicts:
            return
        services.declare_conflict(
            authority=choice.lead,
            inspector=inspector,
            entity=Entity.objects.get(pk=pk),
            note=self.rng.choice(CONFLICT_NOTES),
        )
        self.conflicts.add((inspector.pk, pk))
        self.places.declared.setdefault(pk, Counter())[choice.lead.pk] += 1

    def make(self, slot: Slot) -> InspectionPlan | None:
        """Create the slot's plan and take it as far as its state; None if none."""
        rng, today = self.rng, self.today
        commit_day = self._working_day(today - slot.days_ago * _ONE_DAY, -1)
        since = years_before(commit_day, 3)
        if slot.state == PlanState.DRAFT:
            choice = self._draft_choice(slot, since)
        else:
            choice = self.choose(slot, since)
        if choice is None:
            return None
        for unit in choice.units:
            self.ensure_inspectors(unit)
        if slot.state in (PlanState.COMMITTED, PlanState.DRAFT):
            value_day = today + rng.randint(2, 10) * _ONE_DAY
            value_day += (30 if slot.state == PlanState.DRAFT else 0) * _ONE_DAY
        else:
            value_day = commit_day + rng.randint(2, 5) * _ONE_DAY
        if slot.source == "index":
            value_day = self._trading_day(value_day)
        source, value = self._public_value(slot.source, value_day)
        draw_day = self.calendar.add_working_days(value_day, 1)
        starts_on = self.calendar.add_working_days(draw_day, rng.randint(2, 6))
        ends_on = starts_on + rng.randint(60, 110) * _ONE_DAY
        stratification, sizes = self._sizes(choice)
        scope = self._scope(choice)
        lead = choice.lead
        plan = services.create_plan(
            authority=lead,
            number=self._number(lead, commit_day.year, len(choice.units) > 1),
            title=f"{starts_on.year}年度{scope}{choice.theme.name}",
            starts_on=starts_on,
            ends_on=ends_on,
            public_value_source=source,
            partners=choice.units[1:],
            region_prefix=choice.prefix,
            category=choice.category,
            stratification=stratification,
            team_size=slot.team_size,
            sizes=sizes,
        )
        by_kind = {unit.kind: unit for unit in choice.units}
        for item in choice.theme.items:
            services.add_item(
                authority=lead,
                plan=plan,
                title=item.title,
                legal_basis=item.basis,
                responsible=by_kind[item.kind],
            )
        if slot.state == PlanState.DRAFT:
            return plan
        if "conflict" in slot.twists:
            self._declare_conflict(choice, slot, since)
        services.freeze_and_commit(
            authority=lead,
            plan=plan,
            at=_moment(commit_day, rng.randint(9, 16), rng.randrange(60)),
            make_secret=lambda: f"{rng.getrandbits(256):064x}",
        )
        if slot.state == PlanState.COMMITTED:
            return plan
        plan = services.enter_public_value_and_draw(
            authority=lead,
            plan=plan,
            public_value=value,
            at=_moment(draw_day, rng.randint(9, 11), rng.randrange(60)),
        )
        ResultMaker(self, plan, slot, choice.theme).make()
        return plan


class ResultMaker:
    """Inspect a drawn plan's entities and publish their results, as of today."""

    def __init__(self, maker, plan: InspectionPlan, slot: Slot, theme: Theme):
        self.plan, self.slot = plan, slot
        self.rng, self.today = maker.rng, maker.today
        self.calendar = maker.calendar
        self.items = list(plan.items.select_related("authority").order_by("order"))
        # The plan's items are the theme's, added in order.
        self.outcomes = {
            item.pk: OUTCOMES[made.outcome]
            for item, made in zip(self.items, theme.items, strict=True)
        }
        self.published = []  # (result, published day)
        self.late_pending = "late" in slot.twists

    def make(self) -> None:
        rows = list(self.plan.drawn.order_by("position"))
        for index, row in enumerate(rows):
            day = self._inspection_day()
            if day > self.today:
                continue  # not inspected yet
            withheld = "overdue" in self.slot.twists and index == len(rows) - 1
            for item in self.items:
                self._result(row, item, day, publish=not withheld)
        if "corrected" in self.slot.twists:
            self._correct()
        if "withdrawn" in self.slot.twists and self.published:
            self._withdraw(*self.published[-1])
        if self.slot.state == PlanState.CLOSED:
            last = max((day for _result, day in self.published), default=self.today)
            services.close_plan(
                authority=self.plan.authority,
                plan=self.plan,
                at=_moment(last, 18, 0),
            )

    def _inspection_day(self) -> datetime.date:
        plan = self.plan
        span = (plan.ends_on - plan.starts_on).days
        day = plan.starts_on + self.rng.randint(0, span) * _ONE_DAY
        while not self.calendar.is_working_day(day):
            day -= _ONE_DAY
        return max(day, plan.starts_on)

    def _delay(self) -> int:
        """Return working days from inspection to publication."""
        rng = self.rng
        if self.late_pending or rng.random() < 0.06:
            self.late_pending = False
            return rng.randint(22, 35)
        return rng.choice((2, 3, 3, 4, 5, 5, 6, 7, 8, 10, 12, 15, 18))

    def _result(self, row, item, day, *, publish: bool) -> None:
        rng = self.rng
        weights = [weight for _category, weight, _details in self.outcomes[item.pk]]
        category, _weight, details = rng.choices(self.outcomes[item.pk], weights)[0]
        result = services.record_result(
            authority=item.authority,
            drawn=row,
            item=item,
            category=category,
            decided_on=day,
            details=details,
        )
        published_on = self.calendar.add_working_days(day, self._delay())
        if self.slot.state == PlanState.CLOSED:
            published_on = min(published_on, self.today)
        if not publish or published_on > self.today:
            return  # a draft: not due yet, or overdue
        result = services.publish_result(
            authority=item.authority,
            result=result,
            at=_moment(published_on, rng.randint(9, 17), rng.randrange(60)),
        )
        self.published.append((result, published_on))

    def _correct(self) -> None:
        for result, _day in self.published:
            if result.category == "no_problem":
                outcome = self.outcomes[result.item_id]
                category, _weight, details = next(
                    o for o in outcome if o[0] != "no_problem"
                )
                services.correct_result(
                    authority=result.authority,
                    result=result,
                    fields={"category": category, "details": details},
                    reason=self.rng.choice(CORRECTIONS),
                )
                return

    def _withdraw(self, result, published_on) -> None:
        day = min(self.today, published_on + self.rng.randint(8, 25) * _ONE_DAY)
        services.withdraw_result(
            authority=result.authority,
            result=result,
            reason=ResultWithdrawalReason.OBJECTION_UPHELD,
            note=WITHDRAWAL,
            at=_moment(day, 10, self.rng.randrange(60)),
        )


def generate_inspections(*, rng, today: datetime.date) -> int:
    """Create the demo's random inspections; return how many plans were made.

    Only into a database without inspectors or plans: the demo's directory
    codes and plan numbers are fixed, so a second run adds none.
    """
    if Inspector.objects.exists() or InspectionPlan.objects.exists():
        return 0
    maker = InspectionMaker(rng=rng, today=today)
    if not maker.leads or not maker.places.codes:
        return 0
    if maker.hangzhou is not None:
        maker.ensure_inspectors(maker.hangzhou)
    return sum(maker.make(slot) is not None for slot in SLOTS)
