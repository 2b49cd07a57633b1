"""A document of a period as PDF: the Word document, printed by LibreOffice.

The PDF is made from the .docx, never drawn again, so it has the Word file's layout (A4,
the decree's header block, landscape appendices) and nothing the Word file does not say.
"""

from __future__ import annotations

import datetime as dt

from dxtrack.accounts.access import Actor
from dxtrack.agencies.models import Agency
from dxtrack.documents.libreoffice import PdfConversionError, docx_bookmark_add, pdf_from_docx
from dxtrack.documents.services import (
    DocumentError,
    ProducedDocument,
    document_produce,
    letterhead_for,
)
from dxtrack.plans.models import Plan
from dxtrack.reporting.models import ReportingPeriod

PDF = "application/pdf"
# The named destination at the signer's name: where a digital signature goes (exchange).
SIGNATURE_MARK = "ChuKySo"


def document_pdf_produce(
    *,
    actor: Actor,
    kind: str,
    period: ReportingPeriod,
    plan: Plan | None = None,
    agency: Agency | None = None,
    as_of: dt.date | None = None,
    reply_by: dt.date | None = None,
) -> ProducedDocument:
    """One document of the period as PDF bytes. Raises DocumentError (a document that
    cannot be produced as asked, or LibreOffice failing), with a Vietnamese message."""
    word = document_produce(
        actor=actor,
        kind=kind,
        period=period,
        plan=plan,
        agency=agency,
        fmt="docx",
        as_of=as_of,
        reply_by=reply_by,
    )
    signer_name = letterhead_for(kind=kind).signer_name
    marked = docx_bookmark_add(data=word.data, text=signer_name, name=SIGNATURE_MARK)
    try:
        data = pdf_from_docx(data=marked)
    except PdfConversionError as error:
        raise DocumentError(str(error)) from error
    filename = word.filename.rsplit(".", 1)[0] + ".pdf"
    return ProducedDocument(filename=filename, content_type=PDF, data=data)
