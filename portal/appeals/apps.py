from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.publishing.signals import working_days_changed


def _move_deadlines(sender, *, days, reason, actor, **kwargs) -> int:
    # Imported on first use: the services import models, which an AppConfig
    # module must not (Django loads it before the models).
    from portal.appeals.services.calendar import recompute_appeal_deadlines

    return recompute_appeal_deadlines(days=days, reason=reason, actor=actor)


class AppealsConfig(AppConfig):
    name = "portal.appeals"
    verbose_name = _("Objections and credit repair")

    def ready(self):
        # Open cases' deadlines count working days, as records' do.
        working_days_changed.connect(_move_deadlines, dispatch_uid="appeals-deadlines")
