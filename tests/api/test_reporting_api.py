"""The reporting API: periods, progress and an agency's report through its whole workflow,
driven through HTTP alone, with the access rules and the error shapes around it."""

import csv
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from dxtrack.accounts.services import token_issue, user_add
from dxtrack.agencies.models import Agency
from dxtrack.agencies.selectors import agency_find
from dxtrack.agencies.services import communes_load, directory_install
from dxtrack.ingest.services import bundled_plans_import
from dxtrack.reporting.models import AgencyReport, ReportVersion
from dxtrack.reporting.workflow import days_late

pytestmark = pytest.mark.django_db

API = "/api/v1"
PASSWORD = "mat-khau-thu-nghiem-2025"
FORBIDDEN = "Bạn không có quyền thực hiện thao tác này."
UNAUTHENTICATED = "Chưa đăng nhập hoặc thông tin xác thực không hợp lệ."
ADMIN_UNITS = Path(__file__).resolve().parents[3] / "shared" / "data" / "vn-admin-units.csv"
YEAR_2026 = {"kind": "yearly", "start": "2026-01-01", "end": "2026-12-31", "due": "2026-11-30"}


class Caller:
    """One user of the API, holding a bearer token the way another system would."""

    def __init__(self, token: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params):
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(
            API + path, body or {}, content_type="application/json", headers=self.headers
        )

    def put(self, path: str, body: dict):
        return self.client.put(
            API + path, body, content_type="application/json", headers=self.headers
        )


def _caller(username: str, role: str, agency: Agency | None = None) -> Caller:
    user = user_add(username=username, role=role, password=PASSWORD, agency=agency)
    return Caller(token_issue(user=user))


def _report_path(period_id: int, agency: Agency) -> str:
    return f"/reports/{period_id}/{agency.pk}"


# ------------------------------------------------------------------ a small province


@pytest.fixture
def small(catalogue):
    """Plan 25/KH-UBND opened for 2026: Sở KH&CN leads the training task and the digital
    signature indicator, Sở Y tế coordinates the task, UBND xã Tịnh Khê implements the
    indicator."""
    coordinator = _caller("sokhcn", "coordinator")
    response = coordinator.post(
        "/periods", {"name": "Báo cáo năm 2026", **YEAR_2026, "plans": [catalogue.plan.pk]}
    )
    assert response.status_code == 201, response.content
    period_id = response.json()["id"]
    assert coordinator.post(f"/periods/{period_id}/open").status_code == 200
    return SimpleNamespace(
        catalogue=catalogue,
        period_id=period_id,
        coordinator=coordinator,
        dost=_caller("baocao.skhcn", "reporter", catalogue.dost),
        health=_caller("baocao.yte", "reporter", catalogue.health),
        leader=_caller("lanhdao", "leader"),
        dost_path=_report_path(period_id, catalogue.dost),
        health_path=_report_path(period_id, catalogue.health),
    )


def test_a_period_lists_with_its_dates_plans_and_counts(small):
    (period,) = small.leader.get("/periods").json()

    assert period == {
        "id": small.period_id,
        "name": "Báo cáo năm 2026",
        "kind": "yearly",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "due": "2026-11-30",
        "consolidated_due": None,
        "status": "open",
        "plans": [small.catalogue.plan.pk],
        "report_count": 3,
        "submitted_count": 0,
        "waiting_count": 3,
    }


def test_a_report_reads_with_its_tasks_indicators_and_assessment(small):
    response = small.dost.get(small.dost_path)

    assert response.status_code == 200
    report = response.json()
    assert (report["status"], report["version"], report["editable"]) == ("draft", 1, True)
    assert report["agency"] == {"id": small.catalogue.dost.pk, "name": "Sở Khoa học và Công nghệ"}
    (task,) = report["tasks"]
    assert task["task_id"] == small.catalogue.training.pk
    assert task["name"].startswith("Triển khai khung năng lực, chuẩn kỹ năng công nghệ")
    assert (task["role"], task["status"], task["completed_on"]) == ("lead", None, None)
    by_id = {row["indicator_id"]: row for row in report["indicators"]}
    signature = by_id[small.catalogue.signature.pk]
    assert (signature["role"], signature["target"], signature["value"]) == ("lead", "≥ 50%", "")
    assert signature["targets"] == [{"milestone": "2026-2027", "text": "≥ 50%"}]
    assert by_id[small.catalogue.online.pk]["role"] == "implementer"
    assert report["assessment"]["ha_tang"] == {"label": "Hạ tầng", "issues": "", "proposals": ""}
    assert len(report["assessment"]) == 7


