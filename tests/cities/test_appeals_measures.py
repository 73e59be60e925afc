"""The appeals measures of the statistics, on cases whose every figure is known.

The cases go through the real services with the moment of each step given,
around the 2024 National Day week (1–7 October off; Sunday 29 September and
Saturday 12 October worked). One repair application is decided after its
deadline.
"""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from portal.appeals.choices import AppealKind, Outcome
from portal.appeals.services import handling
from portal.cities import measures
from portal.cities.models import Average, Summary
from portal.cities.statistics import refresh_statistics
from portal.disclosures.choices import Severity
from portal.registry.models import Authority
from tests.appeals.factories import SITE, make_appeal
from tests.cities.conftest import TODAY
from tests.factories import make_authority, make_batch, make_designation, make_penalty
from tests.publishing.factories import make_official

D = datetime.date
pytestmark = pytest.mark.django_db


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _penalty(authority):
    # Serious, decided in January 2024: public today, repairable from July 2024.
    return make_penalty(
        authority=authority, decided_on=D(2024, 1, 10), severity=Severity.SERIOUS
    )


@pytest.fixture
def cases(regions, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    first = make_batch(number=1)
    make_designation(batch=first, region=regions["hangzhou"])
    make_designation(batch=first, region=regions["yiwu"])
    hz = make_authority(region=regions["hangzhou"], name="杭州市市场监督管理局")
    yw = make_authority(
        region=regions["yiwu"],
        name="义乌市市场监督管理局",
        level=Authority.Level.COUNTY,
    )
    hz_handler = make_official(authority=hz, is_appeals_handler=True)
    yw_handler = make_official(authority=yw, is_appeals_handler=True)

    def decide(official, appeal, outcome, day):
        return handling.decide_appeal(
            official=official,
            appeal=appeal,
            outcome=outcome,
            reason="理由",
            site_url=SITE,
            now=at(day),
        )

    # A: repair received Friday 27 September, accepted Wednesday 9 October
    # (decision due 10, 11 and the make-up Saturday 12 October), decided
    # Monday 14 October: late, 8 working days after receipt.
    a = make_appeal(_penalty(hz), now=at(D(2024, 9, 27))).appeal
    a = handling.accept_appeal(
        official=hz_handler, appeal=a, site_url=SITE, now=at(D(2024, 10, 9))
    )
    a = decide(hz_handler, a, Outcome.REPAIRED, D(2024, 10, 14))
    # B: objection received 8 October, rejected 10 October: 2 days, in time.
    b = make_appeal(
        _penalty(hz), kind=AppealKind.OBJECTION, now=at(D(2024, 10, 8))
    ).appeal
    b = decide(hz_handler, b, Outcome.REJECTED, D(2024, 10, 10))
    # C: objection received 20 December, still open.
    c = make_appeal(
        _penalty(hz), kind=AppealKind.OBJECTION, now=at(D(2024, 12, 20))
    ).appeal
    # D: objection received 30 December, upheld 6 January 2025: 31 December,
    # 2, 3 and 6 January (New Year's Day off): 4 days, in time.
    d = make_appeal(
        _penalty(hz), kind=AppealKind.OBJECTION, now=at(D(2024, 12, 30))
    ).appeal
    d = decide(hz_handler, d, Outcome.UPHELD, D(2025, 1, 6))
    # E: repair at Yiwu, received Monday 10 February 2025, granted Wednesday.
    e = make_appeal(_penalty(yw), now=at(D(2025, 2, 10))).appeal
    e = decide(yw_handler, e, Outcome.REPAIRED, D(2025, 2, 12))
    refresh_statistics(today=TODAY)
    return {"hz": hz, "yw": yw, "cases": (a, b, c, d, e), **regions}


def authority(obj, period) -> Summary:
    return Summary.objects.get(subject="authority", authority=obj, period=period)


def city(region, period) -> Summary:
    return Summary.objects.get(subject="city", region=region, period=period)


def test_the_cases_themselves(cases):
    a, b, c, d, e = cases["cases"]
    assert (a.due_on, a.decided_in_time, a.handling_days) == (D(2024, 10, 12), False, 8)
    assert (b.decided_in_time, b.handling_days) == (True, 2)
    assert c.decided_on is None and c.due_on == D(2025, 1, 13)
    assert (d.decided_in_time, d.handling_days) == (True, 4)
    assert (e.decided_in_time, e.handling_days) == (True, 2)


def test_an_appeal_decided_after_its_deadline(cases):
    row = authority(cases["hz"], "2024Q4")
    # Received in 2024Q4: B, C, D (A came in 2024Q3).
    assert row.appeals_received == 3
    # Resolved in 2024Q4: A (late, 8 days) and B (in time, 2 days).
    assert row.appeals_resolved == 2
    assert row.appeals_in_time == 1
    assert row.appeals_in_time_share == 0.5
    assert row.handling_days == {"2": 1, "8": 1}
    assert row.median_handling_days == 5.0
    assert row.repairs_granted == 1
    # Nothing was published: the record measures are empty.
    assert (row.records, row.on_time_share) == (0, None)


def test_quarters_and_years(cases):
    q3 = authority(cases["hz"], "2024Q3")
    assert (q3.appeals_received, q3.appeals_resolved) == (1, 0)
    assert q3.median_handling_days is None and q3.appeals_in_time_share is None
    q1 = authority(cases["hz"], "2025Q1")
    assert (q1.appeals_received, q1.appeals_resolved, q1.repairs_granted) == (0, 1, 0)
    assert (q1.median_handling_days, q1.appeals_in_time_share) == (4.0, 1.0)
    year = authority(cases["hz"], "2024")
    assert (year.appeals_received, year.appeals_resolved) == (4, 2)
    assert year.median_handling_days == 5.0


def test_per_city(cases):
    hangzhou = city(cases["hangzhou"], "2024Q4")
    assert (hangzhou.appeals_received, hangzhou.appeals_resolved) == (3, 2)
    assert hangzhou.repairs_granted == 1
    # Yiwu's case counts for Yiwu and for Jinhua around it.
    for region in (cases["yiwu"], cases["jinhua"]):
        row = city(region, "2025Q1")
        assert (row.appeals_received, row.appeals_resolved) == (1, 1)
        assert (row.median_handling_days, row.repairs_granted) == (2.0, 1)


def test_averages(cases):
    demonstration = Average.objects.get(group="demonstration", period="2024Q4")
    assert demonstration.members == 1  # Hangzhou
    assert demonstration.appeals_in_time_share == 0.5
    assert demonstration.median_handling_days == 5.0
    everyone = Average.objects.get(group="all_authorities", period="2025Q1")
    # Hangzhou (4 days, in time, no repair) and Yiwu (2 days, in time, one).
    assert everyone.median_handling_days == 3.0
    assert everyone.repairs_granted == 0.5


def test_the_pages_csv_and_api_show_them(client, cases):
    listing = client.get("/cities/", {"period": "2024Q4", "sort": "-appeals_received"})
    assert measures.APPEALS_RECEIVED.label_with_unit in listing.content.decode()
    table = client.get("/cities/cities.csv", {"period": "2024Q4"})
    rows = list(csv.reader(io.StringIO(table.content.decode().lstrip("\ufeff"))))
    hangzhou = next(row for row in rows if row[0] == "杭州市")
    values = dict(zip(rows[0], hangzhou, strict=True))
    assert values[measures.APPEALS_RECEIVED.label_with_unit] == "3"
    assert values[measures.APPEALS_RESOLVED.label_with_unit] == "2"
    assert values[measures.MEDIAN_HANDLING.label_with_unit] == "5.0"
    assert values[measures.APPEALS_IN_TIME.label_with_unit] == "50.0"
    assert values[measures.REPAIRS_GRANTED.label_with_unit] == "1"

    page = client.get("/cities/330100/", {"period": "2024Q4"}).content.decode()
    assert "chart-appeals" in page
    chart = client.get("/cities/330100/appeals.csv")
    assert chart.status_code == 200
    assert "2024Q4" in chart.content.decode()

    authority_page = client.get(cases["hz"].get_absolute_url()).content.decode()
    assert "chart-appeals" in authority_page

    api = client.get(
        "/api/v1/statistics/authorities/",
        {"period": "2024Q4", "authority": cases["hz"].pk},
    ).json()
    result = api["results"][0] if "results" in api else api[0]
    assert result["appeals_received"] == 3
    assert result["appeals_in_time_share"] == 0.5
    assert result["median_handling_days"] == 5.0
    assert result["repairs_granted"] == 1
