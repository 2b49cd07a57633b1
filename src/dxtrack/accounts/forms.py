from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from dxtrack.accounts.addresses import client_address
from dxtrack.accounts.throttle import login_delay, login_failed, login_succeeded, wait_message


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, slowing down repeated wrong passwords (accounts.throttle)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        address = client_address(request=self.request)
        delay = login_delay(username=username, address=address) if username else None
        if delay:
            raise forms.ValidationError(wait_message(delay), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                login_failed(username=username, address=address)
            raise
        login_succeeded(username=username, address=address)
        return cleaned