def test_a_coordinating_agency_sees_the_task_as_coordinating(small):
    (task,) = small.health.get(small.health_path).json()["tasks"]

    assert (task["task_id"], task["role"]) == (small.catalogue.training.pk, "coordinating")


# ----------------------------------------------------------------------- access


def test_a_reporter_cannot_read_another_agencys_report(small):
    response = small.health.get(small.dost_path)

    assert response.status_code == 403
    assert response.json() == {"detail": FORBIDDEN, "errors": []}


def test_a_reporter_cannot_change_another_agencys_report(small):
    training = small.catalogue.training.pk
    body = {"version": 1, "tasks": [{"task_id": training, "status": "Đã hoàn thành"}]}

    response = small.health.put(small.dost_path, body)

    assert response.status_code == 403
    assert response.json()["detail"] == FORBIDDEN
    report = AgencyReport.objects.get(agency=small.catalogue.dost)
    assert report.version == 1
    assert report.task_updates.get().status == ""
    assert small.health.post(small.dost_path + "/submit").status_code == 403


def test_another_agencys_report_is_refused_whether_or_not_it_exists(small):
    commune = small.catalogue.commune
    missing = Agency.objects.create(name="Sở Tư pháp", kind=Agency.Kind.DEPARTMENT)

    assert small.health.get(_report_path(small.period_id, commune)).status_code == 403
    assert small.health.get(_report_path(small.period_id, missing)).status_code == 403
    # The reporter's own agency in a period that does not exist is simply not found.
    response = small.health.get(_report_path(424242, small.catalogue.health))
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy báo cáo của đơn vị trong kỳ này."


def test_unknown_periods_and_reports_are_404_for_the_coordinator(small):
    assert small.coordinator.get("/periods/424242").status_code == 404
    assert small.coordinator.get("/periods/424242/progress").status_code == 404
    assert small.coordinator.post("/periods/424242/open").status_code == 404
    response = small.coordinator.get(f"/reports/{small.period_id}/424242")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Không tìm thấy báo cáo của đơn vị trong kỳ này.",
        "errors": [],
    }


def test_a_reporter_cannot_run_periods_or_review_reports(small):
    plan = small.catalogue.plan.pk
    assert (
        small.dost.post("/periods", {"name": "Kỳ 2027", **YEAR_2026, "plans": [plan]}).status_code
        == 403
    )
    assert small.dost.post(f"/periods/{small.period_id}/open").status_code == 403
    assert small.dost.post(f"/periods/{small.period_id}/close").status_code == 403
    assert small.dost.post(small.dost_path + "/approve").status_code == 403
    assert small.dost.post(small.dost_path + "/return", {"comment": "Tự trả"}).status_code == 403
    assert AgencyReport.objects.get(agency=small.catalogue.dost).status == "draft"


def test_a_leader_reads_every_report_but_changes_none(small):
    training = small.catalogue.training.pk
    for path in (small.dost_path, small.health_path):
        assert small.leader.get(path).status_code == 200

    put = small.leader.put(
        small.dost_path, {"version": 1, "tasks": [{"task_id": training, "status": "Đã hoàn thành"}]}
    )
    assert put.status_code == 403
    assert small.leader.post(small.dost_path + "/submit").status_code == 403
    assert small.leader.post(small.dost_path + "/approve").status_code == 403
    assert (
        small.leader.post("/periods", {"name": "Kỳ", **YEAR_2026, "plans": []}).status_code == 403
    )
    assert AgencyReport.objects.get(agency=small.catalogue.dost).version == 1


