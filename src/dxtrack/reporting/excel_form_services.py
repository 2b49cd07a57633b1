"""Applying a filled Excel form to an agency's report: through `report_apply`, whole or not
at all."""

from __future__ import annotations

from dxtrack.accounts.access import Action, Actor, require
from dxtrack.reporting.errors import ReportInvalid
from dxtrack.reporting.excel_form import (
    COORDINATING_SHEET,
    INDICATOR_SHEET,
    LEAD_SHEET,
    MAX_ERRORS,
    PROJECT_SHEET,
    FormError,
    FormInvalid,
    FormRejected,
)
from dxtrack.reporting.excel_form_reader import FormContent, form_read
from dxtrack.reporting.models import AgencyReport, TaskUpdate
from dxtrack.reporting.report_input import budget_value, task_status_value
from dxtrack.reporting.report_services import report_apply


def _id_errors(content: FormContent, report: AgencyReport) -> list[FormError]:
    """Rows whose ids are not the report's: another agency's form pasted in, or a task
    moved between the lead and the coordinating sheet."""
    roles = dict(report.task_updates.values_list("task_id", "role"))
    indicators = set(report.indicator_values.values_list("indicator_id", flat=True))
    expected = {
        LEAD_SHEET: {t for t, r in roles.items() if r == TaskUpdate.Role.LEAD},
        COORDINATING_SHEET: {t for t, r in roles.items() if r == TaskUpdate.Role.COORDINATING},
        INDICATOR_SHEET: indicators,
        PROJECT_SHEET: set(report.project_updates.values_list("project_id", flat=True)),
    }
    nouns = {INDICATOR_SHEET: "chỉ tiêu", PROJECT_SHEET: "dự án"}
    errors = []
    for sheet, allowed_ids in expected.items():
        noun = nouns.get(sheet, "nhiệm vụ")
        for item_id, row in content.ids.get(sheet, {}).items():
            if item_id not in allowed_ids:
                errors.append(
                    FormError(
                        sheet, row, "Mã", f"{noun} mã {item_id} không thuộc mục này của báo cáo."
                    )
                )
    return errors


def _unchanged_projects_drop(content: FormContent, report: AgencyReport) -> None:
    """Send only the key projects the agency changed: the form lists every one, and a save
    that touches projects keeps them in the report's version (decision 0112), so an
    untouched sheet must save exactly what the web page would."""
    sent = content.data.projects
    if not sent:
        return
    stored = {p.project_id: p for p in report.project_updates.filter(project_id__in=list(sent))}
    for project_id, row in list(sent.items()):
        update = stored.get(project_id)
        if update is None:
            continue
        try:
            same = (
                task_status_value(row.status) == update.status
                and row.description.strip() == update.description
                and budget_value(row.budget_planned) == update.budget_planned
                and budget_value(row.budget_disbursed) == update.budget_disbursed
            )
        except ValueError:
            same = False  # left for report_apply to refuse, by name
        if same:
            del sent[project_id]


def form_upload(*, report: AgencyReport, actor: Actor, data: bytes) -> AgencyReport:
    """Apply a filled form to `report` in one `report_apply`, or refuse it whole.

    Raises FormRejected (not a form of this report), FormInvalid (cells to fix, each
    located), and what `report_apply` raises: StaleVersion when the report was saved after
    the file was made, InvalidTransition when it is no longer editable."""
    require(actor, Action.REPORT_EDIT, agency_id=report.agency_id)
    content = form_read(data=data)
    if content.report_id != report.pk:
        raise FormRejected(
            "Tệp này là biểu mẫu của một báo cáo khác (đơn vị hoặc kỳ báo cáo khác). "
            "Hãy tải biểu mẫu của báo cáo này."
        )
    errors = content.errors + _id_errors(content, report)
    if errors:
        raise FormInvalid(errors[:MAX_ERRORS], total=len(errors))
    _unchanged_projects_drop(content, report)
    try:
        return report_apply(report=report, actor=actor, version=content.version, data=content.data)
    except ReportInvalid as error:
        located = [content.locate(e) for e in error.errors]
        raise FormInvalid(located[:MAX_ERRORS], total=len(located)) from error
