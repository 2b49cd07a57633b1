"""The signatures of an evidence PDF, read once when it is uploaded and kept, so the report
page shows who signed, when, and whether it is intact without validating at every view."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from dxtrack.exchange.models import EvidenceSignature
from dxtrack.exchange.pdf_signatures import pdf_signatures_read
from dxtrack.reporting.models import EvidenceFile


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
