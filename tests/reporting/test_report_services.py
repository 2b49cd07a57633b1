"""Saving, sending, returning, approving and commenting on an agency's report, the history
and the audit trail they keep, and who may call each service."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dxtrack.audit.models import AuditEntry
from dxtrack.plans.models import Task
from dxtrack.reporting.errors import InvalidTransition, ReportInvalid, StaleVersion
from dxtrack.reporting.evidence_services import evidence_attach, evidence_remove
from dxtrack.reporting.extension_services import extension_decide, extension_request
from dxtrack.reporting.models import (
    AgencyReport,
    EvidenceFile,
    ExtensionRequest,
    IndicatorValue,
    Notification,
    TaskStatus,
)
from dxtrack.reporting.period_services import period_close, period_create, period_open
from dxtrack.reporting.report_input import EvidenceUpload, IndicatorInput, ReportInput, TaskInput
from dxtrack.reporting.report_services import (
    report_apply,
    report_approve,
    report_comment,
    report_return,
    report_save,
    report_submit,
)
from dxtrack.reporting.selectors import (
    version_changes,
)
from reporting.province import (
    DUE_ON,
    IN_PROGRESS,
    PDF,
    YEAR_END,
    YEAR_START,
    audit_actions,
    everything_in_progress,
    lead_rows,
    report_of,
    row,
    save,
    submitted,
)

pytestmark = pytest.mark.django_db

# ----------------------------------------------------------------------- saving


def test_invalid_fields_are_named_and_nothing_of_the_save_is_written(year):
    report = report_of(year, year.dost)
    rows = [u for u in lead_rows(report) if not u.task.recurrence][:5]
    indicator = report.indicator_values.first()
    not_ours = Task.objects.get(
        plan=year.plans.plan_2026, name__startswith="Triển khai Bộ chỉ số để theo dõi"
    )
    other_indicator = (
        IndicatorValue.objects.exclude(report=report)
        .exclude(indicator__in=report.indicator_values.values("indicator"))
        .first()
    )
    next_month = timezone.localdate() + dt.timedelta(days=30)
    data = ReportInput(
        tasks={
            rows[0].task_id: TaskInput(status="Xong rồi"),
            rows[1].task_id: TaskInput(status="Đã hoàn thành", completed_on=next_month),
            rows[2].task_id: TaskInput(status=IN_PROGRESS, completed_on=dt.date(2026, 3, 2)),
            rows[3].task_id: TaskInput(status="Không thực hiện"),
            rows[4].task_id: TaskInput(status=IN_PROGRESS, description="Đã ban hành kế hoạch."),
            not_ours.pk: TaskInput(status=IN_PROGRESS),
        },
        indicators={
            indicator.indicator_id: IndicatorInput(value="khoảng tám mươi phần trăm"),
            other_indicator.indicator_id: IndicatorInput(value="50%"),
        },
        assessment={"ha_tang": {"issues": "Hạ tầng mạng cấp xã còn yếu."}, "khac": {}},
    )
    audit_before = AuditEntry.objects.count()

    with pytest.raises(ReportInvalid) as refused:
        save(report, year.dost_reporter, data)

    errors = {e.where: e.message for e in refused.value.errors}
    a, b, c, d, _e = (u.task_id for u in rows)
    assert set(errors) == {
        f"tasks.{a}.status",
        f"tasks.{b}.completed_on",
        f"tasks.{c}.completed_on",
        f"tasks.{d}.description",
        f"tasks.{not_ours.pk}",
        f"indicators.{indicator.indicator_id}.value",
        f"indicators.{other_indicator.indicator_id}",
        "assessment.khac",
    }
    assert errors[f"tasks.{a}.status"].startswith(
        f"Tình trạng “Xong rồi” của nhiệm vụ mã {a} không hợp lệ"
    )
    assert errors[f"tasks.{b}.completed_on"] == "Ngày hoàn thành không được sau ngày hôm nay."
    assert errors[f"tasks.{c}.completed_on"] == (
        "Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành."
    )
    assert errors[f"tasks.{d}.description"] == "Nêu lý do không thực hiện nhiệm vụ."
    assert errors[f"tasks.{not_ours.pk}"] == "Nhiệm vụ này không thuộc báo cáo."
    assert (
        "“khoảng tám mươi phần trăm” không phải là một số liệu"
        in (errors[f"indicators.{indicator.indicator_id}.value"])
    )
    assert errors["assessment.khac"] == "Lĩnh vực “khac” không có."
    report.refresh_from_db()
    assert (report.version, report.assessment) == (1, {})
    assert not report.task_updates.exclude(status="").exists()
    assert report.versions.count() == 1
    assert AuditEntry.objects.count() == audit_before


def test_a_valid_save_stores_rows_values_and_the_assessment(year):
    report = report_of(year, year.dost)
    task = row(report, "Phủ sóng 5G tại 100% khu công nghiệp")
    indicator = report.indicator_values.select_related("indicator").first()

    saved = save(
        report,
        year.dost_reporter,
        ReportInput(
            tasks={
                task.task_id: TaskInput(
                    status="đã hoàn thành",  # the documents' phrase, any case
                    description="Đã phủ sóng 5G tại 5/5 khu công nghiệp.",
                    evidence="Quyết định số 1827-QĐ/TU ngày 11/02/2025",
                    completed_on=dt.date(2026, 6, 20),
                )
            },
            indicators={indicator.indicator_id: IndicatorInput(value="87,43%", source="VNPT")},
            assessment={"ha_tang": {"issues": "Hạ tầng mạng cấp xã còn yếu.", "proposals": ""}},
        ),
    )

    task.refresh_from_db()
    indicator.refresh_from_db()
    assert saved.version == 2 and saved.updated_by == year.dost_reporter
    assert (task.status, task.completed_on) == (TaskStatus.DONE, dt.date(2026, 6, 20))
    assert (indicator.value_text, indicator.value_number) == ("87,43%", 87.43)
    assert saved.assessment == {
        "ha_tang": {"issues": "Hạ tầng mạng cấp xã còn yếu.", "proposals": ""}
    }


def test_control_characters_pasted_from_a_pdf_are_not_stored(year):
    report = report_of(year, year.dost)
    task = row(report, "Phủ sóng 5G tại 100% khu công nghiệp")

    save(
        report,
        year.dost_reporter,
        ReportInput(
            tasks={
                task.task_id: TaskInput(
                    status=IN_PROGRESS,
                    description="Đã phủ sóng\x0c 3/5 khu công nghiệp;\nđang lắp trạm\x01 BTS.",
                )
            },
            assessment={"ha_tang": {"issues": "Trạm BTS\x0b cấp xã còn thiếu.", "proposals": ""}},
        ),
    )

    task.refresh_from_db()
    assert task.description == "Đã phủ sóng  3/5 khu công nghiệp;\nđang lắp trạm  BTS."
    assert report_of(year, year.dost).assessment["ha_tang"]["issues"] == (
        "Trạm BTS  cấp xã còn thiếu."
    )


def test_two_saves_of_the_same_version_the_second_is_refused_with_what_changed(year):
    report = report_of(year, year.dost)
    first_row, second_row = (u.task_id for u in lead_rows(report)[:2])
    read = report.version
    mine = ReportInput(tasks={first_row: TaskInput(IN_PROGRESS, "Đã khảo sát hiện trạng.")})
    theirs = ReportInput(tasks={second_row: TaskInput(IN_PROGRESS, "Đã trình UBND tỉnh.")})

    report_save(report=report, actor=year.dost_reporter, data=mine, version=read)
    with pytest.raises(StaleVersion) as stale:
        report_save(report=report, actor=year.dost_reporter, data=theirs, version=read)

    assert stale.value.report.version == read + 1
    assert [c.as_dict() for c in stale.value.changes] == [
        {
            "kind": "task",
            "key": str(first_row),
            "field": "status",
            "label": "Tình trạng",
            "old": "",
            "new": TaskStatus.IN_PROGRESS,
        },
        {
            "kind": "task",
            "key": str(first_row),
            "field": "description",
            "label": "Kết quả thực hiện",
            "old": "",
            "new": "Đã khảo sát hiện trạng.",
        },
    ]
    assert "phiên bản 2" in str(stale.value)
    assert report.task_updates.get(task_id=second_row).description == ""
    # Saved again on the version it was shown, the second writer loses nothing either.
    report_save(
        report=report, actor=year.dost_reporter, data=theirs, version=stale.value.report.version
    )
    descriptions = dict(report.task_updates.values_list("task_id", "description"))
    assert (descriptions[first_row], descriptions[second_row]) == (
        "Đã khảo sát hiện trạng.",
        "Đã trình UBND tỉnh.",
    )


# ----------------------------------------------------------------------- workflow


def test_submit_asks_a_status_for_every_task_the_agency_leads(year):
    report = report_of(year, year.health)

    with pytest.raises(ReportInvalid) as refused:
        report_submit(report=report, actor=year.health_reporter)

    leads = lead_rows(report)
    assert len(refused.value.errors) == len(leads) > 50
    assert {e.where for e in refused.value.errors} == {f"tasks.{u.task_id}.status" for u in leads}
    assert report_of(year, year.health).status == AgencyReport.Status.DRAFT


def test_a_double_submit_sends_the_report_once(year):
    report = submitted(year, year.dost, year.dost_reporter)
    sent_at = report.submitted_at

    again = report_submit(report=report, actor=year.dost_reporter)

    assert again.status == AgencyReport.Status.SUBMITTED
    assert (again.version, again.submitted_at) == (3, sent_at)
    assert report.versions.filter(action="submit").count() == 1
    assert audit_actions(report).count("report.submit") == 1
    with pytest.raises(InvalidTransition, match="Không thể sửa báo cáo đang ở trạng thái “Đã gửi”"):
        save(again, year.dost_reporter, ReportInput())


def test_returning_a_report_needs_a_comment_and_lets_the_agency_revise_it(year):
    report = submitted(year, year.dost, year.dost_reporter)

    with pytest.raises(ReportInvalid) as refused:
        report_return(report=report, actor=year.coordinator, comment="   ")
    assert [e.where for e in refused.value.errors] == ["comment"]
    assert report_of(year, year.dost).status == AgencyReport.Status.SUBMITTED

    comment = "Bổ sung văn bản minh chứng cho nhiệm vụ phủ sóng 5G."
    returned = report_return(report=report, actor=year.coordinator, comment=comment)

    assert returned.status == AgencyReport.Status.RETURNED
    assert (returned.review_comment, returned.reviewed_by) == (comment, year.coordinator)
    assert returned.versions.get(action="return").comment == comment
    (notice,) = Notification.objects.filter(user=year.dost_reporter)
    assert comment in notice.message
    task = row(returned, "Phủ sóng 5G tại 100% khu công nghiệp")
    revised = save(
        returned,
        year.dost_reporter,
        ReportInput(tasks={task.task_id: TaskInput(IN_PROGRESS, evidence="Công văn số 88/SKHCN")}),
    )
    assert report_submit(report=revised, actor=year.dost_reporter).status == "submitted"


def test_only_a_submitted_report_can_be_returned_or_approved(year):
    report = report_of(year, year.dost)

    with pytest.raises(InvalidTransition, match="trả lại"):
        report_return(report=report, actor=year.coordinator, comment="Bổ sung số liệu.")
    with pytest.raises(InvalidTransition, match="duyệt"):
        report_approve(report=report, actor=year.coordinator)


def test_an_approved_report_is_final(year):
    report = submitted(year, year.dost, year.dost_reporter)

    approved = report_approve(report=report, actor=year.coordinator)

    assert approved.status == AgencyReport.Status.APPROVED
    assert approved.reviewed_by == year.coordinator
    assert Notification.objects.get(user=year.dost_reporter).message.endswith("đã được duyệt.")
    with pytest.raises(InvalidTransition):
        save(approved, year.dost_reporter, ReportInput())
    with pytest.raises(InvalidTransition):
        report_submit(report=approved, actor=year.dost_reporter)
    with pytest.raises(InvalidTransition):
        report_approve(report=approved, actor=year.coordinator)


def test_every_change_is_in_the_history_and_the_audit_trail(year):
    report = report_of(year, year.dost)
    task = row(report, "Phủ sóng 5G tại 100% khu công nghiệp")
    started = timezone.now()

    report = save(report, year.dost_reporter, everything_in_progress(report))
    report = report_submit(report=report, actor=year.dost_reporter)
    report = report_return(report=report, actor=year.coordinator, comment="Bổ sung minh chứng.")
    report = save(
        report,
        year.dost_reporter,
        ReportInput(
            tasks={
                task.task_id: TaskInput(
                    IN_PROGRESS, "Đang triển khai theo kế hoạch.", "Công văn số 88/SKHCN"
                )
            }
        ),
    )
    report = report_submit(report=report, actor=year.dost_reporter)
    report = report_approve(report=report, actor=year.coordinator)
    report_comment(report=report, actor=year.leader, text="Đề nghị nhân rộng mô hình.")

    versions = list(report.versions.order_by("number").values_list("number", "action", "actor"))
    reporter, coordinator = year.dost_reporter.pk, year.coordinator.pk
    assert versions == [
        (1, "open", coordinator),
        (2, "save", reporter),
        (3, "submit", reporter),
        (4, "return", coordinator),
        (5, "save", reporter),
        (6, "submit", reporter),
        (7, "approve", coordinator),
    ]
    entries = list(
        AuditEntry.objects.filter(target_type="reporting.agencyreport", target_id=report.pk)
        .select_related("actor")
        .order_by("pk")
    )
    assert [(e.action, e.actor) for e in entries] == [
        ("report.save", year.dost_reporter),
        ("report.submit", year.dost_reporter),
        ("report.return", year.coordinator),
        ("report.save", year.dost_reporter),
        ("report.submit", year.dost_reporter),
        ("report.approve", year.coordinator),
        ("report.comment", year.leader),
    ]
    assert all(e.at >= started for e in entries)
    assert entries[2].details == {"version": 4, "comment": "Bổ sung minh chứng."}
    assert entries[3].details["changes"] == [
        {
            "kind": "task",
            "key": str(task.task_id),
            "field": "evidence",
            "label": "Văn bản, minh chứng",
            "old": "",
            "new": "Công văn số 88/SKHCN",
        }
    ]
    (change,) = version_changes(report=report, older=4, newer=5)
    assert (change.key, change.field, change.new) == (
        str(task.task_id),
        "evidence",
        "Công văn số 88/SKHCN",
    )


# ----------------------------------------------------------------------- access


def _refused_calls(year):
    """Every service, called by Sở Y tế's reporter on Sở KH&CN's report and work."""
    report = report_of(year, year.dost)
    update = row(report, "Phủ sóng 5G tại 100% khu công nghiệp")
    evidence = evidence_attach(
        update=update, actor=year.dost_reporter, name="Bien ban nghiem thu.pdf", data=PDF
    )
    request = extension_request(
        task=update.task,
        agency_id=year.dost.pk,
        actor=year.dost_reporter,
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Chờ doanh nghiệp viễn thông hoàn thành đầu tư trạm BTS.",
        proposed_end=dt.date(2031, 6, 30),
    )
    other = year.health_reporter
    data = ReportInput(tasks={update.task_id: TaskInput(IN_PROGRESS, "Sửa hộ báo cáo.")})
    return {
        "report_save": lambda: report_save(report=report, actor=other, data=data, version=1),
        "report_apply": lambda: report_apply(
            report=report,
            actor=other,
            version=1,
            data=data,
            attach=[EvidenceUpload(task_id=update.task_id, name="Quyet dinh.pdf", data=PDF)],
            submit=True,
        ),
        "report_submit": lambda: report_submit(report=report, actor=other),
        "report_return": lambda: report_return(report=report, actor=other, comment="Sửa lại."),
        "report_approve": lambda: report_approve(report=report, actor=other),
        "report_comment": lambda: report_comment(report=report, actor=other, text="Ý kiến."),
        "evidence_attach": lambda: evidence_attach(
            update=update, actor=other, name="Quyet dinh.pdf", data=PDF
        ),
        "evidence_remove": lambda: evidence_remove(evidence=evidence, actor=other),
        "extension_request": lambda: extension_request(
            task=update.task,
            agency_id=year.dost.pk,
            actor=other,
            kind=ExtensionRequest.Kind.EXTEND,
            reason="Gia hạn hộ.",
            proposed_end=dt.date(2031, 12, 31),
        ),
        "extension_decide": lambda: extension_decide(request=request, actor=other, approve=True),
        "period_create": lambda: period_create(
            actor=other,
            name="Kỳ tự mở",
            kind="ad_hoc",
            starts_on=YEAR_START,
            ends_on=YEAR_END,
            due_on=DUE_ON,
            plan_ids=[year.plans.plan_2026.pk],
        ),
        "period_open": lambda: period_open(period=year.period, actor=other),
        "period_close": lambda: period_close(period=year.period, actor=other),
    }


SERVICES = [
    "report_save",
    "report_apply",
    "report_submit",
    "report_return",
    "report_approve",
    "report_comment",
    "evidence_attach",
    "evidence_remove",
    "extension_request",
    "extension_decide",
    "period_create",
    "period_open",
    "period_close",
]


@pytest.mark.parametrize("service", SERVICES)
def test_a_reporter_of_another_agency_is_refused_by_every_service(year, service):
    calls = _refused_calls(year)
    assert sorted(calls) == sorted(SERVICES)
    audit_before = AuditEntry.objects.count()

    with pytest.raises(PermissionDenied):
        calls[service]()

    assert AuditEntry.objects.count() == audit_before
    report = report_of(year, year.dost)
    assert (report.status, report.version) == (AgencyReport.Status.DRAFT, 1)
    assert EvidenceFile.objects.filter(update__report=report).count() == 1
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.PENDING


def test_a_reporter_cannot_review_its_own_report_and_a_leader_cannot_change_it(year):
    report = submitted(year, year.dost, year.dost_reporter)

    with pytest.raises(PermissionDenied):
        report_approve(report=report, actor=year.dost_reporter)
    with pytest.raises(PermissionDenied):
        report_return(report=report, actor=year.leader, comment="Bổ sung.")
    with pytest.raises(PermissionDenied):
        save(report_of(year, year.health), year.leader, ReportInput())
