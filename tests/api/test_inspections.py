"""/api/v1/inspections/: plans, their files, draws and checks, and results."""

import csv
import hashlib
import io
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from portal.inspections.checks import MAX_FILE_BYTES, check_plan
from portal.inspections.models import Inspector
from portal.inspections.services import enter_public_value_and_draw, freeze_and_commit
from portal.opendata.datasets import INSPECTION_PLANS, INSPECTION_RESULTS
from tests.api.conftest import walk
from tests.api.errors import api_error
from tests.factories import make_inspection_plan, make_person
from tests.inspections.world import DRAW_DAY, inspection_world, moment

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/inspections/plans/"
RESULTS = "/api/v1/inspections/results/"
INSPECTOR_NAME = "张强"  # every inspector of the world, as the factory names them


@pytest.fixture
def world(db):
    return inspection_world()


def _plan_url(plan, tail="") -> str:
    return f"{PLANS}{plan.pk}/{tail}"


def _stored(plan, name) -> bytes:
    return bytes(plan.files.get(name=name).content)


def _ids(rows) -> set[int]:
    return {row["id"] for row in rows}


def _page_of(plan) -> str:
    with translation.override("zh-hans"):
        return reverse("inspections:plan", args=[plan.pk])


# Plans -------------------------------------------------------------------------


def test_plans_list_the_published_ones_and_never_a_draft(api, world):
    rows, _pages = walk(api, PLANS, {"page_size": 1})
    assert _ids(rows) == {world.plan.pk, world.committed.pk}
    error = api_error(api.get(_plan_url(world.draft_plan)), 404)
    assert error["code"] == "not_found"
    for tail in ("files/plan.json/", "check/", "draw/"):
        api_error(api.get(_plan_url(world.draft_plan, tail)), 404)


def test_a_drawn_plan_says_what_was_fixed_and_drawn(api, world):
    plan = world.plan
    body = api.get(_plan_url(plan)).json()
    assert body["id"] == plan.pk and body["number"] == plan.number
    assert body["url"] == _page_of(plan)
    assert body["authority"] == {"id": world.lead.pk, "name": world.lead.name}
    assert body["partners"] == [{"id": world.partner.pk, "name": world.partner.name}]
    assert [item["authority"]["id"] for item in body["items"]] == [
        item.authority_id for item in plan.items.all()
    ]
    tax = next(item for item in body["items"] if item["title"] == "纳税申报情况检查")
    assert tax["legal_basis"] == "《中华人民共和国税收征收管理法》第五十四条"
    assert body["population"]["region_prefix"] == "3301"
    assert body["population"]["stratification"] == "region"
    assert body["population"]["counterpart"] is None
    assert body["strata"] == [
        {"stratum": "330102", "size": 2},
        {"stratum": "330106", "size": 1},
    ]
    assert body["team_size"] == 2
    assert body["state"] == "drawn"
    assert body["commitment"] == plan.commitment
    assert body["committed_at"].startswith("2025-09-22T10:00:00")
    assert body["public_value"] == "582" and body["seed"] == plan.seed
    assert body["public_value_source"] == plan.public_value_source
    plan_json = json.loads(_stored(plan, "plan.json"))
    assert body["recusals"] == plan_json["recusals"]
    assert body["drawn_entities"] == 3
    # On time, late and corrected; the withdrawn and the draft are not public.
    assert body["public_results"] == 3
    assert body["check_url"] == f"http://localhost{_plan_url(plan, 'check/')}"
    assert body["draw_url"] == f"http://localhost{_plan_url(plan, 'draw/')}"


def test_a_committed_plan_has_no_draw_yet(api, world):
    body = api.get(_plan_url(world.committed)).json()
    assert body["state"] == "committed"
    assert body["public_value"] is None and body["seed"] is None
    assert body["drawn_at"] is None
    assert body["drawn_entities"] == 0 and body["public_results"] == 0
    assert [file["name"] for file in body["files"]] == [
        "entities.csv",
        "inspectors.csv",
        "conflicts.csv",
        "sizes.csv",
        "plan.json",
    ]
    draw = api.get(_plan_url(world.committed, "draw/")).json()
    assert draw == {
        "plan": world.committed.pk,
        "drawn": False,
        "team_size": 2,
        "entities": [],
    }


