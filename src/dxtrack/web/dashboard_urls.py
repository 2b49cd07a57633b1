"""Bảng điều khiển: the leaders' dashboard and its drill-down pages."""

from django.urls import path

from dxtrack.web import dashboard_views

urlpatterns = [
    path("bang-dieu-khien/", dashboard_views.dashboard, name="dashboard"),
    path("bang-dieu-khien/nhiem-vu/", dashboard_views.task_list, name="dashboard-tasks"),
    path(
        "bang-dieu-khien/nhiem-vu/<int:task_id>/",
        dashboard_views.task_page,
        name="dashboard-task",
    ),
    path("bang-dieu-khien/chi-tieu/", dashboard_views.indicator_list, name="dashboard-indicators"),
    path(
        "bang-dieu-khien/chi-tieu/<int:indicator_id>/",
        dashboard_views.indicator_page,
        name="dashboard-indicator",
    ),
    path("bang-dieu-khien/don-vi/", dashboard_views.agency_list, name="dashboard-agencies"),
]
