"""The delivery log of the upward exchange: who sees it, what it lists in a constant number
of queries, and sending a packet again now to a real receiver on 127.0.0.1."""

import datetime as dt

import pytest
from django.utils import timezone

from dxtrack.accounts.services import user_add
from dxtrack.agencies.models import Agency
from dxtrack.audit.models import AuditEntry
from dxtrack.exchange.models import DeliveryAttempt, OutboxPacket
from dxtrack.reporting.models import AgencyReport, ReportingPeriod
from exchange.receiver import Receiver

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem-2025"


@pytest.fixture
def outbox(db):
    """A year's outbox: 60 packets of 20 agencies, some delivered, some failing."""
    period = ReportingPeriod.objects.create(
        name="Năm 2026 (dữ liệu mẫu)",
        kind="yearly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 12, 15),
    )
    agencies = Agency.objects.bulk_create(
        [Agency(name=f"Sở số {n} (dữ liệu mẫu)", kind="department") for n in range(20)]
    )
    reports = AgencyReport.objects.bulk_create(
        [AgencyReport(period=period, agency=a, status="approved") for a in agencies]
    )
    now = timezone.now()
    packets = OutboxPacket.objects.bulk_create(
        [
            OutboxPacket(
                period=period,
                report=report,
                report_version=1,
                kind=kind,
                key=f"dxtrack-{period.pk}-{kind}-{report.pk}",
                body={"loaiGoiTin": kind, "duLieu": []},
                attempts=n % 3,
                delivered_at=now if n % 3 == 1 else None,
                last_status=503 if n % 3 == 2 else None,
                last_error="Bên nhận trả lời 503: bảo trì" if n % 3 == 2 else "",
                next_attempt_at=now + dt.timedelta(minutes=5) if n % 3 == 2 else None,
            )
            for n, (report, kind) in enumerate(
                (r, k)
                for r in reports
                for k in ("so-lieu-bao-cao", "trang-thai-bao-cao", "du-lieu-chi-so")
            )
        ]
    )
    DeliveryAttempt.objects.bulk_create(
        [
            DeliveryAttempt(packet=p, at=now, status=503, error="Bên nhận trả lời 503: bảo trì")
            for p in packets
            if p.attempts
        ]
    )
    return period


def _user(role: str, **extra):
    return user_add(username=f"u-{role}", role=role, password=PASSWORD, **extra)


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("admin", 200), ("leader", 403), ("reporter", 403), ("system", 403)],
)
def test_only_the_standing_body_sees_the_delivery_log(client, outbox, role, status):
    extra = {"agency": Agency.objects.first()} if role == "reporter" else {}
    client.force_login(_user(role, **extra))
    packet = OutboxPacket.objects.first()
    assert client.get("/trao-doi/").status_code == status
    assert client.get(f"/trao-doi/{packet.pk}/").status_code == status
    assert client.post(f"/trao-doi/{packet.pk}/gui-lai/").status_code in (
        (302,) if status == 200 else (403,)
    )
    page = client.get("/ke-hoach/")
    assert ('href="/trao-doi/"' in page.content.decode()) is (status == 200)


def test_anonymous_users_are_sent_to_sign_in(client, outbox):
    response = client.get("/trao-doi/")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_the_log_lists_states_attempts_and_errors_in_few_queries(
    client, outbox, django_assert_max_num_queries
):
    client.force_login(_user("coordinator"))
    with django_assert_max_num_queries(12):
        response = client.get("/trao-doi/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Chờ gửi lần đầu (20)" in text
    assert "Gửi lỗi, chờ gửi lại (20)" in text
    assert "Bên nhận đã xác nhận (20)" in text
    assert "Trang 1/2" in text  # 50 a page
    failing = client.get("/trao-doi/?trang-thai=loi").content.decode()
    assert failing.count("Bên nhận trả lời 503") == 20
    assert "Sở số 19 (dữ liệu mẫu)" in failing


def test_a_packet_shows_its_attempts(client, outbox, django_assert_max_num_queries):
    client.force_login(_user("coordinator"))
    packet = OutboxPacket.objects.filter(attempts=2).first()
    with django_assert_max_num_queries(10):
        response = client.get(f"/trao-doi/{packet.pk}/")
    text = response.content.decode()
    assert packet.key in text
    assert "Bên nhận trả lời 503" in text
    assert "Gửi lại ngay" in text


def test_sending_again_now_delivers_once_and_is_audited(client, outbox, settings):
    coordinator = _user("coordinator")
    client.force_login(coordinator)
    packet = OutboxPacket.objects.filter(attempts=2).first()
    with Receiver() as receiver:
        settings.DXTRACK_EXCHANGE_URL = receiver.url
        response = client.post(f"/trao-doi/{packet.pk}/gui-lai/", follow=True)
    assert "bên nhận đã xác nhận gói tin" in response.content.decode()
    assert list(receiver.stored) == [packet.key]
    packet.refresh_from_db()
    assert packet.delivered_at is not None
    assert packet.attempts == 3
    assert packet.deliveries.count() == 2
    entry = AuditEntry.objects.get(action="exchange.retry")
    assert (entry.actor, entry.target_id) == (coordinator, packet.pk)
    # Delivered: not sent a second time.
    response = client.post(f"/trao-doi/{packet.pk}/gui-lai/", follow=True)
    assert "không gửi lại" in response.content.decode()
    assert AuditEntry.objects.filter(action="exchange.retry").count() == 1


def test_sending_again_to_a_failing_receiver_says_why(client, outbox, settings):
    client.force_login(_user("coordinator"))
    packet = OutboxPacket.objects.filter(attempts=0, delivered_at__isnull=True).first()
    with Receiver(lambda key, count: "fail") as receiver:
        settings.DXTRACK_EXCHANGE_URL = receiver.url
        response = client.post(f"/trao-doi/{packet.pk}/gui-lai/", follow=True)
    assert "Gửi lại chưa thành công: Bên nhận trả lời 503" in response.content.decode()
    packet.refresh_from_db()
    assert (packet.delivered_at, packet.attempts, packet.last_status) == (None, 1, 503)
    assert packet.next_attempt_at is not None


def test_retry_needs_a_post_with_csrf(outbox):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(_user("coordinator"))
    packet = OutboxPacket.objects.first()
    assert strict.get(f"/trao-doi/{packet.pk}/gui-lai/").status_code == 405
    assert strict.post(f"/trao-doi/{packet.pk}/gui-lai/").status_code == 403
