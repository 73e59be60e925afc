from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "portal.disclosures"
    verbose_name = _("Dual public disclosure")
