from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "dxtrack.portal"
    verbose_name = "Công khai, dữ liệu mở"