def test_every_file_is_the_stored_bytes_with_their_sha256(api, world):
    files = api.get(_plan_url(world.plan)).json()["files"]
    assert len(files) == 8
    for listed in files:
        stored = world.plan.files.get(name=listed["name"])
        assert listed["sha256"] == stored.sha256
        assert listed["bytes"] == len(bytes(stored.content))
        path = _plan_url(world.plan, f"files/{listed['name']}/")
        assert listed["url"] == f"http://localhost{path}"
        response = api.get(listed["url"], HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert response.content == bytes(stored.content)
        assert hashlib.sha256(response.content).hexdigest() == stored.sha256
        expected = "text/csv" if listed["name"].endswith(".csv") else "application/json"
        assert response["Content-Type"].startswith(expected)
        assert f'filename="{listed["name"]}"' in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["secret.txt", "..", "plan.json.bak", "PLAN.JSON"])
def test_other_file_names_are_404(api, world, name):
    error = api_error(api.get(_plan_url(world.plan, f"files/{name}/")), 404)
    assert error["code"] == "not_found"


def test_a_file_not_published_yet_is_404(api, world):
    api_error(api.get(_plan_url(world.committed, "files/draw.json/")), 404)


def test_the_draw_is_drawn_csv_and_teams_csv_as_rows(api, world):
    body = api.get(_plan_url(world.plan, "draw/")).json()
    assert body["drawn"] is True and body["team_size"] == 2
    drawn = _stored(world.plan, "drawn.csv").decode().splitlines()[1:]
    assert [
        f"{row['stratum']},{row['code']},{row['rank']}" for row in body["entities"]
    ] == drawn
    assert [row["position"] for row in body["entities"]] == [1, 2, 3]
    teams = _stored(world.plan, "teams.csv").decode().splitlines()[1:]
    assert [
        f"{row['code']},{inspector}"
        for row in body["entities"]
        for inspector in row["team"]
    ] == teams
    codes = {inspector.code for inspector in world.inspectors}
    assert all(set(row["team"]) <= codes for row in body["entities"])
    first = world.plan.drawn.get(position=1).entity
    assert body["entities"][0]["name"] == first.name
    assert body["entities"][0]["url"] == first.get_absolute_url()


def test_a_drawn_natural_persons_name_is_masked(api, world):
    person = make_person(name="赵敏", region=world.entities[0].region)
    with time_machine.travel(moment(DRAW_DAY), tick=False):
        plan = make_inspection_plan(
            authority=world.lead,
            region_prefix="330102",
            category="natural_person",
            sizes={"all": 1},
        )
        freeze_and_commit(authority=world.lead, plan=plan)
        enter_public_value_and_draw(authority=world.lead, plan=plan, public_value="1")
    body = api.get(_plan_url(plan, "draw/")).json()
    assert [(row["code"], row["name"]) for row in body["entities"]] == [
        (person.key, "赵*")
    ]
    assert "赵敏" not in api.get(_plan_url(plan, "draw/")).content.decode()
    assert api.get(_plan_url(plan)).json()["population"]["counterpart"] == (
        "natural_person"
    )


# Checks ------------------------------------------------------------------------


def test_checking_the_published_files_gives_the_pages_report(api, world):
    body = api.get(_plan_url(world.plan, "check/")).json()
    with translation.override("zh-hans"):
        assert body == check_plan(world.plan).as_dict()
    assert body["matches"] is True and body["drawn"] is True
    assert body["checked_your_files"] == []
    committed = api.get(_plan_url(world.committed, "check/")).json()
    assert committed["matches"] is True and committed["drawn"] is False


def _post_check(api, plan, files: dict, **headers):
    return api.post(
        _plan_url(plan, "check/"),
        {
            name: SimpleUploadedFile(name, content, content_type="text/plain")
            for name, content in files.items()
        },
        format="multipart",
        **headers,
    )


