"""Ids and versions beyond what the database can hold are invalid input, never a crash."""

import pytest

from dxtrack.accounts.services import token_issue, user_add

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.fixture
def headers(catalogue) -> dict:
    user = user_add(username="sokhcn", role="coordinator", password="mat-khau-thu-nghiem-2025")
    return {"Authorization": f"Bearer {token_issue(user=user)}"}


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/reports/1/{HUGE}/history",
        f"/api/v1/reports/{HUGE}/1",
        f"/api/v1/reports/1/1/history/{HUGE}",
        f"/api/v1/plans/{HUGE}",
        f"/api/v1/agencies/{HUGE}/assignments",
        f"/api/v1/periods/{HUGE}/progress",
        f"/api/v1/reports?period_id={HUGE}",
        "/api/v1/plans/0",
    ],
)
def test_an_id_out_of_range_in_the_path_or_query_is_invalid_input(client, headers, path):
    response = client.get(path, headers=headers)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert body["errors"]


def test_an_id_out_of_range_in_the_body_is_invalid_input(client, headers, catalogue):
    period = {
        "name": "Báo cáo năm 2026",
        "kind": "yearly",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "due": "2026-11-30",
    }
    response = client.post(
        "/api/v1/periods",
        {**period, "plans": [int(HUGE)]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"][-2:] == ["plans", 0]
    response = client.put(
        "/api/v1/reports/1/1",
        {"version": int(HUGE), "tasks": [{"task_id": int(HUGE)}]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400


def test_the_openapi_document_states_the_range_of_ids(client):
    document = client.get("/api/v1/openapi.json").json()
    parameters = document["paths"]["/api/v1/plans/{plan_id}"]["get"]["parameters"]
    assert parameters[0]["schema"]["maximum"] == 2**63 - 1
    assert parameters[0]["schema"]["minimum"] == 1


def test_a_nul_character_in_a_body_or_query_is_invalid_input(client, headers):
    # PostgreSQL text cannot hold it: it would fail inside a query as a server error.
    response = client.post(
        "/api/v1/auth/token",
        {"username": "baocao\x00skhcn", "password": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == ["body", "username"]
    response = client.get("/api/v1/agencies", {"q": "S\x00 Y t"}, headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"][0]["msg"] == "Không được chứa ký tự NUL (\\x00)."
