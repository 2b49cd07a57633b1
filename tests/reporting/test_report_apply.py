"""report_apply: saving, evidence and sending in one transaction, the same whichever way
the report comes in (the web page, the API, the Excel form, an imported result table)."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from dxtrack.audit.models import AuditEntry
from dxtrack.ingest.report_draft import ReportDraft, ReportRowDraft, RowMatch
from dxtrack.reporting.errors import InvalidTransition, ReportInvalid, StaleVersion
from dxtrack.reporting.evidence_services import evidence_attach
from dxtrack.reporting.excel_form import FIRST_ROW, HEADER_ROW, LEAD_SHEET
from dxtrack.reporting.excel_form_services import form_upload
from dxtrack.reporting.excel_form_writer import form_build
from dxtrack.reporting.models import AgencyReport, EvidenceFile, TaskStatus, TaskUpdate
from dxtrack.reporting.report_input import EvidenceUpload, ReportInput, TaskInput
from dxtrack.reporting.report_services import report_apply, report_save
from dxtrack.reporting.result_services import report_rows_record
from dxtrack.reporting.selectors import report_detail
from factories import TaskFactory
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DESCRIPTION = "Đã tổ chức 3 lớp bồi dưỡng kỹ năng số cho 180 cán bộ."


@pytest.fixture
def sample(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return reporting_sample()


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _audit(report: AgencyReport) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="reporting.agencyreport", target_id=report.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def _training(sample) -> TaskUpdate:
    return TaskUpdate.objects.get(report=sample.report, task=sample.catalogue.training)


# ----------------------------------------------------------------------- all or nothing


def test_save_attach_and_submit_in_one_call_keep_a_version_and_an_audit_row_each(sample):
    cat = sample.catalogue
    kept = evidence_attach(update=_training(sample), actor=sample.reporter, name="cu.pdf", data=PDF)
    data = ReportInput(
        tasks={
            cat.training.pk: TaskInput(status="Đang thực hiện", description=DESCRIPTION),
            cat.old_task.pk: TaskInput(status="Chưa thực hiện"),
        }
    )

    sent = report_apply(
        report=sample.report,
        actor=sample.reporter,
        version=1,
        data=data,
        attach=[EvidenceUpload(task_id=cat.training.pk, name="Kế hoạch.pdf", data=PDF)],
        remove=[kept.pk],
        submit=True,
    )

    assert (sent.status, sent.version) == (AgencyReport.Status.SUBMITTED, 3)
    actions = list(sent.versions.order_by("number").values_list("number", "action"))
    assert actions == [(1, "open"), (2, "save"), (3, "submit")]
    assert _audit(sent) == [
        "report.evidence_add",  # the file attached before, on its own
        "report.save",
        "report.evidence_remove",
        "report.evidence_add",
        "report.submit",
    ]
    (evidence,) = EvidenceFile.objects.all()
    assert evidence.original_name == "Kế hoạch.pdf"
    assert _training(sample).description == DESCRIPTION


def test_a_refused_submit_leaves_no_file_and_nothing_half_written(sample, settings):
    cat = sample.catalogue
    # Only one of the two tasks the agency leads gets a status: sending is refused.
    data = ReportInput(tasks={cat.training.pk: TaskInput(status="Đang thực hiện")})

    with pytest.raises(ReportInvalid) as refused:
        report_apply(
            report=sample.report,
            actor=sample.reporter,
            version=1,
            data=data,
            attach=[EvidenceUpload(task_id=cat.training.pk, name="Kế hoạch.pdf", data=PDF)],
            submit=True,
        )

    assert [e.where for e in refused.value.errors] == [f"tasks.{cat.old_task.pk}.status"]
    report = AgencyReport.objects.get(pk=sample.report.pk)
    assert (report.status, report.version) == (AgencyReport.Status.DRAFT, 1)
    assert _training(sample).status == ""
    assert list(report.versions.values_list("action", flat=True)) == ["open"]
    assert _audit(report) == []
    assert not EvidenceFile.objects.exists()
    assert _stored_files(settings) == []


def test_a_stale_version_stores_no_file(sample, settings):
    cat = sample.catalogue
    report_save(
        report=sample.report,
        actor=sample.colleague,
        data=ReportInput(tasks={cat.training.pk: TaskInput(description="Bản của đồng nghiệp.")}),
        version=1,
    )

    with pytest.raises(StaleVersion):
        report_apply(
            report=sample.report,
            actor=sample.reporter,
            version=1,
            data=ReportInput(tasks={cat.training.pk: TaskInput(description="Bản của tôi.")}),
            attach=[EvidenceUpload(task_id=cat.training.pk, name="Kế hoạch.pdf", data=PDF)],
        )

    assert _training(sample).description == "Bản của đồng nghiệp."
    assert not EvidenceFile.objects.exists()
    assert _stored_files(settings) == []


def test_a_file_refused_for_its_content_undoes_the_save_with_it(sample, settings):
    cat = sample.catalogue
    good = EvidenceUpload(task_id=cat.training.pk, name="Kế hoạch.pdf", data=PDF)
    bad = EvidenceUpload(task_id=cat.training.pk, name="Báo cáo.pdf", data=b"MZ\x90\x00 exe")

    with pytest.raises(ReportInvalid) as refused:
        report_apply(
            report=sample.report,
            actor=sample.reporter,
            version=1,
            data=ReportInput(tasks={cat.training.pk: TaskInput(description=DESCRIPTION)}),
            attach=[good, bad],
        )

    (error,) = refused.value.errors
    assert error.where == f"tasks.{cat.training.pk}.files"
    assert "Báo cáo.pdf" in error.message
    assert _training(sample).description == ""
    assert AgencyReport.objects.get(pk=sample.report.pk).version == 1
    assert not EvidenceFile.objects.exists()
    assert _stored_files(settings) == []  # the good file, stored first, is gone too


def test_files_of_another_report_or_task_are_refused_by_name(sample):
    health_file = evidence_attach(
        update=TaskUpdate.objects.get(report=sample.health_report, task=sample.records),
        actor=sample.health_reporter,
        name="So-y-te.pdf",
        data=PDF,
    )
    # A task of the plan that Sở Khoa học và Công nghệ was not given.
    foreign_task = TaskFactory(plan=sample.catalogue.plan, name="Nhiệm vụ của Sở Nội vụ").pk

    with pytest.raises(ReportInvalid) as refused:
        report_apply(
            report=sample.report,
            actor=sample.reporter,
            version=1,
            attach=[EvidenceUpload(task_id=foreign_task, name="a.pdf", data=PDF)],
            remove=[health_file.pk],
        )

    assert sorted(e.where for e in refused.value.errors) == sorted(
        [f"evidence.{health_file.pk}", f"tasks.{foreign_task}"]
    )
    assert EvidenceFile.objects.get() == health_file


def test_nothing_to_do_makes_no_version(sample):
    report = report_apply(report=sample.report, actor=sample.reporter, version=1)

    assert report.version == 1
    assert _audit(report) == []


def test_a_sent_report_takes_no_file(sample):
    cat = sample.catalogue
    report_apply(
        report=sample.report,
        actor=sample.reporter,
        version=1,
        data=ReportInput(
            tasks={
                cat.training.pk: TaskInput(status="Đang thực hiện"),
                cat.old_task.pk: TaskInput(status="Chưa thực hiện"),
            }
        ),
        submit=True,
    )

    with pytest.raises(InvalidTransition):
        report_apply(
            report=sample.report,
            actor=sample.reporter,
            version=3,
            attach=[EvidenceUpload(task_id=cat.training.pk, name="a.pdf", data=PDF)],
        )
    assert not EvidenceFile.objects.exists()


# ----------------------------------------------------------------------- every way in


def _by_web(client, sample) -> None:
    client.force_login(sample.reporter)
    training = sample.catalogue.training.pk
    response = client.post(
        reverse("report-detail", args=[sample.period.pk, sample.catalogue.dost.pk]),
        {
            "version": "1",
            "action": "save",
            f"task-{training}-status": TaskStatus.IN_PROGRESS,
            f"task-{training}-description": DESCRIPTION,
        },
    )
    assert response.status_code == 302


def _by_api(client, sample) -> None:
    client.force_login(sample.reporter)
    response = client.put(
        f"/api/v1/reports/{sample.period.pk}/{sample.catalogue.dost.pk}",
        data=json.dumps(
            {
                "version": 1,
                "tasks": [
                    {
                        "task_id": sample.catalogue.training.pk,
                        "status": "Đang thực hiện",
                        "description": DESCRIPTION,
                    }
                ],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content


def _by_api_in_one_call(client, sample) -> None:
    client.force_login(sample.reporter)
    payload = {
        "version": 1,
        "tasks": [
            {
                "task_id": sample.catalogue.training.pk,
                "status": "Đang thực hiện",
                "description": DESCRIPTION,
            }
        ],
    }
    response = client.post(
        f"/api/v1/reports/{sample.period.pk}/{sample.catalogue.dost.pk}/apply",
        {"data": json.dumps(payload)},
    )
    assert response.status_code == 200, response.content


def _by_excel(client, sample) -> None:
    detail = report_detail(period_id=sample.period.pk, agency_id=sample.catalogue.dost.pk)
    wb = load_workbook(io.BytesIO(form_build(detail=detail)))
    ws = wb[LEAD_SHEET]
    labels = {cell.value: cell.column for cell in ws[HEADER_ROW]}
    row = next(
        r
        for r in range(FIRST_ROW, ws.max_row + 1)
        if ws.cell(row=r, column=1).value == sample.catalogue.training.pk
    )
    ws.cell(row=row, column=labels["Tình trạng"], value="Đang thực hiện")
    ws.cell(row=row, column=labels["Kết quả thực hiện"], value=DESCRIPTION)
    buffer = io.BytesIO()
    wb.save(buffer)
    form_upload(report=sample.report, actor=sample.reporter, data=buffer.getvalue())


def _by_import(client, sample) -> None:
    training = sample.catalogue.training
    row = ReportRowDraft(
        appendix="Phụ lục I",
        number="1",
        task=training.name,
        status="Đang thực hiện",
        description=DESCRIPTION,
        match=RowMatch(task_id=training.pk, plan="", score=1.0, sure=True),
    )
    draft = ReportDraft(source="ket-qua.docx", rows=[row])
    result = report_rows_record(draft=draft, report=sample.report, actor=sample.reporter)
    assert len(result.recorded) == 1


def _outcome(sample) -> dict:
    report = AgencyReport.objects.get(pk=sample.report.pk)
    audit = AuditEntry.objects.filter(
        target_type="reporting.agencyreport", target_id=report.pk
    ).order_by("pk")
    return {
        "report": (report.status, report.version, report.updated_by_id, report.assessment),
        "versions": [
            (v.number, v.action, v.status, v.actor_id, v.snapshot)
            for v in report.versions.order_by("number", "pk")
        ],
        "audit": [(a.action, a.actor_id, a.details) for a in audit],
        "rows": list(
            TaskUpdate.objects.filter(report=report)
            .order_by("pk")
            .values_list("task_id", "status", "description", "evidence", "completed_on")
        ),
    }


def test_the_web_the_api_the_excel_form_and_the_import_store_the_same_rows(client, sample):
    outcomes = {}
    for name, way in [
        ("web", _by_web),
        ("api", _by_api),
        ("api, one call", _by_api_in_one_call),
        ("excel", _by_excel),
        ("import", _by_import),
    ]:
        with transaction.atomic():
            way(client, sample)
            outcomes[name] = _outcome(sample)
            transaction.set_rollback(True)

    web = outcomes.pop("web")
    assert web["report"][:2] == (AgencyReport.Status.DRAFT, 2)
    assert [v[1] for v in web["versions"]] == ["open", "save"]
    (save,) = web["audit"]
    assert save[0] == "report.save"
    assert {c["field"] for c in save[2]["changes"]} == {"status", "description"}
    assert (sample.catalogue.training.pk, TaskStatus.IN_PROGRESS, DESCRIPTION, "", None) in web[
        "rows"
    ]
    for name, outcome in outcomes.items():
        assert outcome == web, name


def test_the_api_saves_with_evidence_and_sends_in_one_call(client, sample, settings):
    cat = sample.catalogue
    client.force_login(sample.reporter)
    url = f"/api/v1/reports/{sample.period.pk}/{cat.dost.pk}/apply"
    payload = {
        "version": 1,
        "tasks": [
            {"task_id": cat.training.pk, "status": "Đang thực hiện"},
            {"task_id": cat.old_task.pk, "status": "Chưa thực hiện"},
        ],
        "files_for": [cat.training.pk],
        "submit": True,
    }

    response = client.post(
        url,
        {
            "data": json.dumps(payload),
            "files": [SimpleUploadedFile("Quyết định.pdf", PDF, "application/pdf")],
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["version"]) == ("submitted", 3)
    training = next(t for t in body["tasks"] if t["task_id"] == cat.training.pk)
    assert [f["name"] for f in training["files"]] == ["Quyết định.pdf"]
    assert len(_stored_files(settings)) == 1


def test_the_api_refuses_the_whole_call_and_keeps_no_file(client, sample, settings):
    cat = sample.catalogue
    client.force_login(sample.reporter)
    url = f"/api/v1/reports/{sample.period.pk}/{cat.dost.pk}/apply"
    payload = {
        "version": 1,
        "tasks": [{"task_id": cat.training.pk, "status": "Đang thực hiện"}],
        "files_for": [cat.training.pk],
        "submit": True,  # the other led task has no status yet
    }

    response = client.post(
        url,
        {"data": json.dumps(payload), "files": [SimpleUploadedFile("a.pdf", PDF)]},
    )

    assert response.status_code == 400
    assert [e["loc"] for e in response.json()["errors"]] == [f"tasks.{cat.old_task.pk}.status"]
    report = AgencyReport.objects.get(pk=sample.report.pk)
    assert (report.status, report.version) == (AgencyReport.Status.DRAFT, 1)
    assert not EvidenceFile.objects.exists()
    assert _stored_files(settings) == []


def test_the_api_asks_one_task_per_file(client, sample):
    client.force_login(sample.reporter)
    url = f"/api/v1/reports/{sample.period.pk}/{sample.catalogue.dost.pk}/apply"

    response = client.post(
        url,
        {
            "data": json.dumps({"version": 1, "files_for": []}),
            "files": [SimpleUploadedFile("a.pdf", PDF)],
        },
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == "files_for"
    assert AgencyReport.objects.get(pk=sample.report.pk).version == 1


def test_another_agency_cannot_apply_to_the_report(client, sample):
    client.force_login(sample.health_reporter)
    url = f"/api/v1/reports/{sample.period.pk}/{sample.catalogue.dost.pk}/apply"

    response = client.post(url, {"data": json.dumps({"version": 1, "submit": True})})

    assert response.status_code == 403
    assert AgencyReport.objects.get(pk=sample.report.pk).status == AgencyReport.Status.DRAFT
