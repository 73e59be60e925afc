"""The secret behind a commitment stays unseen until the draw reveals it."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import serializers
from django.urls import reverse

from portal.inspections.models import PlanSecret
from portal.inspections.services import enter_public_value_and_draw, freeze_and_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(world, plan):
    plan = freeze_and_commit(authority=world.lead, plan=plan)
    return plan, PlanSecret.objects.get(plan=plan).value


def _every_object():
    for model in apps.get_app_config("inspections").get_models():
        yield from model.objects.all()


def test_no_str_or_repr_shows_it(committed):
    _plan, secret = committed
    for obj in _every_object():
        assert secret not in str(obj)
        assert secret not in repr(obj)


def test_no_serialized_form_holds_it(committed):
    _plan, secret = committed
    for model in apps.get_app_config("inspections").get_models():
        text = serializers.serialize("json", model.objects.all())
        assert secret not in text, model


def test_not_in_any_published_file_before_the_draw(committed):
    plan, secret = committed
    for file in plan.files.all():
        assert secret.encode() not in bytes(file.content)


def test_no_admin_page_shows_it(committed, admin_client):
    plan, secret = committed
    pages = [
        reverse("admin:inspections_inspectionplan_changelist"),
        reverse("admin:inspections_inspectionplan_change", args=[plan.pk]),
        reverse("admin:inspections_inspector_changelist"),
        reverse("admin:inspections_inspectionresult_changelist"),
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert secret not in response.content.decode(), url
    assert PlanSecret not in admin.site._registry


def test_the_draw_reveals_it(world, committed):
    plan, secret = committed
    enter_public_value_and_draw(authority=world.lead, plan=plan, public_value="1")
    assert secret.encode() in bytes(plan.files.get(name="draw.json").content)
