"""The exception appeals services raise besides ValidationError."""

from django.utils.translation import gettext_lazy as _

from portal.publishing.exceptions import PublishingError


class AppealError(PublishingError):
    """A step that cannot be taken on the case as it stands, with a message."""

    default_message = _("This step cannot be taken on this case.")
