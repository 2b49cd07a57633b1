from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dxtrack.audit"
    verbose_name = "Nhật ký thay đổi"
