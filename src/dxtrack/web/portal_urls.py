"""The public portal and the open data (no sign-in), and the coordinator's publication page."""

from django.urls import path

from dxtrack.web import portal_views, publication_views

urlpatterns = [
    path("cong-khai/", portal_views.portal_home, name="portal-home"),
    path(
        "cong-khai/chi-tieu/<int:indicator_id>/",
        portal_views.portal_indicator,
        name="portal-indicator",
    ),
    path("du-lieu-mo/", portal_views.opendata_index, name="opendata-index"),
    path(
        "du-lieu-mo/<slug:slug>.<str:fmt>",
        portal_views.opendata_file,
        name="opendata-file",
    ),
    path("quan-ly-cong-khai/", publication_views.publication_manage, name="publication-manage"),
    path(
        "quan-ly-cong-khai/chi-tieu/<int:indicator_id>/",
        publication_views.indicator_public,
        name="indicator-public",
    ),
    path(
        "quan-ly-cong-khai/ky/<int:period_id>/cong-khai/",
        publication_views.period_publish,
        name="period-publish",
    ),
    path(
        "quan-ly-cong-khai/ky/<int:period_id>/rut-lai/",
        publication_views.period_unpublish,
        name="period-unpublish",
    ),
]
