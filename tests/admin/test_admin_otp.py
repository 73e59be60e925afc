"""The admin asks for a TOTP code after the password, as the officials' area does."""

from base64 import b32decode

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        username="keeper", email="keeper@example.org", password=PASSWORD
    )


def _enrol(capsys, *args) -> tuple[str, str]:
    call_command("admin_totp", "keeper", "--for-script", *args)
    device, secret = capsys.readouterr().out.split()
    return device, secret


def _code(secret: str) -> str:
    return f"{TOTP(b32decode(secret)).token():06d}"


def _sign_in(client, *, password=PASSWORD, REMOTE_ADDR="127.0.0.1", **fields):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "keeper", "password": password, **fields},
        REMOTE_ADDR=REMOTE_ADDR,
    )


def test_a_password_alone_does_not_open_the_admin(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert _sign_in(client).status_code == 200  # the form again, asking for a code


def test_password_and_code_open_it(client, staff, capsys):
    device, secret = _enrol(capsys)

    response = _sign_in(client, otp_device=device, otp_token=_code(secret))

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused(client, staff, capsys):
    device, secret = _enrol(capsys)
    wrong = f"{(int(_code(secret)) + 1) % 1_000_000:06d}"
    assert _sign_in(client, otp_device=device, otp_token=wrong).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_enrolling_again_needs_replace_and_ends_the_old_app(staff, capsys):
    _first, old_secret = _enrol(capsys)
    with pytest.raises(CommandError, match="--replace"):
        call_command("admin_totp", "keeper")
    _device, new_secret = _enrol(capsys, "--replace")
    assert new_secret != old_secret
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_only_staff_get_an_admin_device(django_user_model):
    django_user_model.objects.create_user(username="citizen", password=PASSWORD)
    with pytest.raises(CommandError, match="not staff"):
        call_command("admin_totp", "citizen")
    with pytest.raises(CommandError, match="no user"):
        call_command("admin_totp", "nobody")
    assert not TOTPDevice.objects.exists()


class TestPasswordGuessing:
    @pytest.fixture(autouse=True)
    def _limits(self, settings):
        settings.SIGNIN_FAILURES_PER_ACCOUNT = 3
        settings.SIGNIN_FAILURES_PER_ADDRESS = 10

    def test_after_the_limit_even_the_right_password_and_code_wait(
        self, client, staff, capsys
    ):
        device, secret = _enrol(capsys)
        for _ in range(3):
            response = _sign_in(client, password="guess", REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 429
        right = _sign_in(
            client, otp_device=device, otp_token=_code(secret), REMOTE_ADDR="10.0.0.1"
        )
        assert right.status_code == 429
        # The admin speaks the portal's default language, Chinese.
        assert "该账号从您所在网络地址的登录失败次数过多" in right.content.decode()
        assert client.get("/admin/").status_code == 302

        # From another address the keeper still signs in.
        other = _sign_in(
            client,
            otp_device=device,
            otp_token=_code(secret),
            REMOTE_ADDR="10.0.0.2",
        )
        assert other.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_a_wrong_code_counts_but_a_missing_one_does_not(
        self, client, staff, capsys
    ):
        device, secret = _enrol(capsys)
        wrong = f"{(int(_code(secret)) + 1) % 1_000_000:06d}"
        for _ in range(2):
            assert _sign_in(client).status_code == 200  # asks for the code
        for _ in range(3):
            response = _sign_in(client, otp_device=device, otp_token=wrong)
        assert response.status_code == 429
