from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dxtrack.web"
    verbose_name = "Giao diện web"
