"""The whole API, fuzzed from its own OpenAPI document: no request may crash the server.

Every operation the document lists (routes added later included) gets generated requests
(path ids, query strings and bodies, valid and not) sent by a coordinator holding a bearer
token, so the routes are reached past authentication. A 5xx is a defect: the answer to bad
input is 400, 404, 409 or 422 with a message. Bounded by examples per operation and a total
time budget so the suite stays quick.
"""

import time

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

from dxtrack.accounts.services import token_issue, user_add

EXAMPLES_PER_OPERATION = 60
# Shared out evenly, so that every operation is reached even on a slow machine.
TIME_BUDGET_SECONDS = 75


@pytest.fixture
def coordinator_token(transactional_db, catalogue) -> str:
    user = user_add(username="sokhcn", role="coordinator", password="mat-khau-thu-nghiem-2025")
    return token_issue(user=user)


@pytest.fixture
def open_period(coordinator_token, catalogue, client):
    response = client.post(
        "/api/v1/periods",
        {
            "name": "Báo cáo năm 2026",
            "kind": "yearly",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "due": "2026-11-30",
            "plans": [catalogue.plan.pk],
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {coordinator_token}"},
    )
    assert response.status_code == 201, response.content
    period_id = response.json()["id"]
    client.post(
        f"/api/v1/periods/{period_id}/open",
        headers={"Authorization": f"Bearer {coordinator_token}"},
    )
    return period_id


def test_no_generated_request_makes_a_server_error(coordinator_token, open_period, capsys):
    # Transactional database: on PostgreSQL a failed statement inside the test's own
    # transaction would make every later request fail too and hide the first error.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    headers = {"Authorization": f"Bearer {coordinator_token}"}
    sent, operations = 0, 0
    server_errors: list[str] = []
    started = time.monotonic()

    all_operations = [result.ok() for result in schema.get_all_operations()]
    slice_seconds = TIME_BUDGET_SECONDS / len(all_operations)
    slice_ends = [0.0]
    for operation in all_operations:
        operations += 1
        slice_ends[0] = time.monotonic() + slice_seconds

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case) -> None:
            nonlocal sent
            if time.monotonic() > slice_ends[0]:
                return
            response = case.call(headers=headers)
            sent += 1
            if response.status_code >= 500:
                server_errors.append(
                    f"{case.method} {case.formatted_path} {case.query or ''} "
                    f"{str(case.body)[:200]} → {response.status_code}"
                )

        try:
            fuzz()
        except Unsatisfiable:
            pass

    with capsys.disabled():
        print(
            f"\nAPI fuzz: {operations} operations, {sent} requests sent, "
            f"{len(server_errors)} server errors, {time.monotonic() - started:.1f} s"
        )
        for line in server_errors[:20]:
            print("  " + line)
    assert operations >= 15
    assert sent >= operations * 10
    assert server_errors == []
