from django.apps import AppConfig


class ConsolidationConfig(AppConfig):
    name = "dxtrack.consolidation"
    verbose_name = "Tổng hợp, đánh giá"

    def ready(self) -> None:
        from dxtrack.consolidation.freshness import watch_catalogue

        watch_catalogue()