def test_a_readers_altered_entities_csv_is_a_hash_mismatch(api, world):
    stored = _stored(world.plan, "entities.csv")
    lines = stored.split(b"\n")
    lines[1] = lines[1][:-1] + (b"X" if not lines[1].endswith(b"X") else b"Y")
    altered = b"\n".join(lines)
    response = _post_check(
        api, world.plan, {"entities.csv": altered}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["matches"] is False
    assert body["checked_your_files"] == ["entities.csv"]
    assert body["problem"]["check"] == "hash"
    assert "entities.csv" in body["problem"]["message"]
    # Nothing is stored: the published file and the plain check are unchanged.
    assert _stored(world.plan, "entities.csv") == stored
    assert api.get(_plan_url(world.plan, "check/")).json()["matches"] is True


def test_a_readers_unchanged_copy_matches(api, world):
    copy = _stored(world.plan, "plan.json")
    body = _post_check(api, world.plan, {"plan.json": copy}).json()
    assert body["matches"] is True and body["checked_your_files"] == ["plan.json"]


def test_the_plan_json_of_another_plan_is_a_mismatch(api, world):
    other = _stored(world.committed, "plan.json")
    body = _post_check(api, world.plan, {"plan.json": other}).json()
    assert body["matches"] is False
    assert body["problem"]["check"] == "hash"


def test_the_report_speaks_the_callers_language(api, world):
    other = {"plan.json": _stored(world.committed, "plan.json")}
    english = _post_check(api, world.plan, other, HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = _post_check(api, world.plan, other).json()
    assert english["problem"]["english"] == chinese["problem"]["english"]
    assert english["problem"]["message"] != chinese["problem"]["message"]
    assert "SHA-256" in chinese["problem"]["message"]


def test_an_unknown_file_name_is_a_400_naming_it(api, world):
    response = _post_check(
        api,
        world.plan,
        {"secret.txt": b"x", "plan.json": b"{}"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    error = api_error(response, 400)
    assert error["code"] == "unknown_parameter"
    assert list(error["details"]) == ["secret.txt"]
    assert "entities.csv" in error["message"]


def test_a_file_sent_as_text_is_a_400(api, world):
    response = api.post(
        _plan_url(world.plan, "check/"), {"plan.json": "{}"}, format="multipart"
    )
    error = api_error(response, 400)
    assert list(error["details"]) == ["plan.json"]


def test_a_check_without_files_is_a_400(api, world):
    response = api.post(_plan_url(world.plan, "check/"), {}, format="multipart")
    assert api_error(response, 400)["code"] == "invalid"


def test_a_file_over_the_limit_is_a_413(api, world):
    big = b"x" * (MAX_FILE_BYTES + 1)
    error = api_error(_post_check(api, world.plan, {"entities.csv": big}), 413)
    assert error["code"] == "too_large"
    assert list(error["details"]) == ["entities.csv"]


def test_a_json_body_is_a_415(api, world):
    response = api.post(
        _plan_url(world.plan, "check/"), {"plan.json": "{}"}, format="json"
    )
    api_error(response, 415)


# Results -----------------------------------------------------------------------


def test_results_list_the_public_ones_only(api, world):
    rows, pages = walk(api, RESULTS, {"page_size": 1})
    assert _ids(rows) == {world.on_time.pk, world.late.pk, world.corrected.pk}
    assert pages == 3
    for hidden in (world.withdrawn, world.draft):
        api_error(api.get(f"{RESULTS}{hidden.pk}/"), 404)


def test_a_result_says_its_category_deadline_and_timeliness(api, world):
    late = api.get(f"{RESULTS}{world.late.pk}/").json()
    assert late["url"] == f"{_page_of(world.plan)}#inspection-result-{world.late.pk}"
    assert late["plan"] == {
        "id": world.plan.pk,
        "number": world.plan.number,
        "title": world.plan.title,
    }
    entity = world.late.drawn.entity
    assert late["entity"]["key"] == entity.key
    assert late["entity"]["name"] == entity.name
    assert late["authority"] == {"id": world.lead.pk, "name": world.lead.name}
    assert late["item"]["id"] == world.late.item_id
    assert late["category"] == "no_problem"
    assert late["category_name"] == "未发现问题"
    assert late["category_name_en"] == "No problem found"
    assert late["finding"] is False
    assert late["decided_on"] == "2025-10-09"
    # 20 working days, the make-up working day of 11 October counted.
    assert late["publication_deadline"] == "2025-11-05"
    assert late["publication_deadline"] == world.late.publication_deadline.isoformat()
    assert late["published_at"].startswith("2025-12-01")
    assert late["late"] is True and late["on_time"] is False
    on_time = api.get(f"{RESULTS}{world.on_time.pk}/").json()
    assert on_time["late"] is False and on_time["on_time"] is True
    assert on_time["finding"] is True


def test_a_corrected_result_shows_its_history(api, world):
    body = api.get(f"{RESULTS}{world.corrected.pk}/").json()
    assert body["state"] == "corrected" and body["version"] == 2
    assert body["category"] == "pending_follow_up"
    assert [item["action"] for item in body["history"]] == ["publish", "correct"]
    correction = body["history"][1]
    assert correction["reason"] == "复核发现台账缺失，待后续处理。"
    assert {"field": "category", "old": "未发现问题", "new": "发现问题待后续处理"} in (
        correction["changes"]
    )


def test_labels_follow_the_callers_language(api, world):
    url = f"{RESULTS}{world.corrected.pk}/"
    chinese = api.get(url).json()
    english = api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["state_label"] == "Corrected" and chinese["state_label"] == "已更正"
    # Both names of the category, whatever the language.
    for body in (chinese, english):
        assert body["category_name"] == "发现问题待后续处理"
        assert body["category_name_en"] == "Problem found, follow-up pending"
    plan = api.get(_plan_url(world.plan), HTTP_ACCEPT_LANGUAGE="en").json()
    assert plan["state_label"] == "Drawn"
    assert api.get(_plan_url(world.plan)).json()["state_label"] != "Drawn"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "ordered_to_correct"}, {"on_time"}),
        ({"finding": "true"}, {"on_time", "corrected"}),
        ({"finding": "false"}, {"late"}),
        ({"timeliness": "late"}, {"late"}),
        ({"timeliness": "on_time"}, {"on_time", "corrected"}),
        ({"decided_after": "2025-10-10"}, {"corrected"}),
        ({"sort": "-published"}, {"on_time", "late", "corrected"}),
    ],
)
def test_result_filters_narrow(api, world, params, expected):
    rows, _pages = walk(api, RESULTS, params)
    assert _ids(rows) == {getattr(world, name).pk for name in expected}


