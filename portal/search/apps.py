from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.core.signals import admin_deleting, admin_saved
from portal.inspections.signals import results_changed


class SearchConfig(AppConfig):
    name = "portal.search"
    verbose_name = _("Search")

    def ready(self):
        # Imported here: the receivers' modules import models, which an
        # AppConfig module must not (Django reads it before the models).
        from portal.search.admin import reindex_after_deleting, reindex_saved
        from portal.search.receivers import reindex_inspection_results

        admin_saved.connect(reindex_saved, dispatch_uid="search-admin-saved")
        admin_deleting.connect(
            reindex_after_deleting, dispatch_uid="search-admin-deleting"
        )
        results_changed.connect(
            reindex_inspection_results, dispatch_uid="search-inspection-results"
        )
