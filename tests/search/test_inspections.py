"""Random-inspection results in the search: found, shown, counted and kept true.

The world (tests/inspections/world.py) has three public results of one drawn
plan (`on_time`, `late`, `corrected`), one withdrawn and one draft; only the
three public ones may be found.
"""

import datetime
import re

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from rest_framework.test import APIClient

from portal.inspections.choices import ResultState, ResultWithdrawalReason
from portal.inspections.models import InspectionResult
from portal.inspections.services import (
    correct_result,
    publish_result,
    withdraw_result,
)
from portal.search import documents as sources
from portal.search import indexing
from portal.search.backends import es_mapping
from portal.search.backends.database import DatabaseBackend
from portal.search.backends.es_query import build_search, parse_response
from portal.search.models import SearchDocument
from portal.search.query import KINDS, parse_query
from tests.inspections.world import inspection_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    world = inspection_world()
    indexing.rebuild()
    return world


def _keys(results) -> set[str]:
    return {hit.key for hit in results.hits}


def _key(result) -> str:
    return f"inspection:{result.pk}"


def _search(**params):
    return DatabaseBackend().search(parse_query(params))


def _public(world) -> set[str]:
    return {_key(world.on_time), _key(world.late), _key(world.corrected)}


def test_inspection_is_a_kind_of_hit():
    assert "inspection" in KINDS


def test_a_result_is_found_by_its_entitys_name(world):
    entity = world.on_time.drawn.entity
    results = _search(q=entity.name, kind="inspection")
    # The entity's other result was withdrawn: only the public one is found.
    assert _keys(results) == {_key(world.on_time)}


def test_the_entitys_uscc_finds_its_results_as_an_exact_match(world):
    entity = world.late.drawn.entity
    results = _search(q=entity.uscc, kind="inspection")
    # Its draft result (by the partner) is not public.
    assert _keys(results) == {_key(world.late)}
    assert results.hits[0].exact


def test_the_plan_number_finds_every_public_result_of_the_plan(world):
    results = _search(q=world.plan.number, kind="inspection")
    assert _keys(results) == _public(world)
    assert all(hit.exact for hit in results.hits)


def test_a_word_of_the_details_finds_the_public_results_only(world):
    # Every result of the world, the withdrawn and the draft included, has
    # these details.
    results = _search(q="台账", kind="inspection")
    assert _keys(results) == _public(world)
    assert _key(world.withdrawn) not in _keys(_search(q="台账"))
    assert _key(world.draft) not in _keys(_search(q="台账"))


def test_the_results_category_and_item_are_searchable(world):
    assert _keys(_search(q="责令改正", kind="inspection")) == {_key(world.on_time)}
    assert _keys(_search(q="纳税申报", kind="inspection")) == set()  # no public one


def test_the_document_holds_what_the_public_sees(world):
    result = world.on_time
    entity, plan = result.drawn.entity, result.drawn.plan
    (document,) = sources.documents("inspection", [result.pk])
    assert document.kind == "inspection" and document.object_id == result.pk
    assert document.title == f"{plan.number} {result.item.title}"
    for line in (entity.name, plan.number, plan.title, result.item.title):
        assert line in document.lines()
    assert "发现问题已责令改正" in document.text
    assert "现场检查经营场所及台账。" in document.text
    assert world.lead.name in document.text
    assert entity.uscc.lower() in document.codes
    assert document.date == datetime.date(2025, 10, 9)
    assert document.region_code == "330102"
    assert document.authority_id == world.lead.pk
    assert document.categories == ("ordered_to_correct",)
    assert document.url == f"/inspections/{plan.pk}/#inspection-result-{result.pk}"


def test_the_url_is_the_plan_pages_when_it_is_installed(world):
    try:
        page = reverse("inspections:plan", args=[world.plan.pk])
    except NoReverseMatch:
        page = f"/inspections/{world.plan.pk}/"
    url = sources.inspection_result_url(world.late)
    assert url == f"{page}#inspection-result-{world.late.pk}"


