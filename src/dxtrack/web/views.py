"""Catalogue pages: each view validates its input, calls one selector and renders."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dxtrack.accounts.access import Action, allowed
from dxtrack.agencies import selectors as agency_selectors
from dxtrack.agencies.models import Agency
from dxtrack.forecasting.selectors import warnings_visible
from dxtrack.plans import selectors
from dxtrack.plans.models import Plan
from dxtrack.plans.search import catalogue_search
from dxtrack.web.forms import AgencyFilterForm, SearchForm

AGENCIES_PER_PAGE = 100
# The agency page shows its most severe standing warnings; the rest are on /canh-bao/.
AGENCY_WARNINGS_SHOWN = 20


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/plan_list.html", {"plans": selectors.plan_list()})


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    try:
        detail = selectors.plan_detail(plan_id=plan_id, with_replacements=True)
    except Plan.DoesNotExist:
        raise Http404(_("Không tìm thấy kế hoạch.")) from None
    return render(request, "web/plan_detail.html", {"detail": detail, "plan": detail.plan})


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    form = AgencyFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    agencies = agency_selectors.agency_list(
        kind=filters.get("kind", ""), query=filters.get("q", "")
    )
    page = Paginator(agencies, AGENCIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/agency_list.html", {"form": form, "page": page})


@login_required
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    try:
        detail = agency_selectors.agency_detail(agency_id=agency_id)
    except Agency.DoesNotExist:
        raise Http404(_("Không tìm thấy cơ quan, đơn vị.")) from None
    assignments = selectors.agency_assignments(agency=detail.agency)
    warnings = None
    if allowed(request.user, Action.WARNING_READ, agency_id=agency_id):
        warnings = list(
            warnings_visible(user=request.user, agency_id=agency_id)[:AGENCY_WARNINGS_SHOWN]
        )
    return render(
        request,
        "web/agency_detail.html",
        {
            "detail": detail,
            "agency": detail.agency,
            "assignments": assignments,
            "warnings": warnings,
        },
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = catalogue_search(query=query)
    return render(
        request,
        "web/search.html",
        {"form": form, "results": results, "search_query": query},
    )
