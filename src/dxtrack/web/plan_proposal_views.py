"""Plans proposed from a result table (`reporting.plan_proposal_services`): the
coordinator's list and the review page where the plan is confirmed (its number, title,
date and issuer corrected if need be) or refused."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from dxtrack.accounts.access import Action, require
from dxtrack.ingest.result_plan import PlanReference
from dxtrack.reporting.errors import FieldError, ReportingError, ReportInvalid
from dxtrack.reporting.models import PlanProposal
from dxtrack.reporting.plan_proposal_services import (
    plan_proposal_confirm,
    plan_proposal_refuse,
    proposal_plan_draft,
)
from dxtrack.reporting.selectors import plan_proposals
from dxtrack.web.links import report_url

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class PlanReferenceForm(forms.Form):
    """The document the tasks were given in, as read from the table; asked where missing."""

    number = forms.CharField(label=gettext_lazy("Số, ký hiệu"), max_length=100, required=False)
    title = forms.CharField(
        label=gettext_lazy("Tên văn bản (trích yếu)"), required=False, widget=forms.Textarea
    )
    issued_on = forms.DateField(
        label=gettext_lazy("Ngày ban hành (dd/mm/yyyy)"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": gettext_lazy("Ngày ban hành phải có dạng dd/mm/yyyy.")},
    )
    issuer = forms.CharField(label=gettext_lazy("Cơ quan ban hành"), max_length=255, required=False)
    comment = forms.CharField(label=gettext_lazy("Ý kiến"), required=False, widget=forms.Textarea)

    def reference(self) -> PlanReference:
        data = self.cleaned_data
        return PlanReference(
            number=data["number"].strip() or None,
            title=data["title"].strip() or None,
            date=data["issued_on"],
            issuer=data["issuer"].strip() or None,
        )


def _initial(proposal: PlanProposal) -> dict[str, object]:
    issued: dt.date | None = proposal.issued_on
    return {
        "number": proposal.number,
        "title": proposal.title,
        "issued_on": issued.strftime("%d/%m/%Y") if issued else "",
        "issuer": proposal.issuer,
    }


@login_required
def plan_proposal_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PLAN_IMPORT)
    return render(request, "web/plan_proposal_list.html", {"proposals": plan_proposals()[:200]})


@login_required
@require_http_methods(["GET", "POST"])
def plan_proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    require(request.user, Action.PLAN_IMPORT)
    proposal = get_object_or_404(
        PlanProposal.objects.select_related(
            "report__agency", "report__period", "proposed_by", "decided_by", "plan"
        ),
        pk=proposal_id,
    )
    errors: list[FieldError] = []
    form = PlanReferenceForm(request.POST or None, initial=_initial(proposal))
    if request.method == "POST" and form.is_valid():
        link = report_url(proposal.report)
        try:
            if request.POST.get("decision") == "refuse":
                plan_proposal_refuse(
                    proposal=proposal,
                    actor=request.user,
                    comment=form.cleaned_data["comment"],
                    link=link,
                )
                messages.success(request, _("Đã từ chối đề nghị: không tạo kế hoạch."))
                return redirect("plan-proposal-list")
            result = plan_proposal_confirm(
                proposal=proposal,
                actor=request.user,
                reference=form.reference(),
                comment=form.cleaned_data["comment"],
                link=link,
            )
        except ReportInvalid as error:
            errors = error.errors
        except ReportingError as error:
            errors = [FieldError("", str(error))]
        else:
            messages.success(
                request,
                _("Đã tạo kế hoạch “%(plan)s” và ghi %(rows)s dòng vào báo cáo của %(agency)s.")
                % {
                    "plan": result.plan,
                    "rows": len(result.recorded.recorded),
                    "agency": proposal.report.agency,
                },
            )
            return redirect(reverse("plan-detail", args=[result.plan.pk]))
    plan = proposal_plan_draft(proposal=proposal)
    context = {
        "proposal": proposal,
        "plan": plan,
        "form": form,
        "errors": errors,
        "pending": proposal.status == PlanProposal.Status.PENDING,
    }
    status = 400 if errors or form.errors else 200
    return render(request, "web/plan_proposal_detail.html", context, status=status)
