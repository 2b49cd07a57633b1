from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "dxtrack.reporting"
    verbose_name = "Kỳ báo cáo, báo cáo của đơn vị"
