"""The signatures of an evidence PDF, read once when it is uploaded and kept, so the report
page shows who signed, when, and whether it is intact without validating at every view."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from dxtrack.exchange.models import EvidenceSignature
from dxtrack.exchange.pdf_signatures import pdf_signatures_read
from dxtrack.reporting.models import AgencyReport, EvidenceFile


@transaction.atomic
def evidence_signatures_record(*, evidence: EvidenceFile, data: bytes) -> list[EvidenceSignature]:
    """Read the signatures of an evidence PDF (its bytes as uploaded) and store them,
    replacing what an earlier check stored. Other files have none."""
    EvidenceSignature.objects.filter(evidence=evidence).delete()
    if evidence.content_type != "application/pdf":
        return []
    found = pdf_signatures_read(
        data=data, trust_roots=[Path(p) for p in settings.DXTRACK_TRUST_ROOTS]
    )
    if found.unreadable:
        rows = [EvidenceSignature(evidence=evidence, intact=False, problem=found.unreadable)]
    else:
        rows = [
            EvidenceSignature(
                evidence=evidence,
                position=index,
                signer=item.signer[:255],
                organisation=item.organisation[:255],
                signed_at=item.signed_at,
                timestamped=item.timestamped,
                intact=item.intact,
                trusted=item.trusted,
                problem=item.problem[:500],
            )
            for index, item in enumerate(found.signatures)
        ]
    return EvidenceSignature.objects.bulk_create(rows)


def evidence_ids_of(*, report: AgencyReport) -> set[int]:
    """The ids of a report's evidence files now: taken before a save, so that
    `evidence_signatures_record_added` knows which files the save brought."""
    return set(EvidenceFile.objects.filter(update__report=report).values_list("pk", flat=True))


def evidence_signatures_record_added(
    *, report: AgencyReport, before: set[int]
) -> list[EvidenceSignature]:
    """Record the signatures of the PDFs added to `report` since `before` was taken.

    The reporting workflow (`report_apply`) stores evidence for the web page, the API and
    the Excel form alike but cannot call this app, which sits above it; each edge calls this
    right after a save that succeeded. A file is read back from storage once."""
    added = EvidenceFile.objects.filter(
        update__report=report, content_type="application/pdf"
    ).exclude(pk__in=before)
    recorded: list[EvidenceSignature] = []
    for evidence in added:
        with evidence.file.open("rb") as stream:
            recorded += evidence_signatures_record(evidence=evidence, data=stream.read())
    return recorded
