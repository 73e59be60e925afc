from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditlistsConfig(AppConfig):
    name = "portal.creditlists"
    verbose_name = _("Credit lists")
