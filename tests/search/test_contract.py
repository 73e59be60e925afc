"""The contract every search backend keeps, run against each one (conftest)."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from portal.disclosures.choices import PenaltyCategory, RecordState
from portal.search import indexing
from portal.search.query import parse_query
from portal.search.tokens import tokenize
from tests.factories import (
    make_authority,
    make_company,
    make_credit_list,
    make_list_entry,
    make_penalty,
    make_permit,
    make_person,
    make_region,
    make_resident_id,
)


def _search(backend, **params):
    return backend.search(parse_query(params))


def _keys(results):
    return [hit.key for hit in results.hits]


def _index_all(backend):
    backend.rebuild(indexing.all_documents(), progress=lambda n: None)


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _facet(results, name):
    return {value.value: value.count for value in results.facets[name]}


@pytest.fixture
def regions():
    return (
        make_region(code="440300", name="深圳市"),
        make_region(code="330100", name="杭州市"),
    )


class TestFragments:
    def test_a_two_character_fragment_finds_names_containing_it(self, backend):
        tencent = make_company(name="深圳市腾讯计算机系统有限公司")
        make_company(name="杭州华信网络科技有限公司")
        _index_all(backend)

        results = _search(backend, q="腾讯")

        assert _keys(results) == [f"entity:{tencent.pk}"]
        assert results.total == 1
        assert "<mark>腾讯</mark>" in results.hits[0].snippet

    def test_a_longer_fragment_matches_only_where_contiguous(self, backend):
        tencent = make_company(name="深圳市腾讯计算机系统有限公司")
        make_company(name="腾讯科技计算有限公司")
        _index_all(backend)

        assert _keys(_search(backend, q="腾讯计算")) == [f"entity:{tencent.pk}"]

    def test_a_quoted_phrase_matches_only_the_contiguous_text(self, backend):
        together = make_company(name="深圳市腾讯计算机系统有限公司")
        apart = make_company(name="计算机软件与信息系统集成有限公司")
        _index_all(backend)

        assert _keys(_search(backend, q='"计算机系统"')) == [f"entity:{together.pk}"]
        unquoted = _search(backend, q="计算机 系统")
        assert set(_keys(unquoted)) == {f"entity:{together.pk}", f"entity:{apart.pk}"}

    def test_a_phrase_never_matches_across_two_fields(self, backend):
        company = make_company(name="甲乙科技有限公司", legal_representative="张伟")
        _index_all(backend)

        assert _search(backend, q='"有限公司 张伟"').total == 0
        assert _keys(_search(backend, q="有限公司 张伟")) == [f"entity:{company.pk}"]

    def test_a_fragment_ending_where_the_text_goes_on_in_chinese(self, backend):
        penalty = make_penalty(facts="依据杭市监罚〔2024〕88号决定书，复查发现仍未整改")
        _index_all(backend)

        results = _search(backend, q="88号")

        assert _keys(results) == [f"penalty:{penalty.pk}"]
        assert "<mark>88号</mark>决定书" in results.hits[0].snippet

    def test_a_fragment_starting_at_the_end_of_a_chinese_run(self, backend):
        company = make_company(name="杭州华信科技A座物业有限公司")
        _index_all(backend)

        assert _keys(_search(backend, q="技A座")) == [f"entity:{company.pk}"]
        assert _search(backend, q="信A").total == 0

    def test_a_fragment_ending_inside_a_run_of_digits(self, backend):
        # A copied fragment is often cut mid-number: 办理20 from 办理2024.
        penalty = make_penalty(facts="未在规定期限办理2024年度报告，责令改正")
        make_penalty(facts="未在规定期限办理年度报告，编号20")
        _index_all(backend)

        results = _search(backend, q="规定期限办理20")

        assert _keys(results) == [f"penalty:{penalty.pk}"]
        assert "<mark>规定期限办理2024</mark>年度" in results.hits[0].snippet

    def test_a_fragment_ending_inside_a_run_of_letters(self, backend):
        company = make_company(name="杭州华信科技Alpha物业有限公司")
        make_company(name="杭州华信科技物业有限公司")
        _index_all(backend)

        assert _keys(_search(backend, q="科技Al")) == [f"entity:{company.pk}"]
        assert _keys(_search(backend, q='"华信科技alph"')) == [f"entity:{company.pk}"]

    def test_a_short_run_of_letters_alone_matches_whole_tokens_only(self, backend):
        # Two characters alone would expand to every word starting with them.
        whole = make_penalty(facts="整改标记xq")
        make_penalty(facts="整改标记xqz")
        _index_all(backend)

        assert _keys(_search(backend, q="xq", kind="penalty")) == [
            f"penalty:{whole.pk}"
        ]

    def test_every_phrase_must_match(self, backend):
        make_company(name="深圳市腾讯计算机系统有限公司")
        _index_all(backend)

        assert _search(backend, q="腾讯 华信").total == 0


class TestExactCodes:
    def test_a_uscc_finds_its_entity_first(self, backend):
        tencent = make_company(name="深圳市腾讯计算机系统有限公司")
        mention = make_penalty(facts=f"与{tencent.uscc}签订合同，经营超过保质期的食品")
        _index_all(backend)

        results = _search(backend, q=tencent.uscc)

        assert _keys(results) == [f"entity:{tencent.pk}", f"penalty:{mention.pk}"]
        assert [hit.exact for hit in results.hits] == [True, False]

    def test_a_lower_case_uscc_with_spaces_still_finds_it(self, backend):
        tencent = make_company(name="深圳市腾讯计算机系统有限公司")
        _index_all(backend)

        spaced = " ".join([tencent.uscc[:6], tencent.uscc[6:]]).lower()
        assert _keys(_search(backend, q=spaced))[:1] == [f"entity:{tencent.pk}"]

    def test_a_decision_number_finds_its_penalty_first(self, backend):
        penalty = make_penalty(decision_number="深市监罚〔2025〕88号")
        other = make_penalty(facts="依据深市监罚〔2025〕88号，决定继续经营")
        _index_all(backend)

        results = _search(backend, q="深市监罚〔2025〕88号")

        assert _keys(results) == [f"penalty:{penalty.pk}", f"penalty:{other.pk}"]
        assert results.hits[0].exact and not results.hits[1].exact

    def test_a_uscc_with_kind_penalty_finds_that_entitys_penalties(self, backend):
        company = make_company(name="杭州华信网络科技有限公司")
        older = make_penalty(entity=company, decided_on=_days_ago(40))
        newer = make_penalty(entity=company, decided_on=_days_ago(5))
        make_penalty(facts="经营超过保质期的食品")  # another company's
        _index_all(backend)

        results = _search(backend, q=company.uscc, kind="penalty")

        assert _keys(results) == [f"penalty:{newer.pk}", f"penalty:{older.pk}"]
        assert all(hit.exact for hit in results.hits)
        assert results.total == 2

    def test_a_uscc_finds_the_entity_then_its_records_and_list_entries(self, backend):
        company = make_company(name="杭州华信网络科技有限公司")
        permit = make_permit(entity=company, decided_on=_days_ago(30))
        penalty = make_penalty(entity=company, decided_on=_days_ago(10))
        entry = make_list_entry(entity=company, listed_on=_days_ago(20))
        _index_all(backend)

        results = _search(backend, q=company.uscc)

        assert _keys(results) == [
            f"entity:{company.pk}",
            f"penalty:{penalty.pk}",
            f"listentry:{entry.pk}",
            f"permit:{permit.pk}",
        ]
        assert _facet(results, "kind") == {
            "entity": 1,
            "penalty": 1,
            "listentry": 1,
            "permit": 1,
        }

    def test_a_resident_id_finds_the_persons_penalties_masked(self, backend):
        number = make_resident_id()
        person = make_person(name="李娜", id_number=number)
        penalty = make_penalty(entity=person)
        _index_all(backend)

        results = _search(backend, q=number, kind="penalty")

        assert _keys(results) == [f"penalty:{penalty.pk}"]
        assert number not in repr(results)

    def test_a_resident_id_finds_the_person_showing_only_the_masked_number(
        self, backend
    ):
        number = make_resident_id()
        person = make_person(name="李娜", id_number=number)
        make_person(name="李娜", id_number=make_resident_id())
        _index_all(backend)

        results = _search(backend, q=number)

        assert _keys(results) == [f"entity:{person.pk}"]
        hit = results.hits[0]
        assert hit.exact
        assert person.id_masked in hit.title + hit.snippet
        assert number not in repr(results)


class TestKeepingItTrue:
    def test_a_withdrawn_penalty_disappears_after_reindexing(self, backend):
        penalty = make_penalty(facts="销售假冒伪劣商品")
        _index_all(backend)
        assert _search(backend, q="假冒伪劣").total == 1

        penalty.state = RecordState.WITHDRAWN
        penalty.withdrawn_reason = "annulled"
        penalty.save()
        indexing.reindex_objects("penalty", [penalty.pk], backend=backend)

        assert _search(backend, q="假冒伪劣").total == 0

    def test_updates_appear_after_commit(
        self, backend, monkeypatch, django_capture_on_commit_callbacks
    ):
        monkeypatch.setattr(indexing, "get_backend", lambda: backend)
        penalty = make_penalty(facts="销售假冒伪劣商品")
        _index_all(backend)

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            penalty.state = RecordState.WITHDRAWN
            penalty.save()
            indexing.schedule_reindex("penalty", [penalty.pk])
            assert _search(backend, q="假冒伪劣").total == 1  # not yet committed

        assert len(callbacks) == 1
        assert _search(backend, q="假冒伪劣").total == 0

        fresh = make_permit(content="危险化学品经营许可")
        with django_capture_on_commit_callbacks(execute=True):
            indexing.schedule_reindex("permit", [fresh.pk])
        assert _keys(_search(backend, q="危险化学品")) == [f"permit:{fresh.pk}"]

    def test_an_expired_penalty_is_not_indexed(self, backend):
        make_penalty(decided_on=datetime.date(2018, 3, 1), facts="销售假冒伪劣商品")
        _index_all(backend)

        assert _search(backend, q="假冒伪劣").total == 0

    def test_a_removed_list_entry_leaves_the_index(self, backend):
        entry = make_list_entry(reason="拒不履行生效判决")
        _index_all(backend)
        assert _search(backend, q="拒不履行").total == 1

        entry.removed_on = datetime.date.today()
        entry.removal_reason = "obligations_met"
        entry.save()
        indexing.reindex_objects("listentry", [entry.pk], backend=backend)

        assert _search(backend, q="拒不履行").total == 0


class TestFacetsAndFilters:
    @pytest.fixture
    def dataset(self, backend, regions):
        shenzhen, hangzhou = regions
        sz = make_authority(region=shenzhen, name="深圳市市场监督管理局")
        hz = make_authority(region=hangzhou, name="杭州市市场监督管理局")
        company = make_company(name="华信食品有限公司", region=shenzhen)
        records = {
            "sz35": make_penalty(
                authority=sz,
                entity=company,
                decided_on=_days_ago(35),
                categories=[PenaltyCategory.FINE],
            ),
            "sz5": make_penalty(
                authority=sz,
                entity=company,
                decided_on=_days_ago(5),
                categories=[PenaltyCategory.WARNING, PenaltyCategory.FINE],
            ),
            "hz20": make_penalty(
                authority=hz,
                entity=company,
                decided_on=_days_ago(20),
                categories=[PenaltyCategory.WARNING],
                fine_amount=None,
            ),
            "permit": make_permit(
                authority=hz, entity=company, decided_on=_days_ago(400)
            ),
            "entry": make_list_entry(
                entity=company,
                credit_list=make_credit_list(slug="food-safety", name="食品安全黑名单"),
                authority=sz,
                listed_on=_days_ago(10),
            ),
        }
        _index_all(backend)
        return {"authorities": (sz, hz), "company": company, **records}

    def test_facets_count_the_whole_match(self, backend, dataset):
        sz, hz = dataset["authorities"]
        results = _search(backend, q="华信")

        assert results.total == 6
        assert _facet(results, "kind") == {
            "entity": 1,
            "penalty": 3,
            "permit": 1,
            "listentry": 1,
        }
        assert _facet(results, "region") == {"440000": 4, "330000": 2}
        assert _facet(results, "authority") == {str(sz.pk): 3, str(hz.pk): 2}
        labels = {value.label for value in results.facets["authority"]}
        assert labels == {sz.name, hz.name}
        assert _facet(results, "category")["fine"] == 2
        assert _facet(results, "category")["warning"] == 2
        assert _facet(results, "list") == {"food-safety": 1}
        dated = ("sz35", "sz5", "hz20", "permit")
        years = Counter(str(dataset[name].decided_on.year) for name in dated)
        years[str(dataset["entry"].listed_on.year)] += 1
        assert _facet(results, "year") == years
        counts = [value.count for value in results.facets["kind"]]
        assert counts == sorted(counts, reverse=True)

    def test_categories_are_also_counted_per_kind(self, backend, dataset):
        by_kind = _search(backend, q="华信").categories_by_kind

        def counts(kind):
            return {value.value: value.count for value in by_kind[kind]}

        assert counts("penalty") == {"fine": 2, "warning": 2}
        assert counts("permit") == {dataset["permit"].category: 1}
        assert counts("entity") == {dataset["company"].category: 1}
        assert counts("listentry") == {"black": 1}

    def test_facets_count_all_pages(self, backend, dataset):
        results = _search(backend, q="华信", page="2")
        assert results.total == 6 and results.hits == []
        assert sum(value.count for value in results.facets["kind"]) == 6

    @pytest.mark.parametrize(
        "params, expected",
        [
            ({"kind": "penalty"}, {"sz35", "sz5", "hz20"}),
            ({"region": "330000"}, {"hz20", "permit"}),
            ({"region": "330100"}, {"hz20", "permit"}),
            ({"category": "warning"}, {"sz5", "hz20"}),
            ({"list": "food-safety"}, {"entry"}),
            ({"kind": "penalty", "region": "440300"}, {"sz35", "sz5"}),
        ],
    )
    def test_filters_narrow(self, backend, dataset, params, expected):
        results = _search(backend, q="华信", **params)

        names = {
            name
            for name in ("sz35", "sz5", "hz20", "permit", "entry")
            if f"{dataset[name]._meta.model_name}:{dataset[name].pk}" in _keys(results)
        }
        assert names == expected
        assert results.total == len(expected)

    def test_the_authority_filter_narrows(self, backend, dataset):
        sz, _hz = dataset["authorities"]
        results = _search(backend, q="华信", authority=str(sz.pk))
        assert results.total == 3

    def test_sort_by_date_puts_the_newest_first_and_undated_last(
        self, backend, dataset
    ):
        results = _search(backend, q="华信", sort="date")

        dates = [hit.date for hit in results.hits]
        assert dates[-1] == ""  # the entity has no date
        assert dates[:-1] == sorted(dates[:-1], reverse=True)
        assert len(set(dates[:-1])) == 5

    def test_the_year_filter_narrows(self, backend, dataset):
        year = dataset["permit"].decided_on.year
        results = _search(backend, q="华信", year=str(year), kind="permit")
        assert _keys(results) == [f"permit:{dataset['permit'].pk}"]


class TestPaging:
    def test_pages_split_the_results_without_overlap(self, backend):
        for number in range(25):
            make_company(name=f"华信第{number}号有限公司")
        _index_all(backend)

        first = _search(backend, q="华信")
        second = _search(backend, q="华信", page="2")

        assert first.total == second.total == 25
        assert len(first.hits) == 20 and len(second.hits) == 5
        assert not set(_keys(first)) & set(_keys(second))
        assert _keys(first) == _keys(_search(backend, q="华信"))  # stable

    def test_the_snippet_is_escaped_and_marked(self, backend):
        make_company(name="<b>华信</b>科技有限公司")
        _index_all(backend)

        snippet = _search(backend, q="华信").hits[0].snippet
        assert "&lt;b&gt;<mark>华信</mark>&lt;/b&gt;" in snippet


def test_tokens_contract_a_fragment_is_consecutive_bigrams():
    assert tokenize("腾讯计算") == ["腾讯", "讯计", "计算"]
