"""GET /indicators/{id}/forecast, GET /warnings, POST /warnings/{id}/acknowledge (spec
insight.md), with their access rules."""

import pytest
from django.test import Client

from dxtrack.accounts.services import token_issue
from dxtrack.forecasting.models import Warning
from dxtrack.forecasting.services import warnings_refresh
from factories import AgencyFactory
from forecasting.histories import AS_OF, indicator_with, open_year, province_history, user_with

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Caller:
    def __init__(self, user) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token_issue(user=user)}"}

    def get(self, path: str, **params):
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path: str, body: dict):
        return self.client.post(
            API + path, body, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def province(db):
    return province_history()


@pytest.fixture
def year(province):
    year = open_year(province)
    warnings_refresh(period=year.period, as_of=AS_OF)
    return year


def test_an_indicators_forecast_has_the_spec_shape(province):
    leader = Caller(user_with("leader", username="lanhdao"))
    response = leader.get(f"/indicators/{province.online.pk}/forecast")
    assert response.status_code == 200
    body = response.json()
    assert {"indicator_id", "method", "history", "forecasts", "reason"} <= set(body)
    assert body["indicator_id"] == province.online.pk
    assert body["method"] == "linear"
    assert body["reason"] == ""
    assert body["history"][0] == {
        "period_id": body["history"][0]["period_id"],
        "end": "2022-12-31",
        "value": 40.0,
    }
    first = body["forecasts"][0]
    assert {"milestone", "date", "value", "low", "high", "probability_met"} <= set(first)
    assert first["milestone"] == "2027"
    assert first["date"] == "2027-12-31"
    assert first["low"] <= first["value"] <= first["high"] <= 100
    assert 0 <= first["probability_met"] <= 1


def test_too_little_history_gives_an_empty_list_and_a_reason(province):
    short = indicator_with(province.plan, province.dost, name="Tỷ lệ hộ gia đình có cáp quang")
    coordinator = Caller(user_with("coordinator", username="sokhcn"))
    body = coordinator.get(f"/indicators/{short.pk}/forecast").json()
    assert body["forecasts"] == []
    assert body["method"] is None
    assert body["reason"] == "Chưa đủ số liệu: cần ít nhất 3 kỳ có số liệu, hiện có 0"


def test_forecast_access(province):
    other = Caller(
        user_with("reporter", agency=AgencyFactory(name="Sở Tài chính"), username="bc.stc")
    )
    own = Caller(user_with("reporter", agency=province.dost, username="bc.skhcn"))
    assert other.get(f"/indicators/{province.online.pk}/forecast").status_code == 403
    assert own.get(f"/indicators/{province.online.pk}/forecast").status_code == 200
    missing = own.get("/indicators/999999/forecast")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Không tìm thấy chỉ tiêu."
    assert Client().get(f"{API}/indicators/{province.online.pk}/forecast").status_code == 401


def test_warnings_have_the_spec_shape(year):
    coordinator = Caller(user_with("coordinator", username="sokhcn"))
    response = coordinator.get("/warnings", period=year.period.pk)
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 3
    keys = {
        "id",
        "kind",
        "object_id",
        "title",
        "severity",
        "reasons",
        "agency_id",
        "acknowledged_by",
        "acknowledged_at",
    }
    for item in body:
        assert keys <= set(item)
        assert item["kind"] in ("indicator_off_track", "task_at_risk", "report_late")
        assert item["severity"] in ("high", "medium", "low")
        assert item["reasons"] and all(isinstance(r, str) for r in item["reasons"])
        assert item["acknowledged_by"] is None


def test_a_reporter_reads_its_agencys_warnings_only(province, year):
    own = Caller(user_with("reporter", agency=province.dost, username="bc.skhcn"))
    other = Caller(user_with("reporter", agency=province.health, username="bc.syt"))
    assert len(own.get("/warnings").json()) == 3
    assert other.get("/warnings").json() == []


def test_acknowledging_records_who_handled_it(year):
    leader_user = user_with("leader", username="lanhdao")
    leader_user.first_name, leader_user.last_name = "Minh", "Trần Văn"
    leader_user.save()
    leader = Caller(leader_user)
    warning = Warning.objects.get(kind="report_late")
    response = leader.post(f"/warnings/{warning.pk}/acknowledge", {"note": "Đã gọi điện đôn đốc"})
    assert response.status_code == 200
    body = response.json()
    assert body["acknowledged_by"] == "Trần Văn Minh"
    assert body["acknowledged_at"]
    assert body["note"] == "Đã gọi điện đôn đốc"
    coordinator = Caller(user_with("coordinator", username="sokhcn"))
    seen = {w["id"]: w for w in coordinator.get("/warnings").json()}
    assert seen[warning.pk]["acknowledged_by"] == body["acknowledged_by"]


def test_a_reporter_cannot_acknowledge(province, year):
    reporter = Caller(user_with("reporter", agency=province.dost, username="bc.skhcn"))
    warning = Warning.objects.get(kind="report_late")
    response = reporter.post(f"/warnings/{warning.pk}/acknowledge", {"note": "Đã gửi"})
    assert response.status_code == 403
    assert Warning.objects.get(pk=warning.pk).acknowledged_at is None
    # Another agency's warning is not even found.
    other = Caller(user_with("reporter", agency=province.health, username="bc.syt"))
    assert other.post(f"/warnings/{warning.pk}/acknowledge", {"note": ""}).status_code == 404


def test_a_note_too_long_is_a_400(year):
    coordinator = Caller(user_with("coordinator", username="sokhcn"))
    warning = Warning.objects.first()
    response = coordinator.post(f"/warnings/{warning.pk}/acknowledge", {"note": "x" * 2001})
    assert response.status_code == 400
    assert "2000" in response.json()["detail"]


def test_the_warnings_list_takes_a_fixed_number_of_queries(
    province, year, django_assert_max_num_queries
):
    for n in range(40):
        Warning.objects.create(
            period=year.period,
            kind="report_late",
            object_id=1000 + n,
            agency=AgencyFactory(name=f"UBND xã số {n}"),
            key=f"report_late:{1000 + n}:0",
            title=f"UBND xã số {n} chưa gửi báo cáo",
            severity="low",
            reasons=["Hạn gửi báo cáo: 30/11/2026; đã quá 3 ngày"],
        )
    leader = Caller(user_with("leader", username="lanhdao"))
    with django_assert_max_num_queries(8):
        response = leader.get("/warnings", period=year.period.pk)
    assert len(response.json()) == 43
