from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "dxtrack.ingest"
    verbose_name = "Nhập văn bản"
