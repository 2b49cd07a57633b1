"""Reminders to agencies whose report is not sent: the steps, once per step, who gets them."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from dxtrack.accounts.models import Profile, Role
from dxtrack.cli import main
from dxtrack.reporting.models import AgencyReport, ReminderSent, ReportingPeriod
from dxtrack.reporting.period_services import period_create, period_open
from dxtrack.reporting.reminders import reminder_step, reminders_send
from dxtrack.reporting.report_services import report_return
from dxtrack.web.links import report_url
from factories import UserFactory, large_catalogue
from reporting.sample import DUE_ON, account, reporting_sample

BEFORE, AFTER = (7, 3, 1), (1, 3, 7)


@pytest.mark.parametrize(
    "today, step",
    [
        (dt.date(2026, 11, 1), None),  # a month ahead: nothing yet
        (dt.date(2026, 11, 22), None),
        (dt.date(2026, 11, 23), "before-7"),
        (dt.date(2026, 11, 25), "before-7"),  # until the next step
        (dt.date(2026, 11, 27), "before-3"),
        (dt.date(2026, 11, 29), "before-1"),
        (dt.date(2026, 11, 30), "before-1"),  # the due date itself
        (dt.date(2026, 12, 1), "after-1"),
        (dt.date(2026, 12, 3), "after-3"),
        (dt.date(2026, 12, 6), "after-3"),
        (dt.date(2026, 12, 7), "after-7"),
        (dt.date(2027, 2, 1), "after-7"),  # the last step stays reached
    ],
)
def test_the_step_reached_on_a_day(today, step):
    assert reminder_step(due_on=DUE_ON, today=today, before=BEFORE, after=AFTER) == step


def test_steps_can_be_chosen():
    assert reminder_step(due_on=DUE_ON, today=dt.date(2026, 11, 16), before=[14], after=[]) == (
        "before-14"
    )
    assert reminder_step(due_on=DUE_ON, today=dt.date(2026, 12, 20), before=[3], after=[]) is None
    assert reminder_step(due_on=DUE_ON, today=DUE_ON, before=[0], after=[2]) == "before-0"


@pytest.fixture
def sample(db):
    return reporting_sample()


def _to(agency_name: str) -> list:
    return [m for m in mail.outbox if f"Kính gửi: {agency_name}" in m.body]


def test_a_reminder_goes_to_the_reporters_of_each_agency_that_has_not_sent(sample):
    run = reminders_send(today=dt.date(2026, 11, 23), link_of=report_url)

    dost = _to("Sở Khoa học và Công nghệ")
    assert len(dost) == 1
    message = dost[0]
    assert sorted(message.to) == ["baocao.skhcn@quangngai.gov.vn", "vanthu.skhcn@quangngai.gov.vn"]
    assert message.subject == "[dxtrack] Nhắc gửi báo cáo: “Báo cáo năm 2026” (còn 7 ngày)"
    assert "Hạn gửi báo cáo: 30/11/2026 (còn 7 ngày)." in message.body
    assert "Tình trạng báo cáo của đơn vị: Đang soạn." in message.body
    path = report_url(sample.report)
    assert path
    assert f"Mở báo cáo của đơn vị: http://127.0.0.1:8000{path}" in message.body
    assert len(_to("Sở Y tế")) == 1
    # The commune has no reporter with an address: nothing sent, nothing recorded.
    commune = sample.reports[sample.catalogue.commune.pk]
    assert not ReminderSent.objects.filter(report=commune).exists()
    assert commune in run.no_address
    sent = ReminderSent.objects.get(report=sample.report)
    assert sent.step == "before-7"
    assert sent.recipients == "baocao.skhcn@quangngai.gov.vn, vanthu.skhcn@quangngai.gov.vn"
    assert "Đã gửi 2 thư nhắc" in run.summary()


def test_each_step_is_sent_once_however_often_it_runs(sample):
    reminders_send(today=dt.date(2026, 11, 23))
    reminders_send(today=dt.date(2026, 11, 23))  # cron twice a day
    second = reminders_send(today=dt.date(2026, 11, 24))

    assert len(mail.outbox) == 2
    assert second.sent == [] and second.already == 2

    reminders_send(today=dt.date(2026, 11, 27))

    assert len(mail.outbox) == 4
    assert set(
        ReminderSent.objects.filter(report=sample.report).values_list("step", flat=True)
    ) == {"before-7", "before-3"}


def test_a_late_start_sends_only_the_latest_step(sample):
    reminders_send(today=dt.date(2026, 11, 29))

    assert set(ReminderSent.objects.values_list("step", flat=True)) == {"before-1"}
    assert "(hạn là ngày mai)" in _to("Sở Y tế")[0].subject


def test_after_the_due_date_the_reminder_says_how_late(sample):
    reminders_send(today=dt.date(2026, 12, 3))

    message = _to("Sở Khoa học và Công nghệ")[0]
    assert message.subject == "[dxtrack] Báo cáo đã trễ hạn: “Báo cáo năm 2026” (đã trễ hạn 3 ngày)"
    assert "Hạn gửi báo cáo: 30/11/2026 (đã trễ hạn 3 ngày)." in message.body


def test_no_reminder_for_a_report_sent_or_approved(sample):
    AgencyReport.objects.filter(pk=sample.report.pk).update(status=AgencyReport.Status.SUBMITTED)
    AgencyReport.objects.filter(pk=sample.health_report.pk).update(
        status=AgencyReport.Status.APPROVED
    )

    run = reminders_send(today=dt.date(2026, 11, 27))

    assert mail.outbox == []
    assert run.sent == []
    assert not ReminderSent.objects.exists()


def test_a_returned_report_is_reminded_with_what_to_complete(sample):
    AgencyReport.objects.filter(pk=sample.report.pk).update(status=AgencyReport.Status.SUBMITTED)
    report_return(
        report=sample.report,
        actor=sample.coordinator,
        comment="Bổ sung số liệu chỉ tiêu chữ ký số và văn bản minh chứng.",
    )

    reminders_send(today=dt.date(2026, 11, 27))

    body = _to("Sở Khoa học và Công nghệ")[0].body
    assert "Tình trạng báo cáo của đơn vị: Trả lại để bổ sung." in body
    assert "Nội dung cần bổ sung: Bổ sung số liệu chỉ tiêu chữ ký số" in body


def test_only_active_reporters_with_an_address_of_that_agency_are_written_to(sample):
    sample.colleague.is_active = False
    sample.colleague.save()
    account("khongmail.skhcn", Role.REPORTER, sample.catalogue.dost, email="")
    Profile.objects.create(
        user=UserFactory(username="lanhdao.so", email="lanhdao.so@quangngai.gov.vn"),
        role=Role.LEADER,
    )

    reminders_send(today=dt.date(2026, 11, 23))

    assert _to("Sở Khoa học và Công nghệ")[0].to == ["baocao.skhcn@quangngai.gov.vn"]
    assert all("lanhdao.so@quangngai.gov.vn" not in m.to for m in mail.outbox)


def test_closed_periods_are_not_reminded(sample):
    ReportingPeriod.objects.filter(pk=sample.period.pk).update(status=ReportingPeriod.Status.CLOSED)

    run = reminders_send(today=dt.date(2026, 11, 23))

    assert mail.outbox == [] and run.periods == []


def test_a_dry_run_sends_and_records_nothing(sample):
    run = reminders_send(today=dt.date(2026, 11, 23), dry_run=True)

    assert mail.outbox == []
    assert not ReminderSent.objects.exists()
    summary = run.summary()
    assert "(chạy thử)" in summary
    assert "Sẽ gửi 2 thư nhắc" in summary
    assert "Sở Khoa học và Công nghệ: baocao.skhcn@quangngai.gov.vn" in summary


def test_a_reminder_the_mail_server_refused_is_tried_again_next_run(sample, monkeypatch):
    real = EmailBackend.send_messages

    def refuse_health(self, messages):
        if any("Sở Y tế" in m.body for m in messages):
            raise ConnectionRefusedError("máy chủ thư từ chối")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_health)
    first = reminders_send(today=dt.date(2026, 11, 23))

    assert [row.report for row in first.failed] == [sample.health_report]
    assert not ReminderSent.objects.filter(report=sample.health_report).exists()
    assert ReminderSent.objects.filter(report=sample.report).exists()

    monkeypatch.setattr(EmailBackend, "send_messages", real)
    second = reminders_send(today=dt.date(2026, 11, 24))

    assert [row.report for row in second.sent] == [sample.health_report]


def test_the_reminders_run_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    many = large_catalogue(plans=1, tasks=5, indicators=3)
    coordinator = account("dieuphoi", Role.COORDINATOR)
    period = period_create(
        actor=coordinator,
        name="Báo cáo năm 2026",
        kind="yearly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=DUE_ON,
        plan_ids=[p.pk for p in many.plans],
    )
    period_open(period=period, actor=coordinator)
    reports = list(AgencyReport.objects.filter(period=period).select_related("agency"))
    assert len(reports) > 30
    for n, report in enumerate(reports):
        account(f"baocao{n}", Role.REPORTER, report.agency)

    with django_assert_max_num_queries(10):
        run = reminders_send(today=dt.date(2026, 11, 27))

    assert len(run.sent) == len(reports) == len(mail.outbox)


def test_the_remind_command_prints_a_summary(sample, capsys, settings, tmp_path):
    settings.DATA_DIR = tmp_path

    assert main(["remind", "--today", "2026-11-28", "--before", "5,2", "--dry-run"]) == 0

    out = capsys.readouterr().out
    assert "Nhắc báo cáo ngày 28/11/2026 (chạy thử):" in out
    assert "Kỳ “Báo cáo năm 2026” (hạn 30/11/2026): mốc 2 ngày trước hạn." in out
    assert mail.outbox == []

    assert main(["remind", "--today", "2026-11-28", "--before", "5,2"]) == 0
    assert "Đã gửi 2 thư nhắc" in capsys.readouterr().out
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("arguments", [["--today", "28/11/2026"], ["--before", "bảy"]])
def test_the_remind_command_refuses_bad_arguments(arguments, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["remind", *arguments])

    assert caught.value.code == 2
    assert "không phải" in capsys.readouterr().err


def test_an_agency_with_a_contact_address_is_reminded_there_and_at_its_reporters(sample):
    commune = sample.catalogue.commune
    commune.email = "ubnd@quangngai.gov.vn"
    commune.save()
    dost = sample.catalogue.dost
    dost.email = "skhcn@quangngai.gov.vn"
    dost.save()

    run = reminders_send(today=dt.date(2026, 11, 23))

    # The commune has no reporter with an address: its own address is enough now.
    assert _to(commune.name)[0].to == ["ubnd@quangngai.gov.vn"]
    assert _to("Sở Khoa học và Công nghệ")[0].to == [
        "skhcn@quangngai.gov.vn",
        "baocao.skhcn@quangngai.gov.vn",
        "vanthu.skhcn@quangngai.gov.vn",
    ]
    assert run.no_address == []
