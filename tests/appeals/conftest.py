import pytest

from tests.factories import make_authority, make_region
from tests.publishing.conftest import sign_in
from tests.publishing.factories import make_official


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Evidence files go to a fresh private folder, apart from MEDIA_ROOT."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture
def authority(db):
    return make_authority(name="杭州市市场监督管理局", region=make_region())


@pytest.fixture
def other_authority(db):
    return make_authority(name="宁波市市场监督管理局")


@pytest.fixture
def handler(authority):
    official = make_official(
        authority=authority, is_publisher=False, is_appeals_handler=True
    )
    official.user.email = "handler@example.gov.cn"
    official.user.save()
    return official


@pytest.fixture
def other_handler(other_authority):
    return make_official(authority=other_authority, is_appeals_handler=True)


@pytest.fixture
def handler_client(client, handler):
    return sign_in(client, handler)
