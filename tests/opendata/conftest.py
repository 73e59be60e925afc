import pytest
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    settings.API_THROTTLE_ANON = "100000/min"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Bulk files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def api():
    return APIClient(HTTP_HOST="localhost")
