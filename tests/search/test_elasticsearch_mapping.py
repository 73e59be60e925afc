import datetime

import pytest

from portal.search.backends import elasticsearch as es_backend
from portal.search.backends import es_mapping
from portal.search.documents import Document
from portal.search.tokens import FIELD_BREAK

MAPPING = es_mapping.mapping()["properties"]
SETTINGS = es_mapping.settings()


def make_document(**overrides) -> Document:
    fields = {
        "key": "penalty:7",
        "kind": "penalty",
        "object_id": 7,
        "title": "深环罚〔2024〕12号",
        "text": "深环罚〔2024〕12号\n超标排放废水\n\n深圳市生态环境局",
        "codes": ("深环罚202412号",),
        "url": "/penalties/7/",
        "date": datetime.date(2024, 3, 5),
        "region_code": "440304",
        "authority_id": 3,
        "authority_name": "深圳市生态环境局",
        "categories": ("environment", ""),
        "list_slug": "",
        "updated_at": datetime.datetime(2024, 3, 6, 8, 0, tzinfo=datetime.UTC),
    }
    return Document(**{**fields, **overrides})


def _analyzer(name: str) -> dict:
    return SETTINGS["analysis"]["analyzer"][name]


def test_title_and_text_use_the_cjk_analyzer():
    for field in ("title", "text"):
        assert MAPPING[field]["type"] == "text"
        assert _analyzer(MAPPING[field]["analyzer"])["type"] == "cjk"


def test_cjk_analyzer_keeps_english_stop_words():
    assert _analyzer("portal_cjk")["stopwords"] == "_none_"


def test_title_has_a_keyword_sub_field():
    assert MAPPING["title"]["fields"]["keyword"]["type"] == "keyword"


def test_searches_match_the_tokens_the_database_indexes_too():
    # Whitespace keeps each token of portal.search.tokens whole, so a phrase of
    # tokens matches in Elasticsearch exactly where it does in the database.
    assert MAPPING["tokens"] == {"type": "text", "analyzer": "whitespace"}


def test_codes_are_keywords_with_a_lowercase_normalizer():
    assert MAPPING["codes"]["type"] == "keyword"
    normalizer = SETTINGS["analysis"]["normalizer"][MAPPING["codes"]["normalizer"]]
    assert normalizer["filter"] == ["lowercase"]


@pytest.mark.parametrize(
    ("field", "type_"),
    [
        ("key", "keyword"),
        ("kind", "keyword"),
        ("object_id", "long"),
        ("url", "keyword"),
        ("date", "date"),
        ("year", "integer"),
        ("region_code", "keyword"),
        ("province_code", "keyword"),
        ("authority_id", "long"),
        ("authority_name", "keyword"),
        ("categories", "keyword"),
        ("list_slug", "keyword"),
        ("updated_at", "date"),
    ],
)
def test_field_types(field, type_):
    assert MAPPING[field]["type"] == type_


def test_url_is_stored_but_not_indexed():
    assert MAPPING["url"]["index"] is False


def test_unknown_fields_are_refused():
    assert es_mapping.mapping()["dynamic"] == "strict"


def test_one_shard():
    assert SETTINGS["number_of_shards"] == 1


def test_versioned_index_name_behind_the_alias():
    moment = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)
    name = es_mapping.index_name("portal", moment)
    assert es_mapping.alias_name("portal") == "portal-documents"
    assert name == "portal-documents-20240506070809123456"
    assert es_mapping.is_version_of(name, "portal")
    assert not es_mapping.is_version_of("portal-documents", "portal")
    assert not es_mapping.is_version_of(name, "other")


def test_index_name_uses_utc():
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    moment = datetime.datetime(2024, 5, 6, 7, 0, tzinfo=shanghai)
    assert es_mapping.index_name("p", moment) == "p-documents-20240505230000000000"


def test_source_of_a_document():
    source = es_mapping.to_source(make_document())
    assert source["text"] == ["深环罚〔2024〕12号", "超标排放废水", "深圳市生态环境局"]
    assert source["date"] == "2024-03-05"
    assert source["year"] == 2024
    assert source["province_code"] == "440000"
    assert source["categories"] == ["environment"]
    assert source["updated_at"] == "2024-03-06T08:00:00+00:00"
    assert source["tokens"] == make_document().tokens()
    assert f"废水 {FIELD_BREAK} 深圳" in source["tokens"]
    # Empty values are left out, so that no facet counts an empty string.
    assert "list_slug" not in source
    assert set(source) <= set(MAPPING)


