from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _forget_calendar(**kwargs):
    from portal.core.workdays import clear_calendar_cache

    clear_calendar_cache()


class CoreConfig(AppConfig):
    name = "portal.core"
    verbose_name = _("Core")

    def ready(self):
        # The calendar is cached per process; an edited override must show at once.
        post_save.connect(_forget_calendar, sender="core.CalendarDay")
        post_delete.connect(_forget_calendar, sender="core.CalendarDay")


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin, behind the same second factor as the officials' area."""

    default = False  # named in INSTALLED_APPS; CoreConfig is this module's default
    default_site = "portal.core.admin_site.PortalAdminSite"
