"""Atom feeds of new and changed records: per authority, region, list and search.

Records come through the visibility rule; a record withdrawn since it was
published stays in its feed as a notice of the withdrawal (number, date and
reason, never the content), so subscribers learn to remove their copy.
Each authority's random inspection results have a feed of their own, alike.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.dates import local_today
from portal.core.middleware import CONTROL_CHARACTERS
from portal.core.models import ChangeLogEntry
from portal.creditlists.models import CreditList, ListEntry
from portal.disclosures.models import Penalty, Permit
from portal.inspections import selectors as inspection_selectors
from portal.inspections.choices import ResultState, ResultWithdrawalReason
from portal.inspections.models import InspectionResult
from portal.inspections.reference import BY_CODE
from portal.opendata.datasets.inspection_rows import category_name, result_link
from portal.registry.models import Authority, Region
from portal.registry.regions import region_code_range
from portal.search.query import parse_query
from portal.search.selection import search

FEED_SIZE = 50
_RELATED = ("entity", "authority")


def _visible_or_withdrawn(model, today):
    # A withdrawn record stays as a notice. An expired one is left out until the
    # daily housekeeping withdraws it, which makes it a notice with a new date.
    return model.objects.public(today=today) | model.objects.withdrawn()


def _latest_records(scope: Q) -> list:
    """Return the newest-changed permits and penalties in the scope, newest first."""
    today = local_today()
    records = []
    for model in (Permit, Penalty):
        records += list(
            _visible_or_withdrawn(model, today)
            .filter(scope)
            .select_related(*_RELATED)
            .order_by("-updated_at", "-pk")[:FEED_SIZE]
        )
    records.sort(key=lambda record: record.updated_at, reverse=True)
    return records[:FEED_SIZE]


def _printable(value):
    """Return text without the control characters XML 1.0 cannot carry."""
    return CONTROL_CHARACTERS.sub("\ufffd", value) if isinstance(value, str) else value


class _AtomFeed(Atom1Feed):
    """Atom whose texts, from any record however imported, are valid XML."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *map(_printable, args), **{k: _printable(v) for k, v in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *map(_printable, args), **{k: _printable(v) for k, v in kwargs.items()}
        )


class _Feed(Feed):
    feed_type = _AtomFeed
    author_name = gettext_lazy("Credit disclosure portal")

    def item_link(self, item):
        return item.get_absolute_url()

    # An entry's id is its absolute link: a corrected or withdrawn record keeps
    # its id and gets a later <updated>, which Atom readers take as an update.

    def item_pubdate(self, item):
        return getattr(item, "published_at", None) or item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class _RecordFeed(_Feed):
    def item_title(self, item):
        if item.is_removed:
            return _("Withdrawn: %(number)s") % {"number": item.decision_number}
        kind = _("Penalty") if isinstance(item, Penalty) else _("Permit")
        return f"{kind} {item.decision_number}: {item.counterpart_public_name}"

    def item_description(self, item):
        if removal := item.removal():
            return _("Withdrawn on %(date)s (%(reason)s). Remove any copy of it.") % {
                "date": removal.on.isoformat() if removal.on else "",
                "reason": removal.reason_label,
            }
        content = item.content
        return f"{item.authority.name} · {item.decided_on:%Y-%m-%d} · {content}"

    def item_categories(self, item):
        return [item._meta.model_name]


