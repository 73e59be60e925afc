"""Officials' access control: the one gate of every officials' page.

Signed in with password and second factor (TOTP), an official of an
authority, holding the role the page needs; every record is then found
through `selectors`, scoped to the official's authority. The officials'
pages of other apps (appeals handling, demonstration-city batches) use the
same gate.
"""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.publishing import selectors
from portal.publishing.choices import Role


def _sign_in_first(request):
    return redirect_to_login(request.get_full_path(), reverse("publishing:login"))


def verified_required(view):
    """Let through only a user signed in with password and TOTP, for officials'
    pages outside this app (e.g. recording demonstration batches)."""

    @functools.wraps(view)
    def verified(request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.is_verified():
            return _sign_in_first(request)
        return view(request, *args, **kwargs)

    return verified


class OfficialMixin:
    """Let through only a verified (password and TOTP) official with the role.

    Every record the view touches is then found through `selectors`, scoped to
    `self.official.authority`.
    """

    role = Role.PUBLISHER

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated or not user.is_verified():
            return _sign_in_first(request)
        self.official = selectors.official_for(user)
        if self.official is None:
            raise PermissionDenied("Not an official.")
        if self.role and not self.official.has_role(self.role):
            raise PermissionDenied("The official does not hold the role.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["official"] = self.official
        return context
