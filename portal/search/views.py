"""The search page: every public entity, record, list entry and inspection
result, with facets."""

import dataclasses
from html import unescape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.search import selection
from portal.search.backends.highlight import marked
from portal.search.details import describe
from portal.search.facets import facet_groups
from portal.search.query import parse_query
from portal.search.results import MAX_RESULTS

HIT_LABELS = {
    "entity": _("Entity"),
    "permit": _("Permit"),
    "penalty": _("Penalty"),
    "listentry": _("List entry"),
    "inspection": _("Inspection result"),
}


def _plain(html: str) -> str:
    return unescape(strip_tags(html)).strip("…")


def _rows(hits, phrases) -> list[dict]:
    """Return what the page shows of each hit, its details loaded for the page."""
    # marked() escapes the text around its marks.
    details = describe(hits)
    rows = []
    for hit in hits:
        found = details.get(hit.key)
        entity = found.entity_name if found else ""
        # A snippet cut from the title or the name shows nothing new.
        snippet = hit.snippet
        plain = _plain(snippet)
        if plain in hit.title or plain in entity:
            snippet = ""
        rows.append(
            {
                "hit": hit,
                "label": HIT_LABELS.get(hit.kind, hit.kind),
                "title": mark_safe(marked(hit.title, phrases)),
                "details": found,
                "entity": mark_safe(marked(entity, phrases)),
                "snippet": snippet,
            }
        )
    return rows


def search_page(request):
    context = {"q": request.GET.get("q", "")}
    if not request.GET:
        return render(request, "search/search.html", context)
    try:
        query = parse_query(request.GET)
    except ValidationError as error:
        context["errors"] = [
            message for messages in error.message_dict.values() for message in messages
        ]
        return render(request, "search/search.html", context)
    if query.id_hash:
        # A full ID number must not stay in the address bar or the page: look
        # the person up by its keyed hash, as the entity finder does.
        return redirect(
            f"{reverse('entities:list')}?{urlencode({'id_hash': query.id_hash})}"
        )
    results = selection.search(query)
    # The index keeps default-language URLs; link to this page's language.
    # translate_url resolves in the active language, so resolve in the default.
    language = get_language()
    with translation.override(settings.LANGUAGE_CODE):
        hits = [
            dataclasses.replace(hit, url=translate_url(hit.url, language))
            for hit in results.hits
        ]
    results = dataclasses.replace(results, hits=hits)
    shown = min(results.total, MAX_RESULTS)
    pages = max(1, -(-shown // query.page_size))
    page_params = request.GET.copy()
    links = {}
    for label, number in (("previous", query.page - 1), ("next", query.page + 1)):
        if 1 <= number <= pages:
            page_params["page"] = number
            links[label] = f"?{page_params.urlencode()}"
    groups = facet_groups(request.GET, results)
    context.update(
        query=query,
        results=results,
        max_results=MAX_RESULTS,
        capped=results.total > MAX_RESULTS,
        rows=_rows(results.hits, query.phrases),
        facet_groups=groups,
        chosen_filters=[group for group in groups if group["chosen"]],
        pages=pages,
        links=links,
    )
    return render(request, "search/search.html", context)
