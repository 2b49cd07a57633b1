"""The long report form's items: each row with its form, whether it is filled, its anchor.

The report page and the saving of one item or one part render the same item templates
from here, so a saved item comes back exactly as the page draws it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from dxtrack.reporting.completeness import Completeness
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.selectors import ReportDetail
from dxtrack.web.report_forms import ReportForm, RowForm

# ?loc=chua-dien: only the items not filled yet (the page still holds them all, hidden, so
# that saving the whole form never empties an item the user did not see).
FILTER_PARAM = "loc"
FILTER_UNFILLED = "chua-dien"


@dataclass(frozen=True)
class FormItem:
    key: str  # the row's form prefix and the page's anchor: task-12, indicator-5, topic-ha_tang
    row: Any
    form: RowForm | None
    filled: bool
    recent: bool = False  # saved by the request that drew it: shown even under the filter


def items_save_url(report: AgencyReport) -> str:
    """Where one item or one part of `report` is saved (web/report_item_views.py)."""
    return reverse("report-items-save", args=[report.period_id, report.agency_id])


def filter_of(request: HttpRequest) -> str:
    return "unfilled" if request.GET.get(FILTER_PARAM) == FILTER_UNFILLED else "all"


def form_items(
    detail: ReportDetail,
    *,
    form: ReportForm | None,
    completeness: Completeness,
    recent: Collection[str] = (),
) -> dict[str, list[FormItem]]:
    """The page's items part by part (`completeness.PARTS` keys), each with its form when
    the viewer edits (None: shown only, or carried over from an earlier period)."""
    forms: dict[str, RowForm] = {}
    if form is not None:
        forms = {f.prefix or "": f for f in form.forms}

    def item(key: str, row: Any) -> FormItem:
        return FormItem(
            key=key,
            row=row,
            form=forms.get(key),
            filled=completeness.filled.get(key, False),
            recent=key in recent,
        )

    return {
        "indicators": [item(f"indicator-{v.indicator_id}", v) for v in detail.indicators],
        "lead": [item(f"task-{r.update.task_id}", r) for r in detail.lead_tasks],
        "coordinating": [item(f"task-{r.update.task_id}", r) for r in detail.coordinating_tasks],
        "projects": [item(f"project-{p.project_id}", p) for p in detail.projects],
        "topics": [item(f"topic-{t[0]}", t) for t in detail.topics],
    }