class AuthorityFeed(_RecordFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Authority, pk=pk)

    def title(self, obj):
        return _("New and changed records of %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("opendata:feed-authority", kwargs={"pk": obj.pk})

    def items(self, obj):
        return _latest_records(Q(authority=obj))


class RegionFeed(_RecordFeed):
    def get_object(self, request, code):
        return get_object_or_404(Region, code=code)

    def title(self, obj):
        return _("New and changed records in %(name)s") % {"name": obj.name}

    def link(self, obj):
        return f"{reverse('penalties:list')}?region={obj.code}"

    def feed_url(self, obj):
        return reverse("opendata:feed-region", kwargs={"code": obj.code})

    def items(self, obj):
        return _latest_records(Q(region_code__range=region_code_range(obj.code)))


class ListFeed(_Feed):
    def get_object(self, request, slug):
        return get_object_or_404(CreditList, slug=slug)

    def title(self, obj):
        return _("New and changed entries of %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("opendata:feed-list", kwargs={"slug": obj.slug})

    def items(self, obj):
        return (
            ListEntry.objects.filter(credit_list=obj)
            .select_related("entity", "authority", "credit_list")
            .order_by("-updated_at", "-pk")[:FEED_SIZE]
        )

    def item_link(self, item):
        # Entries have no page of their own: the entity's file, one id per entry.
        return f"{item.entity.get_absolute_url()}#listentry-{item.pk}"

    def item_pubdate(self, item):
        return item.created_at

    def item_title(self, item):
        if item.removed_on:
            return _("Removed from the list: %(name)s") % {
                "name": item.entity.public_name
            }
        return _("Listed: %(name)s") % {"name": item.entity.public_name}

    def item_description(self, item):
        if item.removed_on:
            return _("Removed on %(date)s (%(reason)s).") % {
                "date": f"{item.removed_on:%Y-%m-%d}",
                "reason": item.get_removal_reason_display(),
            }
        return (
            f"{item.authority.name} · {item.document_number} · "
            f"{item.listed_on:%Y-%m-%d} · {item.reason}"
        )


class SearchFeed(_Feed):
    """The newest matches of any search, with the search page's parameters."""

    def get_object(self, request):
        params = request.GET.copy()
        params["sort"] = "date"
        params.pop("page", None)
        try:
            query = parse_query(params)
        except ValidationError as error:
            raise Http404(" ".join(error.messages)) from None
        return {"query": query, "params": request.GET.urlencode()}

    def title(self, obj):
        return _("Search results for “%(q)s”") % {"q": obj["query"].text}

    def link(self, obj):
        return f"{reverse('search:page')}?{obj['params']}"

    def feed_url(self, obj):
        return f"{reverse('opendata:feed-search')}?{obj['params']}"

    def items(self, obj):
        return search(obj["query"]).hits[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return strip_tags(item.snippet)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return None

    def item_updateddate(self, item):
        if not item.date:
            # Atom needs a date on every entry; an entity has none of its own.
            return timezone.now()
        day = datetime.date.fromisoformat(item.date[:10])
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class InspectionResultFeed(_Feed):
    """An authority's inspection results as published, corrected and withdrawn.

    A withdrawn result stays as a notice (its plan, the day and why, never the
    content), as a withdrawn record does in the records' feeds.
    """

    def get_object(self, request, pk):
        return get_object_or_404(Authority, pk=pk)

    def title(self, obj):
        return _("Random inspection results of %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("opendata:feed-inspections-authority", kwargs={"pk": obj.pk})

    def items(self, obj):
        results = list(
            inspection_selectors.results_of(authority=obj)
            .exclude(state=ResultState.DRAFT)
            .select_related("authority")
            .order_by("-updated_at", "-pk")[:FEED_SIZE]
        )
        _attach_correction_reasons(results)
        return results

    def item_link(self, item):
        return result_link(item)

    def item_title(self, item):
        plan = item.drawn.plan.number
        if item.state == ResultState.WITHDRAWN:
            return _("Withdrawn: inspection result %(id)s of %(plan)s") % {
                "id": item.pk,
                "plan": plan,
            }
        values = {
            "name": item.drawn.entity.public_name,
            "result": _category(item.category),
            "version": item.version,
        }
        if item.state == ResultState.CORRECTED:
            return (
                _(
                    "Corrected inspection result (version %(version)s): "
                    "%(name)s, %(result)s"
                )
                % values
            )
        return _("Inspection result: %(name)s, %(result)s") % values

    def item_description(self, item):
        if item.state == ResultState.WITHDRAWN:
            reason = str(ResultWithdrawalReason(item.withdrawal_reason).label)
            if item.withdrawal_note:
                reason = f"{reason}: {item.withdrawal_note}"
            withdrawn = item.withdrawn_at or item.updated_at
            return _("Withdrawn on %(date)s (%(reason)s). Remove any copy of it.") % {
                "date": timezone.localdate(withdrawn).isoformat(),
                "reason": reason,
            }
        parts = [
            item.authority.name,
            item.drawn.plan.number,
            item.item.title,
            f"{item.decided_on:%Y-%m-%d}",
            _category(item.category),
        ]
        if item.is_late:
            parts.append(_("published late"))
        if item.state == ResultState.CORRECTED and item.correction_reason:
            parts.append(
                _("corrected: %(reason)s") % {"reason": item.correction_reason}
            )
        return " · ".join(parts)

    def item_categories(self, item):
        return ["inspection-result"]


def _category(code: str) -> str:
    return str(category_name(BY_CODE[code])) if code in BY_CODE else code


def _attach_correction_reasons(results) -> None:
    """Give each corrected result the reason of its latest correction, in one query."""
    corrected = [r.pk for r in results if r.state == ResultState.CORRECTED]
    reasons = {}
    if corrected:
        entries = ChangeLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(InspectionResult),
            object_id__in=corrected,
            action=ChangeLogEntry.Action.CORRECT,
        ).order_by("at", "pk")
        # Oldest first: the latest correction's reason is the one kept.
        reasons = {entry.object_id: entry.reason for entry in entries}
    for result in results:
        result.correction_reason = reasons.get(result.pk, "")
