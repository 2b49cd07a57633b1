"""The leaders' dashboard as JSON: `GET /api/v1/dashboard?period=ID[&plan=ID]`.

The same selector as the page (`dashboard_scope` checks access: a reporter gets its own
agency; `dashboard_data` gives the numbers, cached as `dashboard.cache` says), so the two
can never disagree.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.renderers import JSONRenderer

from dxtrack.api.schemas import ErrorOut
from dxtrack.dashboard.cache import dashboard_cache
from dxtrack.dashboard.selectors import (
    TASK_STATUS_LABELS,
    Dashboard,
    dashboard_scope,
)

router = Router(tags=["Bảng điều khiển"])


class DashboardQuery(Schema):
    period: int | None = Field(None, description="Kỳ báo cáo; mặc định kỳ mới nhất.")
    plan: int | None = Field(None, description="Một kế hoạch của kỳ; mặc định mọi kế hoạch.")
    agency: int | None = Field(
        None, description="Một đơn vị; cán bộ báo cáo luôn chỉ xem đơn vị của mình."
    )


class DashboardPeriodOut(Schema):
    id: int
    name: str
    kind: str
    start: datetime.date
    end: datetime.date
    due: datetime.date
    as_of: datetime.date = Field(description="Ngày tiến độ được tính đến.")
    previous_id: int | None = Field(description="Kỳ trước cùng loại, để so sánh.")
    plan_id: int | None
    agency_id: int | None


class TasksOut(Schema):
    total: int
    by_status: dict[str, int] = Field(description="Theo tình trạng báo cáo (nhãn tiếng Việt).")
    by_colour: dict[str, int] = Field(description="green | yellow | red | grey")
    previous_by_colour: dict[str, int] | None = Field(description="Kỳ trước cùng loại.")


class HistoryPointOut(Schema):
    period_id: int
    end: datetime.date
    value: float | None


class IndicatorOut(Schema):
    indicator_id: int
    name: str
    unit: str
    plan_id: int
    milestone: str | None
    target: str | None = Field(description="Mục tiêu của mốc đánh giá kỳ, như kế hoạch ghi.")
    value: float | None
    value_text: str
    verdict: str = Field(description="met | not_met | no_data | no_target")
    colour: str
    history: list[HistoryPointOut]


class AgencyOut(Schema):
    agency_id: int
    agency: str
    status: str = Field(description="Báo cáo: on_time | late | missing")
    report_status: str = Field(description="draft | submitted | returned | approved")
    days_late: int
    score: float
    rank: int
    colour: str
    tasks_by_colour: dict[str, int]


class DashboardOut(Schema):
    period: DashboardPeriodOut
    tasks: TasksOut
    indicators: list[IndicatorOut]
    agencies: list[AgencyOut]


def dashboard_json(data: Dashboard) -> dict:
    """The spec's shape (spec/insight.md, "Dashboard data") with a few more fields."""
    scope = data.scope
    period = scope.period
    return {
        "period": {
            "id": period.pk,
            "name": period.name,
            "kind": period.kind,
            "start": period.starts_on,
            "end": period.ends_on,
            "due": period.due_on,
            "as_of": data.as_of,
            "previous_id": data.previous.pk if data.previous else None,
            "plan_id": scope.plan.pk if scope.plan else None,
            "agency_id": scope.agency.pk if scope.agency else None,
        },
        "tasks": {
            "total": data.tasks_total.value,
            "by_status": {
                TASK_STATUS_LABELS[status]: count.value
                for status, count in data.tasks_by_status.items()
            },
            "by_colour": {c: count.value for c, count in data.tasks_by_colour.items()},
            "previous_by_colour": (
                {c: count.previous for c, count in data.tasks_by_colour.items()}
                if data.previous
                else None
            ),
        },
        "indicators": [
            {
                "indicator_id": line.indicator.pk,
                "name": line.indicator.name,
                "unit": line.indicator.unit,
                "plan_id": line.indicator.plan_id,
                "milestone": line.target.milestone if line.target else None,
                "target": line.target.text if line.target else None,
                "value": line.value.value if line.value else None,
                "value_text": line.value.text if line.value else "",
                "verdict": line.judged.verdict,
                "colour": line.colour,
                "history": [
                    {
                        "period_id": then.pk,
                        "end": then.ends_on,
                        "value": value.value if value else None,
                    }
                    for then, value, _ in line.history
                ],
            }
            for line in data.indicators
        ],
        "agencies": [
            {
                "agency_id": line.agency_id,
                "agency": line.name,
                "status": line.report_verdict.kind,
                "report_status": line.report_status,
                "days_late": line.report_verdict.days_late,
                "score": line.score,
                "rank": line.rank,
                "colour": line.report_colour,
                "tasks_by_colour": line.by_colour,
            }
            for line in data.agencies
        ],
    }


@router.get(
    "/dashboard",
    response={200: DashboardOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Bảng điều khiển: nhiệm vụ, chỉ tiêu, báo cáo của kỳ theo màu trạng thái",
)
def dashboard_read(request: HttpRequest, filters: Query[DashboardQuery]):
    """Lãnh đạo, cơ quan thường trực xem toàn tỉnh; cán bộ báo cáo chỉ xem đơn vị mình."""
    scope = dashboard_scope(
        user=request.user,
        period_id=filters.period,
        plan_id=filters.plan,
        agency_id=filters.agency,
    )
    cached = dashboard_cache(scope=scope)
    # Kept as the bytes sent: checking and encoding a province's numbers costs more than
    # the rest of the request. The same schema and encoder as every other response.
    body = cached.get(
        "json",
        lambda: JSONRenderer().render(
            request,
            DashboardOut.model_validate(dashboard_json(cached.data())).model_dump(),
            response_status=200,
        ),
    )
    return HttpResponse(body, content_type=f"{JSONRenderer.media_type}; charset=utf-8")
