"""Random inspections in the open data: downloads, bulk files and deltas, the
data dictionary and the authorities' feeds of results."""

import csv
import datetime
import gzip
import io
import json
import xml.etree.ElementTree as ET

import pytest
import time_machine
from openpyxl import load_workbook

from portal.inspections.choices import FileName, ResultWithdrawalReason
from portal.inspections.filtersets import PlanFilterSet, ResultFilterSet
from portal.inspections.models import FrozenFile
from portal.inspections.services import (
    enter_public_value_and_draw,
    freeze_and_commit,
    publish_result,
    record_result,
    withdraw_result,
)
from portal.opendata.datasets import INSPECTION_PLANS, INSPECTION_RESULTS
from portal.opendata.downloads import download
from portal.opendata.models import ExportFile
from portal.opendata.services import build_exports
from portal.registry.models import Region
from tests.factories import make_inspection_plan, make_person
from tests.inspections.world import BEIJING, inspection_world
from tests.opendata.test_feeds import ATOM, parse_atom

pytestmark = pytest.mark.django_db

ORIGIN = "https://credit.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = ORIGIN


@pytest.fixture
def world(db):
    return inspection_world()


@pytest.fixture
def person_result(world):
    """A natural person drawn by a plan of the lead authority, result published."""
    xihu = Region.objects.get(code="330106")
    person = make_person(name="张三丰", region=xihu)
    day = datetime.date(2025, 11, 3)
    moment = datetime.datetime(2025, 11, 3, 9, tzinfo=BEIJING)
    with time_machine.travel(moment, tick=False):
        plan = make_inspection_plan(
            authority=world.lead, category="natural_person", sizes={"all": 1}
        )
        freeze_and_commit(authority=world.lead, plan=plan, make_secret=lambda: "8" * 64)
        enter_public_value_and_draw(authority=world.lead, plan=plan, public_value="1")
        [drawn] = plan.drawn.all()
        assert drawn.entity == person
        result = record_result(
            authority=world.lead,
            drawn=drawn,
            item=plan.items.get(),
            category="no_problem",
            decided_on=day,
        )
        return publish_result(authority=world.lead, result=result)


# Reading files back -----------------------------------------------------------


def _body(response) -> bytes:
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.getvalue()


def _csv(dataset, queryset) -> dict[int, dict]:
    text = _body(download(dataset, queryset, "csv")).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert list(rows[0]) == dataset.column_names
    return {int(row["id"]): row for row in rows}


def _jsonl(dataset, queryset) -> dict[int, dict]:
    lines = _body(download(dataset, queryset, "jsonl")).decode().splitlines()
    return {row["id"]: row for row in map(json.loads, lines)}


def _xlsx(dataset, queryset) -> dict[int, dict]:
    sheet = load_workbook(io.BytesIO(_body(download(dataset, queryset, "xlsx")))).active
    header = [cell.value for cell in sheet[1]]
    assert header == dataset.column_names
    return {
        row[0].value: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2)
    }


def _public(dataset):
    return dataset.base()


def _file(client, export) -> str:
    response = client.get(export.get_absolute_url())
    return gzip.decompress(_body(response)).decode("utf-8")


def _bulk(client, dataset: str, fmt: str) -> str:
    export = ExportFile.objects.get(dataset=dataset, kind="snapshot", format=fmt)
    return _file(client, export)


def _delta(client, dataset: str) -> list[dict]:
    export = ExportFile.objects.get(dataset=dataset, kind="delta")
    return [json.loads(line) for line in _file(client, export).splitlines()]


# The datasets in every format -------------------------------------------------


