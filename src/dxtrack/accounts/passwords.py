"""API tokens end with the password they were issued under.

Django calls `password_changed` on every configured password validator whenever a user's
new password is saved, whatever changed it (the admin, `changepassword`, a reset, code):
the one place that sees them all without a signal on every save of a user.
"""

from typing import Any


class TokensEndWithPassword:
    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        from dxtrack.accounts.services import tokens_revoke

        if user is not None and user.pk is not None:
            tokens_revoke(user=user)

    def get_help_text(self) -> str:
        return ""
