"""The calls of the deadline day on a report of the province's real size: signing in,
reading, saving and sending a report of more than a hundred rows each send a fixed, small
number of queries, and answer in the shape the API declares (ReportOut)."""

import datetime as dt
import json

import jsonschema
import pytest
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.test import Client

from dxtrack.accounts.models import ApiToken
from dxtrack.api.reporting_schemas import ReportOut
from dxtrack.reporting.models import AgencyReport, ReportVersion
from reporting.province import province_year

pytestmark = pytest.mark.django_db

API = "/api/v1"
PASSWORD = "mat-khau-thu-nghiem-2025"


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    """The province's 2026 yearly period (tests/reporting/province.py), once per module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield province_year()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def largest(year):
    """The report with the most task rows, its reporter signed in with a password."""
    report = (
        AgencyReport.objects.filter(period=year.period)
        .annotate(rows=Count("task_updates"))
        .order_by("-rows", "pk")
        .first()
    )
    assert report.rows + report.indicator_values.count() >= 100
    from dxtrack.accounts.services import user_add

    user = user_add(username="baocao.lon", role="reporter", password=PASSWORD, agency=report.agency)
    user.password = make_password(PASSWORD)
    user.save(update_fields=["password"])
    return report


def _changes(report: dict) -> dict:
    """What a reporter sends on the deadline: a status for every task it leads, a few done."""
    tasks = []
    for n, row in enumerate(r for r in report["tasks"] if r["role"] == "lead"):
        if row["carried_over"]:
            continue
        done = n < 3
        tasks.append(
            {
                "task_id": row["task_id"],
                "status": "Đã hoàn thành" if done else "Đang thực hiện",
                "description": "Đã triển khai theo kế hoạch.",
                "evidence": f"Quyết định số {100 + n}/QĐ-UBND" if done else "",
                "completed_on": "2026-01-15" if done else None,
            }
        )
    indicators = [
        {"indicator_id": r["indicator_id"], "value": "87,5%", "source": "Số liệu của đơn vị"}
        for r in report["indicators"][:1]
    ]
    return {
        "version": report["version"],
        "tasks": tasks,
        "indicators": indicators,
        "assessment": {"ha_tang": {"issues": "Mạng vùng sâu còn yếu.", "proposals": ""}},
    }


def _send(client: Client, method: str, path: str, token: str, body: dict | None = None):
    return getattr(client, method)(
        API + path,
        json.dumps(body) if body is not None else None,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_deadline_calls_send_a_fixed_few_queries(largest, django_assert_max_num_queries):
    client = Client()
    path = f"/reports/{largest.period_id}/{largest.agency_id}"
    with django_assert_max_num_queries(5):
        signed_in = client.post(
            API + "/auth/token",
            {"username": "baocao.lon", "password": PASSWORD},
            content_type="application/json",
        )
    token = signed_in.json()["token"]
    # The first call with a new token notes when it was used: one more write.
    with django_assert_max_num_queries(9):
        assert _send(client, "get", path, token).status_code == 200
    with django_assert_max_num_queries(8):
        report = _send(client, "get", path, token).json()
    # Both read the report as GET does (7), then write in one transaction: the claim of the
    # version, the changed rows (one batch per kind), the history and audit rows. The test's
    # own transaction adds a savepoint and its release.
    with django_assert_max_num_queries(15):
        saved = _send(client, "put", path, token, _changes(report))
    assert saved.status_code == 200, saved.content
    with django_assert_max_num_queries(13):
        sent = _send(client, "post", path + "/submit", token)
    assert sent.status_code == 200, sent.content


def test_the_answers_have_the_declared_shape_and_what_was_saved(largest):
    client = Client()
    path = f"/reports/{largest.period_id}/{largest.agency_id}"
    token = client.post(
        API + "/auth/token",
        {"username": "baocao.lon", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    read = _send(client, "get", path, token).json()
    changes = _changes(read)
    saved = _send(client, "put", path, token, changes).json()
    sent = _send(client, "post", path + "/submit", token).json()

    schema = ReportOut.model_json_schema(mode="serialization")
    for answer in (read, saved, sent):
        jsonschema.validate(answer, schema)
        assert set(answer) == set(schema["properties"])
        assert set(answer["tasks"][0]) == set(schema["$defs"]["TaskRowOut"]["properties"])
        assert set(answer["indicators"][0]) == set(schema["$defs"]["IndicatorRowOut"]["properties"])
    assert [r["task_id"] for r in saved["tasks"]] == [r["task_id"] for r in read["tasks"]]
    assert (read["version"], saved["version"], sent["version"]) == (1, 2, 3)
    first = changes["tasks"][0]
    row = next(r for r in sent["tasks"] if r["task_id"] == first["task_id"])
    assert (row["status"], row["evidence"], row["completed_on"]) == (
        "Đã hoàn thành",
        first["evidence"],
        "2026-01-15",
    )
    assert saved["indicators"][0]["value"] == "87,5%"
    assert saved["assessment"]["ha_tang"] == {
        "issues": "Mạng vùng sâu còn yếu.",
        "proposals": "",
        "label": "Hạ tầng",
    }
    assert (sent["status"], sent["editable"]) == ("submitted", False)
    # Times as Django's encoder writes them: UTC, to the millisecond, with a Z.
    submitted = dt.datetime.fromisoformat(sent["submitted_at"].replace("Z", "+00:00"))
    assert sent["submitted_at"].endswith("Z") and submitted.tzinfo is not None
    assert read["period"]["id"] == largest.period_id
    assert read["period"]["due"] == "2026-11-30"


def test_the_history_keeps_the_whole_report_at_each_save_and_the_submit(largest):
    client = Client()
    path = f"/reports/{largest.period_id}/{largest.agency_id}"
    token = client.post(
        API + "/auth/token",
        {"username": "baocao.lon", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    changes = _changes(_send(client, "get", path, token).json())
    _send(client, "put", path, token, changes)
    _send(client, "post", path + "/submit", token)

    *_opened, saved, sent = ReportVersion.objects.filter(report=largest).order_by("number")
    assert (saved.action, sent.action) == ("save", "submit")
    assert saved.snapshot["tasks"] == sent.snapshot["tasks"]
    assert len(sent.snapshot["tasks"]) == largest.task_updates.count()
    first = changes["tasks"][0]
    assert sent.snapshot["tasks"][str(first["task_id"])] == {
        "role": "lead",
        "status": "done",
        "description": "Đã triển khai theo kế hoạch.",
        "evidence": first["evidence"],
        "completed_on": "2026-01-15",
        "difficulties": "",
        "proposals": "",
        "evaluation": "",
    }
    history = _send(client, "get", path + "/history", token).json()
    assert [v["action"] for v in history][-2:] == ["save", "submit"]
    assert [c["field"] for c in history[-1]["changes"]] == ["status"]


def test_the_api_writes_vietnamese_as_utf8(largest):
    client = Client()
    token = client.post(
        API + "/auth/token",
        {"username": "baocao.lon", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    response = _send(client, "get", f"/reports/{largest.period_id}/{largest.agency_id}", token)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Hạ tầng".encode() in response.content
    assert ApiToken.objects.filter(user__username="baocao.lon").count() == 1
