"""Signing in with a password and a TOTP code; first sign-in enrols the app."""

from django.contrib import auth
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, View
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core import signins
from portal.publishing import selectors
from portal.publishing.forms import EnrolForm, LoginForm
from portal.publishing.services.officials import totp_secret

_ENROL_KEY = "publishing_enrol_user"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("publishing:dashboard")


def _sign_in(request, user, device) -> None:
    auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)


class LoginView(FormView):
    form_class = LoginForm
    template_name = "publishing/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = _next_url(self.request)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        username = data["username"]
        refused = signins.refusal(self.request, username=username)
        if refused is not None:
            # Checked before the password: past the limit, even the right
            # one waits, or guessing would go on, only answered later.
            return self._refuse(form, refused)
        user = auth.authenticate(
            self.request, username=username, password=data["password"]
        )
        official = selectors.official_for(user) if user is not None else None
        if official is None:
            return self._failed(
                form,
                None,
                _("The user name and password do not match an official."),
            )
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            # First sign-in: the password is right; the app is set up next.
            self.request.session[_ENROL_KEY] = user.pk
            return redirect(
                f"{reverse('publishing:enrol')}?next={_next_url(self.request)}"
            )
        if not data["code"] or not device.verify_token(data["code"]):
            return self._failed(
                form,
                "code",
                _("This code is wrong or has expired: enter the current one."),
            )
        signins.succeeded(self.request, username=username)
        _sign_in(self.request, user, device)
        return redirect(_next_url(self.request))

    def _failed(self, form, field, message):
        """Count the failure; say what was wrong, or that sign-in now waits."""
        refused = signins.failed(self.request, username=form.cleaned_data["username"])
        if refused is not None:
            return self._refuse(form, refused)
        form.add_error(field, message)
        return self.form_invalid(form)

    def _refuse(self, form, refused):
        form.add_error(None, refused.message)
        response = self.form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(refused.retry_after)
        return response


class EnrolView(FormView):
    """Show the secret for the authenticator app, and confirm it with a code."""

    form_class = EnrolForm
    template_name = "publishing/enrol.html"

    def dispatch(self, request, *args, **kwargs):
        user_id = request.session.get(_ENROL_KEY)
        self.user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if (
            self.user is None
            or TOTPDevice.objects.filter(user=self.user, confirmed=True).exists()
        ):
            return redirect("publishing:login")
        self.device = TOTPDevice.objects.filter(user=self.user).first() or (
            TOTPDevice.objects.create(user=self.user, name="default", confirmed=False)
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["secret"] = totp_secret(self.device)
        context["config_url"] = self.device.config_url
        context["next"] = _next_url(self.request)
        return context

    def form_valid(self, form):
        if not self.device.verify_token(form.cleaned_data["code"]):
            form.add_error("code", _("This code is wrong: enter the current one."))
            return self.form_invalid(form)
        self.device.confirmed = True
        self.device.save(update_fields=["confirmed"])
        del self.request.session[_ENROL_KEY]
        _sign_in(self.request, self.user, self.device)
        return redirect(_next_url(self.request))


class LogoutView(View):
    def post(self, request):
        auth.logout(request)
        return redirect("publishing:login")
