"""What the admin needs from search: keeping the index true after an edit."""

from django.contrib import admin

from portal.search import indexing
from portal.search.documents import showing


class ReindexingAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletions reach the search index."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        indexing.schedule_reindex_showing(obj)

    def delete_model(self, request, obj):
        # Found before the row goes; reindexing then removes what went.
        shown = showing(obj)
        super().delete_model(request, obj)
        _schedule(shown)

    def delete_queryset(self, request, queryset):
        shown = [showing(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        for documents in shown:
            _schedule(documents)


def _schedule(shown: dict[str, list[int]]) -> None:
    for kind, ids in shown.items():
        if ids:
            indexing.schedule_reindex(kind, ids)
