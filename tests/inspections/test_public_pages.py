"""The public pages of random inspections: plans, files, the check, results."""

import hashlib
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from portal.inspections import checks, verify_draw
from portal.inspections.choices import FileName
from portal.pages.inspection_uploads import file_meant
from tests.inspections.world import inspection_world

pytestmark = pytest.mark.django_db

LANGUAGES = {"zh-hans": "", "en": "/en"}
# The inspectors of the world are all named 张强: no public page may say it.
INSPECTOR_NAME = "张强"


@pytest.fixture
def w(db):
    return inspection_world()


def _html(client, path, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


def _path(obj) -> str:
    """An object's address on the Chinese pages (the default, unprefixed)."""
    with translation.override("zh-hans"):
        return obj.get_absolute_url()


def _row(html: str, result) -> str:
    """The table row of a result, found by its anchor."""
    found = re.search(rf'<tr id="inspection-result-{result.pk}">.*?</tr>', html, re.S)
    assert found, f"result {result.pk} is not shown"
    return found.group(0)


def _outcome(html: str) -> str:
    found = re.search(r'data-check-result="(\w+)"', html)
    assert found, "the page shows no outcome"
    return found.group(1)


def _stored(plan, name) -> bytes:
    return bytes(plan.files.get(name=name).content)


def _download_name(plan, name) -> str:
    return f"{plan.number}_{name}"


class TestEveryPageInBothLanguages:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_pages_answer_in_their_language(self, client, w, language):
        prefix = LANGUAGES[language]
        lang = 'lang="zh-Hans"' if language == "zh-hans" else 'lang="en"'
        pages = [
            "/inspections/",
            f"/inspections/{w.plan.pk}/",
            f"/inspections/{w.plan.pk}/check/",
            f"/inspections/{w.committed.pk}/",
            f"/inspections/{w.committed.pk}/check/",
            "/inspections/results/",
            _path(w.on_time.drawn.entity),
        ]
        for page in pages:
            html = _html(client, prefix + page)
            assert lang in html, page
            assert INSPECTOR_NAME not in html, page

    def test_the_plans_page_explains_and_lists_public_plans(self, client, w):
        html = _html(client, "/inspections/")
        assert "双随机、一公开" in html
        assert "任何人都可以核验" in html
        assert f'href="/inspections/{w.plan.pk}/"' in html
        assert f'href="/inspections/{w.committed.pk}/"' in html
        assert w.draft_plan.title not in html
        assert f'href="/inspections/{w.draft_plan.pk}/"' not in html
        english = _html(client, "/en/inspections/")
        assert "can be checked by anyone" in english

    def test_the_main_navigation_links_the_plans(self, client, w):
        html = _html(client, "/")
        assert '<a href="/inspections/">双随机抽查</a>' in html
        plans = _html(client, "/inspections/")
        assert '<a href="/inspections/" aria-current="page">' in plans


class TestDraftsAndHiddenResults:
    def test_a_draft_plan_has_no_public_page_and_no_file(self, client, w):
        draft = w.draft_plan.pk
        for path in (
            f"/inspections/{draft}/",
            f"/inspections/{draft}/check/",
            f"/inspections/{draft}/files/plan.json",
            f"/inspections/{draft}/files.zip",
            f"/en/inspections/{draft}/",
        ):
            assert client.get(path).status_code == 404, path

    def test_withdrawn_and_draft_results_are_never_shown(self, client, w):
        pages = [
            f"/inspections/{w.plan.pk}/",
            "/inspections/results/",
            f"/en/inspections/results/?plan={w.plan.pk}",
            _path(w.withdrawn.drawn.entity),
            _path(w.draft.drawn.entity),
        ]
        for page in pages:
            html = _html(client, page)
            assert f"inspection-result-{w.withdrawn.pk}" not in html, page
            assert f"inspection-result-{w.draft.pk}" not in html, page
        plan = _html(client, f"/inspections/{w.plan.pk}/")
        for shown in (w.on_time, w.late, w.corrected):
            _row(plan, shown)
        # The withdrawn result's item is the partner's: nothing of it shows.
        assert "录入错误" not in plan


class TestPlanPage:
    def test_the_plan_its_commitment_draw_files_and_teams(self, client, w):
        plan = w.plan
        html = _html(client, f"/inspections/{plan.pk}/")
        assert plan.number in html and plan.title in html
        assert w.partner.name in html  # a joint plan names its partner
        assert "纳税申报情况检查" in html
        assert "《中华人民共和国税收征收管理法》第五十四条" in html
        assert plan.commitment in html
        assert plan.seed in html
        assert plan.public_value_source in html
        assert ">582<" in html
        # Strata with their region, pool and size.
        assert "上城区" in html and "西湖区" in html
        for file in plan.files.all():
            assert file.sha256 in html
            assert f'href="/inspections/{plan.pk}/files/{file.name}"' in html
        # Drawn entities, linked to their files, with their teams by code.
        for drawn in plan.drawn.all():
            assert f'href="{_path(drawn.entity)}"' in html
            for member in drawn.team.all():
                assert member.inspector.code in html
        assert INSPECTOR_NAME not in html
        assert f'href="/inspections/{plan.pk}/check/"' in html
        assert 'href="/inspections/verify_draw.py"' in html
        assert "python3 verify_draw.py" in html

    def test_recusals_are_counted_from_plan_json(self, client, w):
        # The world's pools bar no pair; plan.json says so, and the page too.
        assert b'"recusals": {\n    "declared": 0,\n    "own_unit_cases": 0\n  }' in (
            _stored(w.plan, "plan.json")
        )
        html = _html(client, f"/en/inspections/{w.plan.pk}/")
        assert "0 inspector–entity pairs from conflicts the inspectors declared" in html
        assert "0 pairs where the inspector" in html
        assert "own unit had a penalty case with the entity in the last 3 years" in html

    def test_a_committed_plan_waits_for_its_public_value(self, client, w):
        html = _html(client, f"/en/inspections/{w.committed.pk}/")
        assert "Not drawn yet" in html
        assert w.committed.commitment in html
        assert (
            "draw.json"
            not in html.split('id="files-heading"')[1].split('id="check-heading"')[0]
        )
        assert "Drawn entities" not in html


class TestFiles:
    def test_each_file_is_served_as_stored(self, client, w):
        for file in w.plan.files.all():
            response = client.get(f"/inspections/{w.plan.pk}/files/{file.name}")
            assert response.status_code == 200
            assert response.content == bytes(file.content)
            assert hashlib.sha256(response.content).hexdigest() == file.sha256
            assert response["ETag"] == f'"{file.sha256}"'
            kind = "text/csv" if file.name.endswith(".csv") else "application/json"
            assert response["Content-Type"] == f"{kind}; charset=utf-8"
            disposition = response["Content-Disposition"]
            assert disposition.startswith("attachment;")
            assert quote(_download_name(w.plan, file.name)) in disposition

    def test_a_known_etag_is_not_sent_again(self, client, w):
        sha = w.plan.files.get(name="plan.json").sha256
        response = client.get(
            f"/inspections/{w.plan.pk}/files/plan.json", HTTP_IF_NONE_MATCH=f'"{sha}"'
        )
        assert response.status_code == 304
        assert response.content == b""

    def test_unknown_and_unpublished_files_are_not_found(self, client, w):
        for path in (
            f"/inspections/{w.plan.pk}/files/secret.txt",
            f"/inspections/{w.plan.pk}/files/..%2Fplan.json",
            f"/inspections/{w.plan.pk}/files/PLAN.JSON",
            # No draw yet, so no draw files.
            f"/inspections/{w.committed.pk}/files/draw.json",
            f"/inspections/{w.committed.pk}/files/teams.csv",
            "/inspections/999999/files/plan.json",
        ):
            assert client.get(path).status_code == 404, path

    def test_the_script_is_the_one_the_portal_runs(self, client, w):
        response = client.get("/inspections/verify_draw.py")
        assert response.status_code == 200
        assert response.content == Path(verify_draw.__file__).read_bytes()
        assert response["Content-Type"].startswith("text/x-python")
        assert (
            response["Content-Disposition"] == 'attachment; filename="verify_draw.py"'
        )

    def test_the_archive_verifies_with_the_script_inside_it(self, client, w, tmp_path):
        response = client.get(f"/inspections/{w.plan.pk}/files.zip")
        assert response.status_code == 200
        folder = f"inspection-plan-{w.plan.pk}"
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            names = set(archive.namelist())
            assert {f"{folder}/{name}" for name in FileName.values} <= names
            assert archive.read(f"{folder}/teams.csv") == _stored(w.plan, "teams.csv")
            archive.extractall(tmp_path)
        run = subprocess.run(
            [sys.executable, "verify_draw.py", "."],
            cwd=tmp_path / folder,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert "OK: the draw is the one the commitment fixed." in run.stdout


def _upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _post(client, plan, *files, prefix=""):
    return client.post(
        f"{prefix}/inspections/{plan.pk}/check/", {"copies": list(files)}
    )


class TestCheckPage:
    def test_the_stored_files_match(self, client, w):
        html = _html(client, f"/inspections/{w.plan.pk}/check/")
        assert _outcome(html) == "match"
        # Every step, in Chinese.
        assert html.count('class="step-passed"') == 8
        assert "复核" not in html  # nothing of the results leaks here
        english = _html(client, f"/en/inspections/{w.plan.pk}/check/")
        assert _outcome(english) == "match"
        assert "Match: the draw is the one the commitment fixed." in english
        assert "What a match proves, and what it does not" in english

    def test_a_committed_plan_checks_its_pools(self, client, w):
        html = _html(client, f"/en/inspections/{w.committed.pk}/check/")
        assert _outcome(html) == "match"
        assert "The draw has not been made yet" in html
        assert html.count('class="step-passed"') == 4

    def test_your_own_plan_json_as_downloaded_matches(self, client, w):
        name = _download_name(w.plan, "plan.json")
        response = _post(
            client, w.plan, _upload(name, _stored(w.plan, "plan.json")), prefix="/en"
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert _outcome(html) == "match"
        assert "Checked with your copies of: plan.json" in html

    def test_an_entities_csv_with_one_row_changed_is_a_mismatch(self, client, w):
        lines = _stored(w.plan, "entities.csv").split(b"\n")
        stratum, code = lines[1].split(b",")
        lines[1] = stratum + b"," + code[:-1] + (b"X" if code[-1:] != b"X" else b"Y")
        changed = b"\n".join(lines)
        response = _post(client, w.plan, _upload("entities.csv", changed))
        html = response.content.decode()
        assert _outcome(html) == "mismatch"
        assert 'class="step-failed"' in html
        with translation.override("zh-hans"):
            assert translation.gettext("Mismatch:") in html
        english = _post(
            client, w.plan, _upload("entities.csv", changed), prefix="/en"
        ).content.decode()
        assert (
            "entities.csv: its SHA-256 differs from the one plan.json published"
            in english
        )

    def test_the_plan_json_of_another_plan_is_a_mismatch(self, client, w):
        other = _stored(w.committed, "plan.json")
        html = _post(
            client, w.plan, _upload("plan.json", other), prefix="/en"
        ).content.decode()
        assert _outcome(html) == "mismatch"
        assert "Checked with your copies of: plan.json" in html

    def test_an_unknown_file_is_refused_and_nothing_is_checked(self, client, w):
        response = _post(
            client,
            w.plan,
            _upload("notes.txt", b"hello"),
            _upload("plan.json", _stored(w.plan, "plan.json")),
            prefix="/en",
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "“notes.txt” is not one of the plan&#x27;s files." in html
        assert "data-check-result" not in html
        chinese = _post(client, w.plan, _upload("notes.txt", b"hello"))
        assert "“notes.txt”不是本计划的文件" in chinese.content.decode()

    def test_an_oversize_file_is_refused(self, client, w):
        big = b"x" * (checks.MAX_FILE_BYTES + 1)
        response = _post(client, w.plan, _upload("entities.csv", big), prefix="/en")
        assert response.status_code == 400
        html = response.content.decode()
        assert "“entities.csv” is larger than 20 MB" in html
        assert "data-check-result" not in html

    def test_no_file_and_draw_files_before_the_draw_are_refused(self, client, w):
        empty = client.post(f"/en/inspections/{w.plan.pk}/check/", {})
        assert empty.status_code == 400
        assert "Choose at least one of the plan" in empty.content.decode()
        early = _post(
            client, w.committed, _upload("draw.json", b"{}"), prefix="/en"
        ).content.decode()
        assert "draw.json exists only after the draw" in early
        twice = _post(
            client,
            w.plan,
            _upload("plan.json", b"{}"),
            _upload("x_plan.json", b"{}"),
            prefix="/en",
        ).content.decode()
        assert "Two of the files you chose are plan.json" in twice

    def test_uploads_are_not_kept(self, client, w, tmp_path, settings):
        settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
        settings.MEDIA_ROOT = str(tmp_path / "media")
        settings.PRIVATE_FILES_ROOT = tmp_path / "private"
        big = _stored(w.plan, "entities.csv") + b"x" * 3_000_000  # to a temp file
        _post(client, w.plan, _upload("entities.csv", big))
        assert list(tmp_path.iterdir()) == []
        assert w.plan.files.count() == len(FileName.values)


class TestResults:
    def test_results_with_dates_deadline_and_timeliness(self, client, w):
        html = _html(client, "/inspections/results/")
        on_time, late = _row(html, w.on_time), _row(html, w.late)
        assert "badge-ok" in on_time and "按时公示" in on_time
        assert "badge-late" in late and "逾期公示" in late
        assert "2025-10-09" in late  # inspected
        assert "2025-11-05" in late  # the 20th working day after
        assert "2025-12-01" in late  # published
        assert "发现问题已责令改正" in on_time
        assert (
            f'href="/inspections/{w.plan.pk}/#inspection-result-{w.on_time.pk}"'
            in on_time
        )
        assert f'href="{_path(w.on_time.drawn.entity)}"' in on_time
        corrected = _row(html, w.corrected)
        assert "发现问题待后续处理" in corrected and "badge-corrected" in corrected
        english = _html(client, "/en/inspections/results/")
        assert "Problem found, correction ordered" in _row(english, w.on_time)
        assert "published late" in _row(english, w.late)

    def test_filters_narrow_the_results(self, client, w):
        late = _html(client, "/inspections/results/?timeliness=late")
        _row(late, w.late)
        assert f"inspection-result-{w.on_time.pk}" not in late
        found = _html(client, "/inspections/results/?finding=true")
        _row(found, w.on_time)
        assert f"inspection-result-{w.late.pk}" not in found
        entity = w.late.drawn.entity.key
        one = _html(client, f"/inspections/results/?entity={entity}")
        _row(one, w.late)
        assert f"inspection-result-{w.corrected.pk}" not in one
        ordered = _html(client, "/inspections/results/?sort=decided")
        assert ordered.index(f"inspection-result-{w.on_time.pk}") < ordered.index(
            f"inspection-result-{w.corrected.pk}"
        )

    def test_filters_narrow_the_plans(self, client, w):
        committed = _html(client, "/inspections/?state=committed")
        assert f'href="/inspections/{w.committed.pk}/"' in committed
        assert f'href="/inspections/{w.plan.pk}/"' not in committed
        joint = _html(client, "/inspections/?joint=true")
        assert f'href="/inspections/{w.plan.pk}/"' in joint
        assert f'href="/inspections/{w.committed.pk}/"' not in joint
        partner = _html(client, f"/inspections/?authority={w.partner.pk}")
        assert f'href="/inspections/{w.plan.pk}/"' in partner
        assert f'href="/inspections/{w.committed.pk}/"' not in partner
        drafts = _html(client, "/inspections/?state=draft")
        assert "无法识别" in drafts or "could not be understood" in drafts
        # Not true or false: said, not read as "either".
        maybe = _html(client, "/inspections/?joint=maybe")
        assert "无法识别" in maybe or "could not be understood" in maybe
        sorted_page = _html(client, "/inspections/?sort=-drawn")
        assert 'aria-sort="descending"' in sorted_page


def test_the_sitemap_lists_public_plans_only(client, w):
    sitemap = _html(client, "/sitemap-inspections.xml")
    assert f"/inspections/{w.plan.pk}/</loc>" in sitemap
    assert f"/en/inspections/{w.committed.pk}/</loc>" in sitemap
    assert f"/inspections/{w.draft_plan.pk}/</loc>" not in sitemap
    pages = _html(client, "/sitemap-pages.xml")
    assert "/inspections/</loc>" in pages


@pytest.mark.parametrize(
    ("upload", "meant"),
    [
        ("plan.json", "plan.json"),
        ("杭市监抽〔2026〕3号_plan.json", "plan.json"),
        ("杭市监抽〔2026〕3号_teams (1).csv", "teams.csv"),
        ("DRAWN.CSV", "drawn.csv"),
        ("myplan.json", None),
        ("plan.json.txt", None),
        ("draw.csv", None),
        ("", None),
    ],
)
def test_an_upload_is_known_by_the_end_of_its_name(upload, meant):
    assert file_meant(upload) == meant
