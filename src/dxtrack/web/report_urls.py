"""Periods and agency reports: the pages of the reporting loop."""

from django.urls import path

from dxtrack.web import period_series_views, report_item_views, report_views, review_views

REPORT = "ky-bao-cao/<int:period_id>/don-vi/<int:agency_id>/"

urlpatterns = [
    path("ky-bao-cao/", report_views.period_list, name="period-list"),
    path("ky-bao-cao/moi/", report_views.period_new, name="period-new"),
    path("ky-bao-cao/chuoi/", period_series_views.period_series_new, name="period-series-new"),
    path("ky-bao-cao/<int:period_id>/", report_views.period_detail, name="period-detail"),
    path(
        "ky-bao-cao/<int:period_id>/tien-do/",
        report_views.period_progress,
        name="period-progress",
    ),
    path("ky-bao-cao/<int:period_id>/mo/", report_views.period_open, name="period-open"),
    path("ky-bao-cao/<int:period_id>/dong/", report_views.period_close, name="period-close"),
    path(REPORT, report_views.report_detail, name="report-detail"),
    path(REPORT + "luu-muc/", report_item_views.report_items_save, name="report-items-save"),
    path(REPORT + "tra-lai/", report_views.report_return, name="report-return"),
    path(REPORT + "duyet/", report_views.report_approve, name="report-approve"),
    path(REPORT + "danh-gia/", review_views.report_evaluate, name="report-evaluate"),
    path(REPORT + "khong-thuoc-chuc-nang/", review_views.report_dispute, name="report-dispute"),
    path(REPORT + "y-kien/", report_views.report_comment, name="report-comment"),
    path(REPORT + "lich-su/", report_views.report_history, name="report-history"),
    path(
        REPORT + "minh-chung/<int:file_id>/",
        report_views.evidence_download,
        name="evidence-download",
    ),
    path("bao-cao-cua-don-vi/", report_views.report_mine, name="report-mine"),
]
