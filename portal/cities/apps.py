from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.inspections.signals import plan_changed, results_changed
from portal.publishing.signals import records_published


def _refresh_after_publishing(sender, *, authorities, **kwargs):
    # Imported on first use: the statistics modules import models, which an
    # AppConfig module must not (Django loads it before the models).
    from portal.cities.statistics import schedule_statistics_refresh

    schedule_statistics_refresh(authorities=authorities)


class CitiesConfig(AppConfig):
    name = "portal.cities"
    verbose_name = _("Demonstration cities")

    def ready(self):
        # The authorities' timeliness and completeness figures include the
        # records just published.
        records_published.connect(
            _refresh_after_publishing, dispatch_uid="cities-statistics-refresh"
        )
        # The random-inspection figures include the plan just committed or
        # drawn and the results just published, corrected or withdrawn.
        from portal.cities.receivers import (
            refresh_after_plan_changed,
            refresh_after_results_changed,
        )

        plan_changed.connect(
            refresh_after_plan_changed, dispatch_uid="cities-inspection-plans"
        )
        results_changed.connect(
            refresh_after_results_changed, dispatch_uid="cities-inspection-results"
        )