def test_source_of_an_undated_entity():
    source = es_mapping.to_source(
        make_document(kind="entity", date=None, authority_id=None, authority_name="")
    )
    assert "date" not in source
    assert "year" not in source
    assert "authority_id" not in source


class _FakeIndices:
    def __init__(self, existing):
        self.existing = dict(existing)  # name → aliases
        self.calls = []

    def create(self, *, index, settings, mappings):
        self.calls.append(("create", index))
        self.existing[index] = []

    def put_settings(self, *, index, settings):
        self.calls.append(("put_settings", index))

    def refresh(self, *, index):
        self.calls.append(("refresh", index))

    def get_alias(self, *, name):
        return _Response(
            {n: {} for n, aliases in self.existing.items() if name in aliases}
        )

    def update_aliases(self, *, actions):
        self.calls.append(("update_aliases", actions))

    def get(self, *, index):
        return _Response({name: {} for name in self.existing})

    def delete(self, *, index, **kwargs):
        self.calls.append(("delete", index))


class _Response:
    def __init__(self, body):
        self.body = body


class _FakeClient:
    def __init__(self, existing):
        self.indices = _FakeIndices(existing)


def _fake_bulk(client, actions, chunk_size, **kwargs):
    for action in actions:
        client.indices.calls.append(("bulk", action["_index"], action["_id"]))
        yield True, {"index": {"_id": action["_id"], "status": 201}}


def test_rebuild_swaps_the_alias_atomically_and_drops_older_versions(monkeypatch):
    monkeypatch.setattr(es_backend, "streaming_bulk", _fake_bulk)
    old = "portal-documents-20200101000000000000"
    client = _FakeClient({old: ["portal-documents"], "portal-other": []})
    backend = es_backend.ElasticsearchBackend(prefix="portal", client=client)
    done = []

    documents = [make_document(key=f"penalty:{n}", object_id=n) for n in range(3)]
    written = backend.rebuild(documents, progress=done.append)

    assert written == 3
    assert sum(done) == 3
    calls = client.indices.calls
    new = calls[0][1]
    assert calls[0][0] == "create"
    assert es_mapping.is_version_of(new, "portal")
    assert [call[1] for call in calls if call[0] == "bulk"] == [new] * 3
    assert ("refresh", new) in calls
    swaps = [call[1] for call in calls if call[0] == "update_aliases"]
    assert swaps == [
        [
            {"remove": {"index": old, "alias": "portal-documents"}},
            {"add": {"index": new, "alias": "portal-documents"}},
        ]
    ]
    assert [call for call in calls if call[0] == "delete"] == [("delete", old)]
    # The old version goes only once readers have moved to the new one.
    assert calls.index(("delete", old)) > calls.index(("update_aliases", swaps[0]))


def test_failed_rebuild_keeps_the_old_index(monkeypatch):
    def failing_bulk(client, actions, chunk_size, **kwargs):
        raise RuntimeError("bulk failed")
        yield

    monkeypatch.setattr(es_backend, "streaming_bulk", failing_bulk)
    old = "portal-documents-20200101000000000000"
    client = _FakeClient({old: ["portal-documents"]})
    backend = es_backend.ElasticsearchBackend(prefix="portal", client=client)

    with pytest.raises(RuntimeError):
        backend.rebuild([make_document()], progress=lambda n: None)

    calls = client.indices.calls
    new = calls[0][1]
    assert ("delete", new) in calls
    assert ("delete", old) not in calls
    assert not [call for call in calls if call[0] == "update_aliases"]


def test_index_and_remove_write_to_the_alias(monkeypatch):
    sent = []

    def fake_bulk(client, actions, chunk_size, **kwargs):
        for action in actions:
            sent.append((action["_op_type"], action["_index"], kwargs))
            result = "deleted" if action["_id"] == "penalty:7" else "not_found"
            yield True, {action["_op_type"]: {"_id": action["_id"], "result": result}}

    monkeypatch.setattr(es_backend, "streaming_bulk", fake_bulk)
    client = _FakeClient({"portal-documents-20200101000000000000": []})
    client.indices.exists_alias = lambda name: True
    backend = es_backend.ElasticsearchBackend(prefix="portal", client=client)

    assert backend.index([make_document()]) == 1
    assert backend.remove(["penalty:7", "penalty:8"]) == 1
    assert [(op, index) for op, index, _ in sent] == [
        ("index", "portal-documents"),
        ("delete", "portal-documents"),
        ("delete", "portal-documents"),
    ]
    assert sent[0][2]["refresh"] is False
    assert sent[1][2]["ignore_status"] == (404,)
