"""Plans: the list and one plan with everything its appendices assign."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from dxtrack.api.schemas import ErrorOut, Id, PlanDetailOut, PlanListOut, PlanOut
from dxtrack.plans.models import Plan
from dxtrack.plans.selectors import plan_detail, plan_list

router = Router(tags=["Kế hoạch"])

_ERRORS = {401: ErrorOut, 403: ErrorOut}


@router.get("/plans", response={200: list[PlanListOut], **_ERRORS}, summary="Danh sách kế hoạch")
def plans_list(request: HttpRequest):
    return list(plan_list())


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, 404: ErrorOut, **_ERRORS},
    summary="Một kế hoạch: các mục, chỉ tiêu, nhiệm vụ, dự án trọng tâm",
)
def plans_detail(request: HttpRequest, plan_id: Id):
    try:
        detail = plan_detail(plan_id=plan_id)
    except Plan.DoesNotExist:
        raise Http404(_("Không tìm thấy kế hoạch.")) from None
    return {
        **PlanOut.model_validate(detail.plan).model_dump(),
        "sections": detail.sections,
        "indicators": detail.indicators,
        "tasks": detail.tasks,
        "key_projects": detail.projects,
    }
