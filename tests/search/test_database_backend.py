"""The database backend's own machinery: its rows and the rebuild on each engine."""

import pytest
from django.db import connection
from django.utils import translation

from portal.search import indexing
from portal.search.backends import database
from portal.search.backends.database import DatabaseBackend
from portal.search.models import SearchDocument
from portal.search.query import parse_query
from tests.factories import make_company, make_penalty


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
