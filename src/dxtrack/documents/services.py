"""The department's document settings (created with the province's values on first use),
and the production of a document of a period as Word or Excel bytes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from dxtrack.accounts.access import Action, Actor, require
from dxtrack.agencies.models import Agency
from dxtrack.documents import sources
from dxtrack.documents.layouts import appendix, chasing, indicators, report, scorecard
from dxtrack.documents.letterhead import Letterhead
from dxtrack.documents.models import DocumentKind, DocumentSetting, IssuingBody
from dxtrack.plans.models import Plan
from dxtrack.reporting.models import ReportingPeriod

DEFAULT_BODY = {
    "province_line": "UBND TỈNH QUẢNG NGÃI",
    "unit_name": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "unit_title": "Sở Khoa học và Công nghệ",
    "short_name": "SKHCN",
    "head_title": "Giám đốc Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
    "place": "Quảng Ngãi",
    "signer_title": "KT. GIÁM ĐỐC",
    "signer_position": "PHÓ GIÁM ĐỐC",
    "signer_name": "Phan Văn Hiếu",
}

_REPORT_RECIPIENTS = [
    "Bộ Khoa học và Công nghệ",
    "UBND tỉnh (b/cáo)",
    "GĐ, các PGĐ Sở",
    "Các phòng, đơn vị thuộc Sở",
    "Lưu: VT, KH&ĐMST",
]
DEFAULT_SETTINGS: dict[str, tuple[str, list[str]]] = {
    DocumentKind.REPORT: ("BC-SKHCN", _REPORT_RECIPIENTS),
    DocumentKind.APPENDIX: ("BC-SKHCN", _REPORT_RECIPIENTS),
    DocumentKind.INDICATORS: (
        "BC-SKHCN",
        ["UBND tỉnh (b/cáo)", "GĐ, các PGĐ Sở", "Lưu: VT, KH&ĐMST"],
    ),
    DocumentKind.CHASING: (
        "SKHCN-KH&ĐMST",
        ["Như trên", "UBND tỉnh (b/cáo)", "GĐ, các PGĐ Sở", "Lưu: VT, KH&ĐMST"],
    ),
    DocumentKind.SCORECARD: (
        "BC-SKHCN",
        [
            "UBND tỉnh (b/cáo)",
            "Các cơ quan, đơn vị (để biết)",
            "GĐ, các PGĐ Sở",
            "Lưu: VT, KH&ĐMST",
        ],
    ),
}

# Each kind's Word and Excel writers, over the content its source gives.
_WRITERS: dict[str, tuple[Callable[[Any, Letterhead], bytes], Callable[[Any], bytes]]] = {
    DocumentKind.REPORT: (report.report_docx, report.report_xlsx),
    DocumentKind.APPENDIX: (appendix.appendix_docx, appendix.appendix_xlsx),
    DocumentKind.INDICATORS: (indicators.indicators_docx, indicators.indicators_xlsx),
    DocumentKind.CHASING: (chasing.chasing_docx, chasing.chasing_xlsx),
    DocumentKind.SCORECARD: (scorecard.scorecard_docx, scorecard.scorecard_xlsx),
}


@transaction.atomic
def issuing_body_current() -> IssuingBody:
    """The issuing body, with a setting for every kind of document (the missing ones are
    created with the defaults; what the department changed is kept)."""
    body, _created = IssuingBody.objects.get_or_create(key="default", defaults=DEFAULT_BODY)
    have = set(body.settings.values_list("kind", flat=True))
    DocumentSetting.objects.bulk_create(
        [
            DocumentSetting(body=body, kind=kind, symbol=symbol, recipients="\n".join(recipients))
            for kind, (symbol, recipients) in DEFAULT_SETTINGS.items()
            if kind not in have
        ]
    )
    return body


def letterhead_for(*, kind: str) -> Letterhead:
    """The header, symbol, recipients and signer of one kind of document."""
    body = issuing_body_current()
    setting = body.settings.get(kind=kind)
    return Letterhead(
        province_line=body.province_line,
        unit_name=body.unit_name,
        unit_title=body.unit_title,
        place=body.place,
        symbol=setting.symbol,
        signer_title=body.signer_title,
        signer_position=body.signer_position,
        signer_name=body.signer_name,
        recipients=setting.recipient_lines,
        head_title=body.head_title,
    )


# ----------------------------------------------------------------------- producing


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"docx": DOCX, "xlsx": XLSX}

FILE_STEMS: dict[str, str] = {
    DocumentKind.REPORT: "Báo cáo kết quả",
    DocumentKind.APPENDIX: "Phụ lục kết quả nhiệm vụ",
    DocumentKind.INDICATORS: "Kết quả chỉ tiêu",
    DocumentKind.CHASING: "Công văn đôn đốc",
    DocumentKind.SCORECARD: "Xếp hạng đơn vị",
}


class DocumentError(Exception):
    """A document that cannot be produced as asked; the message is in Vietnamese."""


@dataclass(frozen=True)
class ProducedDocument:
    filename: str
    content_type: str
    data: bytes


def _filename(kind: str, period: ReportingPeriod, suffix: str, extra: str = "") -> str:
    stem = f"{FILE_STEMS[kind]} - {period.name}" + (f" - {extra}" if extra else "")
    # What no file system accepts; the rest (Vietnamese letters included) is kept.
    stem = re.sub(r'[\\/:*?"<>|\r\n\t]+', "-", stem).strip(" .-")[:150]
    return f"{stem}.{suffix}"


def document_produce(
    *,
    actor: Actor,
    kind: str,
    period: ReportingPeriod,
    plan: Plan | None = None,
    agency: Agency | None = None,
    fmt: str = "docx",
    as_of: dt.date | None = None,
    reply_by: dt.date | None = None,
) -> ProducedDocument:
    """One document of the period as Word (docx) or Excel (xlsx) bytes.

    plan narrows the report and the indicator table to one plan; agency narrows the
    appendix to one agency's tasks. Raises DocumentError for a plan outside the period,
    PermissionDenied when `actor` may not produce the period's documents.
    """
    require(actor, Action.DOCUMENT_PRODUCE)
    if kind not in DocumentKind.values:
        raise DocumentError(f"Không có loại văn bản “{kind}”.")
    if fmt not in FORMATS:
        raise DocumentError(f"Định dạng “{fmt}” không hỗ trợ; chọn docx hoặc xlsx.")
    if plan is not None and not period.plans.filter(pk=plan.pk).exists():
        raise DocumentError(f"Kế hoạch “{plan}” không thuộc kỳ báo cáo “{period}”.")
    extra = ""
    # Each kind has its own content type, read only by its own writers.
    content: Any
    if kind == DocumentKind.REPORT:
        content = sources.report_content(period=period, plan=plan, as_of=as_of)
        extra = plan.number if plan is not None else ""
    elif kind == DocumentKind.APPENDIX:
        content = sources.appendix_content(period=period, agency=agency, as_of=as_of)
        extra = agency.name if agency is not None else ""
    elif kind == DocumentKind.INDICATORS:
        content = sources.indicators_content(period=period, plan=plan, as_of=as_of)
        extra = plan.number if plan is not None else ""
    elif kind == DocumentKind.CHASING:
        content = sources.chasing_content(period=period, reply_by=reply_by, as_of=as_of)
    else:
        content = sources.scorecard_content(period=period, as_of=as_of)
    word, workbook = _WRITERS[kind]
    data = word(content, letterhead_for(kind=kind)) if fmt == "docx" else workbook(content)
    return ProducedDocument(
        filename=_filename(kind, period, fmt, extra), content_type=FORMATS[fmt], data=data
    )