def test_a_leader_comments_and_the_agency_reads_the_comment(small):
    text = "Đề nghị Sở KH&CN làm rõ số cán bộ đã được bồi dưỡng kỹ năng số."

    response = small.leader.post(small.dost_path + "/comments", {"text": text})

    assert response.status_code == 201
    assert response.json()["author"]["username"] == "lanhdao"
    (comment,) = small.dost.get(small.dost_path + "/comments").json()
    assert comment["text"] == text
    assert (
        small.dost.post(small.dost_path + "/comments", {"text": "Tự nhận xét"}).status_code == 403
    )
    assert small.health.get(small.dost_path + "/comments").status_code == 403


def test_a_reporter_lists_only_its_own_reports_and_progress_rows(small):
    mine = small.dost.get("/reports").json()
    everyone = small.leader.get("/reports", period_id=small.period_id).json()

    assert [r["agency"]["name"] for r in mine] == ["Sở Khoa học và Công nghệ"]
    assert mine[0]["period"] == {
        "id": small.period_id,
        "name": "Báo cáo năm 2026",
        "due": "2026-11-30",
    }
    assert sorted(r["agency"]["name"] for r in everyone) == [
        "Sở Khoa học và Công nghệ",
        "Sở Y tế",
        "UBND xã Tịnh Khê",
    ]
    assert small.leader.get("/reports", status="submitted").json() == []
    assert small.leader.get("/reports", status="da-gui").status_code == 400
    progress = small.dost.get(f"/periods/{small.period_id}/progress").json()
    assert [row["agency"] for row in progress] == ["Sở Khoa học và Công nghệ"]


def test_the_progress_rows_hold_to_their_schema(small):
    from dxtrack.api.reporting_schemas import ProgressOut

    rows = small.coordinator.get(f"/periods/{small.period_id}/progress").json()

    assert len(rows) == 3
    for row in rows:
        assert ProgressOut.model_validate(row).model_dump(mode="json") == row


CALLS = [
    ("get", "/periods"),
    ("post", "/periods"),
    ("get", "/periods/1"),
    ("post", "/periods/1/open"),
    ("get", "/periods/1/progress"),
    ("get", "/reports"),
    ("get", "/reports/1/1"),
    ("put", "/reports/1/1"),
    ("post", "/reports/1/1/submit"),
    ("post", "/reports/1/1/return"),
    ("post", "/reports/1/1/approve"),
    ("get", "/reports/1/1/history"),
    ("post", "/reports/1/1/comments"),
]


@pytest.mark.parametrize(("method", "path"), CALLS)
def test_every_reporting_call_needs_credentials(method, path):
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(API + path, content_type="application/json")

    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHENTICATED, "errors": []}


@pytest.mark.parametrize(("method", "path"), CALLS)
def test_a_wrong_or_expired_token_is_401_not_a_csrf_refusal(method, path):
    client = Client(enforce_csrf_checks=True)
    headers = {"Authorization": "Bearer khong-phai-khoa-that"}

    response = getattr(client, method)(API + path, content_type="application/json", headers=headers)

    assert response.status_code == 401
    assert response.json()["detail"] == UNAUTHENTICATED


# ----------------------------------------------------------------------- invalid input


def test_an_unknown_task_status_is_a_400_naming_the_field(small):
    training = small.catalogue.training.pk
    body = {"version": 1, "tasks": [{"task_id": training, "status": "Xong rồi"}]}

    response = small.dost.put(small.dost_path, body)

    assert response.status_code == 400
    data = response.json()
    assert data["detail"] == "Báo cáo có thông tin chưa hợp lệ; vui lòng sửa các ô được đánh dấu."
    (error,) = data["errors"]
    assert error["loc"] == f"tasks.{training}.status"
    assert "“Xong rồi” của nhiệm vụ mã" in error["msg"] and "không hợp lệ" in error["msg"]
    assert "Đã hoàn thành, Hoàn thành quá hạn, Đang thực hiện" in error["msg"]
    assert AgencyReport.objects.get(agency=small.catalogue.dost).version == 1