def test_results_hold_exactly_the_public_rows_in_every_format(world):
    expected = {world.on_time.pk, world.late.pk, world.corrected.pk}
    rows = _csv(INSPECTION_RESULTS, _public(INSPECTION_RESULTS))
    cells = _xlsx(INSPECTION_RESULTS, _public(INSPECTION_RESULTS))
    natives = _jsonl(INSPECTION_RESULTS, _public(INSPECTION_RESULTS))
    assert set(rows) == set(cells) == set(natives) == expected
    assert world.withdrawn.pk not in rows and world.draft.pk not in rows

    late, on_time = rows[world.late.pk], rows[world.on_time.pk]
    assert (late["on_time"], on_time["on_time"]) == ("false", "true")
    # 20 working days after 9 October, the make-up Saturday 11 October counted.
    assert late["publication_deadline"] == "2025-11-05"
    assert late["published_at"] == "2025-12-01T10:00:00+08:00"
    assert cells[world.late.pk]["on_time"].value == "false"
    assert natives[world.late.pk]["on_time"] is False
    published = cells[world.late.pk]["published_at"]
    assert published.value == datetime.datetime(2025, 12, 1, 10)
    assert "+08:00" in published.number_format

    corrected = rows[world.corrected.pk]
    assert corrected["category"] == "pending_follow_up"
    assert corrected["category_label"] == "发现问题待后续处理"
    assert (corrected["version"], corrected["state"]) == ("2", "corrected")
    assert corrected["state_label"] == "已更正"
    assert cells[world.corrected.pk]["category"].value == "pending_follow_up"
    assert cells[world.corrected.pk]["version"].value == 2

    assert (on_time["finding"], late["finding"]) == ("true", "false")
    plan = world.plan
    assert on_time["url"] == (
        f"{ORIGIN}/inspections/{plan.pk}/#inspection-result-{world.on_time.pk}"
    )
    assert natives[world.on_time.pk]["url"] == on_time["url"]
    assert on_time["plan_id"] == str(plan.pk) and on_time["plan_number"] == plan.number
    assert on_time["item_title"] == world.on_time.item.title
    assert on_time["item_legal_basis"] == world.on_time.item.legal_basis
    assert on_time["authority_id"] == str(world.lead.pk)
    assert on_time["authority_name"] == world.lead.name
    entity = world.on_time.drawn.entity
    assert (on_time["entity_key"], on_time["entity_name"]) == (entity.key, entity.name)
    assert on_time["region_code"] == entity.region.code
    assert on_time["region_name"] == entity.region.name


def test_plans_hold_the_committed_and_drawn_plans_with_their_draw(world):
    plan, committed = world.plan, world.committed
    rows = _csv(INSPECTION_PLANS, _public(INSPECTION_PLANS))
    cells = _xlsx(INSPECTION_PLANS, _public(INSPECTION_PLANS))
    natives = _jsonl(INSPECTION_PLANS, _public(INSPECTION_PLANS))
    assert set(rows) == set(cells) == set(natives) == {plan.pk, committed.pk}

    row = rows[plan.pk]
    assert row["url"] == f"{ORIGIN}/inspections/{plan.pk}/"
    assert (row["number"], row["title"]) == (plan.number, plan.title)
    assert (row["authority_id"], row["authority_name"]) == (
        str(world.lead.pk),
        world.lead.name,
    )
    assert row["partner_names"] == world.partner.name
    assert natives[plan.pk]["partner_ids"] == [world.partner.pk]
    assert row["items_count"] == "2"
    assert (row["region_prefix"], row["stratification"]) == ("3301", "region")
    assert row["sample_sizes"] == "330102:2;330106:1"
    assert (row["sample_size"], row["pool_size"], row["team_size"]) == ("3", "7", "2")
    assert (row["starts_on"], row["ends_on"]) == ("2026-03-01", "2026-06-30")
    assert (row["state"], row["commitment"]) == ("drawn", plan.commitment)
    assert row["committed_at"] == "2025-09-22T10:00:00+08:00"
    assert row["drawn_at"] == "2025-09-22T10:00:00+08:00"
    assert (row["public_value"], row["seed"]) == ("582", plan.seed)
    assert row["public_value_source"] == plan.public_value_source
    # Three public results: one late, two that found a problem.
    assert (row["drawn_count"], row["results_count"]) == ("3", "3")
    assert (row["findings_count"], row["late_count"]) == ("2", "1")
    for file in FrozenFile.objects.filter(plan=plan):
        assert row[f"{file.name.replace('.', '_')}_sha256"] == file.sha256
    assert cells[plan.pk]["drawn_csv_sha256"].value == row["drawn_csv_sha256"]
    assert cells[plan.pk]["committed_at"].is_date

    waiting = rows[committed.pk]
    assert waiting["state"] == "committed" and waiting["partner_names"] == ""
    assert natives[committed.pk]["partner_ids"] == []
    assert (waiting["seed"], waiting["drawn_at"]) == ("", "")
    assert waiting["drawn_count"] == "0"
    assert waiting["draw_json_sha256"] == ""
    entities = FrozenFile.objects.get(plan=committed, name=FileName.ENTITIES)
    assert waiting["entities_csv_sha256"] == entities.sha256


