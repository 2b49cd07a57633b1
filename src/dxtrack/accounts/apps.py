from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dxtrack.accounts"
    verbose_name = "Tài khoản, vai trò"
