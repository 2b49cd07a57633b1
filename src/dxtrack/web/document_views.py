"""Downloads of a period's official documents (Word, Excel, PDF): validate, produce, send."""

from __future__ import annotations

from typing import cast
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.accounts.access import Action, require
from dxtrack.agencies.models import Agency
from dxtrack.documents.models import DocumentKind
from dxtrack.documents.pdf import document_pdf_produce
from dxtrack.documents.services import FORMATS, DocumentError, document_produce
from dxtrack.exchange.signed_documents import signed_document_produce, signing_configured
from dxtrack.exchange.signing import SigningError
from dxtrack.plans.models import Plan
from dxtrack.reporting.models import ReportingPeriod
from dxtrack.vn_text import strip_diacritics

# The PDF printed by LibreOffice, and the same signed with the province's key.
PDF_FORMATS = ("pdf", "signed-pdf")


class DocumentOptionsForm(forms.Form):
    """What narrows a document: one plan of the period, one agency with a report in it,
    the date agencies must answer a chasing letter by."""

    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        label=gettext_lazy("Kế hoạch"),
        empty_label=gettext_lazy("Tất cả kế hoạch của kỳ"),
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label=gettext_lazy("Cơ quan, đơn vị"),
        empty_label=gettext_lazy("Tất cả cơ quan, đơn vị"),
    )
    reply_by = forms.DateField(
        required=False,
        label=gettext_lazy("Hạn trả lời công văn đôn đốc"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, period: ReportingPeriod, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["plan"]).queryset = period.plans.order_by(
            "issued_on", "pk"
        )
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = Agency.objects.filter(
            reports__period=period
        ).order_by("name")


def attachment_disposition(filename: str) -> str:
    """An attachment header that keeps the Vietnamese name (RFC 5987 `filename*`), with a
    plain-letters name for the clients that read only `filename`."""
    ascii_name = strip_diacritics(filename).encode("ascii", "ignore").decode()
    ascii_name = "".join(c if c.isalnum() or c in " .-_()" else "_" for c in ascii_name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _period(period_id: int) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, pk=period_id)


@login_required
def document_list(request: HttpRequest, period_id: int) -> HttpResponse:
    require(request.user, Action.DOCUMENT_PRODUCE)
    period = _period(period_id)
    form = DocumentOptionsForm(period=period)
    return render(
        request,
        "web/document_list.html",
        {
            "period": period,
            "form": form,
            "kinds": DocumentKind.choices,
            "signing_configured": signing_configured(),
        },
    )


@login_required
def document_download(request: HttpRequest, period_id: int, kind: str, fmt: str) -> HttpResponse:
    require(request.user, Action.DOCUMENT_PRODUCE)
    if kind not in DocumentKind.values or (fmt not in FORMATS and fmt not in PDF_FORMATS):
        raise Http404(_("Không có văn bản này."))
    if fmt == "signed-pdf" and not signing_configured():
        raise Http404(_("Chưa cấu hình chứng thư số của tỉnh."))
    period = _period(period_id)
    form = DocumentOptionsForm(request.GET, period=period)
    if not form.is_valid():
        # A plan outside the period or an agency without a report in it.
        raise Http404(_("Kế hoạch hoặc cơ quan, đơn vị không thuộc kỳ báo cáo này."))
    options = {
        "actor": request.user,
        "kind": kind,
        "period": period,
        "plan": form.cleaned_data["plan"],
        "agency": form.cleaned_data["agency"],
        "reply_by": form.cleaned_data["reply_by"],
    }
    if fmt in PDF_FORMATS:
        try:
            if fmt == "signed-pdf":
                produced = signed_document_produce(**options)
            else:
                produced = document_pdf_produce(**options)
        except (DocumentError, SigningError) as error:
            return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    else:
        produced = document_produce(**options, fmt=fmt)
    response = HttpResponse(produced.data, content_type=produced.content_type)
    response["Content-Disposition"] = attachment_disposition(produced.filename)
    response["Cache-Control"] = "private, no-store"
    return response
