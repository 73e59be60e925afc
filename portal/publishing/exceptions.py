"""The one exception family publishing services raise besides ValidationError."""

from django.utils.translation import gettext_lazy as _


class PublishingError(Exception):
    """A publishing action that cannot be carried out, with a message for the user."""

    default_message = _("This action cannot be carried out.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotPermitted(PublishingError):
    """The official may not do this: another authority's record, or no such role."""

    default_message = _("You may not do this for this record.")