def test_results_narrow_by_authority_entity_and_plan(api, world):
    def ids(**params):
        return _ids(walk(api, RESULTS, params)[0])

    everything = {world.on_time.pk, world.late.pk, world.corrected.pk}
    assert ids(authority=world.lead.pk) == everything
    # The partner's only results are withdrawn or a draft.
    assert ids(authority=world.partner.pk) == set()
    assert ids(entity=world.late.drawn.entity.key) == {world.late.pk}
    assert ids(plan=world.plan.pk) == everything
    assert ids(plan=world.committed.pk) == set()


def test_sorting_by_publication_orders_the_pages(api, world):
    rows, _pages = walk(api, RESULTS, {"sort": "-published", "page_size": 1})
    assert [row["id"] for row in rows] == [
        world.late.pk,
        world.on_time.pk,
        world.corrected.pk,
    ]


def test_plan_filters_narrow(api, world):
    def ids(**params):
        return _ids(walk(api, PLANS, params)[0])

    assert ids(state="drawn") == {world.plan.pk}
    assert ids(joint="true") == {world.plan.pk}
    assert ids(joint="false") == {world.committed.pk}
    # A joint plan is listed under its partner too.
    assert ids(authority=world.partner.pk) == {world.plan.pk}
    assert ids(authority=world.stranger.pk) == set()


# The collections' rules --------------------------------------------------------


@pytest.mark.parametrize("url", [PLANS, RESULTS])
def test_fields_narrow_every_row(api, world, url):
    body = api.get(url, {"fields": "id,url"}).json()
    assert body["results"] and all(
        list(row) == ["id", "url"] for row in body["results"]
    )
    error = api_error(api.get(url, {"fields": "id,flavour"}), 400)
    assert error["code"] == "unknown_field"
    assert error["details"] == {"fields": ["flavour"]}


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_downloads_hold_the_open_data_rows_of_the_selection(api, world):
    header, *lines = _csv(api.get(RESULTS, {"format": "csv", "timeliness": "late"}))
    assert header == INSPECTION_RESULTS.column_names
    assert [line[0] for line in lines] == [str(world.late.pk)]
    header, *lines = _csv(api.get(PLANS, {"format": "csv", "fields": "id,number"}))
    assert header == ["id", "number"]
    assert {line[0] for line in lines} == {str(world.plan.pk), str(world.committed.pk)}
    assert INSPECTION_PLANS.column_names != ["id", "number"]


