"""The exceptions inspection services raise besides ValidationError."""

from django.utils.translation import gettext_lazy as _


class InspectionError(Exception):
    """An inspection action that cannot be carried out, with a message for the user."""

    default_message = _("This action cannot be carried out.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotPermitted(InspectionError):
    """The acting authority may not do this to this plan or result."""

    default_message = _("Your authority may not do this for this plan.")
