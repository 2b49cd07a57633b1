"""The weekly digest of warnings, read from Django's mail outbox."""

import pytest
from django.core import mail

from dxtrack.forecasting.digest import digest_send
from dxtrack.forecasting.models import Warning, WarningSent
from dxtrack.forecasting.services import warning_acknowledge, warnings_refresh
from forecasting.histories import AS_OF, open_year, user_with


@pytest.fixture
def people(province, settings):
    settings.DXTRACK_BASE_URL = "https://dxtrack.quangngai.gov.vn/"
    year = open_year(province)
    warnings_refresh(period=year.period, as_of=AS_OF)
    return {
        "leader": user_with("leader", username="lanhdao", email="lanhdao@quangngai.gov.vn"),
        "coordinator": user_with("coordinator", username="sokhcn", email="sokhcn@quangngai.gov.vn"),
        "dost": user_with(
            "reporter", agency=province.dost, username="bc.skhcn", email="bc.skhcn@quangngai.gov.vn"
        ),
        "health": user_with(
            "reporter", agency=province.health, username="bc.syt", email="bc.syt@quangngai.gov.vn"
        ),
        "no_mail": user_with("leader", username="pho.chu.tich", email=""),
    }


def test_one_message_per_person_with_their_warnings(people):
    run = digest_send()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {
        "lanhdao@quangngai.gov.vn",
        "sokhcn@quangngai.gov.vn",
        "bc.skhcn@quangngai.gov.vn",
    }
    assert run.no_address == 1  # the vice-chairman has no address
    assert run.nothing_new == 1  # Sở Y tế has no warning

    leader = by_address["lanhdao@quangngai.gov.vn"]
    assert leader.subject == "[dxtrack] Cảnh báo sớm: 3 cảnh báo mới, 3 mức cao"
    assert "Kính gửi: Nguyễn Thị Lan" in leader.body
    assert "Chỉ tiêu “Tỷ lệ dân số trưởng thành có chữ ký số” có nguy cơ" in leader.body
    assert "Còn 16 ngày đến hạn (31/12/2026) mà chưa báo cáo tiến độ" in leader.body
    indicator = Warning.objects.get(kind="indicator_off_track")
    assert f"Xem: https://dxtrack.quangngai.gov.vn{indicator.url}" in leader.body
    assert "https://dxtrack.quangngai.gov.vn/canh-bao/" in leader.body
    # The agency's own message holds its own warnings (all three are Sở KH&CN's).
    assert by_address["bc.skhcn@quangngai.gov.vn"].body.count("[Mức cao]") == 3
    assert WarningSent.objects.count() == 9


def test_nothing_is_sent_twice_and_only_new_warnings_follow(people, province):
    digest_send()
    assert len(mail.outbox) == 3
    mail.outbox.clear()
    run = digest_send()
    assert mail.outbox == []
    assert run.nothing_new == 4
    # A new warning next week goes out alone.
    Warning.objects.create(
        period=Warning.objects.first().period,
        kind="report_late",
        object_id=999,
        agency=province.health,
        key="report_late:999:1",
        title="Sở Y tế chưa gửi báo cáo bổ sung",
        severity="medium",
        reasons=["Hạn gửi báo cáo: 30/11/2026; đã quá 7 ngày"],
    )
    digest_send()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bc.syt@quangngai.gov.vn",
        "lanhdao@quangngai.gov.vn",
        "sokhcn@quangngai.gov.vn",
    ]
    assert all("1 cảnh báo mới" in m.subject for m in mail.outbox)


def test_a_handled_warning_is_not_sent(people):
    handled = Warning.objects.get(kind="report_late")
    warning_acknowledge(warning=handled, actor=people["coordinator"], note="Đã đôn đốc")
    digest_send()
    for message in mail.outbox:
        assert handled.title not in message.body
        assert "2 cảnh báo mới" in message.subject


def test_a_dry_run_sends_and_records_nothing(people):
    run = digest_send(dry_run=True)
    assert len(run.sent) == 3
    assert mail.outbox == []
    assert not WarningSent.objects.exists()
    assert "Sẽ gửi 3 thư" in run.summary()


def test_a_message_the_server_refuses_is_tried_again(people, monkeypatch):
    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def refuse_leader(self, *args, **kwargs):
        if self.to == ["lanhdao@quangngai.gov.vn"]:
            raise OSError("refused")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", refuse_leader)
    run = digest_send()
    assert [m.address for m in run.failed] == ["lanhdao@quangngai.gov.vn"]
    assert not WarningSent.objects.filter(user=people["leader"]).exists()
    monkeypatch.setattr(EmailMessage, "send", original)
    mail.outbox.clear()
    digest_send()
    assert [m.to for m in mail.outbox] == [["lanhdao@quangngai.gov.vn"]]
