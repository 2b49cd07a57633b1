from django.urls import path

urlpatterns: list = []

# Tổng hợp kỳ báo cáo: the consolidation pages.
from dxtrack.web import consolidation_views  # noqa: E402

urlpatterns += [
    path("tong-hop/", consolidation_views.consolidation_index, name="consolidation-index"),
    path(
        "tong-hop/<int:period_id>/",
        consolidation_views.consolidation_detail,
        name="consolidation-detail",
    ),
]

# Văn bản của kỳ báo cáo: the official documents as Word and Excel downloads.
from dxtrack.web import document_views  # noqa: E402

urlpatterns += [
    path("ky-bao-cao/<int:period_id>/van-ban/", document_views.document_list, name="document-list"),
    path(
        "ky-bao-cao/<int:period_id>/van-ban/<slug:kind>.<slug:fmt>",
        document_views.document_download,
        name="document-download",
    ),
]
