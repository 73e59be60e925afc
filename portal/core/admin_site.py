"""The admin site: a password and a TOTP code, as in the officials' area.

A staff password alone would otherwise write to every record. Staff set up
their authenticator app with `manage.py admin_totp <username>`; officials who
are staff may also sign in at /officials/login/, which verifies the session.
Failed sign-ins count towards the same limits as the officials' area
(portal/core/signins.py).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from portal.core import signins

# What django-otp answers a right password sent without a code: the next step
# of signing in, not a guess.
_NEXT_STEP = {"token_required", "device_required"}
_REFUSED = "signin_refused"


class LimitedAdminAuthenticationForm(OTPAdminAuthenticationForm):
    """django-otp's admin form, refusing an address past the sign-in limits."""

    refused = None

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        self.refused = signins.refusal(self.request, username=username)
        if self.refused is not None:
            raise ValidationError(self.refused.message, code=_REFUSED)
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if getattr(error, "code", None) not in _NEXT_STEP:
                self.refused = signins.failed(self.request, username=username)
                if self.refused is not None:
                    raise ValidationError(
                        self.refused.message, code=_REFUSED
                    ) from error
            raise
        if self.get_user() is not None:
            signins.succeeded(self.request, username=username)
        return cleaned


class PortalAdminSite(OTPAdminSite):
    site_header = _("Credit disclosure portal administration")
    site_title = _("Credit disclosure portal administration")
    login_form = LimitedAdminAuthenticationForm
    # django-otp's form, in a template of our own: labels in the portal's words.
    login_template = "admin/otp_login.html"

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        refused = getattr(form, "refused", None)
        if refused is not None and form.has_error(NON_FIELD_ERRORS, _REFUSED):
            response.status_code = 429
            response["Retry-After"] = str(refused.retry_after)
        return response