def test_filtered_downloads_go_through_the_shared_filtersets(world):
    def results(**params):
        filterset = ResultFilterSet(params, queryset=INSPECTION_RESULTS.base())
        assert filterset.is_valid(), filterset.errors
        return filterset.qs

    def plans(**params):
        filterset = PlanFilterSet(params, queryset=INSPECTION_PLANS.base())
        assert filterset.is_valid(), filterset.errors
        return filterset.qs

    assert set(_csv(INSPECTION_RESULTS, results(timeliness="late"))) == {world.late.pk}
    assert set(_xlsx(INSPECTION_RESULTS, results(finding="true"))) == {
        world.on_time.pk,
        world.corrected.pk,
    }
    assert set(_jsonl(INSPECTION_RESULTS, results(category="no_problem"))) == {
        world.late.pk
    }
    # A joint plan is listed under its partner too; committed plans by state.
    assert set(_csv(INSPECTION_PLANS, plans(authority=world.partner.pk))) == {
        world.plan.pk
    }
    assert set(_xlsx(INSPECTION_PLANS, plans(state="committed"))) == {
        world.committed.pk
    }
    # Sorted selections keep their order.
    ordered = _body(
        download(INSPECTION_RESULTS, results(sort="-published"), "jsonl")
    ).splitlines()
    assert [json.loads(line)["id"] for line in ordered] == [
        world.late.pk,
        world.on_time.pk,
        world.corrected.pk,
    ]


# Bulk files and deltas --------------------------------------------------------


def test_a_withdrawal_between_builds_is_removed_with_its_reason(client, world):
    build_exports()
    first = {
        json.loads(line)["id"]
        for line in _bulk(client, "inspection-results", "jsonl.gz").splitlines()
    }
    assert first == {world.on_time.pk, world.late.pk, world.corrected.pk}
    withdraw_result(
        authority=world.lead,
        result=world.on_time,
        reason=ResultWithdrawalReason.ANNULLED,
        note="行政复议撤销原检查结果。",
    )

    build_exports()

    [removed] = _delta(client, "inspection-results")
    assert removed["op"] == "removed" and removed["id"] == world.on_time.pk
    assert removed["removal"]["withdrawal_reason"] == "annulled"
    assert removed["removal"]["withdrawal_reason_label"] == "结果被撤销或宣告无效"
    assert removed["removal"]["withdrawal_note"] == "行政复议撤销原检查结果。"
    assert removed["removal"]["withdrawn_at"].endswith("+08:00")
    assert "record" not in removed
    export = ExportFile.objects.get(dataset="inspection-results", kind="delta")
    assert (export.added, export.changed, export.removed) == (0, 0, 1)
    # The plan's counts changed with it.
    [changed] = _delta(client, "inspection-plans")
    assert (changed["op"], changed["id"]) == ("changed", world.plan.pk)
    assert changed["record"]["results_count"] == 2
    assert changed["record"]["findings_count"] == 1
    snapshot = csv.DictReader(
        io.StringIO(_bulk(client, "inspection-results", "csv.gz").lstrip("\ufeff"))
    )
    assert {int(row["id"]) for row in snapshot} == {world.late.pk, world.corrected.pk}


def test_a_build_without_changes_gives_empty_inspection_deltas(client, world):
    build_exports()
    build_exports()
    assert _delta(client, "inspection-results") == []
    assert _delta(client, "inspection-plans") == []


# The dictionary ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_dictionary_describes_every_column(client, language):
    page = client.get(f"{language}/open-data/dictionary/").content.decode()
    for dataset in (INSPECTION_PLANS, INSPECTION_RESULTS):
        section = page.split(f'id="dataset-{dataset.name}"', 1)[1]
        section = section.split("</section>", 1)[0]
        assert f"/open-data/schemas/{dataset.name}.json" in section
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in section, column.name
    row = page.split("<code>results_count</code>", 1)[1].split("</tr>", 1)[0]
    assert "条 (results)" in row
    row = page.split("<code>team_size</code>", 1)[1].split("</tr>", 1)[0]
    assert "名 (inspectors)" in row
    if language:
        assert "Commitment" in page
        assert "<code>no_problem</code> No problem found" in page
    else:
        assert "承诺值" in page and "<code>no_problem</code> 未发现问题" in page


