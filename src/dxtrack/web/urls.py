from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from dxtrack.accounts.forms import ThrottledAuthenticationForm
from dxtrack.web import import_views, plan_proposal_views, views

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", RedirectView.as_view(pattern_name="plan-list"), name="home"),
    path("ke-hoach/", views.plan_list, name="plan-list"),
    path("ke-hoach/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("co-quan/", views.agency_list, name="agency-list"),
    path("co-quan/<int:agency_id>/", views.agency_detail, name="agency-detail"),
    path("tim-kiem/", views.search, name="search"),
    path("nhap-ke-hoach/", import_views.import_upload, name="import-upload"),
    path("ke-hoach-de-nghi/", plan_proposal_views.plan_proposal_list, name="plan-proposal-list"),
    path(
        "ke-hoach-de-nghi/<int:proposal_id>/",
        plan_proposal_views.plan_proposal_detail,
        name="plan-proposal-detail",
    ),
    path(
        "nhap-ke-hoach/doc-ban-quet/<str:token>/",
        import_views.import_job_progress,
        name="import-job-progress",
    ),
    path(
        "nhap-ke-hoach/doc-ban-quet/<str:token>/huy/",
        import_views.import_job_cancel,
        name="import-job-cancel",
    ),
    path("nhap-ke-hoach/<str:token>/", import_views.import_preview, name="import-preview"),
    path("nhap-ke-hoach/<str:token>/ten-goi/", import_views.import_alias, name="import-alias"),
    path("nhap-ke-hoach/<str:token>/xac-nhan/", import_views.import_confirm, name="import-confirm"),
]
