"""Results of a period: the consolidation pages and the official documents."""

from django.urls import path

from dxtrack.web import consolidation_views, document_views

urlpatterns = [
    path("tong-hop/", consolidation_views.consolidation_index, name="consolidation-index"),
    path(
        "tong-hop/cach-tinh-diem/",
        consolidation_views.score_weights_edit,
        name="score-weights",
    ),
    path(
        "tong-hop/<int:period_id>/",
        consolidation_views.consolidation_detail,
        name="consolidation-detail",
    ),
    path("ky-bao-cao/<int:period_id>/van-ban/", document_views.document_list, name="document-list"),
    path(
        "ky-bao-cao/<int:period_id>/van-ban/<slug:kind>.<slug:fmt>",
        document_views.document_download,
        name="document-download",
    ),
]
