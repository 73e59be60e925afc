import io
import socket
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.disclosures.choices import RecordState
from portal.search import indexing
from portal.search.models import SearchDocument
from tests.factories import make_company, make_list_entry, make_penalty, make_permit


@pytest.fixture
def indexed(db):
    records = {"penalty": make_penalty(), "permit": make_permit()}
    indexing.rebuild()
    return records


def _key(record):
    return f"{record._meta.model_name}:{record.pk}"


def test_a_fresh_index_has_no_drift(indexed):
    assert indexing.check().drift == 0


def test_check_reports_missing_stale_and_extra_and_repair_fixes_them(indexed):
    penalty, permit = indexed["penalty"], indexed["permit"]
    missing = make_company(name="新登记的公司")
    penalty.facts = "更正后的违法事实"
    penalty.save()  # newer than its document: stale
    permit.state = RecordState.WITHDRAWN
    permit.save()  # no longer public: extra

    report = indexing.check()

    assert report.kinds["entity"].missing == [_key(missing)]
    assert report.kinds["penalty"].stale == [_key(penalty)]
    assert report.kinds["permit"].extra == [_key(permit)]
    assert report.drift == 3 and not report.repaired

    repaired = indexing.check(repair=True)

    assert repaired.repaired and repaired.drift == 3
    assert indexing.check().drift == 0
    assert "更正后的违法事实" in SearchDocument.objects.get(key=_key(penalty)).text


