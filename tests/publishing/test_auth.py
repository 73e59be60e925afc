"""The second factor is enforced on every officials' page and action."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.publishing.services.officials import create_official
from tests.factories import make_penalty
from tests.publishing.conftest import sign_in
from tests.publishing.factories import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

PAGES = [
    "/officials/",
    "/officials/permits/",
    "/officials/penalties/new/",
    "/officials/imports/",
    "/officials/audit/",
    "/officials/templates/penalties.csv",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/officials/login/?next=")


@pytest.mark.parametrize("path", PAGES)
def test_a_password_alone_is_not_enough(client, official, path):
    # A session from a password-only sign-in (e.g. the admin) is not verified.
    client.force_login(official.user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/officials/login/")


def test_actions_refuse_a_password_only_session(client, official, authority):
    penalty = make_penalty(authority=authority, state="draft")
    client.force_login(official.user)
    response = client.post(f"/officials/penalties/{penalty.pk}/publish/")
    assert response.status_code == 302
    penalty.refresh_from_db()
    assert penalty.state == "draft"


def test_sign_in_needs_the_current_code(client, official):
    data = {"username": official.user.username, "password": PASSWORD}
    response = client.post("/officials/login/", {**data, "code": "000000"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    response = client.post("/officials/login/", {**data, "code": ""})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated

    # django-otp slows down guessing after a failure; let the next try through.
    official.user.totpdevice_set.get().throttle_reset()
    sign_in(client, official)
    assert client.get("/officials/").status_code == 200


def test_a_wrong_password_says_nothing_about_the_account(client, official):
    response = client.post(
        "/officials/login/",
        {"username": official.user.username, "password": "nope", "code": "123456"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_a_user_who_is_not_an_official_cannot_sign_in(client, django_user_model):
    django_user_model.objects.create_user(username="citizen", password=PASSWORD)
    response = client.post(
        "/officials/login/",
        {"username": "citizen", "password": PASSWORD, "code": "123456"},
    )
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_first_sign_in_enrols_the_authenticator_app(client, authority):
    official, device = create_official(
        username="newcomer", password=PASSWORD, authority=authority
    )
    response = client.post(
        "/officials/login/", {"username": "newcomer", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/officials/enrol/")
    page = client.get("/officials/enrol/")
    assert page.status_code == 200
    assert page.context["secret"]
    # Not signed in until the code is confirmed.
    assert client.get("/officials/").status_code == 302

    response = client.post("/officials/enrol/", {"code": totp_code(official.user)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/officials/").status_code == 200


def test_enrolment_needs_a_password_first(client, authority):
    create_official(username="newcomer", password=PASSWORD, authority=authority)
    response = client.get("/officials/enrol/")
    assert response.status_code == 302
    assert response["Location"] == "/officials/login/"


def test_sign_out(official_client):
    response = official_client.post("/officials/logout/")
    assert response.status_code == 302
    assert official_client.get("/officials/").status_code == 302


class TestPasswordGuessing:
    """Failures are limited per account and address, and per address."""

    @pytest.fixture(autouse=True)
    def _limits(self, settings):
        settings.SIGNIN_FAILURES_PER_ACCOUNT = 3
        settings.SIGNIN_FAILURES_PER_ADDRESS = 5
        settings.SIGNIN_LOCKOUT_MINUTES = 15

    @staticmethod
    def _try(client, official, *, password=PASSWORD, code=None, address="10.0.0.1"):
        return client.post(
            "/en/officials/login/",
            {
                "username": official.user.username,
                "password": password,
                "code": totp_code(official.user) if code is None else code,
            },
            REMOTE_ADDR=address,
        )

    def test_after_the_limit_even_the_right_password_waits(self, client, official):
        for _ in range(2):
            assert self._try(client, official, password="guess").status_code == 200
        third = self._try(client, official, password="guess")
        assert third.status_code == 429
        assert "Too many failed sign-ins" in third.content.decode()
        assert 0 < int(third["Retry-After"]) <= 15 * 60

        right = self._try(client, official)
        assert right.status_code == 429
        assert "15 minutes" in right.content.decode()
        assert not right.wsgi_request.user.is_authenticated
        assert client.get("/officials/").status_code == 302

    def test_a_wrong_code_counts_as_a_failure(self, client, official):
        for _ in range(3):
            self._try(client, official, code="000000")
        official.user.totpdevice_set.get().throttle_reset()
        assert self._try(client, official).status_code == 429

    def test_the_official_still_signs_in_from_another_address(self, client, official):
        for _ in range(4):
            self._try(client, official, password="guess", address="203.0.113.9")
        assert self._try(client, official, address="203.0.113.9").status_code == 429

        assert self._try(client, official, address="10.0.0.1").status_code == 302
        assert client.get("/officials/").status_code == 200

    def test_one_address_guessing_many_accounts_is_stopped(
        self, client, official, other_official
    ):
        for victim in (official, other_official, official):
            for _ in range(2):
                self._try(client, victim, password="guess")
        # Five failures from the address in all: every account waits there.
        response = self._try(client, other_official)
        assert response.status_code == 429
        assert "network address" in response.content.decode()

    def test_a_success_forgets_the_earlier_mistakes(self, client, official):
        for _ in range(2):
            self._try(client, official, password="guess")
        assert self._try(client, official).status_code == 302
        client.post("/officials/logout/")
        for _ in range(2):
            assert self._try(client, official, password="guess").status_code == 200

    def test_the_refusal_is_in_chinese_too(self, client, official):
        for _ in range(3):
            self._try(client, official, password="guess")
        response = client.post(
            "/officials/login/",
            {"username": official.user.username, "password": PASSWORD},
            REMOTE_ADDR="10.0.0.1",
        )
        assert response.status_code == 429
        assert response["Content-Language"] == "zh-hans"
        assert "form" in response.content.decode()  # the page, not a bare wall