def test_an_unreadable_value_is_a_400_and_nothing_of_the_request_is_saved(small):
    catalogue = small.catalogue
    body = {
        "version": 1,
        "tasks": [{"task_id": catalogue.training.pk, "status": "Đang thực hiện"}],
        "indicators": [{"indicator_id": catalogue.signature.pk, "value": "khoảng tám mươi"}],
    }

    response = small.dost.put(small.dost_path, body)

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["loc"] == f"indicators.{catalogue.signature.pk}.value"
    assert error["msg"].startswith("“khoảng tám mươi” không phải là một số liệu.")
    report = AgencyReport.objects.get(agency=catalogue.dost)
    assert report.version == 1
    assert report.task_updates.get().status == ""


def test_rows_outside_the_report_and_unknown_topics_are_named(small):
    catalogue = small.catalogue
    body = {
        "version": 1,
        "tasks": [{"task_id": catalogue.old_task.pk, "status": "Đã hoàn thành"}],
        "assessment": {"vu_tru": {"issues": "Không có"}},
    }

    errors = small.dost.put(small.dost_path, body).json()["errors"]

    assert [e["loc"] for e in errors] == [f"tasks.{catalogue.old_task.pk}", "assessment.vu_tru"]


def test_a_malformed_body_is_a_400_from_the_schema(small):
    body = {
        "version": 1,
        "tasks": [{"task_id": small.catalogue.training.pk, "completed_on": "31/12"}],
    }

    response = small.dost.put(small.dost_path, body)

    assert response.status_code == 400
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert response.json()["errors"][0]["loc"][-1] == "completed_on"


def test_an_invalid_period_is_a_400_naming_each_field(small):
    body = {
        "name": " ",
        "kind": "hang-tuan",
        "start": "2026-12-31",
        "end": "2026-01-01",
        "due": "2026-11-30",
        "plans": [424242],
    }

    response = small.coordinator.post("/periods", body)

    assert response.status_code == 400
    assert {e["loc"] for e in response.json()["errors"]} == {"name", "kind", "end", "due", "plans"}


def test_returning_without_a_comment_is_a_400(small):
    small.dost.put(
        small.dost_path,
        {
            "version": 1,
            "tasks": [{"task_id": small.catalogue.training.pk, "status": "Đang thực hiện"}],
        },
    )
    assert small.dost.post(small.dost_path + "/submit").status_code == 200

    response = small.coordinator.post(small.dost_path + "/return", {"comment": "  "})

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"loc": "comment", "msg": "Nêu nội dung cần đơn vị bổ sung, sửa đổi."}
    ]


def test_submitting_with_a_lead_task_left_blank_names_the_task(small):
    response = small.dost.post(small.dost_path + "/submit")

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["loc"] == f"tasks.{small.catalogue.training.pk}.status"
    assert error["msg"].startswith("Chưa chọn tình trạng cho nhiệm vụ 4")


def test_approving_a_draft_is_a_409(small):
    response = small.coordinator.post(small.dost_path + "/approve")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Không thể duyệt báo cáo đang ở trạng thái “Đang soạn”.",
        "errors": [],
    }


# ----------------------------------------------------------------------- the whole loop


@pytest.fixture
def province(db):
    """The province's own plans, as `dxtrack demo` installs them."""
    directory_install()
    plans = {result.plan.title: result.plan for result in bundled_plans_import()}
    return SimpleNamespace(
        plan=plans["Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030"],
        plans=list(plans.values()),
        dost=agency_find(name="Sở KH&CN"),
    )


