"""The origin (https://host) that the addresses in downloaded files start with.

A file leaves the site, so its page addresses must be whole. The configured
SITE_URL comes first; without it, the trusted origins and host names the
deployment already declares. A caller with a request may pass it to use the
request's own origin instead, but then the page's and the API's downloads of
one selection must both do so, or their files differ.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Where `make run` serves a development site.
_DEVELOPMENT = "http://127.0.0.1:8000"


def site_origin(request=None) -> str:
    """Return the origin for files' addresses, without a trailing slash."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return _declared_origin()


def _declared_origin() -> str:
    for origin in settings.CSRF_TRUSTED_ORIGINS:
        if "*" not in origin:
            return origin.rstrip("/")
    if settings.DEBUG:
        return _DEVELOPMENT
    hosts = [
        host
        for host in settings.ALLOWED_HOSTS
        if host and host != "*" and not host.startswith(".")
    ]
    if not hosts:
        raise ImproperlyConfigured(
            "Set SITE_URL (https://host) so that the open-data files can give "
            "whole addresses."
        )
    # Outside development the portal is served over HTTPS (SECURE_SSL_REDIRECT).
    return f"https://{hosts[0]}"
