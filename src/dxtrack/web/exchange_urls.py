"""The delivery log of the upward exchange."""

from django.urls import path

from dxtrack.web import exchange_views

urlpatterns = [
    path("trao-doi/", exchange_views.outbox_page, name="exchange-outbox"),
    path("trao-doi/<int:packet_id>/", exchange_views.outbox_packet_page, name="exchange-packet"),
    path(
        "trao-doi/<int:packet_id>/gui-lai/",
        exchange_views.outbox_packet_retry,
        name="exchange-packet-retry",
    ),
]
