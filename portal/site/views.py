"""The home page, the repair guide, robots.txt, the icon and the health check."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

from portal.cities.models import DemonstrationBatch
from portal.creditlists.models import CreditList, ListEntry
from portal.disclosures.models import Penalty, Permit
from portal.registry.models import Entity
from portal.site.health import report as health_report

_HEADLINE_SECONDS = 600
LATEST_COUNT = 10


def _headline_counts() -> dict[str, int]:
    """Count what the home page headlines; cached, as exact counts cost a scan."""
    counts = cache.get("home:headline-counts")
    if counts is None:
        counts = {
            "entities": Entity.objects.count(),
            "permits": Permit.objects.public().count(),
            "penalties": Penalty.objects.public().count(),
            "listed": ListEntry.objects.current().count(),
        }
        cache.set("home:headline-counts", counts, _HEADLINE_SECONDS)
    return counts


def home(request):
    related = ("entity", "authority")
    latest_permits = Permit.objects.public().select_related(*related)
    latest_penalties = Penalty.objects.public().select_related(*related)
    return render(
        request,
        "site/home.html",
        {
            "counts": _headline_counts(),
            "latest_permits": latest_permits.order_by("-published_at")[:LATEST_COUNT],
            "latest_penalties": latest_penalties.order_by("-published_at")[
                :LATEST_COUNT
            ],
            "lists": CreditList.objects.all(),
            "batches": DemonstrationBatch.objects.all(),
        },
    )


def repair_guide(request):
    """Explain objections and credit repair, and that repair is free."""
    deadlines = {
        "objection": settings.APPEALS_OBJECTION_WORKING_DAYS,
        "repair_answer": settings.APPEALS_REPAIR_ANSWER_WORKING_DAYS,
        "repair_decision": settings.APPEALS_REPAIR_DECISION_WORKING_DAYS,
    }
    return render(request, "site/repair.html", {"deadlines": deadlines})


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        # Confirmations and tracking pages carry secrets in their addresses.
        "Disallow: /appeals/",
        "Disallow: /en/appeals/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them the icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
def health(request):
    """Report the database, the cache, search and the background worker.

    503 only when the database fails; any other part down is "degraded",
    named, with 200 (see portal/site/health.py).
    """
    body, status = health_report()
    return JsonResponse(body, status=status)
