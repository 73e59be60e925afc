"""Scenarios for officials working in the admin, signed in as the bench superuser."""

import math
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse

from portal.bench.registry import Request, scenario
from portal.disclosures.choices import RecordState
from portal.disclosures.models import Penalty
from portal.registry.models import Entity

_SAMPLES = 200


@scenario("admin-entity-changelist")
def entity_changelist(ctx):
    """Search entities by a two-character fragment of a name."""
    headers = ctx.login()
    path = reverse("admin:registry_entity_changelist")
    for entity in ctx.sample(Entity.objects.all(), _SAMPLES):
        query = urlencode({"q": _fragment(entity.name, ctx.rng)})
        yield Request(f"{path}?{query}", headers=headers)


@scenario("admin-penalty-changelist")
def penalty_changelist(ctx):
    """Published penalties of one kind of authority, on a page past the middle."""
    headers = ctx.login()
    path = reverse("admin:disclosures_penalty_changelist")
    per_page = admin.site.get_model_admin(Penalty).list_per_page
    counts = (
        Penalty.objects.filter(state=RecordState.PUBLISHED)
        .values_list("authority__kind")
        .annotate(n=Count("pk"))
        .filter(n__gt=per_page)
        .order_by("authority__kind")
    )
    pages = {kind: math.ceil(n / per_page) for kind, n in counts}
    kinds = sorted(pages)
    for _ in range(_SAMPLES if kinds else 0):
        kind = ctx.rng.choice(kinds)
        query = {
            "state__exact": RecordState.PUBLISHED,
            "authority__kind__exact": kind,
            "p": ctx.rng.randint(pages[kind] // 2 + 1, pages[kind]),
        }
        yield Request(f"{path}?{urlencode(query)}", headers=headers)


@scenario("admin-entity-change")
def entity_change(ctx):
    """An entity's change form, with the records about it."""
    headers = ctx.login()
    for entity in ctx.sample(Entity.objects.only("pk"), _SAMPLES):
        path = reverse("admin:registry_entity_change", args=[entity.pk])
        yield Request(path, headers=headers)


def _fragment(name: str, rng) -> str:
    # Leave out the last four characters, which are mostly 有限公司 and the
    # like and would match nearly everything.
    start = rng.randrange(max(1, len(name) - 5))
    return name[start : start + 2]
