"""A period's document as a signed PDF: printed by LibreOffice (documents.pdf), signed with
the province's key in the signer's block (signing.py, placement.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.utils import timezone

from dxtrack.accounts.access import Actor
from dxtrack.agencies.models import Agency
from dxtrack.documents.pdf import SIGNATURE_MARK, document_pdf_produce
from dxtrack.documents.services import ProducedDocument, issuing_body_current
from dxtrack.exchange.placement import signature_placement
from dxtrack.exchange.signing import KeySource, SigningError, pdf_sign, signer_open
from dxtrack.plans.models import Plan
from dxtrack.reporting.models import ReportingPeriod


def signing_configured() -> bool:
    """Whether the province has given its key (a PKCS#12 file or a token)."""
    return bool(settings.DXTRACK_SIGN_CERT)


def pdf_sign_as_province(
    *,
    pdf: bytes,
    source: KeySource,
    password: str | None,
    tsa_url: str | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The PDF signed with the key, the visible signature in the issuing body's signer
    block. Raises SigningError (Vietnamese)."""
    now = now or timezone.now()
    body = issuing_body_current()
    placement = signature_placement(
        pdf=pdf, signer_name=body.signer_name, position=body.signer_position, mark=SIGNATURE_MARK
    )
    with signer_open(source=source, password=password, now=now) as (signer, about):
        return pdf_sign(
            pdf=pdf,
            signer=signer,
            about=about,
            placement=placement,
            tsa_url=tsa_url or None,
            location=body.place,
            now=now,
        )


def signed_document_produce(
    *,
    actor: Actor,
    kind: str,
    period: ReportingPeriod,
    plan: Plan | None = None,
    agency: Agency | None = None,
    as_of: dt.date | None = None,
    reply_by: dt.date | None = None,
    source: KeySource | None = None,
    password: str | None = None,
) -> ProducedDocument:
    """The document as a PDF signed with `source` (default: the configured key and
    password, DXTRACK_SIGN_CERT / DXTRACK_SIGN_PASSWORD; timestamp from DXTRACK_TSA_URL).
    Raises DocumentError or SigningError."""
    if source is None:
        if not signing_configured():
            raise SigningError("Chưa cấu hình chứng thư số của tỉnh (DXTRACK_SIGN_CERT).")
        source = KeySource.parse(settings.DXTRACK_SIGN_CERT)
        password = settings.DXTRACK_SIGN_PASSWORD
    printed = document_pdf_produce(
        actor=actor,
        kind=kind,
        period=period,
        plan=plan,
        agency=agency,
        as_of=as_of,
        reply_by=reply_by,
    )
    signed = pdf_sign_as_province(
        pdf=printed.data, source=source, password=password, tsa_url=settings.DXTRACK_TSA_URL
    )
    stem = printed.filename.rsplit(".", 1)[0]
    return dataclasses.replace(printed, filename=f"{stem} (ký số).pdf", data=signed)
