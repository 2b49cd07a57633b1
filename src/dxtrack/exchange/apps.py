from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "dxtrack.exchange"
    verbose_name = "Trao đổi dữ liệu, ký số"
