from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "dxtrack.documents"
    verbose_name = "Văn bản, biểu mẫu"
