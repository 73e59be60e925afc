import json

import pytest

from portal.core import identifiers
from portal.core.identifiers import IdType
from portal.search.backends.es_query import (
    EXACT_BOOST,
    build_search,
    parse_response,
)
from portal.search.query import KINDS, SearchQuery, parse_query
from portal.search.results import MAX_FACET_VALUES, FacetValue, Hit
from portal.search.tokens import tokenize

ID_NUMBER = "11010519491231002X"
USCC = "91440300708461136t"


def make_query(*phrases: str, **fields) -> SearchQuery:
    return SearchQuery(
        text=" ".join(phrases),
        phrases=tuple(tuple(tokenize(phrase)) for phrase in phrases),
        **fields,
    )


def _text_clauses(body: dict) -> list[dict]:
    """Return the per-phrase clauses of the text match."""
    text_match = body["query"]["bool"]["should"][0]
    if "constant_score" in text_match:
        text_match = text_match["constant_score"]["filter"]
    return text_match["bool"]["must"]


def _code_terms(body: dict) -> list[dict]:
    return [
        clause["constant_score"]
        for clause in body["query"]["bool"]["should"]
        if "term" in clause.get("constant_score", {}).get("filter", {})
    ]


def test_a_fragment_is_a_phrase_of_the_same_tokens_the_database_indexes():
    body = build_search(make_query("腾讯计算机"))
    assert _text_clauses(body) == [{"match_phrase": {"tokens": "腾讯 讯计 计算 算机"}}]


def test_a_fragment_ending_beside_digits_keeps_its_edge_character():
    # 88号 must find 88号楼: the edge character 号 is a token of its own.
    body = build_search(make_query("88号"))
    assert _text_clauses(body) == [{"match_phrase": {"tokens": "88 号"}}]


def test_a_fragment_ending_inside_digits_matches_its_last_token_as_a_prefix():
    # 办理20 must find 办理2024, as the database backends' prefix does.
    body = build_search(make_query("办理20"))
    assert _text_clauses(body) == [{"match_phrase_prefix": {"tokens": "办理 理 20"}}]


def test_every_phrase_is_required():
    body = build_search(make_query("腾讯计算机", "深圳"))
    assert [clause["match_phrase"]["tokens"] for clause in _text_clauses(body)] == [
        "腾讯 讯计 计算 算机",
        "深圳",
    ]
    assert body["query"]["bool"]["minimum_should_match"] == 1


def test_a_code_alone_also_matches_and_comes_first():
    body = build_search(make_query(USCC, code=USCC))
    should = body["query"]["bool"]["should"]
    # Text match or exact code: either one is enough.
    assert body["query"]["bool"]["minimum_should_match"] == 1
    assert len(should) == 3
    assert _code_terms(body) == [
        {"filter": {"term": {"codes": USCC}}, "boost": EXACT_BOOST}
    ]


def test_the_entity_a_code_names_comes_before_the_records_about_it():
    # Records carry their entity's USCC among their codes: the entity scores
    # twice the boost, its records once, then the date orders them.
    body = build_search(make_query(USCC, code=USCC))
    assert body["query"]["bool"]["should"][-1] == {
        "constant_score": {
            "filter": {
                "bool": {
                    "filter": [
                        {"terms": {"codes": [USCC]}},
                        {"term": {"kind": "entity"}},
                    ]
                }
            },
            "boost": EXACT_BOOST,
        }
    }


def test_no_code_term_without_a_code():
    assert _code_terms(build_search(make_query("腾讯"))) == []


