from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from dxtrack.accounts.services import login_blocked, login_failed, login_succeeded


def client_address(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wants it to be unless a
    # trusted proxy sets it, and the deployment decides that, not this form.
    return request.META.get("REMOTE_ADDR") if request is not None else None


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing further attempts after repeated wrong passwords."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
        "blocked": _(
            "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút "
            "hoặc liên hệ quản trị hệ thống."
        ),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        address = client_address(self.request)
        if username and login_blocked(username=username, address=address):
            raise forms.ValidationError(self.error_messages["blocked"], code="blocked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                login_failed(username=username, address=address)
            raise
        login_succeeded(username=username)
        return cleaned
