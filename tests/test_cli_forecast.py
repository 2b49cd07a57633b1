"""`dxtrack forecast` and `dxtrack digest` from the command line."""

import pytest
from django.core import mail

from dxtrack.cli import main
from dxtrack.forecasting.models import IndicatorForecast, Warning, WarningSent
from forecasting.histories import open_year, province_history, user_with


@pytest.fixture
def year(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    province = province_history()
    return open_year(province)


def test_forecast_then_digest(year, capsys):
    user_with("leader", username="lanhdao", email="lanhdao@quangngai.gov.vn")
    assert main(["forecast", "--today", "2026-12-15"]) == 0
    out = capsys.readouterr().out
    assert "Dự báo 2 chỉ tiêu: 2 chỉ tiêu có dự báo" in out
    assert "Cảnh báo kỳ “Báo cáo năm 2026”" in out and "Mới 3" in out
    assert IndicatorForecast.objects.count() == 2
    assert Warning.objects.count() == 3

    assert main(["digest", "--dry-run"]) == 0
    assert "Sẽ gửi 1 thư" in capsys.readouterr().out
    assert mail.outbox == [] and not WarningSent.objects.exists()

    assert main(["digest"]) == 0
    assert "Đã gửi 1 thư" in capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [["lanhdao@quangngai.gov.vn"]]


def test_forecast_of_a_missing_period(year, capsys):
    assert main(["forecast", "--period", "999999"]) == 2
    assert "không có kỳ báo cáo mã 999999" in capsys.readouterr().err
