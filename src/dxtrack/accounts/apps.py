from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dxtrack.accounts"
    verbose_name = "Tài khoản, vai trò"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        user_logged_out.connect(_tokens_end_with_sign_out, dispatch_uid="tokens_end_sign_out")


def _tokens_end_with_sign_out(sender, request, user, **kwargs) -> None:
    # Signing out of the web ends every way in that the person holds, tokens included.
    from dxtrack.accounts.services import tokens_revoke

    if user is not None:
        tokens_revoke(user=user)