def test_a_failed_reindex_is_logged_and_never_blocks_the_write(
    indexed, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken():
        raise ConnectionError("index unreachable")

    monkeypatch.setattr(indexing, "get_backend", broken)
    with django_capture_on_commit_callbacks(execute=True):
        indexing.schedule_reindex("penalty", [indexed["penalty"].pk])

    assert "Could not reindex penalty" in caplog.text


def test_status_counts_indexed_and_public_per_kind(indexed):
    make_company()  # public, not indexed yet

    status = indexing.status()

    assert status["backend"] == "database" and status["ok"]
    assert status["kinds"]["penalty"] == {"indexed": 1, "public": 1}
    entities = status["kinds"]["entity"]
    assert entities["public"] == entities["indexed"] + 1


def test_the_command_rebuilds_checks_and_reports(db):
    make_penalty()
    out = io.StringIO()

    call_command("search_index", "rebuild", stdout=out)
    call_command("search_index", "check", stdout=out)
    call_command("search_index", "status", stdout=out)

    text = out.getvalue()
    assert "documents/second" in text
    assert "The index matches the records." in text
    assert "penalty: 1 indexed, 1 public" in text


def test_the_check_command_fails_on_drift_unless_repairing(indexed):
    make_company()

    with pytest.raises(CommandError, match="drifted"):
        call_command("search_index", "check", stdout=io.StringIO())

    out = io.StringIO()
    call_command("search_index", "check", "--repair", stdout=out)
    assert "Brought the search index up to date: 1 documents and 0 problems fixed." in (
        out.getvalue()
    )
    call_command("search_index", "check", stdout=io.StringIO())


def test_the_first_repair_of_a_new_site_says_it_built_the_index(db):
    """`make run` on a fresh clone: an empty index is not reported as "missing"."""
    make_penalty()
    make_company()
    out = io.StringIO()
    call_command("search_index", "check", "--repair", stdout=out)
    text = out.getvalue()
    assert text.startswith("Built the search index: ")
    assert "missing" not in text
    call_command("search_index", "check", stdout=io.StringIO())


def _indexed_text(record):
    return SearchDocument.objects.get(key=_key(record)).text


def test_renaming_an_entity_makes_the_records_quoting_it_stale(indexed):
    entity = indexed["penalty"].entity
    entity.name = "更名后的科技有限公司"
    entity.save()

    report = indexing.check()

    assert report.kinds["entity"].stale == [_key(entity)]
    assert report.kinds["penalty"].stale == [_key(indexed["penalty"])]


def test_reindexing_what_shows_an_entity_refreshes_its_records(
    indexed, django_capture_on_commit_callbacks
):
    penalty = indexed["penalty"]
    entity = penalty.entity
    entity.name = "更名后的科技有限公司"
    entity.save()

    with django_capture_on_commit_callbacks(execute=True):
        indexing.schedule_reindex_showing(entity)

    assert "更名后的科技有限公司" in _indexed_text(penalty)
    assert "更名后的科技有限公司" in _indexed_text(entity)
    assert indexing.check().drift == 0


def test_renaming_an_authority_in_the_admin_reindexes_its_records(
    indexed, admin_client, django_capture_on_commit_callbacks
):
    authority = indexed["penalty"].authority
    url = reverse("admin:registry_authority_change", args=[authority.pk])
    form = {
        "name": "杭州市市场监督管理局（更名）",
        "uscc": authority.uscc,
        "region": authority.region_id,
        "level": authority.level,
        "kind": authority.kind,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert "杭州市市场监督管理局（更名）" in _indexed_text(indexed["penalty"])


def test_deleting_list_entries_in_the_admin_takes_them_out_of_the_index(
    db, admin_client, django_capture_on_commit_callbacks
):
    kept, deleted = make_list_entry(), make_list_entry()
    indexing.rebuild()
    assert SearchDocument.objects.filter(key=_key(deleted)).exists()
    url = reverse("admin:creditlists_listentry_changelist")
    form = {
        "action": "delete_selected",
        "_selected_action": [deleted.pk],
        "post": "yes",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not SearchDocument.objects.filter(key=_key(deleted)).exists()
    assert SearchDocument.objects.filter(key=_key(kept)).exists()
    assert indexing.check().drift == 0


def test_document_urls_are_the_pages_own_in_the_default_language(db):
    from django.utils import translation

    from portal.search import documents as sources

    penalty, permit = make_penalty(), make_permit()
    with translation.override("en"):  # whatever language is active
        built = {
            "penalty": sources.penalty_document(penalty).url,
            "permit": sources.permit_document(permit).url,
            "entity": sources.entity_document(penalty.entity).url,
        }
    with translation.override("zh-hans"):
        assert built == {
            "penalty": penalty.get_absolute_url(),
            "permit": permit.get_absolute_url(),
            "entity": penalty.entity.get_absolute_url(),
        }


@pytest.mark.parametrize("kind", ["permit", "penalty", "entity", "listentry"])
def test_building_documents_takes_the_same_few_queries_however_many(
    db, kind, django_assert_max_num_queries
):
    from portal.search import documents as sources
    from tests.factories import make_credit_list, make_list_entry

    credit_list = make_credit_list()
    for _ in range(5):
        make_penalty()
        make_permit()
        make_list_entry(credit_list=credit_list)
    # One query reads them all: a field the builders need but the source does
    # not load would add a query per document.
    with django_assert_max_num_queries(1):
        built = list(sources.documents(kind))
    assert len(built) >= 5


@pytest.fixture
def silent_cluster(settings):
    """A cluster that accepts connections and never answers, at the default
    timeout."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.getsockname()[1]}"
        yield


def test_updates_after_a_write_never_wait_on_a_silent_cluster(
    indexed,
    settings,
    silent_cluster,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    from portal.search.backends.elasticsearch import ElasticsearchBackend

    settings.ELASTICSEARCH_BREAKER_FAILURES = 1
    calls = []
    index = ElasticsearchBackend.index

    def counting(self, documents, **kwargs):
        calls.append(1)
        return index(self, documents, **kwargs)

    monkeypatch.setattr(ElasticsearchBackend, "index", counting)
    penalty = indexed["penalty"]
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        indexing.schedule_reindex("penalty", [penalty.pk])
    # Loose: only a stall of the old 5 s timeout fails this.
    assert time.monotonic() - started < 3
    assert "Could not reindex penalty" in caplog.text

    # The breaker is open: the next publish does not even try.
    with django_capture_on_commit_callbacks(execute=True):
        indexing.schedule_reindex("penalty", [penalty.pk])
    assert len(calls) == 1
    assert "left for `search_index check --repair`" in caplog.text
