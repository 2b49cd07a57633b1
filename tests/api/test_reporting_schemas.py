"""The report's body: a row sent twice is refused, naming it."""

import pytest
from pydantic import ValidationError

from dxtrack.api.reporting_schemas import ReportIn


def test_rows_sent_once_are_taken():
    data = ReportIn.model_validate(
        {"version": 2, "tasks": [{"task_id": 3}, {"task_id": 4}], "indicators": []}
    )

    assert [row.task_id for row in data.tasks] == [3, 4]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"tasks": [{"task_id": 3}, {"task_id": 4}, {"task_id": 3}]},
            "Nhiệm vụ 3 được gửi hai lần.",
        ),
        (
            {"indicators": [{"indicator_id": 9}, {"indicator_id": 9}]},
            "Chỉ tiêu 9 được gửi hai lần.",
        ),
        ({"projects": [{"project_id": 5}, {"project_id": 5}]}, "Dự án 5 được gửi hai lần."),
    ],
)
def test_a_row_sent_twice_is_refused(body, message):
    with pytest.raises(ValidationError, match=message):
        ReportIn.model_validate({"version": 1, **body})
