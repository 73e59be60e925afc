import pytest

from portal.core.workdays import clear_calendar_cache


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Forget cached calendar overrides, which a rolled-back test may have left."""
    clear_calendar_cache()
    yield
    clear_calendar_cache()
