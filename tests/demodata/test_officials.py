"""Demo officials exist, with printed credentials, only in development."""

import pytest
from django.core.management import CommandError, call_command

from portal.publishing.exceptions import PublishingError
from portal.publishing.models import Official
from portal.publishing.services.officials import create_demo_officials
from tests.factories import make_authority

pytestmark = pytest.mark.django_db


def test_not_under_production_settings(settings):
    settings.DEBUG = False
    make_authority()
    with pytest.raises(PublishingError):
        create_demo_officials()
    with pytest.raises(CommandError):
        call_command("demo_officials")
    assert not Official.objects.exists()


def test_in_development_they_are_printed_and_can_be_reset(settings, capsys):
    settings.DEBUG = True
    make_authority()
    call_command("demo_officials")
    first = capsys.readouterr().out
    assert "demo-publisher" in first
    assert "TOTP secret" in first
    assert Official.objects.filter(is_authority_admin=True).count() == 1
    assert Official.objects.filter(is_appeals_handler=True).count() == 1
    call_command("demo_officials")
    second = capsys.readouterr().out
    assert Official.objects.count() == 4
    assert first != second  # fresh passwords and secrets
