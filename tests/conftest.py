import pytest
from django.conf import settings
from django.utils import translation

from portal.core.workdays import clear_calendar_cache


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Forget cached calendar overrides, which a rolled-back test may have left."""
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture(autouse=True)
def _default_language():
    """Start each test in the default language; a request may have switched it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Keep cached page fragments from leaking between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
