"""The database backend's own machinery: its rows and the rebuild on each engine."""

import pytest
from django.db import connection
from django.utils import translation

from portal.search import indexing
from portal.search.backends import database
from portal.search.backends.database import DatabaseBackend
from portal.search.models import SearchDocument
from portal.search.query import parse_query
from tests.factories import make_authority, make_company, make_penalty, make_region


def _found(backend, text):
    return [hit.key for hit in backend.search(parse_query({"q": text})).hits]


def test_rows_are_written_to_every_column_of_the_model():
    columns = {
        field.column
        for field in SearchDocument._meta.concrete_fields
        if not field.primary_key
    }
    assert set(database._COLUMNS) == columns


def test_a_rebuilt_index_still_follows_later_writes(db):
    backend = DatabaseBackend()
    company = make_company(name="杭州华信网络科技有限公司")
    backend.rebuild(indexing.all_documents(), progress=lambda n: None)
    later = make_company(name="宁波海通贸易有限公司")

    indexing.reindex_objects("entity", [later.pk], backend=backend)
    indexing.reindex_objects("entity", [company.pk], backend=backend)

    assert _found(backend, "海通") == [f"entity:{later.pk}"]
    assert _found(backend, "华信") == [f"entity:{company.pk}"]
    assert backend.problems() == []


def test_an_interrupted_rebuild_is_reported_and_repaired(db):
    backend = DatabaseBackend()
    company = make_company(name="杭州华信网络科技有限公司")
    penalty = make_penalty()

    def dies_half_way():
        documents = indexing.all_documents()
        yield next(documents)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        backend.rebuild(dies_half_way(), progress=lambda n: None)
    with translation.override("en"):
        report = indexing.check()

    if connection.vendor == "sqlite":
        assert report.problems and "interrupted" in report.problems[0]
    assert not report.healthy

    repaired = indexing.check(repair=True)

    assert repaired.repaired
    assert indexing.check().healthy
    assert f"entity:{company.pk}" in _found(backend, "华信网络")
    assert _found(backend, penalty.decision_number)[:1] == [f"penalty:{penalty.pk}"]


@pytest.fixture
def five_matches(db):
    companies = [make_company(name=f"杭州华信第{n}分公司") for n in "一二三四五"]
    DatabaseBackend().rebuild(indexing.all_documents(), progress=lambda n: None)
    return companies


def _kind_total(results):
    return sum(value.count for value in results.facets["kind"])


def test_past_the_cap_the_total_stays_exact_and_facets_say_they_are_partial(
    five_matches, monkeypatch
):
    monkeypatch.setattr(database._sql, "CAP", 3)
    for params in ({"q": "华信"}, {"q": "华信", "kind": "entity"}):
        results = DatabaseBackend().search(parse_query(params))

        assert results.total == 5
        assert not results.facets_complete
        assert _kind_total(results) == 3
        assert results.ranked


def test_too_many_matches_to_rank_are_still_all_found_unranked(
    five_matches, monkeypatch
):
    monkeypatch.setattr(database._sql, "RANK_LIMIT", 4)

    results = DatabaseBackend().search(parse_query({"q": "华信"}))

    assert not results.ranked
    assert results.total == 5
    assert {hit.key for hit in results.hits} == {
        f"entity:{company.pk}" for company in five_matches
    }
    # Filters and date order still rank in the database as before.
    filtered = DatabaseBackend().search(parse_query({"q": "华信", "kind": "entity"}))
    assert filtered.ranked and filtered.total == 5


def test_facets_are_counted_in_the_database_not_from_every_match(db):
    # 75 matches over three regions and two kinds: the statements must
    # return the page and the groups, never a row per match.
    regions = [make_region(code=code) for code in ("330100", "440300", "110100")]
    authority = make_authority()
    for n in range(60):
        company = make_company(name=f"杭州华信第{n}分公司", region=regions[n % 3])
        if n % 4 == 0:
            make_penalty(
                entity=company,
                authority=authority,
                facts=f"华信第{n}分公司销售过期食品",
            )
    DatabaseBackend().rebuild(indexing.all_documents(), progress=lambda n: None)
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    for params in ({"q": "华信"}, {"q": "华信", "kind": "entity"}):
        statements.clear()
        with connection.execute_wrapper(record):
            results = DatabaseBackend().search(parse_query(params))
        assert results.total == (75 if "kind" not in params else 60)
        assert sum(value.count for value in results.facets["kind"]) == results.total
        # The penalties are all decided in Hangzhou (the factory's region).
        penalties = 15 if "kind" not in params else 0
        assert {value.value: value.count for value in results.facets["region"]} == {
            "330000": 20 + penalties,
            "440000": 20,
            "110000": 20,
        }
        with connection.cursor() as cursor:
            for sql, sql_params in statements:
                cursor.execute(sql, sql_params)
                assert len(cursor.fetchall()) < 40, sql
