"""Officials record batches and their members, with a source, in the change log."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from portal.cities.models import Average, DemonstrationBatch, Designation
from portal.cities.statistics import refresh_statistics
from portal.core.models import ChangeLogEntry
from tests.cities.conftest import TODAY
from tests.factories import make_authority, make_permit, make_region
from tests.publishing.conftest import sign_in
from tests.publishing.factories import make_official

pytestmark = pytest.mark.django_db

BATCH_URL = "/cities/batches/add/"
MEMBER_URL = "/cities/designations/add/"


def _official(client, *codenames) -> User:
    """Sign an official in with password and TOTP, holding these permissions."""
    official = make_official()
    official.user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="cities", codename__in=codenames
        )
    )
    sign_in(client, official)
    return official.user


def _batch_form(**overrides):
    data = {
        "number": "2",
        "announced_on": "2019-08-01",
        "announced_by": "中国人民银行、国家发展和改革委员会",
        "official_count": "16",
        "source": "第二批社会信用体系建设示范城市名单（2019年8月）",
    }
    data.update(overrides)
    return data


class TestAccess:
    @pytest.mark.parametrize("url", [BATCH_URL, MEMBER_URL])
    def test_anonymous_visitors_are_sent_to_sign_in(self, client, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/officials/login/")
        assert f"next={url}" in response.url

    @pytest.mark.parametrize("url", [BATCH_URL, MEMBER_URL])
    def test_a_password_alone_is_not_enough(self, client, url):
        # Even a superuser signed in to the admin needs the second factor here.
        user = User.objects.create_superuser("admin", password="x-Secret-42")
        client.force_login(user)
        response = client.post(url, _batch_form())
        assert response.status_code == 302
        assert response.url.startswith("/officials/login/")
        assert not DemonstrationBatch.objects.exists()

    @pytest.mark.parametrize("url", [BATCH_URL, MEMBER_URL])
    def test_signed_in_without_the_permission_is_forbidden(self, client, url):
        _official(client)
        assert client.get(url).status_code == 403
        assert client.post(url, _batch_form()).status_code == 403
        assert not DemonstrationBatch.objects.exists()

    def test_the_links_show_only_to_those_who_may(self, client, db):
        assert "/cities/batches/add/" not in client.get("/cities/").content.decode()
        _official(client, "add_demonstrationbatch")
        html = client.get("/cities/").content.decode()
        assert BATCH_URL in html and MEMBER_URL not in html


class TestBatches:
    def test_recording_a_batch(self, client, db):
        user = _official(client, "add_demonstrationbatch")
        response = client.post(BATCH_URL, _batch_form())
        assert response.status_code == 302
        assert response.url == "/cities/?batch=2"
        batch = DemonstrationBatch.objects.get(number=2)
        assert batch.official_count == 16
        assert batch.announced_on == datetime.date(2019, 8, 1)
        entry = ChangeLogEntry.objects.for_object(batch).get()
        assert entry.action == ChangeLogEntry.Action.CREATE
        assert entry.actor == user
        assert entry.changes["source"] == [None, batch.source]
        assert "已录入第2批" in client.get(response.url).content.decode()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"source": "  "}, "source"),
            ({"number": "0"}, "number"),
            ({"announced_on": "2019-13-01"}, "announced_on"),
            ({"official_count": "many"}, "official_count"),
        ],
    )
    def test_a_bad_entry_is_explained_and_saves_nothing(
        self, client, db, overrides, field
    ):
        _official(client, "add_demonstrationbatch")
        response = client.post(BATCH_URL, _batch_form(**overrides))
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert 'role="alert"' in response.content.decode()
        assert not DemonstrationBatch.objects.exists()
        assert not ChangeLogEntry.objects.exists()

    def test_a_batch_number_already_taken(self, client, world):
        _official(client, "add_demonstrationbatch")
        response = client.post(BATCH_URL, _batch_form(number="1"))
        assert response.status_code == 200
        assert "number" in response.context["form"].errors
        assert DemonstrationBatch.objects.count() == 2


class TestMembers:
    def _form(self, **overrides):
        data = {
            "batch": "3",
            "region": "330700",
            "source": "第三批名单",
            "designated_on": "",
        }
        data.update(overrides)
        return data

    def test_recording_a_member_counts_it_among_the_demonstration_cities(
        self, client, world, django_capture_on_commit_callbacks
    ):
        refresh_statistics(today=TODAY)
        assert Average.objects.get(group="demonstration", period="2024Q4").members == 2
        user = _official(client, "add_designation")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(MEMBER_URL, self._form())
        assert response.status_code == 302
        assert response.url == f"{MEMBER_URL}?batch=3"
        designation = Designation.objects.get(region=world["jinhua"])
        # Without a date, the day the batch was announced.
        assert designation.designated_on == datetime.date(2021, 10, 1)
        entry = ChangeLogEntry.objects.for_object(designation).get()
        assert entry.actor == user
        assert entry.changes["region"] == [None, "330700"]
        assert Average.objects.get(group="demonstration", period="2024Q4").members == 3
        page = client.get(response.url)
        assert "已将金华市录入为第3批成员" in page.content.decode()
        assert page.context["form"]["batch"].value() == "3"

    def test_a_county_level_city_designated_for_the_first_time_gets_figures(
        self, client, world, django_capture_on_commit_callbacks
    ):
        county = make_region(
            code="330783", name="东阳市", level="county", parent=world["jinhua"]
        )
        authority = make_authority(region=county)
        make_permit(authority=authority, decided_on=datetime.date(2024, 10, 8))
        refresh_statistics(today=TODAY)
        assert client.get(reverse("cities:detail", args=["330783"])).status_code == 404
        _official(client, "add_designation")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(MEMBER_URL, self._form(region="330783"))
        html = client.get(reverse("cities:detail", args=["330783"])).content.decode()
        assert 'id="chart-published-table"' in html

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"region": "12"}, "region", ""),
            ({"region": "440300"}, "region", "没有代码为 440300 的行政区划"),
            ({"batch": "7"}, "batch", ""),
            ({"source": ""}, "source", ""),
            ({"designated_on": "yesterday"}, "designated_on", ""),
        ],
    )
    def test_a_bad_member_is_explained_and_saves_nothing(
        self, client, world, overrides, field, message
    ):
        _official(client, "add_designation")
        before = Designation.objects.count()
        response = client.post(MEMBER_URL, self._form(**overrides))
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert message in response.content.decode()
        assert Designation.objects.count() == before

    def test_a_member_already_in_the_batch(self, client, world):
        _official(client, "add_designation")
        response = client.post(MEMBER_URL, self._form(batch="1", region="330100"))
        assert response.status_code == 200
        assert "该行政区划已在本批次中" in response.content.decode()
        assert Designation.objects.filter(region=world["hangzhou"]).count() == 1


def test_the_permissions_exist(db):
    codenames = set(
        Permission.objects.filter(
            content_type__in=ContentType.objects.filter(app_label="cities")
        ).values_list("codename", flat=True)
    )
    assert {"add_designation", "add_demonstrationbatch"} <= codenames
