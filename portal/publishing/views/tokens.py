"""The page where an official issues, replaces or revokes their API token."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from portal.disclosures.choices import RecordKind
from portal.publishing.access import OfficialMixin
from portal.publishing.choices import Role
from portal.publishing.services import tokens

# The new key is shown once, on the page the issuing redirects to.
_NEW_KEY = "publishing_new_api_token"


@method_decorator(never_cache, name="dispatch")
class ApiTokenView(OfficialMixin, TemplateView):
    template_name = "publishing/api_token.html"
    role = Role.PUBLISHER

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            token=tokens.current_token(self.official),
            new_key=self.request.session.pop(_NEW_KEY, None),
            endpoints=[
                self.request.build_absolute_uri(reverse(f"api:publishing-{kind}-list"))
                for kind in RecordKind
            ],
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "issue":
            request.session[_NEW_KEY] = tokens.issue_token(self.official).key
            messages.success(
                request,
                _(
                    "A new API token was issued; any earlier one no longer works. "
                    "Copy it now: it is shown only this once."
                ),
            )
        elif action == "revoke":
            if tokens.revoke_token(self.official):
                messages.success(
                    request,
                    _("The API token was revoked: requests with it are refused."),
                )
            else:
                messages.info(request, _("There was no API token to revoke."))
        else:
            return HttpResponseBadRequest(_("Unknown action."))
        return redirect("publishing:api-token")