def _token(username: str) -> str:
    response = Client().post(
        f"{API}/auth/token", {"username": username, "password": PASSWORD}, "application/json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def test_the_reporting_loop_through_the_api(province):
    user_add(username="sokhcn", role="coordinator", password=PASSWORD)
    user_add(username="hoa.skhcn", role="reporter", password=PASSWORD, agency=province.dost)
    user_add(username="minh.skhcn", role="reporter", password=PASSWORD, agency=province.dost)
    coordinator = Caller(_token("sokhcn"))
    hoa, minh = Caller(_token("hoa.skhcn")), Caller(_token("minh.skhcn"))

    # The department opens the yearly period for the 2026 - 2030 plan.
    created = coordinator.post(
        "/periods", {"name": "Báo cáo năm 2026", **YEAR_2026, "plans": [province.plan.pk]}
    )
    assert created.status_code == 201
    period_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    opened = coordinator.post(f"/periods/{period_id}/open").json()
    assert opened["period"]["status"] == "open"
    assert opened["reports_created"] == opened["period"]["report_count"] > 10
    path = _report_path(period_id, province.dost)

    # The agency reads its report and fills two tasks and an indicator.
    report = hoa.get(path).json()
    assert (report["status"], report["version"]) == ("draft", 1)
    lead = [t for t in report["tasks"] if t["role"] == "lead"]
    first, second = lead[0], lead[1]
    indicator = report["indicators"][0]
    saved = hoa.put(
        path,
        {
            "version": 1,
            "tasks": [
                {
                    **first,
                    "status": "Đã hoàn thành",
                    "description": "Đã ban hành và triển khai trên toàn tỉnh.",
                    "evidence": "Quyết định số 1827-QĐ/TU ngày 11/02/2025",
                    "completed_on": "2026-06-15",
                },
                {**second, "status": "Đang thực hiện", "difficulties": "Thiếu kinh phí."},
            ],
            "indicators": [{**indicator, "value": "87,43%", "note": "Số liệu đến 31/10/2026"}],
        },
    )
    assert saved.status_code == 200, saved.content
    report = saved.json()
    assert report["version"] == 2
    rows = {t["task_id"]: t for t in report["tasks"]}
    assert rows[first["task_id"]]["status"] == "Đã hoàn thành"
    assert rows[first["task_id"]]["completed_on"] == "2026-06-15"
    assert rows[second["task_id"]]["status"] == "Đang thực hiện"
    value = next(v for v in report["indicators"] if v["indicator_id"] == indicator["indicator_id"])
    assert (value["value"], value["value_number"]) == ("87,43%", 87.43)

    # A colleague who read version 1 saves over it: refused, told what changed.
    stale = minh.put(
        path,
        {"version": 1, "tasks": [{"task_id": first["task_id"], "status": "Chưa thực hiện"}]},
    )
    assert stale.status_code == 409
    conflict = stale.json()
    assert conflict["version"] == 2
    assert "phiên bản 2" in conflict["detail"]
    changed = {(c["kind"], c["key"], c["field"]): c for c in conflict["errors"]}
    assert changed[("task", str(first["task_id"]), "status")]["new"] == "done"
    assert changed[("task", str(first["task_id"]), "evidence")]["new"] == (
        "Quyết định số 1827-QĐ/TU ngày 11/02/2025"
    )
    assert changed[("indicator", str(indicator["indicator_id"]), "value")]["new"] == "87,43%"
    # Nothing was lost: the first save stands, untouched by the refused one.
    report = hoa.get(path).json()
    assert report["version"] == 2
    assert {t["task_id"]: t for t in report["tasks"]}[first["task_id"]]["status"] == "Đã hoàn thành"

    # Every task it leads gets a status, with the version it was told; then it is sent, twice.
    blank = [t for t in report["tasks"] if t["role"] == "lead" and t["status"] is None]
    saved = minh.put(
        path,
        {
            "version": conflict["version"],
            "tasks": [{**t, "status": "Đang thực hiện"} for t in blank],
            "assessment": {"ha_tang": {"issues": "Hạ tầng mạng ở các xã miền núi còn yếu."}},
        },
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["version"] == 3
    submitted = hoa.post(path + "/submit")
    again = minh.post(path + "/submit")
    assert submitted.status_code == again.status_code == 200
    assert submitted.json()["status"] == again.json()["status"] == "submitted"
    assert submitted.json()["version"] == again.json()["version"] == 4
    assert submitted.json()["submitted_at"] == again.json()["submitted_at"]
    report_row = AgencyReport.objects.get(period_id=period_id, agency=province.dost)
    assert report_row.versions.filter(action="submit").count() == 1
    # A sent report is not edited any more.
    locked = hoa.put(path, {"version": 4, "tasks": [{"task_id": first["task_id"]}]})
    assert locked.status_code == 409
    assert locked.json()["detail"] == "Không thể sửa báo cáo đang ở trạng thái “Đã gửi”."

    # The department returns it with a comment; the agency fixes and resends.
    comment = "Bổ sung minh chứng cho nhiệm vụ đang thực hiện và nguồn số liệu chỉ tiêu."
    returned = coordinator.post(path + "/return", {"comment": comment})
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["review_comment"]) == ("returned", comment)
    report = hoa.get(path).json()
    assert report["editable"] is True
    fixed = hoa.put(
        path,
        {
            "version": report["version"],
            "tasks": [
                {
                    **second,
                    "status": "Đang thực hiện",
                    "difficulties": "Thiếu kinh phí.",
                    "evidence": "Công văn số 512/SKHCN-CĐS ngày 20/10/2026",
                }
            ],
            "indicators": [
                {
                    **indicator,
                    "value": "87,43%",
                    "note": "Số liệu đến 31/10/2026",
                    "source": "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
                }
            ],
        },
    )
    assert fixed.status_code == 200, fixed.content
    assert hoa.post(path + "/submit").json()["status"] == "submitted"
    approved = coordinator.post(path + "/approve")
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["editable"]) == ("approved", False)
    assert coordinator.get(f"/periods/{period_id}").json()["submitted_count"] == 1

    # The history keeps both versions as they were sent.
    history = hoa.get(path + "/history").json()
    assert [v["action"] for v in history] == [
        "open",
        "save",
        "save",
        "submit",
        "return",
        "save",
        "submit",
        "approve",
    ]
    assert [v["number"] for v in history] == list(range(1, 9))
    sent = [v for v in history if v["action"] == "submit"]
    assert [v["actor"]["username"] for v in sent] == ["hoa.skhcn", "hoa.skhcn"]
    assert history[4]["comment"] == comment
    fix = {(c["field"], c["new"]) for c in history[5]["changes"]}
    assert ("evidence", "Công văn số 512/SKHCN-CĐS ngày 20/10/2026") in fix
    first_sent, second_sent = (
        hoa.get(f"{path}/history/{v['number']}").json()["snapshot"] for v in sent
    )
    key = str(second["task_id"])
    assert first_sent["tasks"][key]["evidence"] == ""
    assert second_sent["tasks"][key]["evidence"] == "Công văn số 512/SKHCN-CĐS ngày 20/10/2026"
    assert (
        first_sent["assessment"]["ha_tang"]["issues"] == "Hạ tầng mạng ở các xã miền núi còn yếu."
    )
    assert ReportVersion.objects.filter(report=report_row).count() == 8


