"""Emails at each step of a case: to the applicant, and to the handlers.

They are sent once the step's transaction has committed, through Django's
email API (the console backend by default, SMTP through `EMAIL_URL`). A
failure is logged and never undoes the step: the case is safe in the
database, and its tracking page shows the same.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.appeals.choices import EventKind
from portal.appeals.models import Appeal
from portal.publishing.models import Official

logger = logging.getLogger(__name__)

_SUBJECTS = {
    EventKind.SUBMITTED: lambda: _("Your case %(number)s was received"),
    EventKind.ACCEPTED: lambda: _("Your case %(number)s was accepted"),
    EventKind.MATERIAL_REQUESTED: lambda: _(
        "Your case %(number)s: more material is needed"
    ),
    EventKind.MATERIAL_ADDED: lambda: _("Your case %(number)s: material received"),
    EventKind.DECIDED: lambda: _("Your case %(number)s was decided"),
}
_HANDLER_SUBJECTS = {
    EventKind.SUBMITTED: lambda: _("New case %(number)s to handle"),
    EventKind.MATERIAL_ADDED: lambda: _("Case %(number)s: the applicant sent material"),
}


def _absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + path


def tracking_link(appeal: Appeal, site_url: str, secret: str | None = None) -> str:
    """Return the tracking page's address; with the secret, the private link."""
    if secret:
        path = reverse(
            "appeals:private-link", kwargs={"number": appeal.number, "secret": secret}
        )
    else:
        path = reverse("appeals:case", kwargs={"number": appeal.number})
    return _absolute(site_url, path)


def _send(subject: str, body: str, recipients: list[str]) -> None:
    if not recipients:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # delivery trouble must never lose the step
        logger.exception(
            "Could not send %r to %d recipient(s)", subject, len(recipients)
        )


def notify_applicant(
    appeal: Appeal, step: str, *, site_url: str, secret: str | None = None, message=""
) -> None:
    """Email the applicant about a step of their case, in their language."""
    if not appeal.contact_email:
        return
    with translation.override(appeal.language or settings.LANGUAGE_CODE):
        body = render_to_string(
            "appeals/email/applicant.txt",
            {
                "appeal": appeal,
                "step": step,
                "secret": secret,
                "message": message,
                "link": tracking_link(appeal, site_url, secret),
            },
        )
        subject = _SUBJECTS[step]() % {"number": appeal.number}
    _send(subject, body, [appeal.contact_email])


def notify_handlers(appeal: Appeal, step: str, *, site_url: str) -> None:
    """Email the appeals handlers of the case's authority (in the default language)."""
    recipients = list(
        Official.objects.filter(
            authority_id=appeal.authority_id,
            is_appeals_handler=True,
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "appeals/email/handlers.txt",
            {
                "appeal": appeal,
                "step": step,
                "link": _absolute(
                    site_url,
                    reverse("appeals-handling:case", kwargs={"pk": appeal.pk}),
                ),
            },
        )
        subject = _HANDLER_SUBJECTS[step]() % {"number": appeal.number}
    _send(subject, body, recipients)


def after_commit(function, *args, **kwargs) -> None:
    """Run a notification once the current transaction has committed."""
    transaction.on_commit(lambda: function(*args, **kwargs))
