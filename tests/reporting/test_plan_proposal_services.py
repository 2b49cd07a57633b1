"""A result table on tasks the catalogue lacks: the agency proposes the plan from the table,
the coordinator confirms it (the plan imported, the rows recorded) or refuses it."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from dxtrack.audit.models import AuditEntry
from dxtrack.ingest.report_services import report_file_read
from dxtrack.ingest.result_plan import PlanReference, reference_read, rows_unmatched
from dxtrack.plans.models import Assignment, Plan
from dxtrack.reporting.errors import ReportingError, ReportInvalid
from dxtrack.reporting.models import (
    AgencyReport,
    Notification,
    PlanProposal,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.plan_proposal_services import (
    plan_proposal_confirm,
    plan_proposal_refuse,
    result_rows_record_and_propose,
)
from ingest.result_table import HEADER, ROWS, bundled_year

pytestmark = pytest.mark.django_db

SEED_004 = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "004_3b23c18a7941d152.txt"


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield bundled_year()
        transaction.set_rollback(True)


@pytest.fixture
def report(year):
    return AgencyReport.objects.get(pk=year.report.pk)


@pytest.fixture
def seed_004():
    if not SEED_004.is_file():
        pytest.skip("../shared/seeds is not beside the project")
    return SEED_004


def _propose(draft, report, actor):
    return result_rows_record_and_propose(
        draft=draft,
        report=report,
        actor=actor,
        propose=rows_unmatched(draft),
        reference=reference_read(draft.title),
        link="/ke-hoach/de-nghi/{id}/",
    )


def test_seed_004_proposes_the_notice_its_53_unmatched_rows_come_from(year, report, seed_004):
    draft = report_file_read(path=seed_004)
    plans_before = Plan.objects.count()

    result = _propose(draft, report, year.reporter)

    proposal = result.proposal
    assert proposal is not None
    assert len(proposal.rows) == 53 == len(rows_unmatched(draft))
    assert proposal.number == "396/TB-VPCP"
    assert proposal.kind == "Thông báo"
    assert proposal.issuer == "Văn phòng Chính phủ"
    assert proposal.title.startswith("Chỉ đạo của Phó Thủ tướng Chính phủ Nguyễn Chí Dũng")
    assert proposal.status == PlanProposal.Status.PENDING
    # Nothing is in the catalogue until the coordinator confirms; the rows waiting for
    # their plan are not reported as skipped.
    assert Plan.objects.count() == plans_before
    waiting = {draft.rows[i].where for i in proposal.rows}
    assert not waiting & {row.where for row, _why in result.recorded.skipped}
    assert Notification.objects.filter(
        user=year.coordinator, url=f"/ke-hoach/de-nghi/{proposal.pk}/"
    ).exists()
    assert AuditEntry.objects.filter(action="plan_proposal.create", target_id=proposal.pk).exists()

    confirmed = plan_proposal_confirm(
        proposal=proposal,
        actor=year.coordinator,
        reference=PlanReference(date=dt.date(2025, 6, 27)),
    )

    plan = confirmed.plan
    assert plan.number == "396/TB-VPCP"
    assert plan.issued_on == dt.date(2025, 6, 27)
    assert plan.issuer == "Văn phòng Chính phủ"
    assert plan.tasks.count() == 53
    assert plan in year.period.plans.all()
    leads = Assignment.objects.filter(task__plan=plan, role=Assignment.Role.LEAD)
    assert set(leads.values_list("agency__name", flat=True)) == {"Sở Khoa học và Công nghệ"}
    first = plan.tasks.get(number="1", section__appendix="Phụ lục I")
    assert first.name.startswith("Hoàn thành triển khai xây dựng, đưa vào khai thác")
    assert first.ends_on == dt.date(2025, 8, 31)
    update = TaskUpdate.objects.get(report=report, task=first)
    assert update.status == TaskStatus.IN_PROGRESS
    assert update.description.startswith("(1) Đã phân bổ kinh phí (QĐ số 240)")
    # Every proposed row is recorded; the three without a status are left to fill in.
    assert len(confirmed.recorded.recorded) == 53
    assert confirmed.recorded.skipped == []
    rows = TaskUpdate.objects.filter(report=report, task__plan=plan)
    assert (rows.count(), rows.exclude(status="").count()) == (53, 50)
    proposal.refresh_from_db()
    assert proposal.status == PlanProposal.Status.CONFIRMED
    assert proposal.plan == plan
    assert AuditEntry.objects.filter(action="plan.import", target_id=plan.pk).exists()
    assert AuditEntry.objects.filter(action="plan_proposal.confirm", target_id=proposal.pk).exists()
    assert Notification.objects.filter(user=year.reporter, message__contains="396/TB-VPCP").exists()


def _small_table(tmp_path):
    path = tmp_path / "bao-cao-quy.txt"
    path.write_text(
        "UBND TỈNH QUẢNG NGÃI\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\n"
        "Số: 12/BC-SKHCN\tQuảng Ngãi, ngày 05 tháng 10 năm 2026\n"
        "BÁO CÁO\n"
        "Kết quả thực hiện Kế hoạch số 45/KH-UBND ngày 12/3/2026 của UBND tỉnh về "
        "chuyển đổi số năm 2026\n"
        "Phụ lục I\n" + "\n".join([HEADER, *ROWS]) + "\n",
        encoding="utf-8",
    )
    return path


def test_a_small_table_proposes_and_records_its_one_new_task(year, report, tmp_path):
    draft = report_file_read(path=_small_table(tmp_path))
    result = _propose(draft, report, year.reporter)
    proposal = result.proposal
    assert [draft.rows[i].number for i in proposal.rows] == ["6"]
    assert (proposal.number, proposal.issued_on) == ("45/KH-UBND", dt.date(2026, 3, 12))
    assert proposal.issuer == "UBND tỉnh"
    version = AgencyReport.objects.get(pk=report.pk).version

    confirmed = plan_proposal_confirm(proposal=proposal, actor=year.coordinator)

    task = confirmed.plan.tasks.get()
    assert task.name == "Tổ chức giải bóng đá giao hữu của công đoàn"
    assert task.ends_on == dt.date(2026, 4, 30)
    update = TaskUpdate.objects.get(report=report, task=task)
    assert update.status == TaskStatus.DONE
    assert update.completed_on == dt.date(2026, 4, 20)
    assert AgencyReport.objects.get(pk=report.pk).version == version + 1


def test_only_a_reporter_proposes_and_only_the_coordinator_confirms(year, report, tmp_path):
    draft = report_file_read(path=_small_table(tmp_path))
    with pytest.raises(PermissionDenied):
        _propose(draft, report, year.coordinator)
    with pytest.raises(PermissionDenied):
        _propose(draft, report, year.health_reporter)
    proposal = _propose(draft, report, year.reporter).proposal

    with pytest.raises(PermissionDenied):
        plan_proposal_confirm(proposal=proposal, actor=year.reporter)


def test_a_plan_already_in_the_catalogue_leaves_nothing_written(year, report, tmp_path):
    draft = report_file_read(path=_small_table(tmp_path))
    proposal = _propose(draft, report, year.reporter).proposal
    existing = Plan.objects.order_by("pk").first()
    plans, updates = Plan.objects.count(), TaskUpdate.objects.count()

    with pytest.raises(ReportInvalid) as refused:
        plan_proposal_confirm(
            proposal=proposal,
            actor=year.coordinator,
            reference=PlanReference(number=existing.number),
        )

    assert "đã có trong danh mục" in refused.value.errors[0].message
    assert (Plan.objects.count(), TaskUpdate.objects.count()) == (plans, updates)
    proposal.refresh_from_db()
    assert proposal.status == PlanProposal.Status.PENDING


def test_a_sent_report_is_returned_before_its_rows_are_recorded(year, report, tmp_path):
    draft = report_file_read(path=_small_table(tmp_path))
    proposal = _propose(draft, report, year.reporter).proposal
    AgencyReport.objects.filter(pk=report.pk).update(status=AgencyReport.Status.SUBMITTED)
    plans = Plan.objects.count()

    with pytest.raises(ReportingError, match="trả lại báo cáo"):
        plan_proposal_confirm(proposal=proposal, actor=year.coordinator)

    assert Plan.objects.count() == plans


def test_a_refused_proposal_creates_nothing_and_tells_the_agency(year, report, tmp_path):
    draft = report_file_read(path=_small_table(tmp_path))
    proposal = _propose(draft, report, year.reporter).proposal
    plans = Plan.objects.count()

    plan_proposal_refuse(proposal=proposal, actor=year.coordinator, comment="Đã có trong 003")

    proposal.refresh_from_db()
    assert proposal.status == PlanProposal.Status.REFUSED
    assert Plan.objects.count() == plans
    assert Notification.objects.filter(
        user=year.reporter, message__contains="Đã có trong 003"
    ).exists()
    with pytest.raises(ReportingError, match="đã được xử lý"):
        plan_proposal_confirm(proposal=proposal, actor=year.coordinator)
