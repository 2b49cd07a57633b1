from django.contrib import admin
from django.urls import include, path

from dxtrack.api.main import api

admin.site.site_header = "dxtrack: quản trị"
admin.site.site_title = "dxtrack"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("sso/", include("mozilla_django_oidc.urls")),
    path("", include("dxtrack.web.report_urls")),
    path("", include("dxtrack.web.form_urls")),
    path("", include("dxtrack.web.document_urls")),
    path("", include("dxtrack.web.portal_urls")),
    path("", include("dxtrack.web.dashboard_urls")),
    path("", include("dxtrack.web.forecasting_urls")),
    path("", include("dxtrack.web.exchange_urls")),
    path("", include("dxtrack.web.urls")),
]
