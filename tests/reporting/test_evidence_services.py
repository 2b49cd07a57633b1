"""Evidence files of a task row: checked by their content, stored, removed."""

from pathlib import Path

import pytest

from dxtrack.reporting.evidence import MAX_EVIDENCE_BYTES, EvidenceRejected
from dxtrack.reporting.evidence_services import evidence_attach, evidence_remove
from dxtrack.reporting.models import (
    EvidenceFile,
)
from reporting.province import (
    PDF,
    audit_actions,
    report_of,
    row,
)

pytestmark = pytest.mark.django_db

# ----------------------------------------------------------------------- evidence


def test_a_real_pdf_is_stored_with_its_checksum(year, settings):
    update = row(report_of(year, year.dost), "Phủ sóng 5G tại 100% khu công nghiệp")

    evidence = evidence_attach(
        update=update, actor=year.dost_reporter, name="../Biên bản nghiệm thu.pdf", data=PDF
    )

    assert evidence.original_name == ".._Biên bản nghiệm thu.pdf"
    assert (evidence.content_type, evidence.size) == ("application/pdf", len(PDF))
    stored = Path(evidence.file.path)
    assert stored.read_bytes() == PDF and stored.is_relative_to(settings.MEDIA_ROOT)
    assert "report.evidence_add" in audit_actions(update.report)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "Quyết định 1827.pdf",
            b"<html><body>Quyet dinh</body></html>",
            "Nội dung tệp “Quyết định 1827.pdf” không phải là PDF như tên tệp cho biết.",
        ),
        (
            "Ảnh chụp hiện trường.pdf",
            b"%PDF-1.7\n" + b"0" * MAX_EVIDENCE_BYTES,
            "Tệp “Ảnh chụp hiện trường.pdf” có dung lượng 10.0 MB, vượt giới hạn 10 MB.",
        ),
        (
            "cai-dat.exe",
            b"MZ\x90\x00",
            "Tệp “cai-dat.exe”: chỉ nhận tệp PDF, Word, Excel hoặc ảnh (PNG, JPEG).",
        ),
    ],
    ids=["fake-pdf", "oversized", "program"],
)
def test_an_evidence_file_of_the_wrong_type_or_size_is_refused(year, settings, name, data, message):
    update = row(report_of(year, year.dost), "Phủ sóng 5G tại 100% khu công nghiệp")

    with pytest.raises(EvidenceRejected) as refused:
        evidence_attach(update=update, actor=year.dost_reporter, name=name, data=data)

    assert str(refused.value) == message
    assert not EvidenceFile.objects.exists()
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_removing_evidence_deletes_the_file_once_committed(
    year, django_capture_on_commit_callbacks
):
    update = row(report_of(year, year.dost), "Phủ sóng 5G tại 100% khu công nghiệp")
    evidence = evidence_attach(update=update, actor=year.dost_reporter, name="BB.pdf", data=PDF)
    stored = Path(evidence.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(evidence=evidence, actor=year.dost_reporter)

    assert not EvidenceFile.objects.exists() and not stored.exists()
    assert audit_actions(update.report)[-1] == "report.evidence_remove"
