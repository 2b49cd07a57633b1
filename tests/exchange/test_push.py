"""Pushing the outbox to a real HTTP receiver on 127.0.0.1 that fails, answers too late and
gets packets twice: every packet is kept exactly once, and every attempt is logged."""

import pytest
from django.core import mail

from dxtrack.cli import main
from dxtrack.exchange import push as push_module
from dxtrack.exchange.models import DeliveryAttempt, OutboxPacket
from dxtrack.exchange.push import PushSettings, exchange_outbox_fill, exchange_push
from dxtrack.reporting.models import AgencyReport, Notification
from exchange.receiver import Receiver

pytestmark = pytest.mark.django_db


def _settings(receiver: Receiver, **options) -> PushSettings:
    values = {"url": receiver.url, "token": "khoa-bi-mat", "timeout": 2.0, "base_delay": 0.01}
    return PushSettings(**{**values, **options})


def test_filling_the_outbox_is_idempotent(year):
    queued = exchange_outbox_fill(period=year.period)
    approved = AgencyReport.objects.filter(period=year.period, status="approved").count()
    assert queued == 6 + 4 * approved
    assert exchange_outbox_fill(period=year.period) == 0
    # A newly approved report adds its four packets, and only those.
    home = AgencyReport.objects.get(period=year.period, agency=year.home)
    AgencyReport.objects.filter(pk=home.pk).update(status="approved")
    assert exchange_outbox_fill(period=year.period) == 4
    assert set(OutboxPacket.objects.filter(report=home).values_list("kind", flat=True)) == {
        "so-lieu-bao-cao",
        "trang-thai-bao-cao",
        "du-lieu-chi-so",
        "gui-de-cuong-bao-cao",
    }


def test_every_packet_is_posted_with_its_key_and_token(year):
    exchange_outbox_fill(period=year.period)
    with Receiver() as receiver:
        run = exchange_push(settings=_settings(receiver), period=year.period)
    packets = list(OutboxPacket.objects.all())
    assert run.delivered == len(packets) and run.pending == 0
    assert set(receiver.stored) == {packet.key for packet in packets}
    assert receiver.received_twice() == []
    first = receiver.requests[0]
    assert first["authorization"] == "Bearer khoa-bi-mat"
    assert first["content_type"] == "application/json; charset=utf-8"
    assert {r["path"].rsplit("/", 1)[1] for r in receiver.requests} == {p.kind for p in packets}
    status = next(p for p in packets if p.kind == "trang-thai-bao-cao")
    assert receiver.stored[status.key]["loaiGoiTin"] == "TrangThaiBaoCao"
    assert all(p.delivered_at and p.attempts == 1 for p in packets)


def test_failed_answers_are_retried_with_back_off_until_delivered(year):
    exchange_outbox_fill(period=year.period)
    # Every packet is refused twice (503) before it is taken.
    with Receiver(lambda key, count: "fail" if count < 2 else "ok") as receiver:
        run = exchange_push(settings=_settings(receiver), period=year.period)
    total = OutboxPacket.objects.count()
    assert run.pending == 0 and run.delivered == total and run.failures == 2 * total
    assert len(receiver.stored) == total
    attempts = list(DeliveryAttempt.objects.order_by("packet_id", "at", "pk"))
    assert len(attempts) == 3 * total
    assert [a.status for a in attempts[:3]] == [503, 503, 200]
    assert "Bên nhận trả lời 503" in attempts[0].error
    packet = OutboxPacket.objects.first()
    gap_1 = (attempts[1].at - attempts[0].at).total_seconds()
    assert packet.attempts == 3 and gap_1 >= 0.005


def test_an_answer_that_comes_too_late_is_sent_again_and_kept_once(year):
    exchange_outbox_fill(period=year.period)
    # The receiver keeps the first copy but answers after the sender stopped waiting.
    with Receiver(lambda key, count: "slow" if count == 0 else "ok") as receiver:
        receiver.slow_seconds = 0.4
        run = exchange_push(settings=_settings(receiver, timeout=0.1), period=year.period)
    total = OutboxPacket.objects.count()
    assert run.pending == 0 and run.delivered == total
    assert len(receiver.received_twice()) == total  # each came twice, under one key
    assert len(receiver.stored) == total  # and was kept once
    late = DeliveryAttempt.objects.filter(status__isnull=True).first()
    assert "không trả lời trong 0.1 giây" in late.error


def test_a_sender_that_crashes_after_delivery_sends_the_same_key_again(year, monkeypatch):
    exchange_outbox_fill(period=year.period)
    real_record = push_module._record
    calls = {"n": 0}

    def crash_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("the worker was killed")
        return real_record(*args, **kwargs)

    with Receiver() as receiver:
        monkeypatch.setattr(push_module, "_record", crash_once)
        with pytest.raises(SystemExit):
            exchange_push(settings=_settings(receiver, lease_seconds=0.05), period=year.period)
        monkeypatch.setattr(push_module, "_record", real_record)
        # The next run (cron) finds the packet leased by the dead run, waits out the lease,
        # and sends it again under the same key.
        run = exchange_push(settings=_settings(receiver, lease_seconds=0.05), period=year.period)
    total = OutboxPacket.objects.count()
    assert run.pending == 0
    assert OutboxPacket.objects.filter(delivered_at__isnull=False).count() == total
    assert len(receiver.received_twice()) == 1
    assert len(receiver.stored) == total


def test_repeated_failures_alert_the_standing_body_once(year, settings):
    exchange_outbox_fill(period=year.period)
    year.coordinator.email = "sokhcn@quangngai.gov.vn"
    year.coordinator.save()
    with Receiver(lambda key, count: "fail") as receiver:
        run = exchange_push(
            settings=_settings(receiver, alert_after=3, base_delay=0.001, max_delay=0.002),
            period=year.period,
            # Long enough for three failed attempts of every packet (54, with the reports on
            # the plans' duties) on a busy machine; the run keeps retrying until then, so it is
            # the test's duration too.
            wait_seconds=8.0,
        )
    total = OutboxPacket.objects.count()
    assert run.delivered == 0 and run.pending == total
    assert OutboxPacket.objects.filter(alerted_at__isnull=False).count() == total
    assert run.alerts == total
    notes = Notification.objects.filter(user=year.coordinator)
    assert notes.count() == total
    assert "đã lỗi 3 lần" in notes.first().message
    assert len(mail.outbox) == total
    assert mail.outbox[0].to == ["sokhcn@quangngai.gov.vn"]


def test_push_command_needs_a_receiver_and_then_delivers(year, settings, capsys):
    settings.DXTRACK_EXCHANGE_URL = ""
    assert main(["exchange", "push"]) == 2
    assert "DXTRACK_EXCHANGE_URL" in capsys.readouterr().err
    with Receiver() as receiver:
        settings.DXTRACK_EXCHANGE_URL = receiver.url
        assert main(["exchange", "push", "--period", str(year.period.pk)]) == 0
    out = capsys.readouterr().out
    assert "Đã gửi thành công" in out and "còn 0 gói tin" in out
