"""The forms of the plan import pages: upload, a name taught to the directory, confirm."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dxtrack.ingest.uploads import ACCEPTED_SUFFIXES, ImportRefused, upload_check


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp kế hoạch"),
        help_text=_(
            "Tệp Word (.docx, .doc), OpenDocument (.odt), RTF, Excel (.xlsx), PDF (kể cả bản "
            "quét), ảnh quét (.png, .jpg, .tif), văn bản (.txt), Markdown (.md) hoặc trang web "
            "(.html), tối đa 20 MB. Bản quét được nhận dạng chữ (OCR) trong vài phút."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ACCEPTED_SUFFIXES))}),
        error_messages={
            "required": _("Hãy chọn tệp kế hoạch để tải lên."),
            "empty": _("Tệp đã chọn không có nội dung."),
        },
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            upload_check(name=file.name, size=file.size)
        except ImportRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return file


class AliasForm(forms.Form):
    name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    choice = forms.CharField(max_length=40, required=False)
    other = forms.CharField(max_length=255, required=False)


class ConfirmForm(forms.Form):
    base = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
