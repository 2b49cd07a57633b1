"""Tổng hợp kỳ báo cáo: the consolidation of a period for the coordinator and the leaders.

Each view checks access, calls one selector and renders; the verdicts, shares and scores come
from `consolidation`, the same functions the official documents and the API use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.accounts.access import Action, require
from dxtrack.consolidation import colours, evaluation
from dxtrack.consolidation.freshness import with_fingerprint
from dxtrack.consolidation.kept import period_consolidation_kept
from dxtrack.consolidation.selectors import score_weights_current
from dxtrack.consolidation.series import milestone_passed
from dxtrack.consolidation.services import ScoreWeightsInvalid, score_weights_update
from dxtrack.reporting.models import ReportingPeriod
from dxtrack.reporting.selectors import period_list

ROWS_PER_PAGE = 100


@dataclasses.dataclass(frozen=True)
class TablePages:
    """One page of a table that shares its page with others: its own page parameter, the
    others kept in the links, which come back to the table's section."""

    page: Page
    previous_url: str
    next_url: str


def _table_pages(request: HttpRequest, rows: list[Any], param: str, anchor: str) -> TablePages:
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get(param))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}#{anchor}"

    return TablePages(
        page=page,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )


class AsOfForm(forms.Form):
    """The day the tasks are judged on (today by default)."""

    ngay = forms.DateField(
        label=gettext_lazy("Đánh giá tiến độ đến ngày"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "invalid": gettext_lazy("Ghi ngày theo dạng ngày/tháng/năm, ví dụ 15/12/2026.")
        },
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


@login_required
def consolidation_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.DOCUMENT_PRODUCE)
    periods = period_list().exclude(status=ReportingPeriod.Status.DRAFT)
    return render(request, "web/consolidation_index.html", {"periods": periods})


@login_required
def consolidation_detail(request: HttpRequest, period_id: int) -> HttpResponse:
    require(request.user, Action.DOCUMENT_PRODUCE)
    # Read with its fingerprint: a kept consolidation then costs no query more.
    period = get_object_or_404(with_fingerprint(ReportingPeriod.objects.all()), pk=period_id)
    form = AsOfForm(request.GET or None)
    as_of: dt.date = timezone.localdate()
    if form.is_valid() and form.cleaned_data["ngay"]:
        as_of = form.cleaned_data["ngay"]
    result = period_consolidation_kept(period=period, as_of=as_of)
    # A province has more agencies and indicators than a page should hold: a page of each
    # table, the totals above them of all.
    agencies = _table_pages(request, result.agencies, "agencies_page", "xep-hang")
    indicators = _table_pages(request, result.indicators, "indicators_page", "chi-tieu")
    agency_rows = [
        (
            row,
            colours.report_colour(verdict=row.report_verdict, due_on=period.due_on, as_of=as_of),
        )
        for row in agencies.page.object_list
    ]
    indicator_rows = [
        (
            row,
            colours.indicator_colour(
                verdict=row.verdict,
                milestone_passed=milestone_passed(target=row.target, period_end=period.ends_on),
            ),
        )
        for row in indicators.page.object_list
    ]
    return render(
        request,
        "web/consolidation_detail.html",
        {
            "period": period,
            "result": result,
            "form": form,
            "task_verdict_labels": evaluation.TASK_VERDICT_LABELS,
            "score_method": result.score_method,
            "agency_rows": agency_rows,
            "indicator_rows": indicator_rows,
            "agency_pages": agencies,
            "indicator_pages": indicators,
            "colour_method": colours.COLOUR_METHOD,
        },
    )


class ScoreWeightsForm(forms.Form):
    task_points = forms.IntegerField(
        label=gettext_lazy("Điểm cho nhiệm vụ chủ trì đúng tiến độ"), min_value=0, max_value=100
    )
    report_points = forms.IntegerField(
        label=gettext_lazy("Điểm cho việc gửi báo cáo đúng hạn"), min_value=0, max_value=100
    )
    grace_days = forms.IntegerField(
        label=gettext_lazy("Số ngày gửi muộn tối đa còn được điểm báo cáo"), min_value=1
    )


@login_required
def score_weights_edit(request: HttpRequest) -> HttpResponse:
    """The coordinator sets how agencies are scored; the service checks who may and keeps the
    old and new weights in the audit trail."""
    require(request.user, Action.SCORE_WEIGHTS_EDIT)
    current = score_weights_current()
    form = ScoreWeightsForm(request.POST or None, initial=dataclasses.asdict(current))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                score_weights_update(actor=request.user, **form.cleaned_data)
            except ScoreWeightsInvalid as error:
                for field, messages_of_field in error.message_dict.items():
                    for message in messages_of_field:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("Đã lưu cách tính điểm xếp hạng đơn vị."))
                return redirect("score-weights")
        status = 400
    return render(
        request,
        "web/score_weights.html",
        {"form": form, "method": evaluation.score_method(current)},
        status=status,
    )
