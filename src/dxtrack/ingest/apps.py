from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "dxtrack.ingest"
    verbose_name = "Nhập văn bản"

    def ready(self) -> None:
        from dxtrack.ingest import checks  # noqa: F401  (registers the system check)
