from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dxtrack.dashboard"
    verbose_name = "Bảng điều khiển của lãnh đạo"
