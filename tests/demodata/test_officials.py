"""Demo officials exist, with printed credentials, only in development."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal.demodata.officials import create_demo_officials
from portal.publishing.exceptions import PublishingError
from portal.publishing.models import Official
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


def test_demo_data_creates_and_prints_them_in_development(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_data", entities=5, records=0, today="2026-06-30", stdout=out)
    assert "demo-appeals" in out.getvalue()
    assert Official.objects.filter(user__username="demo-appeals").exists()


def test_demo_data_creates_none_under_production_settings(settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("demo_data", entities=5, records=0, today="2026-06-30", stdout=out)
    assert "demo-" not in out.getvalue()
    assert not Official.objects.exists()
