from django.apps import AppConfig


class ConsolidationConfig(AppConfig):
    name = "dxtrack.consolidation"
    verbose_name = "Tổng hợp, đánh giá"
