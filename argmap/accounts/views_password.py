"""A person changes their own password; after a teacher's reset they must, before anything else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from argmap.accounts import services
from argmap.accounts.forms import OwnPasswordForm
from argmap.common import apply_service_errors


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own view (it checks the current password and keeps this session signed in), saving through
    the service so the requirement a teacher's reset set ends with it."""

    template_name = "accounts/password_change.html"
    form_class = OwnPasswordForm

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["required"] = self.request.user.must_change_password
        context["next"] = self._next()
        return context

    def form_valid(self, form: OwnPasswordForm) -> HttpResponse:
        try:
            services.password_change(user=self.request.user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, self.request.user)  # other sessions end, this one stays
        messages.success(self.request, "Your new password is set. Use it next time you sign in.")
        return redirect(self.get_success_url())

    def form_invalid(self, form: OwnPasswordForm) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 422
        return response

    def get_success_url(self) -> str:
        return self._next() or reverse("accounts:account")

    def _next(self) -> str:
        request: HttpRequest = self.request
        target = request.POST.get("next") or request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
        return target if safe and target != request.path else ""
