from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _calendar_changed(**kwargs):
    from portal.core.workdays import calendar_changed

    calendar_changed()


def _create_cache_table(*, using, **kwargs):
    from django.core.management import call_command

    # Without CACHE_URL the cache is a table; the router says in which
    # database (the state one), so it comes with `migrate` like the rest.
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "portal.core"
    verbose_name = _("Core")

    def ready(self):
        from django_tasks.signals import task_finished, task_started

        from portal.core import (
            checks,  # noqa: F401 (registers them)
            requestids,
        )
        from portal.core.workdays import new_request

        # Every process keeps the calendar in memory; an override saved or
        # deleted anywhere gives it a new version, which each process checks.
        post_save.connect(_calendar_changed, sender="core.CalendarDay")
        post_delete.connect(_calendar_changed, sender="core.CalendarDay")
        request_started.connect(new_request, dispatch_uid="calendar-per-request")
        # Log lines carry the id of the request or task they belong to.
        request_finished.connect(
            requestids.request_finished, dispatch_uid="request-id-finished"
        )
        task_started.connect(requestids.task_started, dispatch_uid="task-id-started")
        task_finished.connect(requestids.task_finished, dispatch_uid="task-id-finished")
        post_migrate.connect(_create_cache_table, sender=self)


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin, behind the same second factor as the officials' area."""

    default = False  # named in INSTALLED_APPS; CoreConfig is this module's default
    default_site = "portal.core.admin_site.PortalAdminSite"