def test_building_inspection_documents_takes_one_query(
    world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        built = list(sources.documents("inspection"))
    assert {document.key for document in built} == _public(world)


def test_facets_count_the_results_by_kind_and_category(world):
    results = _search(q=world.plan.number)
    counts = {value.value: value.count for value in results.facets["kind"]}
    assert counts["inspection"] == 3
    by_category = {
        value.value: value.count for value in results.categories_by_kind["inspection"]
    }
    # The corrected result counts under its category after the correction.
    assert by_category == {
        "ordered_to_correct": 1,
        "no_problem": 1,
        "pending_follow_up": 1,
    }
    narrowed = _search(
        q=world.plan.number, kind="inspection", category="pending_follow_up"
    )
    assert _keys(narrowed) == {_key(world.corrected)}


def _hit(html: str, url_end: str) -> str:
    hits = html.split('<ol class="hits"')[1].split("</ol>")[0]
    for item in hits.split("<li")[1:]:
        if re.search(rf'href="[^"]*{re.escape(url_end)}"', item):
            return item
    raise AssertionError(f"no hit links to …{url_end}")


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def _anchor(result) -> str:
    return f"inspections/{result.drawn.plan_id}/#inspection-result-{result.pk}"


def test_the_hit_says_what_whose_by_whom_when_and_whether_on_time(client, world):
    html = client.get(
        "/en/search/", {"q": world.plan.number, "kind": "inspection"}
    ).content.decode()
    hit = _hit(html, _anchor(world.on_time))
    text = _text(hit)
    entity = world.on_time.drawn.entity
    assert "Inspection result" in text
    assert f'href="/en/entities/{entity.key}/"' in hit
    assert world.lead.name in text
    assert world.plan.number in text and world.plan.title in text
    assert '<time datetime="2025-10-09">2025-10-09</time>' in hit
    assert "Problem found, correction ordered" in text
    assert "Published on time" in text

    late = _text(_hit(html, _anchor(world.late)))
    # Decided Thursday 9 October 2025; the 20th working day after it is
    # 5 November (Saturday 11 October is a make-up working day).
    assert world.late.publication_deadline == datetime.date(2025, 11, 5)
    assert "Published late: the deadline was 2025-11-05" in late
    assert "No problem found" in late


def test_the_hit_and_the_facets_in_chinese(client, world):
    html = client.get("/search/", {"q": world.plan.number}).content.decode()
    text = _text(_hit(html, _anchor(world.on_time)))
    assert "抽查结果" in text
    assert "检查日期" in text and "抽查计划" in text
    assert "发现问题已责令改正" in text and "按时公示" in text
    late = _text(_hit(html, _anchor(world.late)))
    assert "逾期公示，公示期限为 2025-11-05" in late
    facets = html.split('id="facets"')[1]
    assert "检查结果</h3>" in facets
    assert "kind=inspection&amp;category=pending_follow_up" in facets


def test_the_english_facet_names_the_categories_in_english(client, world):
    html = client.get("/en/search/", {"q": world.plan.number}).content.decode()
    group = html.split('id="facets"')[1].split("Result</h3>")[1]
    group = group.split("</section>")[0]
    assert "Problem found, follow-up pending" in group
    assert "Inspection results" in html.split('id="facets"')[1]


def test_the_api_finds_results_by_uscc(world):
    entity = world.on_time.drawn.entity
    body = (
        APIClient(HTTP_HOST="localhost")
        .get("/api/v1/search/", {"q": entity.uscc, "kind": "inspection"})
        .json()
    )
    assert [(hit["kind"], hit["id"]) for hit in body["results"]] == [
        ("inspection", world.on_time.pk)
    ]
    assert body["results"][0]["url"].endswith(_anchor(world.on_time))


def test_withdrawing_a_result_takes_it_out_of_the_index(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_result(
            authority=world.lead,
            result=world.late,
            reason=ResultWithdrawalReason.ANNULLED,
            note="复议撤销。",
        )
    assert not SearchDocument.objects.filter(key=_key(world.late)).exists()
    assert _key(world.late) not in _keys(_search(q=world.plan.number))
    assert indexing.check().drift == 0


def test_publishing_and_correcting_reach_the_index(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_result(authority=world.partner, result=world.draft)
    assert _key(world.draft) in _keys(_search(q="纳税申报", kind="inspection"))

    with django_capture_on_commit_callbacks(execute=True):
        correct_result(
            authority=world.lead,
            result=world.on_time,
            fields={"category": "no_problem"},
            reason="复核后更正。",
        )
    document = SearchDocument.objects.get(key=_key(world.on_time))
    assert document.categories == ",no_problem,"
    assert indexing.check().drift == 0


def test_a_write_rolled_back_leaves_the_index_alone(
    world, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        withdraw_result(
            authority=world.lead,
            result=world.late,
            reason=ResultWithdrawalReason.ANNULLED,
        )
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert SearchDocument.objects.filter(key=_key(world.late)).exists()


def test_the_check_covers_the_kind(world):
    DatabaseBackend().remove([_key(world.on_time)])
    # Written past the services, as a stray update would: no signal.
    InspectionResult.objects.filter(pk=world.late.pk).update(
        state=ResultState.WITHDRAWN
    )

    report = indexing.check()

    assert report.kinds["inspection"].missing == [_key(world.on_time)]
    assert report.kinds["inspection"].extra == [_key(world.late)]
    indexing.check(repair=True)
    assert indexing.check().drift == 0
    assert indexing.status()["kinds"]["inspection"] == {"indexed": 2, "public": 2}


def test_renaming_the_entity_reindexes_its_results(
    world, django_capture_on_commit_callbacks
):
    entity = world.corrected.drawn.entity
    entity.name = "更名后的网络科技有限公司"
    entity.save()
    assert indexing.check().kinds["inspection"].stale == [_key(world.corrected)]

    with django_capture_on_commit_callbacks(execute=True):
        indexing.schedule_reindex_showing(entity)

    assert _keys(_search(q="更名后的网络", kind="inspection")) == {
        _key(world.corrected)
    }


# Elasticsearch: the same documents and filters, without a cluster.


def test_the_elasticsearch_source_of_a_result_fits_the_mapping(world):
    (document,) = sources.documents("inspection", [world.corrected.pk])
    source = es_mapping.to_source(document)
    assert set(source) <= set(es_mapping.mapping()["properties"])
    assert source["kind"] == "inspection"
    assert source["categories"] == ["pending_follow_up"]
    assert source["date"] == "2025-10-10" and source["year"] == 2025
    assert source["province_code"] == "330000"
    assert world.corrected.drawn.entity.uscc.lower() in source["codes"]
    assert source["url"].endswith(_anchor(world.corrected))


def test_the_elasticsearch_query_narrows_to_the_kind_and_category():
    uscc = "91330100MA2B3C4D5E"
    body = build_search(
        parse_query({"q": uscc, "kind": "inspection", "category": "no_problem"})
    )
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"kind": ["inspection"]}} in filters
    assert {"term": {"categories": "no_problem"}} in filters
    codes = [
        clause["constant_score"]["filter"]["term"]["codes"]
        for clause in body["query"]["bool"]["should"]
        if "term" in clause.get("constant_score", {}).get("filter", {})
    ]
    assert codes == [uscc.lower()]
    # Each kind's categories are counted apart: room for every kind.
    assert body["aggs"]["category_by_kind"]["terms"]["size"] == len(KINDS)


def test_an_elasticsearch_response_with_results_reads_back():
    query = parse_query({"q": "台账", "kind": "inspection"})
    body = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_source": {
                        "key": "inspection:5",
                        "kind": "inspection",
                        "object_id": 5,
                        "title": "杭市监抽〔2026〕3号 食品经营许可情况检查1",
                        "url": "/inspections/2/#inspection-result-5",
                        "text": ["现场检查经营场所及台账。"],
                        "codes": ["91330100ma2b3c4d5e"],
                        "date": "2025-10-09",
                    }
                }
            ],
        },
        "aggregations": {
            "category_by_kind": {
                "buckets": [
                    {
                        "key": "inspection",
                        "doc_count": 1,
                        "category": {
                            "buckets": [{"key": "no_problem", "doc_count": 1}]
                        },
                    }
                ]
            }
        },
    }
    results = parse_response(body, query)
    (hit,) = results.hits
    assert (hit.kind, hit.object_id) == ("inspection", 5)
    assert hit.url == "/inspections/2/#inspection-result-5"
    assert "<mark>台账</mark>" in hit.snippet
    assert results.categories_by_kind["inspection"][0].value == "no_problem"


def test_a_result_withdrawn_since_indexing_shows_only_that_it_was(client, world):
    # The index is a step behind: the withdrawal's reindex has not run yet.
    withdraw_result(
        authority=world.lead,
        result=world.on_time,
        reason=ResultWithdrawalReason.RECORDED_IN_ERROR,
    )
    html = client.get(
        "/en/search/", {"q": world.plan.number, "kind": "inspection"}
    ).content.decode()
    hit = _hit(html, _anchor(world.on_time))
    assert "Withdrawn" in _text(hit)
    assert world.lead.name not in _text(hit)
