from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "dxtrack.plans"
    verbose_name = "Kế hoạch"
