"""The admin site: a password and a TOTP code, as in the officials' area.

A staff password alone would otherwise write to every record. Staff set up
their authenticator app with `manage.py admin_totp <username>`; officials who
are staff may also sign in at /officials/login/, which verifies the session.
"""

from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite


class PortalAdminSite(OTPAdminSite):
    site_header = _("Credit disclosure portal administration")
    site_title = _("Credit disclosure portal administration")
    # django-otp's form, in a template of our own: labels in the portal's words.
    login_template = "admin/otp_login.html"
