"""Consolidation: the totals of a period, each with every category it splits into.

Every count comes with all of its parts and its total, and the parts sum to the total:
reports sent on time, late, not sent; lead tasks in each verdict; indicators met, not met,
without data, without a target for the period. The same `period_consolidation` as the
consolidation page and the official documents, so the three cannot disagree.
"""

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from dxtrack.accounts.access import Action, require
from dxtrack.api.rendering import json_bytes
from dxtrack.api.schemas import ErrorOut
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.aggregation import Consolidation
from dxtrack.consolidation.freshness import with_fingerprint
from dxtrack.consolidation.kept import consolidation_kept
from dxtrack.consolidation.task_rollup import TaskTally
from dxtrack.reporting.models import ReportingPeriod

router = Router(tags=["Tổng hợp"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ReportCountsOut(Schema):
    total: int = Field(description="Số đơn vị phải báo cáo: on_time + late + missing.")
    on_time: int
    late: int
    missing: int = Field(description="Chưa gửi, kể cả báo cáo bị trả lại để bổ sung.")


class TaskCountsOut(Schema):
    total: int = Field(description="Lượt nhiệm vụ chủ trì (mỗi đơn vị chủ trì một lượt).")
    on_time: int
    done_late: int
    in_progress: int
    overdue: int
    not_started: int
    not_done: int
    not_assigned: int = Field(description="Không thuộc chức năng, nhiệm vụ (đơn vị đề nghị).")
    no_report: int


class IndicatorCountsOut(Schema):
    total: int
    met: int
    not_met: int
    no_data: int
    no_target: int = Field(description="Không đặt mục tiêu cho kỳ này.")


class WeightsOut(Schema):
    task_points: int
    report_points: int
    grace_days: int
    method: str = Field(description="Cách tính điểm, in trên trang tổng hợp và văn bản.")


class PlanCountsOut(Schema):
    id: int
    number: str
    title: str
    tasks: TaskCountsOut


class AgencyCountsOut(Schema):
    id: int
    name: str
    rank: int
    score: float
    report: str = Field(description="on_time | late | missing")
    days_late: int
    tasks: TaskCountsOut


class ConsolidationOut(Schema):
    period: int
    as_of: datetime.date
    reports: ReportCountsOut
    tasks: TaskCountsOut
    indicators: IndicatorCountsOut
    weights: WeightsOut
    plans: list[PlanCountsOut]
    agencies: list[AgencyCountsOut]


class AsOfIn(Schema):
    as_of: datetime.date | None = Field(
        default=None, description="Ngày đánh giá tiến độ (mặc định: hôm nay)."
    )


def _tasks(tally: TaskTally) -> dict[str, int]:
    return {"total": tally.total, **{kind: tally.by_verdict[kind] for kind in ev.TASK_VERDICTS}}


def consolidation_counts(result: Consolidation) -> dict:
    reports = result.reports
    weights = result.score_weights
    return {
        "period": result.period.pk,
        "as_of": result.as_of,
        "reports": {
            "total": reports.total,
            "on_time": reports.on_time,
            "late": reports.late,
            "missing": reports.missing,
        },
        "tasks": _tasks(result.total),
        "indicators": {"total": len(result.indicators), **result.indicator_counts},
        "weights": {
            "task_points": weights.task_points,
            "report_points": weights.report_points,
            "grace_days": weights.grace_days,
            "method": result.score_method,
        },
        "plans": [
            {
                "id": row.plan.pk,
                "number": row.plan.number,
                "title": row.plan.title,
                "tasks": _tasks(row.tally),
            }
            for row in result.plans
        ],
        "agencies": [
            {
                "id": score.agency.pk,
                "name": score.agency.name,
                "rank": score.rank,
                "score": score.score,
                "report": score.report_verdict.kind,
                "days_late": score.report_verdict.days_late,
                "tasks": _tasks(score.tally),
            }
            for score in result.agencies
        ],
    }


@router.get(
    "/periods/{period_id}/consolidation",
    response={200: ConsolidationOut, **_ERRORS},
    summary="Tổng hợp kỳ báo cáo: số báo cáo, nhiệm vụ, chỉ tiêu theo từng loại, xếp hạng",
)
def periods_consolidation(request: HttpRequest, period_id: int, query: Query[AsOfIn]):
    """Mỗi tổng số kèm mọi thành phần của nó; các thành phần cộng lại bằng tổng số."""
    require(request.user, Action.DOCUMENT_PRODUCE)
    period = with_fingerprint(ReportingPeriod.objects.filter(pk=period_id)).first()
    if period is None:
        raise Http404(_("Không tìm thấy kỳ báo cáo."))
    # Kept as the bytes sent, with the consolidation: checking and encoding a province's
    # agencies costs more than the rest of a request served from the process.
    body = consolidation_kept(period=period, as_of=query.as_of).derived(
        part="api",
        build=lambda result: json_bytes(
            ConsolidationOut.model_validate(consolidation_counts(result)).model_dump()
        ),
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")