def test_id_number_is_looked_up_by_its_hash_only():
    id_hash = identifiers.identity_hash(IdType.RESIDENT_ID, ID_NUMBER)
    query = make_query(ID_NUMBER, code=ID_NUMBER.lower(), id_hash=id_hash)
    body = build_search(query)
    assert body["query"]["bool"]["should"][0] == {
        "constant_score": {
            "filter": {"term": {"codes": id_hash}},
            "boost": EXACT_BOOST,
        }
    }
    # No text clause: the number is looked up by its hash alone.
    assert not any("bool" in clause for clause in body["query"]["bool"]["should"])
    serialised = json.dumps(body).lower()
    assert ID_NUMBER.lower() not in serialised
    assert ID_NUMBER[:14] not in serialised


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"kinds": ("permit", "penalty")}, {"terms": {"kind": ["permit", "penalty"]}}),
        ({"region": "440000"}, {"term": {"province_code": "440000"}}),
        ({"region": "440300"}, {"prefix": {"region_code": "4403"}}),
        ({"region": "440304"}, {"prefix": {"region_code": "440304"}}),
        ({"authority": 12}, {"term": {"authority_id": 12}}),
        ({"category": "environment"}, {"term": {"categories": "environment"}}),
        ({"list_slug": "dishonest"}, {"term": {"list_slug": "dishonest"}}),
        ({"year": 2024}, {"term": {"year": 2024}}),
    ],
)
def test_filters(fields, expected):
    body = build_search(make_query("腾讯", **fields))
    assert body["query"]["bool"]["filter"] == [expected]


def test_filters_combine():
    body = build_search(make_query("腾讯", kinds=("penalty",), year=2023, authority=4))
    assert len(body["query"]["bool"]["filter"]) == 3


def test_no_filters():
    assert build_search(make_query("腾讯"))["query"]["bool"]["filter"] == []


DATE_DESC = {"date": {"order": "desc", "missing": "_last"}}


def test_relevance_sort():
    body = build_search(make_query("腾讯", sort="relevance"))
    assert body["sort"] == ["_score", DATE_DESC, {"key": "asc"}]
    assert "constant_score" not in body["query"]["bool"]["should"][0]


def test_date_sort_keeps_exact_codes_first():
    body = build_search(make_query("腾讯计算机", code="腾讯计算机", sort="date"))
    assert body["sort"] == ["_score", DATE_DESC, {"key": "asc"}]
    text_match, code_match, _entity_first = body["query"]["bool"]["should"]
    # Text matches score alike, so the date orders them; exact codes score above.
    assert text_match["constant_score"]["boost"] == 1
    assert code_match["constant_score"]["boost"] == EXACT_BOOST


@pytest.mark.parametrize(("page", "offset"), [(1, 0), (2, 20), (5, 80)])
def test_paging(page, offset):
    body = build_search(make_query("腾讯", page=page))
    assert body["from"] == offset
    assert body["size"] == 20
    assert body["track_total_hits"] is True


def test_aggregations_for_every_facet():
    aggs = build_search(make_query("腾讯"))["aggs"]
    aggs.pop("category_by_kind")
    assert {name: agg["terms"]["field"] for name, agg in aggs.items()} == {
        "kind": "kind",
        "region": "province_code",
        "authority": "authority_id",
        "category": "categories",
        "list": "list_slug",
        "year": "year",
    }
    assert {agg["terms"]["size"] for agg in aggs.values()} == {MAX_FACET_VALUES}
    assert aggs["authority"]["aggs"]["name"]["terms"]["field"] == "authority_name"


def test_categories_are_also_counted_per_kind():
    by_kind = build_search(make_query("腾讯"))["aggs"]["category_by_kind"]
    assert by_kind["terms"] == {"field": "kind", "size": len(KINDS)}
    assert by_kind["aggs"]["category"]["terms"] == {
        "field": "categories",
        "size": MAX_FACET_VALUES,
    }


def test_the_text_comes_back_for_snippets_and_the_tokens_do_not():
    assert build_search(make_query("腾讯"))["_source"] == {"excludes": ["tokens"]}


