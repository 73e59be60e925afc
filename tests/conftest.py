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


def sign_in_with_totp(client, user):
    """Sign the user in with a verified second factor, as the admin requires."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, past the admin's second factor too."""
    return sign_in_with_totp(client, admin_user)
