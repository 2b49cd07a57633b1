"""Agencies: the directory, one agency, and everything assigned to it."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from dxtrack.agencies.models import Agency, Succession
from dxtrack.agencies.selectors import AgencyDetail, agency_detail, agency_list
from dxtrack.api.schemas import (
    AgencyAssignmentOut,
    AgencyBase,
    AgencyDetailOut,
    AgencyOut,
    ErrorOut,
    Id,
)
from dxtrack.plans.selectors import AgencyAssignment, agency_assignments

router = Router(tags=["Cơ quan, đơn vị"])

_ERRORS = {401: ErrorOut, 403: ErrorOut}


def _agency_or_404(agency_id: Id) -> AgencyDetail:
    try:
        return agency_detail(agency_id=agency_id)
    except Agency.DoesNotExist:
        raise Http404(_("Không tìm thấy cơ quan, đơn vị.")) from None


@router.get(
    "/agencies",
    response={200: list[AgencyOut], 400: ErrorOut, **_ERRORS},
    summary="Danh sách cơ quan, đơn vị",
)
def agencies_list(request: HttpRequest, kind: Agency.Kind | None = None, q: str = ""):
    """`kind` lọc theo loại đơn vị; `q` tìm theo tên hoặc tên gọi khác, không phân biệt dấu."""
    return list(agency_list(kind=kind or "", query=q))


def _succession(succession: Succession, *, other: Agency) -> dict:
    return {
        "agency": other,
        "date": succession.date,
        "primary": succession.primary,
        "scope": succession.scope,
    }


@router.get(
    "/agencies/{agency_id}",
    response={200: AgencyDetailOut, 404: ErrorOut, **_ERRORS},
    summary="Một cơ quan, đơn vị",
)
def agencies_detail(request: HttpRequest, agency_id: Id):
    detail = _agency_or_404(agency_id)
    return {
        **AgencyBase.model_validate(detail.agency).model_dump(),
        "aliases": [alias.name for alias in detail.aliases],
        "groups": detail.groups,
        "predecessors": [_succession(s, other=s.predecessor) for s in detail.predecessors],
        "successors": [_succession(s, other=s.successor) for s in detail.successors],
    }


def _assignment(reach: AgencyAssignment) -> dict:
    item = reach.item
    return {
        "item_type": reach.item_type,
        "item_id": item.pk,
        "number": item.number,
        "name": item.name,
        "plan": reach.plan,
        "section_id": item.section_id,
        "role": reach.role,
        "via": reach.via.value,
        "via_group": reach.via_group,
        "via_agency": reach.via_agency,
        "text": reach.assignment.text,
    }


@router.get(
    "/agencies/{agency_id}/assignments",
    response={200: list[AgencyAssignmentOut], 404: ErrorOut, **_ERRORS},
    summary="Nhiệm vụ, chỉ tiêu, dự án giao cho một cơ quan, đơn vị",
)
def agencies_assignments(request: HttpRequest, agency_id: Id):
    """Giao trực tiếp, qua nhóm mà đơn vị là thành viên, hoặc qua đơn vị tiền nhiệm."""
    try:
        agency = Agency.objects.get(pk=agency_id)
    except Agency.DoesNotExist:
        raise Http404(_("Không tìm thấy cơ quan, đơn vị.")) from None
    return [_assignment(reach) for reach in agency_assignments(agency=agency)]