RESPONSE = {
    "took": 3,
    "timed_out": False,
    "hits": {
        "total": {"value": 42, "relation": "eq"},
        "max_score": 1001.5,
        "hits": [
            {
                "_id": "entity:1",
                "_score": 1001.5,
                "_source": {
                    "key": "entity:1",
                    "kind": "entity",
                    "object_id": 1,
                    "title": "深圳市腾讯计算机系统有限公司",
                    "codes": [USCC, "440301103448669"],
                    "url": "/entities/1/",
                    "text": ["深圳市腾讯计算机系统有限公司", "马化腾"],
                },
            },
            {
                "_id": "penalty:9",
                "_score": 2.5,
                "_source": {
                    "key": "penalty:9",
                    "kind": "penalty",
                    "object_id": 9,
                    "title": "深市监罚〔2024〕3号",
                    "codes": ["深市监罚20243号"],
                    "url": "/penalties/9/",
                    "date": "2024-02-01",
                    "text": ["深市监罚〔2024〕3号", "对腾讯的处罚 <a> 二"],
                },
            },
            {
                "_id": "permit:3",
                "_score": 1.0,
                "_source": {
                    "key": "permit:3",
                    "kind": "permit",
                    "object_id": 3,
                    "title": "许可",
                    "url": "/permits/3/",
                },
            },
        ],
    },
    "aggregations": {
        "kind": {"buckets": [{"key": "entity", "doc_count": 30}]},
        "region": {"buckets": [{"key": "440000", "doc_count": 41}]},
        "authority": {
            "buckets": [
                {
                    "key": 7,
                    "doc_count": 12,
                    "name": {
                        "buckets": [{"key": "深圳市市场监督管理局", "doc_count": 12}]
                    },
                }
            ]
        },
        "category": {"buckets": []},
        "category_by_kind": {
            "buckets": [
                {
                    "key": "penalty",
                    "doc_count": 3,
                    "category": {
                        "buckets": [
                            {"key": "fine", "doc_count": 2},
                            {"key": "other", "doc_count": 1},
                        ]
                    },
                },
                {
                    "key": "permit",
                    "doc_count": 1,
                    "category": {"buckets": [{"key": "other", "doc_count": 1}]},
                },
            ]
        },
        "list": {"buckets": [{"key": "dishonest", "doc_count": 2}]},
        "year": {
            "buckets": [
                {"key": 2024, "doc_count": 10},
                {"key": 2023, "doc_count": 2},
            ]
        },
    },
}


def test_parse_response():
    # 腾讯 marks the snippets; the code marks the first hit as an exact match.
    results = parse_response(RESPONSE, make_query("腾讯", code=USCC))
    assert results.total == 42
    assert results.backend == "elasticsearch"
    assert results.degraded is False
    assert results.hits == [
        Hit(
            key="entity:1",
            kind="entity",
            object_id=1,
            title="深圳市腾讯计算机系统有限公司",
            url="/entities/1/",
            snippet="深圳市<mark>腾讯</mark>计算机系统有限公司",
            date="",
            exact=True,
        ),
        Hit(
            key="penalty:9",
            kind="penalty",
            object_id=9,
            title="深市监罚〔2024〕3号",
            url="/penalties/9/",
            snippet="对<mark>腾讯</mark>的处罚 &lt;a&gt; 二",
            date="2024-02-01",
            exact=False,
        ),
        Hit(
            key="permit:3",
            kind="permit",
            object_id=3,
            title="许可",
            url="/permits/3/",
            snippet="许可",
            date="",
            exact=False,
        ),
    ]
    assert results.facets == {
        "kind": [FacetValue("entity", 30)],
        "region": [FacetValue("440000", 41)],
        "authority": [FacetValue("7", 12, "深圳市市场监督管理局")],
        "category": [],
        "list": [FacetValue("dishonest", 2)],
        "year": [FacetValue("2024", 10), FacetValue("2023", 2)],
    }
    assert results.categories_by_kind == {
        "penalty": [FacetValue("fine", 2), FacetValue("other", 1)],
        "permit": [FacetValue("other", 1)],
    }


def test_parse_response_marks_a_person_found_by_id_hash_exact():
    id_hash = identifiers.identity_hash(IdType.RESIDENT_ID, ID_NUMBER)
    response = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_source": {
                        "key": "entity:5",
                        "kind": "entity",
                        "object_id": 5,
                        "title": "张*",
                        "codes": [id_hash],
                        "url": "/entities/5/",
                        "text": ["张*", "110105********002X"],
                    },
                }
            ],
        },
    }
    query = make_query(ID_NUMBER, code=ID_NUMBER.lower(), id_hash=id_hash)
    results = parse_response(response, query)
    assert results.hits[0].exact is True
    # Found by its code alone: the snippet shows the fields, the number masked.
    assert results.hits[0].snippet == "张* · 110105********002X"
    assert results.facets == {}


def test_a_parsed_id_number_never_reaches_the_request():
    query = parse_query({"q": f" {ID_NUMBER.lower()} "})
    assert query.id_hash
    serialised = json.dumps(build_search(query)).lower()
    assert ID_NUMBER.lower() not in serialised
    assert query.id_hash in serialised