def test_progress_gives_each_agency_its_status_and_days_late(small):
    training = small.catalogue.training.pk
    small.dost.put(
        small.dost_path,
        {"version": 1, "tasks": [{"task_id": training, "status": "Đang thực hiện"}]},
    )
    small.dost.post(small.dost_path + "/submit")

    rows = small.coordinator.get(f"/periods/{small.period_id}/progress").json()

    assert [row["agency"] for row in rows] == [
        "Sở Khoa học và Công nghệ",
        "Sở Y tế",
        "UBND xã Tịnh Khê",
    ]
    dost, health, _commune = rows
    assert dost["agency_id"] == small.catalogue.dost.pk
    assert dost["status"] == "submitted"
    today = timezone.localdate()
    sent = dt.datetime.fromisoformat(dost["submitted_at"])
    assert dost["days_late"] == days_late(
        due_on=dt.date(2026, 11, 30), done_on=timezone.localdate(sent), today=today
    )
    assert (health["status"], health["submitted_at"]) == ("draft", None)
    assert health["days_late"] == days_late(due_on=dt.date(2026, 11, 30), done_on=None, today=today)


def test_a_closed_period_cannot_be_opened_again(small):
    closed = small.coordinator.post(f"/periods/{small.period_id}/close")
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"

    response = small.coordinator.post(f"/periods/{small.period_id}/open")

    assert response.status_code == 409
    assert response.json() == {"detail": "Kỳ báo cáo đã đóng, không thể mở lại.", "errors": []}