def test_the_table_schemas_give_units_and_categories(client):
    schema = client.get("/en/open-data/schemas/inspection-results.json").json()
    fields = {field["name"]: field for field in schema["fields"]}
    assert fields["finding"]["type"] == "boolean"
    assert fields["on_time"]["type"] == "boolean"
    assert fields["published_at"]["type"] == "datetime"
    assert "no_problem" in fields["category"]["constraints"]["enum"]
    plans = client.get("/open-data/schemas/inspection-plans.json").json()
    fields = {field["name"]: field for field in plans["fields"]}
    assert fields["late_count"]["unit"] == "条 (results)"
    assert fields["partner_names"]["type"] == "list"


# The feed ---------------------------------------------------------------------


def _feed(client, authority, language=""):
    return parse_atom(
        client.get(
            f"{language}/open-data/feeds/inspections/authorities/{authority.pk}/"
        )
    )


def _by_link(entries) -> dict[str, ET.Element]:
    return {
        entry.find(f"{ATOM}link[@rel='alternate']").get("href"): entry
        for entry in entries
    }


def _anchor(result) -> str:
    return f"/inspections/{result.drawn.plan_id}/#inspection-result-{result.pk}"


def test_the_feed_lists_an_authoritys_published_and_corrected_results(client, world):
    feed, entries = _feed(client, world.lead, "/en")
    links = _by_link(entries)
    assert len(links) == 3
    for result in (world.on_time, world.late, world.corrected):
        assert any(href.endswith(_anchor(result)) for href in links), result
    late = next(e for href, e in links.items() if href.endswith(_anchor(world.late)))
    assert "published late" in late.findtext(f"{ATOM}summary")
    corrected = next(
        e for href, e in links.items() if href.endswith(_anchor(world.corrected))
    )
    assert corrected.findtext(f"{ATOM}title").startswith(
        "Corrected inspection result (version 2)"
    )
    assert "Problem found, follow-up pending" in corrected.findtext(f"{ATOM}title")
    assert "复核发现台账缺失" in corrected.findtext(f"{ATOM}summary")
    # The partner's withdrawn and draft results are not the lead's.
    text = ET.tostring(feed, encoding="unicode")
    assert str(world.withdrawn.pk) not in {href.rsplit("-", 1)[1] for href in links}
    assert "Withdrawn" not in text


def test_a_withdrawal_is_a_notice_that_says_why(client, world):
    _feed_element, entries = _feed(client, world.partner)
    [entry] = entries  # the draft is not there
    href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert href.endswith(_anchor(world.withdrawn))
    assert world.plan.number in entry.findtext(f"{ATOM}title")
    summary = entry.findtext(f"{ATOM}summary")
    assert "2025-12-20" in summary
    assert "录入错误" in summary and "录入错误。" in summary
    assert "现场检查" not in summary  # never the content
    _feed_element, entries = _feed(client, world.stranger)
    assert entries == []
    missing = "/open-data/feeds/inspections/authorities/999999/"
    assert client.get(missing).status_code == 404


# Natural persons --------------------------------------------------------------


def test_natural_persons_are_masked_everywhere(client, world, person_result):
    queryset = INSPECTION_RESULTS.base()
    row = _csv(INSPECTION_RESULTS, queryset)[person_result.pk]
    person = person_result.drawn.entity
    assert row["entity_name"] == "张**"
    assert row["entity_category"] == "natural_person"
    assert row["entity_code"] == person.id_masked
    assert _jsonl(INSPECTION_RESULTS, queryset)[person_result.pk]["entity_name"] == (
        "张**"
    )
    cells = _xlsx(INSPECTION_RESULTS, queryset)[person_result.pk]
    assert cells["entity_name"].value == "张**"
    build_exports()
    for fmt in ("csv.gz", "jsonl.gz"):
        text = _bulk(client, "inspection-results", fmt)
        assert "张**" in text
        assert "张三丰" not in text and person.id_number not in text
    feed, _entries = _feed(client, world.lead)
    text = ET.tostring(feed, encoding="unicode")
    assert "张**" in text and "张三丰" not in text