@pytest.mark.parametrize(
    ("url", "params", "code"),
    [
        (PLANS, {"colour": "red"}, "unknown_parameter"),
        (PLANS, {"format": "pdf"}, "invalid_format"),
        (RESULTS, {"format": "csv", "fields": "id,history"}, "unknown_field"),
        (PLANS, {"state": "draft"}, "invalid"),
        (PLANS, {"joint": "1e308"}, "invalid"),
        (PLANS, {"joint": "maybe"}, "invalid"),
        (RESULTS, {"plan": "99999999999999999999"}, "invalid"),
        (PLANS, {"cursor": "garbage"}, "invalid_cursor"),
        (RESULTS, {"category": "flogging"}, "invalid"),
        (RESULTS, {"timeliness": "soon"}, "invalid"),
        (RESULTS, {"page_size": "0"}, "invalid"),
        ("{plan}check/", {"colour": "red"}, "unknown_parameter"),
        ("{plan}draw/", {"fields": "id"}, "unknown_parameter"),
        ("{plan}files/plan.json/", {"download": "1"}, "unknown_parameter"),
    ],
)
def test_bad_parameters_are_400s(api, world, url, params, code):
    url = url.format(plan=_plan_url(world.plan))
    assert api_error(api.get(url, params), 400)["code"] == code


@pytest.mark.parametrize(
    "path",
    ["plans/abc/", "plans/99999999999999999999/", "results/0/", "results/-1/"],
)
def test_nothing_at_an_address_is_a_404(api, world, path):
    api_error(api.get(f"/api/v1/inspections/{path}"), 404)


def test_no_inspector_name_leaves_the_api(api, world):
    assert Inspector.objects.filter(name=INSPECTOR_NAME).count() == 4
    plan = world.plan
    urls = [
        PLANS,
        _plan_url(plan),
        _plan_url(plan, "draw/"),
        _plan_url(plan, "check/"),
        RESULTS,
        *(f"{RESULTS}{result.pk}/" for result in (world.on_time, world.corrected)),
        *(_plan_url(plan, f"files/{file.name}/") for file in plan.files.all()),
        "/api/schema.json",
    ]
    codes = {inspector.code for inspector in world.inspectors}
    seen = ""
    for url in urls:
        response = api.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert INSPECTOR_NAME not in text, url
        seen += text
    assert all(
        code in seen for code in codes if code in _stored(plan, "teams.csv").decode()
    )


def test_the_schema_documents_the_endpoints_in_their_group(api):
    for language, group in (("en", "Random inspections"), ("zh-hans", "双随机抽查")):
        schema = api.get("/api/schema.json", HTTP_ACCEPT_LANGUAGE=language).json()
        assert group in {tag["name"] for tag in schema["tags"]}
        paths = {
            "/api/v1/inspections/plans/": ["get"],
            "/api/v1/inspections/plans/{id}/": ["get"],
            "/api/v1/inspections/plans/{id}/files/{name}/": ["get"],
            "/api/v1/inspections/plans/{id}/check/": ["get", "post"],
            "/api/v1/inspections/plans/{id}/draw/": ["get"],
            "/api/v1/inspections/results/": ["get"],
            "/api/v1/inspections/results/{id}/": ["get"],
        }
        for path, methods in paths.items():
            for method in methods:
                assert schema["paths"][path][method]["tags"] == [group], path
        results = schema["paths"]["/api/v1/inspections/results/"]["get"]
        parameters = {parameter["name"] for parameter in results["parameters"]}
        assert {"authority", "category", "finding", "timeliness", "entity", "plan"} <= (
            parameters
        )
        post = schema["paths"]["/api/v1/inspections/plans/{id}/check/"]["post"]
        assert "multipart/form-data" in post["requestBody"]["content"]
