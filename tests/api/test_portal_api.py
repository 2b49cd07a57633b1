import json

import pytest
from django.core.cache import cache

from dxtrack.accounts.services import token_issue
from dxtrack.audit.models import AuditEntry
from dxtrack.portal.models import Publication
from dxtrack.portal.selectors import OPEN_INDICATOR_FIELDS, OPEN_TASK_FIELDS
from portal.scenario import HIDDEN, PRIVATE_NAME, dotted, published_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scenario(db):
    return published_scenario()


def _bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}


def _patch(client, indicator_id, body, **headers):
    return client.patch(
        f"/api/v1/indicators/{indicator_id}",
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_the_coordinator_marks_an_indicator_public(client, scenario):
    private = scenario.indicators.private
    response = _patch(client, private.pk, {"public": True}, **_bearer(scenario.users.coordinator))
    assert response.status_code == 200
    assert response.json() == {
        "id": private.pk,
        "plan_id": scenario.plan.pk,
        "name": PRIVATE_NAME,
        "public": True,
    }
    assert AuditEntry.objects.filter(action="indicator.public", target_id=private.pk).exists()


@pytest.mark.parametrize("role", ["leader", "reporter"])
def test_leaders_and_reporters_may_not_publish(client, scenario, role):
    headers = _bearer(getattr(scenario.users, role))
    assert (
        _patch(client, scenario.indicators.private.pk, {"public": True}, **headers).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/periods/{scenario.quarter.pk}/publish", **headers).status_code == 403
    )
    assert (
        client.post(f"/api/v1/periods/{scenario.year.pk}/unpublish", **headers).status_code == 403
    )
    assert Publication.objects.count() == 1


def test_anonymous_may_read_open_data_but_not_publish(client, scenario):
    assert client.post(f"/api/v1/periods/{scenario.quarter.pk}/publish").status_code == 401
    assert _patch(client, scenario.indicators.private.pk, {"public": True}).status_code == 401
    assert client.get("/api/v1/open/indicators").status_code == 200
    assert client.get("/api/v1/open/tasks").status_code == 200


def test_publish_and_unpublish_a_period(client, scenario):
    headers = _bearer(scenario.users.coordinator)
    response = client.post(
        f"/api/v1/periods/{scenario.quarter.pk}/publish",
        data={},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"published_at", "indicators"}
    assert body["indicators"] == 1
    assert body["published_at"].startswith("20")
    response = client.post(f"/api/v1/periods/{scenario.quarter.pk}/unpublish", **headers)
    assert response.json() == {"period_id": scenario.quarter.pk, "indicators": 1}
    again = client.post(f"/api/v1/periods/{scenario.quarter.pk}/unpublish", **headers)
    assert again.status_code == 409
    assert again.json()["detail"] == "Kỳ “Báo cáo quý I/2026” chưa được công khai."
    assert client.post("/api/v1/periods/999999/publish", **headers).status_code == 404


def test_invalid_body_is_a_400(client, scenario):
    headers = _bearer(scenario.users.coordinator)
    response = _patch(client, scenario.indicators.private.pk, {"public": "có lẽ"}, **headers)
    assert response.status_code == 400


def test_open_data_has_exactly_the_spec_fields_and_no_hidden_value(client, scenario):
    indicators = client.get("/api/v1/open/indicators").json()
    assert {tuple(row) for row in indicators} == {OPEN_INDICATOR_FIELDS}
    tasks = client.get("/api/v1/open/tasks").json()
    assert {tuple(row) for row in tasks} == {OPEN_TASK_FIELDS}
    text = client.get("/api/v1/open/indicators").content.decode()
    for value in HIDDEN:
        assert value not in text and dotted(value) not in text
    assert PRIVATE_NAME not in text


def test_open_data_answers_304_with_etag_or_date(client, scenario):
    first = client.get("/api/v1/open/indicators")
    assert first["Cache-Control"] == "public, max-age=60"
    etag, modified = first["ETag"], first["Last-Modified"]
    unchanged = client.get("/api/v1/open/indicators", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert client.get("/api/v1/open/tasks", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/api/v1/open/tasks", HTTP_IF_NONE_MATCH='"0-0"').status_code == 200


def test_open_data_is_rate_limited_per_address(client, scenario, settings):
    settings.DXTRACK_OPEN_DATA_RATE = 3
    for _ in range(3):
        assert client.get("/api/v1/open/tasks").status_code == 200
    refused = client.get("/api/v1/open/indicators")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Quá nhiều yêu cầu")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get("/api/v1/open/tasks", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_the_open_api_is_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/open/indicators" in paths
    assert "patch" in paths["/api/v1/indicators/{indicator_id}"]
    assert "/api/v1/periods/{period_id}/publish" in paths


def test_the_open_api_returns_the_json_files_bytes(client, scenario):
    for dataset, path in (("chi-tieu", "indicators"), ("nhiem-vu", "tasks")):
        api = client.get(f"/api/v1/open/{path}")
        file = client.get(f"/du-lieu-mo/{dataset}.json")
        assert api.content == file.content
        assert api["ETag"] == file["ETag"]
