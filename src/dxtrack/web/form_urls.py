"""The Excel form of a report, extension requests and notifications."""

from django.urls import path

from dxtrack.web import form_views

urlpatterns = [
    path(
        "ky-bao-cao/<int:period_id>/don-vi/<int:agency_id>/excel/",
        form_views.report_excel,
        name="report-excel",
    ),
    path("de-nghi-gia-han/", form_views.extension_list, name="extension-list"),
    path("de-nghi-gia-han/moi/", form_views.extension_new, name="extension-new"),
    path("de-nghi-gia-han/<int:request_id>/", form_views.extension_detail, name="extension-detail"),
    path("thong-bao/", form_views.notification_list, name="notification-list"),
]

# A filled result table (Word, Excel) read into a report: upload, preview, confirm.
from dxtrack.web import result_import_views  # noqa: E402

urlpatterns += [
    path(
        "ky-bao-cao/<int:period_id>/don-vi/<int:agency_id>/nhap-bang-ket-qua/",
        result_import_views.result_import_upload,
        name="result-import-upload",
    ),
    path(
        "ky-bao-cao/<int:period_id>/don-vi/<int:agency_id>/nhap-bang-ket-qua/<str:token>/",
        result_import_views.result_import_preview,
        name="result-import-preview",
    ),
]
