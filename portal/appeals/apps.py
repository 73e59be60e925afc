from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "portal.appeals"
    verbose_name = _("Objections and credit repair")
