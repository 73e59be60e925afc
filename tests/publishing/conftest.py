import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_authority, make_region
from tests.publishing.factories import PASSWORD, make_official, totp_code

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings, tmp_path):
    """Background jobs run in the test (immediate backend); files go to tmp."""
    settings.TASKS = IMMEDIATE
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def authority(db):
    return make_authority(name="杭州市市场监督管理局", region=make_region())


@pytest.fixture
def other_authority(db):
    return make_authority(name="宁波市市场监督管理局")


@pytest.fixture
def official(authority):
    return make_official(authority=authority, is_authority_admin=True)


@pytest.fixture
def other_official(other_authority):
    return make_official(authority=other_authority)


def sign_in(client, official):
    """Sign in through the real form: password and the current TOTP code."""
    response = client.post(
        "/officials/login/",
        {
            "username": official.user.username,
            "password": PASSWORD,
            "code": totp_code(official.user),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


@pytest.fixture
def official_client(client, official):
    return sign_in(client, official)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
