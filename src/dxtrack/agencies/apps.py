from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "dxtrack.agencies"
    verbose_name = "Cơ quan, đơn vị"