def test_a_version_that_does_not_exist_is_a_404(small):
    assert small.leader.get(small.dost_path + "/history/1").json()["action"] == "open"

    response = small.leader.get(small.dost_path + "/history/99")

    assert response.status_code == 404
    assert response.json()["detail"] == "Không có phiên bản này của báo cáo."


# ----------------------------------------------------------------------- query counts


@pytest.fixture
def whole_province(province):
    """The bundled plans and the province's 96 communes, opened for 2026."""
    if not ADMIN_UNITS.exists():
        pytest.skip("the official list of administrative units is not available")
    with ADMIN_UNITS.open(encoding="utf-8-sig", newline="") as handle:
        communes_load(rows=list(csv.DictReader(handle)), province_code="51")
    coordinator = _caller("sokhcn", "coordinator")
    body = {"name": "Báo cáo năm 2026", **YEAR_2026, "plans": [p.pk for p in province.plans]}
    period_id = coordinator.post("/periods", body).json()["id"]
    coordinator.post(f"/periods/{period_id}/open")
    province.period_id = period_id
    province.coordinator = coordinator
    return province


def test_reads_and_saves_of_a_whole_province_run_a_bounded_number_of_queries(
    whole_province, django_assert_max_num_queries
):
    province = whole_province
    reporter = _caller("baocao.skhcn", "reporter", province.dost)
    path = _report_path(province.period_id, province.dost)

    with django_assert_max_num_queries(12):
        report = reporter.get(path).json()
    assert len(report["tasks"]) > 100
    assert len(report["indicators"]) > 50

    with django_assert_max_num_queries(4):
        progress = province.coordinator.get(f"/periods/{province.period_id}/progress").json()
    assert len(progress) > 100  # 28 departments and bodies and the 96 communes

    with django_assert_max_num_queries(3):
        reports = province.coordinator.get("/reports").json()
    assert len(reports) == len(progress)

    with django_assert_max_num_queries(4):
        (period,) = province.coordinator.get("/periods").json()
    assert period["report_count"] == len(progress)

    body = {
        "version": report["version"],
        "tasks": [{**t, "status": "Đang thực hiện"} for t in report["tasks"]],
        "indicators": [{**v, "value": "1.250"} for v in report["indicators"]],
    }
    with django_assert_max_num_queries(24):
        saved = reporter.put(path, body)
    assert saved.status_code == 200
    assert {t["status"] for t in saved.json()["tasks"]} == {"Đang thực hiện"}
    assert {v["value_number"] for v in saved.json()["indicators"]} == {1250.0}

    with django_assert_max_num_queries(4):
        history = reporter.get(path + "/history").json()
    assert [v["action"] for v in history] == ["open", "save"]
    assert len(history[1]["changes"]) == len(report["tasks"]) + len(report["indicators"])


# ----------------------------------------------------------------------- the document


def test_the_openapi_document_describes_the_reporting_paths(client):
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert {
        "/api/v1/periods",
        "/api/v1/periods/{period_id}/open",
        "/api/v1/periods/{period_id}/progress",
        "/api/v1/reports/{period_id}/{agency_id}",
        "/api/v1/reports/{period_id}/{agency_id}/submit",
        "/api/v1/reports/{period_id}/{agency_id}/return",
        "/api/v1/reports/{period_id}/{agency_id}/approve",
    } <= set(schema["paths"])
    put = schema["paths"]["/api/v1/reports/{period_id}/{agency_id}"]["put"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(put["responses"])
    components = schema["components"]["schemas"]
    assert {"task_id", "role", "status", "evidence", "completed_on"} <= set(
        components["TaskRowOut"]["properties"]
    )
    assert "version" in components["ConflictOut"]["properties"]
