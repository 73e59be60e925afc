"""Admin for the shared models (the site itself: portal/core/admin_site.py)."""

import json

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.core.models import ApiToken, CalendarDay, ChangeLogEntry
from portal.core.signals import admin_deleting, admin_saved


class ReadOnlyAdminMixin:
    """Show rows in the admin without letting anyone add, change or delete them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChangeAnnouncingAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletions other apps hear of (core/signals.py),
    such as search, which reindexes what the edit changed."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        admin_saved.send(sender=type(obj), instance=obj)

    def delete_model(self, request, obj):
        after = _before_deleting(type(obj), [obj])
        super().delete_model(request, obj)
        _run(after)

    def delete_queryset(self, request, queryset):
        after = _before_deleting(queryset.model, list(queryset))
        super().delete_queryset(request, queryset)
        _run(after)


def _before_deleting(model, instances) -> list:
    answers = admin_deleting.send(sender=model, instances=instances)
    return [then for _receiver, then in answers if then is not None]


def _run(callables) -> None:
    for then in callables:
        then()


def exchange_columns(*codes: str):
    """Return a fieldset description naming the national exchange-format columns."""
    return format_lazy(_("Exchange format columns: {codes}"), codes=", ".join(codes))


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "is_working_day", "name", "source"]
    # Officials enter next year's schedule here, a day per row.
    list_editable = ["is_working_day", "name"]
    list_filter = ["is_working_day"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"
    list_per_page = 100

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj):
        return date_format(obj.date, "l")


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The change log, read-only: nobody adds, edits or deletes an entry here."""

    list_display = [
        "at",
        "action",
        "content_type",
        "object_id",
        "version",
        "by",
        "source",
    ]
    list_filter = ["action", "content_type", "at"]
    list_select_related = ["content_type", "actor"]
    search_fields = ["reason", "source", "actor_label"]
    show_full_result_count = False
    list_per_page = 50
    fields = [
        "content_type",
        "object_id",
        "record_link",
        "action",
        "version",
        "changes_display",
        "reason",
        "actor",
        "actor_label",
        "source",
        "at",
    ]
    readonly_fields = ["record_link", "changes_display", "at"]

    @admin.display(description=_("by"))
    def by(self, obj):
        return obj.actor or obj.actor_label or "-"

    @admin.display(description=_("record"))
    def record_link(self, obj):
        content_type = obj.content_type
        try:
            url = reverse(
                f"admin:{content_type.app_label}_{content_type.model}_change",
                args=[obj.object_id],
            )
        except NoReverseMatch:
            return f"{content_type.name} #{obj.object_id}"
        return format_html(
            '<a href="{}">{} #{}</a>', url, content_type.name, obj.object_id
        )

    @admin.display(description=_("changes"))
    def changes_display(self, obj):
        text = json.dumps(obj.changes, ensure_ascii=False, indent=2, default=str)
        return format_html("<pre>{}</pre>", text)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who holds a token, since when and until when; never the key (only its
    hash is kept). Deleting a row revokes the token: its holder issues a new
    one on their page, officials on theirs."""

    list_display = ["prefix", "user", "created", "expires", "last_used"]
    list_select_related = ["user"]
    search_fields = ["prefix", "user__username", "user__email"]
    date_hierarchy = "created"
    exclude = ["digest"]

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("core.delete_apitoken")
