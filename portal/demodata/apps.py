from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemodataConfig(AppConfig):
    name = "portal.demodata"
    verbose_name = _("Demo data")
